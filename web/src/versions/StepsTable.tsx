import { Badge, Code, Paper, Table, Text } from '@mantine/core';

interface Step {
  id?: unknown;
  type?: unknown;
  name?: unknown;
}

/** StepsTable lists a definition's steps (id, type, name): the outline before the JSON. */
export function StepsTable({ definition }: { definition: unknown }) {
  const steps = (definition as { steps?: unknown })?.steps;
  if (!Array.isArray(steps) || steps.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No steps.
      </Text>
    );
  }
  return (
    <Paper withBorder radius="md">
      <Table aria-label="Steps" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>#</Table.Th>
            <Table.Th>Step id</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Name</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(steps as Step[]).map((s, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {i + 1}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>{String(s?.id ?? '—')}</Code>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color="gray" radius="sm" tt="none">
                  {String(s?.type ?? '—')}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{String(s?.name ?? '')}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
