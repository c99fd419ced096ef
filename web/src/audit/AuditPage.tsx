import { Badge, Button, Code, Group, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { IconHistory } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import type { AuditEntry, AuditQuery } from '../api/types';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { AuditFilters, emptyFilters, type AuditFilterValues } from './AuditFilters';
import { AuditChange } from './AuditChange';

const keys = Object.keys(emptyFilters) as (keyof AuditFilterValues)[];

/** The local datetime-local value as an RFC 3339 instant, as the API wants. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** AuditPage is the audit log, newest first, filtered from the URL (shareable, back-button safe). */
export default function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as unknown as AuditFilterValues;
  const query: AuditQuery = {
    order: 'desc',
    limit: 50,
    ...(filters.actor ? { actor: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.targetType ? { targetType: filters.targetType } : {}),
    ...(filters.targetId ? { targetId: filters.targetId } : {}),
    ...(toInstant(filters.since) ? { since: toInstant(filters.since) } : {}),
    ...(toInstant(filters.until) ? { until: toInstant(filters.until) } : {}),
  };
  const entries = useInfiniteQuery({
    queryKey: ['audit', query],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => call(api.GET('/v1/audit', { params: { query: { ...query, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const rows = entries.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  // An actor is a user, or a key id when the key names no user: show that key's name.
  const apiKeys = useQuery({
    queryKey: ['api-keys'],
    queryFn: () => call(api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })),
  });
  const keyNames = new Map((apiKeys.data?.items ?? []).map((k) => [k.id, k.name]));
  const filtered = keys.some((k) => filters[k]);
  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it and when. Entries are only ever appended." />
      <AuditFilters
        key={params.toString()}
        value={filters}
        onApply={(v) => setParams(Object.fromEntries(Object.entries(v).filter(([, x]) => x)))}
      />
      <ListBody
        query={entries}
        errorTitle="The audit log could not be loaded"
        empty={
          rows.length === 0 && (
            <EmptyState icon={<IconHistory size={24} />} title={filtered ? 'No entry matches these filters' : 'No entries yet'}>
              {filtered ? 'Widen the time range or clear a filter.' : 'Changes appear here as soon as anyone makes one.'}
            </EmptyState>
          )
        }
      >
        <Table aria-label="Audit entries" verticalSpacing="sm" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>When</Table.Th>
              <Table.Th w={170}>Actor</Table.Th>
              <Table.Th w={230}>Action</Table.Th>
              <Table.Th w={220}>Target</Table.Th>
              <Table.Th>Change</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((e) => (
              <AuditRow key={e.id} entry={e} keyName={keyNames.get(e.actor)} />
            ))}
          </Table.Tbody>
        </Table>
        {entries.hasNextPage && (
          <Group justify="center" p="sm">
            <Button variant="subtle" loading={entries.isFetchingNextPage} onClick={() => entries.fetchNextPage()}>
              Load older entries
            </Button>
          </Group>
        )}
      </ListBody>
    </>
  );
}

function AuditRow({ entry, keyName }: { entry: AuditEntry; keyName?: string }) {
  return (
    <Table.Tr>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Timestamp value={entry.at} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" truncate maw={150} title={keyName ? `the key ${keyName} (${entry.actor})` : entry.actor}>
          {keyName ?? entry.actor}
        </Text>
        <Badge size="xs" variant="light" color="gray">
          {entry.role}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Code>{entry.action}</Code>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{entry.targetType}</Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {entry.targetId}
        </Text>
      </Table.Td>
      <Table.Td>
        <AuditChange before={entry.before} after={entry.after} />
      </Table.Td>
    </Table.Tr>
  );
}
