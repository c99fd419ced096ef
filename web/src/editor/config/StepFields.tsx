import { Badge, Group, Select, Text, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { stepKind, type StepDef, type WorkflowDefinition } from '../definition';
import { inferScope } from '../expression/scope';
import { styleOf } from '../kinds';
import { SchemaBuilder } from '../schema/SchemaBuilder';
import { HumanStepFields } from './HumanStepFields';
import { withKey } from './model';
import { useFieldIssue } from './issues';
import { Section } from './Section';
import { SubWorkflowFields } from './SubWorkflowFields';

interface Props {
  step: StepDef;
  definition: WorkflowDefinition;
  onChange: (s: StepDef) => void;
  readOnly: boolean;
}

/** The starting statuses that have an effect (docs/engine.md, Starting status); a stored other one is kept. */
export function startStatuses(current: string | undefined): string[] {
  const base = ['InProgress', 'ActionRequired', 'Disabled'];
  return current && !base.includes(current) ? [...base, current] : base;
}

/** StepFields edits one step: what every step has, then its kind's own fields. */
export function StepFields({ step, definition, onChange, readOnly }: Props) {
  const kind = stepKind(step.type);
  const style = kind ? styleOf(kind, step.mode === 'BATCH') : null;
  const name = useFieldIssue('/name');
  const schema = useFieldIssue('/outputSchema');
  const legacy = useFieldIssue('/legacyServiceRequestTaskKey');
  const activation = useFieldIssue('/activationPolicy');
  const scope = useMemo(() => inferScope(definition, { kind: 'step', stepId: step.id }), [definition, step.id]);
  const itemScope = useMemo(() => inferScope(definition, { kind: 'step', stepId: step.id, batchItem: true }), [definition, step.id]);
  const projectionScope = useMemo(() => inferScope(definition, { kind: 'step', stepId: step.id, includeSelf: true }), [definition, step.id]);
  const human = kind?.startsWith('human.') ?? false;
  const policy = step.activationPolicy as { defaultStatus?: string; [k: string]: unknown } | undefined;
  const groupId = step.group?.groupId;
  return (
    <>
      <Section title="Step">
        <Group gap="xs">
          <Badge variant="light" color={style?.color ?? 'gray'}>
            {style?.title ?? step.type}
          </Badge>
          <Text size="xs" c="dimmed">
            id <Text span ff="monospace" size="xs">{step.id}</Text>
            {groupId ? ` · group ${groupId}` : ''}
          </Text>
        </Group>
        <TextInput label="Name" value={step.name ?? ''} onChange={(e) => onChange({ ...step, name: e.currentTarget.value })} readOnly={readOnly} {...name} />
        {!kind && (
          <Text size="sm" c="red.8">
            Unknown step type “{step.type}”: only its name can be edited here.
          </Text>
        )}
      </Section>
      {human && <HumanStepFields step={step} onChange={onChange} definition={definition} scope={scope} readOnly={readOnly} />}
      {kind === 'sys.sub_workflow' && (
        <SubWorkflowFields step={step} onChange={onChange} definition={definition} scope={scope} itemScope={itemScope} projectionScope={projectionScope} readOnly={readOnly} />
      )}
      {(human || kind === 'sys.sub_workflow') && (
        <Section title="Output schema">
          <Text size="xs" c="dimmed">
            {kind === 'human.form' ? 'Checks the submitted data; the form is built from it when the step has no form of its own.' : "Checks the step's output data; later steps' completion offers its fields."}
          </Text>
          <div data-path={schema['data-path']}>
            <SchemaBuilder label="Output schema" value={step.outputSchema} onChange={(v) => onChange(withKey(step, 'outputSchema', v))} readOnly={readOnly} error={schema.error} />
          </div>
        </Section>
      )}
      {human && (
        <Section title="Service request">
          <TextInput
            label="Legacy task key"
            description="The service-request task this step stands for (definitions with a legacy request type)."
            value={typeof step.legacyServiceRequestTaskKey === 'string' ? step.legacyServiceRequestTaskKey : ''}
            onChange={(e) => onChange(withKey(step, 'legacyServiceRequestTaskKey', e.currentTarget.value || undefined))}
            readOnly={readOnly}
            {...legacy}
          />
          <Select
            label="Task status before the step starts"
            data={startStatuses(policy?.defaultStatus)}
            value={policy?.defaultStatus ?? null}
            onChange={(v) => {
              const next = withKey(policy ?? {}, 'defaultStatus', v ?? undefined);
              onChange(withKey(step, 'activationPolicy', Object.keys(next).length ? next : undefined));
            }}
            readOnly={readOnly}
            clearable
            placeholder="Default"
            {...activation}
          />
        </Section>
      )}
    </>
  );
}
