import { Checkbox, Group, Select, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { stepKind, type TransitionDef, type WorkflowDefinition } from '../definition';
import { ExpressionInput } from '../expression/ExpressionInput';
import { inferScope } from '../expression/scope';
import { withKey } from './model';
import { useFieldIssue } from './issues';
import { Section } from './Section';
import { startStatuses } from './StepFields';

interface Props {
  transition: TransitionDef;
  definition: WorkflowDefinition;
  onChange: (t: TransitionDef) => void;
  readOnly: boolean;
}

/**
 * TransitionFields edits one transition: its label, and after an exclusive or inclusive split its
 * condition and default flag (only those may carry conditions, SPEC §4), and the status its
 * target starts in.
 */
export function TransitionFields({ transition: t, definition, onChange, readOnly }: Props) {
  const from = definition.steps.find((s) => s.id === t.fromStepId);
  const to = definition.steps.find((s) => s.id === t.toStepId);
  const fromKind = from ? stepKind(from.type) : null;
  const conditional = fromKind === 'gateway.exclusive_split' || fromKind === 'gateway.inclusive_split';
  const scope = useMemo(() => inferScope(definition, { kind: 'transition', transitionId: t.id }), [definition, t.id]);
  const label = useFieldIssue('/label');
  const cond = useFieldIssue('/condition');
  const isDefault = useFieldIssue('/isDefault');
  const arrival = useFieldIssue('/onArrival');
  const onArrival = t.onArrival as { status?: string; [k: string]: unknown } | undefined;
  return (
    <>
      <Section title="Transition">
        <Text size="sm">
          From <b>{from?.name ?? t.fromStepId}</b> to <b>{to?.name ?? t.toStepId}</b>
        </Text>
        <Text size="xs" c="dimmed">
          id <Text span ff="monospace" size="xs">{t.id}</Text>
        </Text>
        <TextInput label="Label" value={t.label ?? ''} onChange={(e) => onChange(withKey(t, 'label', e.currentTarget.value || undefined))} readOnly={readOnly} {...label} />
      </Section>
      {(conditional || t.condition || t.isDefault) && (
        <Section title="Condition">
          {!conditional && (
            <Text size="xs" c="red.8">
              Only the transitions of an exclusive or inclusive split may have a condition or be the default.
            </Text>
          )}
          <Group>
            <Checkbox
              label="Default path (taken when no condition holds)"
              checked={!!t.isDefault}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                let next = withKey(t, 'isDefault', on ? true : undefined);
                if (on) next = withKey(next, 'condition', undefined);
                onChange(next);
              }}
              disabled={readOnly}
              data-path={isDefault['data-path']}
              error={isDefault.error}
            />
          </Group>
          {!t.isDefault && (
            <ExpressionInput
              label="Condition"
              description="JSONata; true takes this transition. Ctrl+Space completes names."
              value={t.condition?.src ?? ''}
              onChange={(src) => onChange(withKey(t, 'condition', src === '' ? undefined : { ...(t.condition ?? {}), type: t.condition?.type ?? 'jsonata', src }))}
              scope={scope}
              definition={definition}
              readOnly={readOnly}
              error={cond.error}
              path={cond['data-path']}
              condition
            />
          )}
        </Section>
      )}
      <Section title="On arrival">
        <Select
          label="Status the next step starts in"
          description="Wins over the step's own default."
          data={startStatuses(onArrival?.status)}
          value={onArrival?.status ?? null}
          onChange={(v) => {
            const next = withKey(onArrival ?? {}, 'status', v ?? undefined);
            onChange(withKey(t, 'onArrival', Object.keys(next).length ? next : undefined));
          }}
          readOnly={readOnly}
          clearable
          placeholder="Default"
          {...arrival}
        />
      </Section>
    </>
  );
}
