import { Anchor, Button, Group, Paper, Select, Table, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { IconFilterOff, IconSearch, IconPlayerPlay, IconRoute } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { formatDuration } from './duration';
import { useExecutions, type ExecutionFilters } from './queries';
import { StatusBadge } from './StatusBadge';
import { StartExecutionModal } from './StartExecutionModal';

const runtimeStatuses = ['NotStarted', 'InProgress', 'Completed', 'Failed', 'Cancelled'] as const;
const recordStatuses = ['CREATED', 'STARTED', 'FAILED_TO_START', 'COMPLETED'] as const;
const filterKeys = ['workflowTemplateId', 'workflowTemplateVersionId', 'status', 'runtimeStatus', 'parentWorkflowExecutionId', 'rootWorkflowExecutionId', 'q', 'startedAfter', 'startedBefore', 'cursor'] as const;

/** dayStart is the local midnight starting a yyyy-mm-dd day (plus `days`), as RFC 3339. */
function dayStart(day: string, days = 0): string | null {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return null;
  return new Date(y, m - 1, d + days).toISOString();
}

/** dayOf is the local yyyy-mm-dd day of an instant (for the date inputs). */
function dayOf(instant: string | undefined, days = 0): string {
  if (!instant) return '';
  const t = new Date(instant);
  if (Number.isNaN(t.getTime())) return '';
  t.setDate(t.getDate() + days);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
}

/**
 * ExecutionsPage lists executions, newest first, with the filters GET /v1/executions takes
 * (in the URL), a jump to an execution by id, and Start execution.
 */
export default function ExecutionsPage() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const [starting, start] = useDisclosure(params.get('start') === '1');
  const [search, setSearch] = useState(params.get('q') ?? '');
  const filters: ExecutionFilters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)) as ExecutionFilters;
  const list = useExecutions(filters);
  const templates = useQuery({ queryKey: ['templates', 'list', 'filter'], queryFn: () => call(api.GET('/v1/templates', { params: { query: { limit: 100, order: 'desc' } } })) });
  const versions = useQuery({
    queryKey: ['templates', filters.workflowTemplateId, 'versions', 'filter'],
    queryFn: () => call(api.GET('/v1/templates/{id}/versions', { params: { path: { id: filters.workflowTemplateId! }, query: { limit: 100, order: 'desc' } } })),
    enabled: !!filters.workflowTemplateId,
  });
  const set = (key: (typeof filterKeys)[number], value: string | null) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (value) n.set(key, value);
        else n.delete(key);
        if (key !== 'cursor') n.delete('cursor');
        if (key === 'workflowTemplateId') n.delete('workflowTemplateVersionId');
        return n;
      },
      { replace: key !== 'cursor' },
    );
  const rows = list.data?.items ?? [];
  const filtered = filterKeys.some((k) => k !== 'cursor' && params.get(k));
  const treeFilter = params.get('rootWorkflowExecutionId') ? 'root' : params.get('parentWorkflowExecutionId') ? 'parent' : null;

  return (
    <>
      <PageHeader
        title="Executions"
        description="Every run of a workflow, newest first. Open one to follow it step by step."
        actions={
          <Button leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={start.open}>
            Start execution
          </Button>
        }
      />
      <Paper withBorder radius="md" p="sm" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Workflow"
            placeholder="Any"
            clearable
            searchable
            w={220}
            data={(templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={filters.workflowTemplateId ?? null}
            onChange={(v) => set('workflowTemplateId', v)}
          />
          <Select
            label="Version"
            placeholder="Any"
            clearable
            w={140}
            disabled={!filters.workflowTemplateId}
            data={(versions.data?.items ?? []).map((v) => ({ value: v.id, label: v.version }))}
            value={filters.workflowTemplateVersionId ?? null}
            onChange={(v) => set('workflowTemplateVersionId', v)}
          />
          <Select label="Runtime status" placeholder="Any" clearable w={160} data={runtimeStatuses.map((s) => ({ value: s, label: s }))} value={filters.runtimeStatus ?? null} onChange={(v) => set('runtimeStatus', v)} />
          <Select label="Record status" placeholder="Any" clearable w={170} data={recordStatuses.map((s) => ({ value: s, label: s }))} value={filters.status ?? null} onChange={(v) => set('status', v)} />
          <TextInput
            label={treeFilter === 'parent' ? 'Children of' : 'Tree of (root id)'}
            placeholder="Execution id"
            w={220}
            value={params.get('rootWorkflowExecutionId') ?? params.get('parentWorkflowExecutionId') ?? ''}
            onChange={(e) => set(treeFilter === 'parent' ? 'parentWorkflowExecutionId' : 'rootWorkflowExecutionId', e.currentTarget.value.trim() || null)}
          />
          {filtered && (
            <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} aria-hidden />} onClick={() => {
                setSearch('');
                setParams({}, { replace: true });
              }}>
              Clear filters
            </Button>
          )}
          <TextInput
            type="date"
            label="Started from"
            w={150}
            value={dayOf(filters.startedAfter)}
            onChange={(e) => set('startedAfter', e.currentTarget.value ? dayStart(e.currentTarget.value) : null)}
          />
          <TextInput
            type="date"
            label="Started until"
            w={150}
            value={dayOf(filters.startedBefore, -1)}
            onChange={(e) => set('startedBefore', e.currentTarget.value ? dayStart(e.currentTarget.value, 1) : null)}
          />
          <form
            role="search"
            style={{ marginLeft: 'auto' }}
            onSubmit={(e) => {
              e.preventDefault();
              set('q', search.trim() || null);
            }}
          >
            <Group gap={6} align="flex-end">
              <TextInput label="Search" placeholder="Id, name or correlation id" w={240} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
              <Button type="submit" variant="default" aria-label="Search executions">
                <IconSearch size={16} aria-hidden />
              </Button>
            </Group>
          </form>
        </Group>
      </Paper>
      <ListBody
        query={list}
        errorTitle="Executions could not be loaded"
        empty={
          rows.length === 0 && (
            <EmptyState icon={<IconRoute size={24} />} title={filtered ? 'No execution matches' : 'No executions yet'} action={!filtered && <Button variant="light" onClick={start.open}>Start execution</Button>}>
              {filtered ? 'Change or clear the filters.' : 'Start one here, or send an event that a workflow link turns into one.'}
            </EmptyState>
          )
        }
      >
        <Table aria-label="Executions" highlightOnHover verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Execution</Table.Th>
              <Table.Th w={150}>Status</Table.Th>
              <Table.Th w={130}>Started</Table.Th>
              <Table.Th w={110}>Duration</Table.Th>
              <Table.Th w={130}>Last activity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => {
              const end = e.completedAt ?? (e.runtimeStatus === 'Cancelled' ? e.lastActivityAt : null);
              return (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/executions/${e.id}`} size="sm" fw={500}>
                      {e.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {e.id}
                      {e.parentWorkflowExecutionId ? ' · child' : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={e.runtimeStatus || e.status} size="sm" />
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={e.startedAt ?? e.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{e.startedAt && end ? formatDuration(Date.parse(end) - Date.parse(e.startedAt)) : '—'}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={e.lastActivityAt} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ListBody>
      {(params.get('cursor') || list.data?.nextCursor) && (
        <Group justify="flex-end" mt="sm">
          {params.get('cursor') && (
            <Button variant="default" size="xs" onClick={() => navigate(-1)}>
              Previous
            </Button>
          )}
          {list.data?.nextCursor && (
            <Button variant="default" size="xs" onClick={() => set('cursor', list.data!.nextCursor!)}>
              Next page
            </Button>
          )}
        </Group>
      )}
      {starting && <StartExecutionModal opened={starting} onClose={start.close} templateId={filters.workflowTemplateId} />}
    </>
  );
}
