import { Badge, Code, Table, Text } from '@mantine/core';
import type { FieldChange } from './diff';

const color = { added: '#1e6b2e', removed: 'red.9', changed: '#8f5300' } as const;
const word = { added: '+ added', removed: '− removed', changed: '✎ changed' } as const;

function show(v: unknown): string {
  return v === undefined ? '—' : JSON.stringify(v, null, 1);
}

/** FieldDiffTable lists the fields of one element that differ between two versions. */
export function FieldDiffTable({ changes }: { changes: FieldChange[] }) {
  if (!changes.length) {
    return (
      <Text size="sm" c="dimmed">
        No field differs (positions on the canvas are not compared).
      </Text>
    );
  }
  return (
      <Table aria-label="Fields that differ" verticalSpacing={4} fz="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            <Table.Th>Change</Table.Th>
            <Table.Th>Before</Table.Th>
            <Table.Th>After</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((c) => (
            <Table.Tr key={c.path}>
              <Table.Td>
                <Code>{c.path}</Code>
              </Table.Td>
              <Table.Td>
                <Badge size="xs" variant="filled" color={color[c.change]}>
                  {word[c.change]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Code block style={{ whiteSpace: 'pre-wrap', maxWidth: 220 }}>{show(c.before)}</Code>
              </Table.Td>
              <Table.Td>
                <Code block style={{ whiteSpace: 'pre-wrap', maxWidth: 220 }}>{show(c.after)}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
  );
}
