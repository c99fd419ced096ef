import { Badge, Code, Group, Stack, Text } from '@mantine/core';
import type { FieldChange } from './diff';

const color = { added: '#1e6b2e', removed: 'red.9', changed: '#8f5300' } as const;
const word = { added: '+ added', removed: '− removed', changed: '✎ changed' } as const;

function show(v: unknown): string {
  return v === undefined ? '—' : JSON.stringify(v, null, 1);
}

/** FieldDiffTable lists the fields of one element that differ between two versions, before and after. */
export function FieldDiffTable({ changes }: { changes: FieldChange[] }) {
  if (!changes.length) {
    return (
      <Text size="sm" c="dimmed">
        No field differs (positions on the canvas are not compared).
      </Text>
    );
  }
  return (
    <ul className="wfb-field-diff" aria-label="Fields that differ">
      {changes.map((c) => (
        <li key={c.path}>
          <Stack gap={4}>
            <Group gap="xs">
              <Code>{c.path}</Code>
              <Badge size="xs" variant="filled" color={color[c.change]}>
                {word[c.change]}
              </Badge>
            </Group>
            {c.change !== 'added' && (
              <Text size="xs" component="div">
                <Text span size="xs" fw={600} c="gray.7">
                  Before{' '}
                </Text>
                <Code block className="wfb-field-value">
                  {show(c.before)}
                </Code>
              </Text>
            )}
            {c.change !== 'removed' && (
              <Text size="xs" component="div">
                <Text span size="xs" fw={600} c="gray.7">
                  After{' '}
                </Text>
                <Code block className="wfb-field-value">
                  {show(c.after)}
                </Code>
              </Text>
            )}
          </Stack>
        </li>
      ))}
    </ul>
  );
}
