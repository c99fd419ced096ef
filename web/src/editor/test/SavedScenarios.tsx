import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPlayerPlay, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { confirmDelete } from '../../ui/confirmDelete';
import { JsonTextarea } from '../../ui/JsonTextarea';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { Timestamp } from '../../ui/Timestamp';
import { useDeleteScenario, useSaveScenario, useScenarios, type Scenario } from './scenarios';
import type { Expectations } from './script';

interface SavedScenariosProps {
  versionId: string;
  readOnly: boolean;
  /** The script and context on screen, as a scenario's members; null while they are not JSON. */
  current: { context: Record<string, unknown>; script: Record<string, unknown> } | null;
  /** Expectations pre-filled from the last run, when there is one. */
  expected: Expectations | null;
  /** Loads a saved scenario into the form and runs it against the definition on screen. */
  onRun: (s: Scenario) => void;
}

/**
 * SavedScenarios saves the run on screen as a scenario of the version (a name, and expectations
 * pre-filled from the result), and lists the saved ones: run again, delete. Publishing re-runs
 * them all; a failing one refuses the publish.
 */
export function SavedScenarios({ versionId, readOnly, current, expected, onRun }: SavedScenariosProps) {
  const list = useScenarios(versionId);
  const save = useSaveScenario(versionId);
  const remove = useDeleteScenario(versionId);
  const [name, setName] = useState('');
  const [withExpect, setWithExpect] = useState(true);
  const [expectText, setExpectText] = useState<{ from: Expectations | null; text: string }>({ from: null, text: '{}' });
  // The expectations follow each new run until they are edited.
  const text = expectText.from === expected ? expectText.text : JSON.stringify(expected ?? {}, null, 2);

  const submit = () => {
    if (!current) return;
    let expect: unknown;
    try {
      expect = withExpect ? JSON.parse(text) : undefined;
    } catch {
      notifications.show({ color: 'red', message: 'The expectations are not JSON.' });
      return;
    }
    save.mutate(
      { name: name.trim(), context: current.context, script: current.script, ...(expect ? { expect } : {}) },
      { onSuccess: () => notifications.show({ color: 'green', message: `Scenario "${name.trim()}" saved; publishing will re-run it.` }) },
    );
  };

  const items = list.data ?? [];
  return (
    <Stack gap="sm">
      {!readOnly && (
        <Stack gap={6} component="form" onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label="Save as a scenario">
          <Text size="sm" fw={600}>
            Save this run as a scenario
          </Text>
          <TextInput label="Scenario name" placeholder="rejected review goes back to prepare" value={name} onChange={(e) => setName(e.currentTarget.value)} required size="xs" />
          <Checkbox label="With expectations (from the last run)" checked={withExpect} onChange={(e) => setWithExpect(e.currentTarget.checked)} size="xs" />
          {withExpect && (
            <div className="wfb-test-json">
              <JsonTextarea label="Expectations" description="status, ran, notRan, attempts, context…" value={text} onChange={(t) => setExpectText({ from: expected, text: t })} minRows={3} />
            </div>
          )}
          {save.error != null && <ProblemAlert error={save.error} title="The scenario was not saved" />}
          <Button type="submit" size="xs" leftSection={<IconDeviceFloppy size={14} aria-hidden />} disabled={!name.trim() || !current} loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            Save scenario
          </Button>
          <Text size="xs" c="dimmed">
            A saved scenario runs against the version as saved, and again on every publish: a failing one refuses the publish.
          </Text>
        </Stack>
      )}
      <Text size="sm" fw={600}>
        Saved scenarios
      </Text>
      {list.error != null && <ProblemAlert error={list.error} title="The scenarios could not be loaded" />}
      {list.isPending && <Text size="xs" c="dimmed">Loading…</Text>}
      {list.isSuccess && items.length === 0 && (
        <Text size="xs" c="dimmed">
          No saved scenarios yet.
        </Text>
      )}
      <ul className="wfb-test-runs" aria-label="Saved scenarios">
        {items.map((s) => (
          <li key={s.name}>
            <Group justify="space-between" gap={4} wrap="nowrap" py={2}>
              <div style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  {s.name}
                </Text>
                <Text size="xs" c="dimmed">
                  saved <Timestamp value={s.updatedAt} />
                </Text>
              </div>
              <Group gap={2} wrap="nowrap">
                <Tooltip label="Load and run" withArrow>
                  <ActionIcon variant="subtle" aria-label={`Run scenario ${s.name}`} onClick={() => onRun(s)}>
                    <IconPlayerPlay size={15} />
                  </ActionIcon>
                </Tooltip>
                {!readOnly && (
                  <Tooltip label="Delete" withArrow>
                    <ActionIcon variant="subtle" color="red" aria-label={`Delete scenario ${s.name}`} onClick={() => confirmDelete(`scenario "${s.name}"`, 'Publishing will no longer run it.', (cb) => remove.mutate(s.name, cb))}>
                      <IconTrash size={15} />
                    </ActionIcon>
                  </Tooltip>
                )}
              </Group>
            </Group>
          </li>
        ))}
      </ul>
    </Stack>
  );
}
