import { Anchor, Badge, Button, Group, Select, Table, Tabs, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useQuery } from '@tanstack/react-query';
import { IconFilterOff, IconInbox } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { useAuth } from '../auth/context';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { useClaim, useTasks, useUnclaim, type Queue, type Task } from './queries';
import { byDue, partition } from './queue';
import { assigneeText, TaskStatusBadge } from './TaskBadges';
import { styleOf } from '../editor/kinds';
import { stepKind } from '../editor/definition';

const statuses = [
  { value: 'OPEN', label: 'Open' },
  { value: 'CLAIMED', label: 'Claimed' },
  { value: 'COMPLETED', label: 'Completed' },
  { value: 'CANCELLED', label: 'Cancelled' },
];

function ClaimButton({ task, me }: { task: Task; me: string | null }) {
  const claim = useClaim();
  const unclaim = useUnclaim();
  if (task.status === 'OPEN') {
    return (
      <Button size="compact-sm" variant="light" loading={claim.isPending} onClick={() => claim.mutate(task.id)} aria-label={`Claim ${task.name}`}>
        Claim
      </Button>
    );
  }
  if (task.status === 'CLAIMED' && task.claimedBy === me) {
    return (
      <Button size="compact-sm" variant="subtle" color="gray" loading={unclaim.isPending} onClick={() => unclaim.mutate(task.id)} aria-label={`Unclaim ${task.name}`}>
        Unclaim
      </Button>
    );
  }
  return null;
}

/**
 * InboxPage is an agent's work list: their tasks, their groups' tasks and the shared queue
 * (unassigned steps any agent may claim), with counts, filters, sorted by due date, an SLA
 * badge on late tasks, and claim/unclaim. Admins also get every task under All.
 */
export default function InboxPage() {
  const { me } = useAuth();
  const admin = me?.role === 'admin';
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const queue = (params.get('queue') as Queue | null) ?? (admin ? 'all' : 'mine');
  const status = params.get('status') ?? undefined;
  const workflowTemplateId = params.get('workflow') ?? undefined;
  const dueBefore = params.get('dueBefore') ?? undefined;
  const tasks = useTasks({ queue, status, workflowTemplateId, dueBefore });
  const templates = useQuery({
    queryKey: ['templates', 'list', 'filter'],
    queryFn: () => call(api.GET('/v1/templates', { params: { query: { limit: 100, order: 'desc' } } })),
    enabled: admin,
  });
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (value) n.set(key, value);
        else n.delete(key);
        return n;
      },
      { replace: true },
    );
  const { items, counts } = partition(tasks.data?.items ?? [], queue, { user: me?.name ?? null, groups: me?.groups ?? null }, tasks.data?.counts, tasks.dataUpdatedAt);
  const rows = [...items].sort(byDue);
  const filtered = !!(status || workflowTemplateId || dueBefore);
  const tab = (value: Queue, label: string, count?: number) => (
    <Tabs.Tab value={value} rightSection={count !== undefined && tasks.data ? <Badge size="sm" variant="light" color={value === queue ? 'indigo' : 'gray'} circle={count < 10}>{count}</Badge> : undefined}>
      {label}
    </Tabs.Tab>
  );

  const content = (
    <>
      <Group gap="sm" mb="md" align="flex-end">
        <Select label="Status" placeholder="Open and claimed" clearable w={180} data={statuses} value={status ?? null} onChange={(v) => set('status', v)} />
        {admin && (
          <Select
            label="Workflow"
            placeholder="Any"
            clearable
            searchable
            w={220}
            data={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={workflowTemplateId ?? null}
            onChange={(v) => set('workflow', v)}
          />
        )}
        <DateInput label="Due before" placeholder="Any date" clearable w={170} valueFormat="YYYY-MM-DD" value={dueBefore ? dueBefore.slice(0, 10) : null} onChange={(v) => set('dueBefore', v ? new Date(`${v}T00:00:00`).toISOString() : null)} />
        {filtered && (
          <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={() => setParams(queue ? { queue } : {}, { replace: true })}>
            Clear filters
          </Button>
        )}
      </Group>
      <ListBody
        query={tasks}
        errorTitle="Tasks could not be loaded"
        empty={
          rows.length === 0 && (
            <EmptyState icon={<IconInbox size={24} />} title={filtered ? 'No task matches' : 'Nothing waiting'}>
              {filtered ? 'Change or clear the filters.' : queue === 'shared' ? 'Unassigned human steps appear here; any agent may claim them.' : 'When a workflow reaches a human step for you or your groups, it shows up here.'}
            </EmptyState>
          )
        }
      >
        <Table aria-label="Tasks" highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task</Table.Th>
              <Table.Th w={170}>Assignee</Table.Th>
              <Table.Th w={210}>Status</Table.Th>
              <Table.Th w={130}>Due</Table.Th>
              <Table.Th w={130}>Created</Table.Th>
              <Table.Th w={100}>
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((t) => {
              const look = styleOf(stepKind(t.type));
              const Icon = look.icon;
              return (
                <Table.Tr key={t.id} onClick={(e) => (e.target as HTMLElement).closest('a,button') || navigate(`/inbox/${t.id}`)} style={{ cursor: 'pointer' }}>
                  <Table.Td>
                    <Group gap="sm" wrap="nowrap">
                      <Icon size={18} aria-hidden color={`var(--mantine-color-${look.color}-7)`} />
                      <div>
                        <Anchor component={Link} to={`/inbox/${t.id}`} size="sm" fw={500}>
                          {t.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {look.title} · {t.workflowExecutionName ?? t.stepId}
                        </Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{assigneeText(t.assignee)}</Text>
                    {t.claimedBy && (
                      <Text size="xs" c="dimmed">
                        claimed by {t.claimedBy === me?.name ? 'you' : t.claimedBy}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <TaskStatusBadge task={t} />
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={t.dueAt} />
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={t.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <ClaimButton task={t} me={me?.name ?? null} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ListBody>
      {tasks.data?.nextCursor && (
        <Text size="xs" c="dimmed" mt="xs">
          The first 50 tasks are shown, earliest due first. Narrow the filters to see others.
        </Text>
      )}
    </>
  );

  return (
    <>
      <PageHeader
        title="Inbox"
        description="Human steps waiting for you, your groups, or anyone (the shared queue). Earliest due first."
        actions={
          counts.breached > 0 ? (
            <Badge color="red" variant="light" size="lg" style={{ textTransform: 'none' }}>
              {counts.breached} past due
            </Badge>
          ) : undefined
        }
      />
      <Tabs value={queue} onChange={(v) => set('queue', v)}>
        <Tabs.List>
          {tab('mine', 'My tasks', counts.mine)}
          {tab('groups', "My groups'", counts.groups)}
          {tab('shared', 'Shared queue', counts.shared)}
          {admin && tab('all', 'All')}
        </Tabs.List>
        {(['mine', 'groups', 'shared', 'all'] as const).map((q) => (
          <Tabs.Panel key={q} value={q} pt="md">
            {q === queue ? content : null}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
