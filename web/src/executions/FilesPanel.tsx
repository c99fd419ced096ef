import { Code, Paper, Table, Text } from '@mantine/core';
import { IconFiles } from '@tabler/icons-react';
import { ApiError } from '../api/problem';
import { FileLink } from '../documents/FileLink';
import { EmptyState } from '../ui/EmptyState';
import { ProblemAlert } from '../ui/ProblemAlert';
import { TableSkeleton } from '../ui/TableSkeleton';
import { Timestamp } from '../ui/Timestamp';
import { useExecutionFiles } from './queries';

/** FilesPanel lists the documents uploaded to an execution, each with its download link. */
export function FilesPanel({ executionId }: { executionId: string }) {
  const files = useExecutionFiles(executionId);
  if (files.isPending) return <TableSkeleton />;
  if (files.error) {
    if (files.error instanceof ApiError && files.error.status === 404) {
      return <Text size="sm" c="dimmed">This server does not list an execution's documents yet.</Text>;
    }
    return <ProblemAlert error={files.error} title="The documents could not be loaded" />;
  }
  const items = files.data.items ?? [];
  if (!items.length) {
    return (
      <Paper withBorder radius="md">
        <EmptyState icon={<IconFiles size={24} />} title="No documents">
          Documents uploaded to this execution's document steps appear here.
        </EmptyState>
      </Paper>
    );
  }
  return (
    <Paper withBorder radius="md">
      <Table aria-label="Documents">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Document</Table.Th>
            <Table.Th>Step</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Uploaded</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((f) => (
            <Table.Tr key={f.fileId}>
              <Table.Td>
                <FileLink file={f} />
              </Table.Td>
              <Table.Td>
                <Code>{f.stepId}</Code>
                {f.key ? <Text span size="xs" c="dimmed"> · {f.key}</Text> : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{f.contentType}</Text>
              </Table.Td>
              <Table.Td>
                <Timestamp value={f.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
