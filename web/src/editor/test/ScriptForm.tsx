import { ActionIcon, Button, Fieldset, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { JsonTextarea } from '../../ui/JsonTextarea';
import type { HumanScript, TestDraft } from './script';

interface ScriptFormProps {
  draft: TestDraft;
  onChange: (next: TestDraft) => void;
}

/** HumanStepScript lists one human step's scripted attempts, each output as JSON. */
function HumanStepScript({ step, onChange }: { step: HumanScript; onChange: (attempts: string[]) => void }) {
  const set = (i: number, text: string) => onChange(step.attempts.map((a, j) => (j === i ? text : a)));
  return (
    <Fieldset legend={`${step.label} (${step.stepId})`} p="xs" aria-label={`Script of ${step.label}`}>
      <Stack gap={6}>
        {step.attempts.length === 0 && (
          <Text size="xs" c="dimmed">
            Not scripted: the run stops here, waiting.
          </Text>
        )}
        {step.attempts.map((a, i) => (
          <Group key={i} gap={4} align="flex-start" wrap="nowrap">
            <div style={{ flex: 1 }} className="wfb-test-json">
              <JsonTextarea label={`Attempt ${i + 1} output`} value={a} onChange={(v) => set(i, v)} minRows={1} />
            </div>
            <Tooltip label={`Remove attempt ${i + 1}`} withArrow>
              <ActionIcon variant="subtle" color="gray" mt={24} aria-label={`Remove attempt ${i + 1} of ${step.label}`} onClick={() => onChange(step.attempts.filter((_, j) => j !== i))}>
                <IconTrash size={15} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPlus size={12} aria-hidden />}
          style={{ alignSelf: 'flex-start' }}
          aria-label={`Add attempt to ${step.label}`}
          onClick={() => onChange([...step.attempts, step.attempts[step.attempts.length - 1] ?? '{}'])}
        >
          Add attempt
        </Button>
      </Stack>
    </Fieldset>
  );
}

/**
 * ScriptForm edits what a test run starts from and what the outside world answers: the initial
 * context, each human step's outputs per attempt, and data sources, children and clock as JSON.
 */
export function ScriptForm({ draft, onChange }: ScriptFormProps) {
  return (
    <Stack gap="sm">
      <div className="wfb-test-json">
        <JsonTextarea label="Initial context" value={draft.context} onChange={(context) => onChange({ ...draft, context })} minRows={2} />
      </div>
      <Text size="sm" fw={600}>
        Human steps
      </Text>
      {draft.steps.length === 0 && (
        <Text size="xs" c="dimmed">
          This workflow has no human steps.
        </Text>
      )}
      {draft.steps.map((s) => (
        <HumanStepScript key={s.stepId} step={s} onChange={(attempts) => onChange({ ...draft, steps: draft.steps.map((x) => (x.stepId === s.stepId ? { ...x, attempts } : x)) })} />
      ))}
      <div className="wfb-test-json">
        <JsonTextarea
          label="Data sources, children and clock"
          description='The rest of the script: "dataSources", "children", "clock", "seed" (see Testing workflows).'
          value={draft.other}
          onChange={(other) => onChange({ ...draft, other })}
          minRows={2}
        />
      </div>
    </Stack>
  );
}
