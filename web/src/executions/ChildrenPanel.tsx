import { Anchor, Button, Group, Progress, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/problem';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Timestamp } from '../ui/Timestamp';
import type { BatchCounts, ExecutionNode, RunStep } from './api';
import { useStepChildren } from './queries';
import { StatusBadge } from './StatusBadge';

/** countsOf are a BATCH step's counts: the server's, else counted from the children we know. */
export function countsOf(step: RunStep, known: ExecutionNode[]): BatchCounts {
  if (step.childCounts) return step.childCounts;
  const c: BatchCounts = { done: 0, running: 0, failed: 0, waiting: 0, total: Math.max(step.childWorkflowExecutions?.length ?? 0, known.length) };
  for (const k of known) {
    if (k.runtimeStatus === 'Completed') c.done++;
    else if (k.runtimeStatus === 'Failed') c.failed++;
    else if (k.runtimeStatus === 'InProgress') c.running++;
    else c.waiting++;
  }
  c.waiting = Math.max(0, c.total - c.done - c.failed - c.running);
  return c;
}

export function BatchProgress({ counts }: { counts: BatchCounts }) {
  const pct = (n: number) => (counts.total ? (n / counts.total) * 100 : 0);
  return (
    <Stack gap={6}>
      <Progress.Root size="lg">
        <Tooltip label={`${counts.done} done`}>
          <Progress.Section value={pct(counts.done)} color="green" aria-label={`${counts.done} of ${counts.total} done`} />
        </Tooltip>
        <Tooltip label={`${counts.running} running`}>
          <Progress.Section value={pct(counts.running)} color="blue" striped animated aria-label={`${counts.running} of ${counts.total} running`} />
        </Tooltip>
        <Tooltip label={`${counts.failed} failed`}>
          <Progress.Section value={pct(counts.failed)} color="red" aria-label={`${counts.failed} of ${counts.total} failed`} />
        </Tooltip>
      </Progress.Root>
      <Group gap="md">
        <Text size="sm">
          <b>{counts.done}</b> done
        </Text>
        <Text size="sm">
          <b>{counts.running}</b> running
        </Text>
        <Text size="sm" c={counts.failed ? 'red.8' : undefined}>
          <b>{counts.failed}</b> failed
        </Text>
        <Text size="sm" c="dimmed">
          {counts.waiting} waiting · {counts.total} in all
        </Text>
      </Group>
    </Stack>
  );
}

interface ChildrenPanelProps {
  executionId: string;
  step: RunStep;
  batch: boolean;
  /** The execution's children from its tree (admins), the fallback when the paged route is absent. */
  treeChildren: ExecutionNode[];
  /** The step's child version: picks its children out of the tree when the step lists none yet. */
  childVersionId?: string;
}

/**
 * ChildrenPanel shows a sub-workflow step's children: the one child (SINGLE) or the BATCH's
 * progress and a paged list of its children, read while the batch runs.
 */
export function ChildrenPanel({ executionId, step, batch, treeChildren, childVersionId }: ChildrenPanelProps) {
  const [cursors, setCursors] = useState<string[]>(['']);
  const cursor = cursors[cursors.length - 1]!;
  const paged = useStepChildren(executionId, step.stepId, cursor, step.status !== 'NotStarted');
  const ids = new Set((step.childWorkflowExecutions ?? []).map((c) => c.id));
  // A runtime view may list a BATCH's children only once it ends: until then they are the
  // execution's children that run the step's child version.
  const known = ids.size ? treeChildren.filter((c) => ids.has(c.id)) : treeChildren.filter((c) => c.workflowTemplateVersionId === childVersionId);
  // The paged route arrives with issue 13's API; until then the tree's children stand in.
  const fallback = paged.error instanceof ApiError && (paged.error.status === 404 || paged.error.status === 405);
  const rows = fallback || !paged.data ? known : (paged.data.items ?? []);
  const counts = countsOf(step, known);

  if (step.status === 'NotStarted') return <Text size="sm" c="dimmed">No child yet: the step has not started.</Text>;
  if (!batch && rows.length <= 1) {
    const child = rows[0] ?? (step.childWorkflowExecutions?.[0] ? { id: step.childWorkflowExecutions[0].id, name: 'Child execution', runtimeStatus: '' } : null);
    if (!child) return <Text size="sm" c="dimmed">The child has not been created yet.</Text>;
    return (
      <Group gap="sm">
        <Anchor component={Link} to={`/executions/${child.id}`} size="sm">
          {child.name}
        </Anchor>
        {child.runtimeStatus && <StatusBadge status={child.runtimeStatus} size="sm" />}
      </Group>
    );
  }
  return (
    <Stack gap="sm">
      <BatchProgress counts={counts} />
      {paged.error && !fallback ? <ProblemAlert error={paged.error} title="The children could not be loaded" /> : null}
      <Table aria-label="Child executions" striped={false} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Child</Table.Th>
            <Table.Th w={140}>Status</Table.Th>
            <Table.Th w={120}>Last activity</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/executions/${c.id}`} size="sm">
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.runtimeStatus} size="sm" />
              </Table.Td>
              <Table.Td>
                <Timestamp value={c.lastActivityAt ?? c.createdAt} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {!fallback && (cursors.length > 1 || paged.data?.nextCursor) && (
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            Previous
          </Button>
          <Button size="xs" variant="default" disabled={!paged.data?.nextCursor} onClick={() => paged.data?.nextCursor && setCursors((c) => [...c, paged.data!.nextCursor!])}>
            Next
          </Button>
        </Group>
      )}
    </Stack>
  );
}
