import { Text, TextInput } from '@mantine/core';
import type { GroupDef, WorkflowDefinition } from '../definition';
import { withKey } from './model';
import { useFieldIssue } from './issues';
import { Section } from './Section';

/** WorkflowFields edits the definition's own fields (shown when nothing is selected). */
export function WorkflowFields({ definition, onChange, readOnly }: { definition: WorkflowDefinition; onChange: (d: WorkflowDefinition) => void; readOnly: boolean }) {
  const name = useFieldIssue('/name');
  const legacy = useFieldIssue('/legacyServiceRequestType');
  return (
    <Section title="Workflow">
      <TextInput label="Workflow name" value={definition.name ?? ''} onChange={(e) => onChange({ ...definition, name: e.currentTarget.value })} readOnly={readOnly} {...name} />
      <TextInput
        label="Legacy service-request type"
        description="Set when this workflow stands for a service-request type (needs step groups)."
        value={typeof definition.legacyServiceRequestType === 'string' ? definition.legacyServiceRequestType : ''}
        onChange={(e) => onChange(withKey(definition, 'legacyServiceRequestType', e.currentTarget.value || undefined))}
        readOnly={readOnly}
        {...legacy}
      />
      <Text size="xs" c="dimmed">
        {definition.steps.length} steps, {definition.stepTransitions.length} transitions. Select a step or a transition on the canvas to configure it.
      </Text>
    </Section>
  );
}

/** GroupFields edits a step group: its name and legacy task group key; its steps are shown. */
export function GroupFields({ group, onChange, readOnly }: { group: GroupDef; onChange: (g: GroupDef) => void; readOnly: boolean }) {
  const name = useFieldIssue('/name');
  const legacy = useFieldIssue('/legacyServiceRequestTaskGroupKey');
  return (
    <Section title="Step group">
      <TextInput label="Group name" value={group.name ?? ''} onChange={(e) => onChange({ ...group, name: e.currentTarget.value })} readOnly={readOnly} {...name} />
      <TextInput
        label="Legacy task group key"
        value={typeof group.legacyServiceRequestTaskGroupKey === 'string' ? group.legacyServiceRequestTaskGroupKey : ''}
        onChange={(e) => onChange(withKey(group, 'legacyServiceRequestTaskGroupKey', e.currentTarget.value || undefined))}
        readOnly={readOnly}
        {...legacy}
      />
      <Text size="xs" c="dimmed">
        Steps: {(group.stepIds ?? []).join(', ') || 'none'} (drop steps into the frame on the canvas).
      </Text>
    </Section>
  );
}
