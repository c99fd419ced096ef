import { Alert, Badge, Code, Paper, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconInbox, IconInfoCircle } from '@tabler/icons-react';
import { api, call } from '../api/client';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ProblemAlert } from '../ui/ProblemAlert';
import { TableSkeleton } from '../ui/TableSkeleton';
import { Timestamp } from '../ui/Timestamp';

const statusColor: Record<string, string> = { OPEN: 'blue', CLAIMED: 'violet', COMPLETED: 'green', CANCELLED: 'gray' };

/**
 * InboxPage lists the human tasks the key may see (GET /v1/tasks: an agent's own and its
 * groups'; everything for an admin). Claiming and completing arrive with the inbox screen.
 */
export default function InboxPage() {
  const tasks = useQuery({
    queryKey: ['tasks'],
    queryFn: () => call(api.GET('/v1/tasks', { params: { query: { limit: 100 } } })),
    // Always current: a task list seen a minute ago may be wrong already.
    staleTime: 0,
    refetchInterval: 30_000,
  });
  const items = tasks.data?.items ?? [];
  return (
    <>
      <PageHeader title="Inbox" description="Human steps waiting for you or your groups." />
      <Alert variant="light" color="indigo" icon={<IconInfoCircle size={18} aria-hidden />} mb="lg" title="Coming soon">
        Claiming and completing tasks in the app arrives with the inbox screen. Until then, this list shows what is open, and tasks are
        completed over the API (<Code>POST /v1/tasks/&#123;id&#125;/complete</Code>).
      </Alert>
      {tasks.isPending ? (
        <TableSkeleton />
      ) : tasks.error ? (
        <ProblemAlert error={tasks.error} title="Tasks could not be loaded" />
      ) : items.length === 0 ? (
        <Paper withBorder>
          <EmptyState icon={<IconInbox size={24} />} title="Nothing waiting">
            When a workflow reaches a human step assigned to you or your groups, it shows up here.
          </EmptyState>
        </Paper>
      ) : (
        <Paper withBorder radius="md">
          <Table aria-label="Tasks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Task</Table.Th>
                <Table.Th>Assignee</Table.Th>
                <Table.Th w={120}>Status</Table.Th>
                <Table.Th w={140}>Due</Table.Th>
                <Table.Th w={140}>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {t.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {t.type} · {t.stepId}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t.assignee}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={t.slaBreached ? 'red' : statusColor[t.status]} radius="sm">
                      {t.slaBreached ? 'SLA breached' : t.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={t.dueAt} />
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={t.createdAt} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
