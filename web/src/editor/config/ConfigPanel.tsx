import { Alert, List, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import type { WorkflowDefinition } from '../definition';
import type { Selection } from '../selection';
import type { ValidationIssue } from '../validation';
import { FieldIssuesContext } from './issues';
import { pointerOf, updateStep, updateTransition } from './model';
import { StepFields } from './StepFields';
import { TransitionFields } from './TransitionFields';
import { GroupFields, WorkflowFields } from './WorkflowFields';

export interface ConfigPanelProps {
  definition: WorkflowDefinition;
  selection: Selection;
  readOnly: boolean;
  issues: ValidationIssue[];
  /** A JSON Pointer to focus (a problem the user picked): the field that shows it. */
  focusPath?: string;
  onChange: (next: WorkflowDefinition) => void;
}

/**
 * ConfigPanel is the editor's right panel: every field of SPEC §3 for the selected step or
 * transition (or the group, or the workflow when nothing is selected). Each edit calls onChange
 * with a new definition that differs only where the field is; unknown fields are kept. Issues
 * under the selected element show next to their field, and focusPath focuses that field.
 */
export function ConfigPanel({ definition, selection, readOnly, issues, focusPath, onChange }: ConfigPanelProps) {
  const root = useRef<HTMLDivElement>(null);
  const base = selection ? pointerOf(definition, selection.kind, selection.id) : '';
  const mine = base === null ? [] : issues.filter((i) => (base === '' ? !/^\/(steps|stepTransitions|stepGroups)\//.test(i.path) : i.path === base || i.path.startsWith(base + '/')));

  useEffect(() => {
    if (!focusPath || !root.current) return;
    // The field whose path is the longest prefix of focusPath.
    let best: HTMLElement | null = null;
    let len = -1;
    root.current.querySelectorAll<HTMLElement>('[data-path]').forEach((el) => {
      const p = el.dataset.path ?? '';
      if ((focusPath === p || focusPath.startsWith(p + '/')) && p.length > len) {
        best = el;
        len = p.length;
      }
    });
    const el = best as HTMLElement | null;
    const target = el && (el.matches('input, textarea, [contenteditable], button') ? el : el.querySelector<HTMLElement>('input, textarea, [contenteditable], button'));
    target?.focus();
    target?.scrollIntoView?.({ block: 'nearest' });
  }, [focusPath, selection, base]);

  let body: React.ReactNode;
  if (!selection) {
    body = <WorkflowFields definition={definition} onChange={onChange} readOnly={readOnly} />;
  } else if (base === null) {
    body = (
      <Text size="sm" c="dimmed">
        The selected {selection.kind} is no longer in the definition.
      </Text>
    );
  } else if (selection.kind === 'step') {
    const step = definition.steps.find((s) => s.id === selection.id);
    if (step) body = <StepFields key={step.id} step={step} definition={definition} onChange={(s) => onChange(updateStep(definition, step.id, () => s))} readOnly={readOnly} />;
  } else if (selection.kind === 'transition') {
    const t = definition.stepTransitions.find((x) => x.id === selection.id);
    if (t) body = <TransitionFields key={t.id} transition={t} definition={definition} onChange={(x) => onChange(updateTransition(definition, t.id, () => x))} readOnly={readOnly} />;
  } else {
    const g = (definition.stepGroups ?? []).find((x) => x.id === selection.id);
    if (g)
      body = (
        <GroupFields
          key={g.id}
          group={g}
          onChange={(x) => onChange({ ...definition, stepGroups: (definition.stepGroups ?? []).map((y) => (y.id === g.id ? x : y)) })}
          readOnly={readOnly}
        />
      );
  }

  return (
    <FieldIssuesContext.Provider value={{ base: base ?? '', issues: mine }}>
      <ScrollArea.Autosize mah="100%" type="auto" offsetScrollbars>
        <Stack gap="lg" p="sm" ref={root} role="form" aria-label="Configuration">
          {mine.length > 0 && (
            <Alert color={mine.some((i) => i.severity === 'ERROR') ? 'red' : 'yellow'} variant="light" p="xs" title={`${mine.length} ${mine.length === 1 ? 'problem' : 'problems'} here`}>
              <List size="xs" spacing={2}>
                {mine.map((i, n) => (
                  <List.Item key={n}>
                    <Text span size="xs" ff="monospace">
                      {i.code}
                    </Text>{' '}
                    {i.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          {readOnly && (
            <Text size="xs" c="dimmed">
              Read-only: this version is not a draft.
            </Text>
          )}
          {body}
        </Stack>
      </ScrollArea.Autosize>
    </FieldIssuesContext.Provider>
  );
}
