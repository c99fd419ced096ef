import { Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { DiffSummary } from './compare/diff';

interface ConflictDialogProps {
  /** What the server's definition changed compared with the one on screen; null: closed. */
  summary: DiffSummary | null;
  onReload: () => void;
  onOverwrite: () => void;
  onKeep: () => void;
}

function line(what: string, s: DiffSummary['steps']): string[] {
  const out: string[] = [];
  if (s.added.length) out.push(`${what} only on the server: ${s.added.join(', ')}`);
  if (s.removed.length) out.push(`${what} only in yours: ${s.removed.join(', ')}`);
  if (s.changed.length) out.push(`${what} that differ: ${s.changed.join(', ')}`);
  return out;
}

/**
 * ConflictDialog appears when a save is refused because someone else saved the draft since it
 * was opened: it lists how the server's version differs from the one on screen, and offers to
 * reload theirs, overwrite with mine, or keep editing (nothing is lost).
 */
export function ConflictDialog({ summary, onReload, onOverwrite, onKeep }: ConflictDialogProps) {
  const lines = summary
    ? [...line('Steps', summary.steps), ...line('Transitions', summary.transitions), ...line('Step groups', summary.groups), ...(summary.other.length ? [`Other fields that differ: ${summary.other.join(', ')}`] : [])]
    : [];
  return (
    <Modal opened={summary !== null} onClose={onKeep} title="Someone else saved this draft" size="lg">
      <Stack gap="md">
        <Text size="sm">Your changes were not saved: the draft changed on the server after you opened it. Compared with what you have on screen:</Text>
        {lines.length ? (
          <List size="sm" spacing={4}>
            {lines.map((l) => (
              <List.Item key={l}>{l}</List.Item>
            ))}
          </List>
        ) : (
          <Text size="sm" c="dimmed">
            Only positions on the canvas differ.
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onKeep}>
            Keep editing
          </Button>
          <Button variant="light" color="red" onClick={onOverwrite}>
            Overwrite with mine
          </Button>
          <Button onClick={onReload}>Reload (discard mine)</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
