import { Anchor, Paper, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { VersionSummary } from '../api/types';
import { Timestamp } from '../ui/Timestamp';
import type { Lifecycle } from './useLifecycle';
import { VersionActionsMenu } from './VersionActionsMenu';
import { VersionStatusBadge } from './VersionStatusBadge';

/** VersionsTable lists a workflow's versions, newest first, with what each allows. */
export function VersionsTable({ versions, lifecycle }: { versions: VersionSummary[]; lifecycle: Lifecycle }) {
  const sorted = [...versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <Paper withBorder radius="md">
      <Table highlightOnHover aria-label="Versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={120}>Version</Table.Th>
            <Table.Th w={240}>Status</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th w={140}>Updated</Table.Th>
            <Table.Th w={160}>Published by</Table.Th>
            <Table.Th w={56}>
              <Text span className="sr-only">
                Actions
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>
                <Anchor component={Link} to={`/workflows/${v.workflowTemplateId}/versions/${v.id}`} ff="monospace" fw={600} size="sm">
                  {v.version}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <VersionStatusBadge status={v.status} active={v.active} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={v.versionNote ? undefined : 'dimmed'} lineClamp={2}>
                  {v.versionNote || '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Timestamp value={v.updatedAt} />
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={v.publishedBy ? undefined : 'dimmed'} truncate>
                  {v.publishedBy ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <VersionActionsMenu version={v} lifecycle={lifecycle} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
