// PLACEHOLDER: the Configuration Panel is built on branch ed-config; its ConfigPanel.tsx
// replaces this file at merge. Only the props contract below is shared.
import { Stack, Text, TextInput, Title } from '@mantine/core';
import type { WorkflowDefinition } from '../definition';
import type { Selection } from '../selection';
import type { ValidationIssue } from '../validation';

export interface ConfigPanelProps {
  definition: WorkflowDefinition;
  selection: Selection;
  readOnly: boolean;
  issues: ValidationIssue[];
  /** JSON Pointer of an issue the user picked; the panel scrolls to and focuses that field. */
  focusPath?: string;
  /** A whole-definition update; the editor records it for undo. */
  onChange: (next: WorkflowDefinition) => void;
}

/** ConfigPanel (placeholder) shows the selected element's id and edits its name. */
export function ConfigPanel({ definition, selection, readOnly, onChange }: ConfigPanelProps): React.JSX.Element {
  if (!selection) {
    return (
      <Text size="sm" c="dimmed">
        Select a step or a transition to configure it.
      </Text>
    );
  }
  const list = selection.kind === 'step' ? definition.steps : selection.kind === 'transition' ? definition.stepTransitions : (definition.stepGroups ?? []);
  const index = list.findIndex((e) => e.id === selection.id);
  const element = list[index] as { id: string; name?: string; label?: string } | undefined;
  if (!element) return <Text size="sm">Nothing selected.</Text>;
  const field = selection.kind === 'transition' ? 'label' : 'name';
  const update = (value: string) => {
    const key = selection.kind === 'step' ? 'steps' : selection.kind === 'transition' ? 'stepTransitions' : 'stepGroups';
    const next = [...list];
    next[index] = { ...list[index]!, [field]: value } as never;
    onChange({ ...definition, [key]: next });
  };
  return (
    <Stack gap="sm">
      <Title order={3} fz={15}>
        {selection.kind === 'step' ? 'Step' : selection.kind === 'transition' ? 'Transition' : 'Step group'}
      </Title>
      <Text size="xs" c="dimmed" ff="monospace">
        {element.id}
      </Text>
      <TextInput label={field === 'name' ? 'Name' : 'Label'} value={element[field] ?? ''} readOnly={readOnly} onChange={(e) => update(e.currentTarget.value)} />
    </Stack>
  );
}
