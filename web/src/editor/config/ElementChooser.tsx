import { Select } from '@mantine/core';
import type { WorkflowDefinition } from '../definition';
import type { Selection } from '../selection';

export interface ElementChooserProps {
  definition: WorkflowDefinition;
  selection: Selection;
  onSelect: (next: Selection) => void;
}

/**
 * ElementChooser picks the element the Configuration Panel shows from a searchable list: the
 * keyboard's way to every step, transition and group without reaching into the canvas.
 */
export function ElementChooser({ definition, selection, onSelect }: ElementChooserProps) {
  const data = [
    { value: '', label: 'Workflow settings' },
    ...definition.steps.map((s) => ({ value: `step:${s.id}`, label: `Step: ${s.name || s.id}` })),
    ...definition.stepTransitions.map((t) => ({ value: `transition:${t.id}`, label: `Transition: ${t.fromStepId} → ${t.toStepId}${t.label ? ` (${t.label})` : ''}` })),
    ...(definition.stepGroups ?? []).map((g) => ({ value: `group:${g.id}`, label: `Group: ${g.name || g.id}` })),
  ];
  return (
    <Select
      aria-label="Element to configure"
      size="xs"
      mb="xs"
      data={data}
      value={selection ? `${selection.kind}:${selection.id}` : ''}
      onChange={(v) => {
        const [kind, ...rest] = (v ?? '').split(':');
        const id = rest.join(':');
        onSelect(kind === 'step' || kind === 'transition' || kind === 'group' ? { kind, id } : null);
      }}
      allowDeselect={false}
      searchable
    />
  );
}
