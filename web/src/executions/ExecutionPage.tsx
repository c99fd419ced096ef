import { Alert, Anchor, Badge, Breadcrumbs, Button, Code, CopyButton, Group, Loader, Modal, Paper, SimpleGrid, Skeleton, Stack, Table, Tabs, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useInterval } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBan, IconCopy, IconLock, IconSearch } from '@tabler/icons-react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/context';
import { asDefinition, stepKind, type StepDef } from '../editor/definition';
import { styleOf } from '../editor/kinds';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Timestamp } from '../ui/Timestamp';
import type { ExecutionDetail, ExecutionNode, RunStep } from './api';
import { formatDuration, stepSpan } from './duration';
import { FilesPanel } from './FilesPanel';
import { JsonTree } from './JsonTree';
import { useCancelExecution, useExecution, useExecutionDefinition, useExecutionTree } from './queries';
import { isTerminal } from './status';
import { StatusBadge } from './StatusBadge';
import { StepDrawer } from './StepDrawer';
import { Timeline } from './Timeline';
import { DescendantsTree, findNode, flatten } from './DescendantsTree';
import { useLiveExecution } from './useLiveExecution';
import type { StreamState } from './sse';

const RunCanvas = lazy(() => import('./RunCanvas'));

function LiveIndicator({ state, ended }: { state: StreamState; ended: boolean }) {
  if (ended) return null;
  const live = state === 'live';
  const label = live ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Refreshing every 2 s';
  return (
    <Tooltip label={live ? 'Changes appear as they happen.' : 'The live stream is not available: the page polls the server instead.'}>
      <Badge variant="dot" color={live ? 'green' : 'yellow'} size="lg" style={{ textTransform: 'none', fontWeight: 500 }} role="status">
        {label}
      </Badge>
    </Tooltip>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2} style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function ForbiddenExecution({ id }: { id: string }) {
  return (
    <>
      <PageHeader title="403 — Not your execution" />
      <Paper withBorder radius="md">
        <EmptyState icon={<IconLock size={24} />} title="You may not see this execution" action={<Button component={Link} to="/inbox" variant="light">Go to your inbox</Button>}>
          Agents see an execution only when they or one of their groups hold or held a task in it. Ask an administrator if you need <Code>{id}</Code>.
        </EmptyState>
      </Paper>
    </>
  );
}

function CancelModal({ exec, tree, opened, onClose }: { exec: ExecutionDetail; tree: ExecutionNode | null; opened: boolean; onClose: () => void }) {
  const cancel = useCancelExecution(exec.id);
  const self = tree ? findNode(tree, exec.id) : null;
  const descendants = self ? flatten(self).slice(1) : [];
  const running = descendants.filter((d) => !isTerminal(d.runtimeStatus));
  return (
    <Modal opened={opened} onClose={onClose} title={`Cancel “${exec.name}”?`} centered>
      <Stack gap="md">
        <Text size="sm">
          This cancels the execution
          {self
            ? descendants.length === 0
              ? ', which has no child executions'
              : ` and its ${descendants.length} descendant execution${descendants.length === 1 ? '' : 's'} (${running.length} still running)`
            : ' and every execution under it'}
          . Their open human tasks close. It cannot be undone.
        </Text>
        <ProblemAlert error={cancel.error} title="The cancel was refused" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep running
          </Button>
          <Button
            color="red"
            loading={cancel.isPending}
            leftSection={<IconBan size={16} />}
            onClick={() =>
              cancel.mutate(undefined, {
                onSuccess: () => {
                  notifications.show({ color: 'green', title: 'Cancelled', message: `${exec.name} and its descendants are cancelled.` });
                  onClose();
                },
              })
            }
          >
            Cancel execution{descendants.length ? ` and ${descendants.length} more` : ''}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function StepsTable({ order, steps, defs, onSelect, now }: { order: string[]; steps: Record<string, RunStep>; defs: Map<string, StepDef>; onSelect: (id: string) => void; now: number }) {
  return (
    <Table aria-label="Steps" highlightOnHover verticalSpacing="xs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Step</Table.Th>
          <Table.Th w={170}>Status</Table.Th>
          <Table.Th w={80}>Attempt</Table.Th>
          <Table.Th w={130}>Started</Table.Th>
          <Table.Th w={110}>Duration</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {order.map((id) => {
          const st = steps[id];
          if (!st) return null;
          const def = defs.get(id);
          const look = styleOf(stepKind(def?.type ?? st.type), def?.mode === 'BATCH');
          const span = stepSpan(st, now);
          return (
            <Table.Tr key={id} data-step={id}>
              <Table.Td>
                <UnstyledButton onClick={() => onSelect(id)} aria-label={`Open step ${def?.name || id}`}>
                  <Text size="sm" fw={500} c="indigo.8">
                    {def?.name || id}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {look.title} · {id}
                  </Text>
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={st.status} size="sm" />
              </Table.Td>
              <Table.Td>{st.attempt || '—'}</Table.Td>
              <Table.Td>
                <Timestamp value={st.startedAt} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{span ? formatDuration(span.end - span.start) : '—'}</Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/**
 * ExecutionPage is the run visualizer: an execution on its version's graph with live step
 * statuses, a drawer per step with its actions, the context, the timeline, the tree of
 * descendants and the documents. Changes arrive from the event stream (polling while it is down).
 */
export default function ExecutionPage() {
  const { executionId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { me } = useAuth();
  const admin = me?.role === 'admin';
  const stream = useLiveExecution(executionId, true);
  const exec = useExecution(executionId, stream !== 'live');
  const data = exec.data;
  const runtime = data?.runtime ?? null;
  const ended = isTerminal(runtime?.runtimeStatus ?? data?.runtimeStatus);
  const version = useExecutionDefinition(executionId);
  const rootId = data?.rootWorkflowExecutionId ?? data?.id;
  const tree = useExecutionTree(rootId, true, stream !== 'live' && !ended);
  // The tree polls only while the run goes on: read it once more when it ends.
  const refetchTree = tree.refetch;
  useEffect(() => {
    if (ended) void refetchTree();
  }, [ended, refetchTree]);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const tick = useInterval(() => setNow(Date.now()), 1000);
  useEffect(() => {
    if (ended) return;
    tick.start();
    return tick.stop;
  }, [ended, tick]);

  const def = useMemo(() => asDefinition(version.data?.definition), [version.data]);
  const defs = useMemo(() => new Map((def?.steps ?? []).map((s) => [s.id, s])), [def]);
  const steps = (runtime?.steps ?? {}) as Record<string, RunStep>;
  const order = def ? def.steps.map((s) => s.id) : Object.keys(steps);
  const selectedId = search.get('step');
  const selected = selectedId ? (steps[selectedId] ?? null) : null;
  const select = (id: string | null) =>
    setSearch(
      (p) => {
        const n = new URLSearchParams(p);
        if (id) n.set('step', id);
        else n.delete('step');
        return n;
      },
      { replace: true },
    );
  const tab = search.get('tab') ?? 'graph';
  const node = tree.data ? findNode(tree.data, executionId) : null;
  const treeChildren = node?.children ?? [];
  const names = Object.fromEntries(order.map((id) => [id, defs.get(id)?.name || id]));

  if (exec.error instanceof ApiError && exec.error.status === 403) return <ForbiddenExecution id={executionId} />;
  if (exec.error) {
    return (
      <>
        <PageHeader title="Execution" />
        <ProblemAlert error={exec.error} title={exec.error instanceof ApiError && exec.error.status === 404 ? 'No such execution' : 'The execution could not be loaded'} />
      </>
    );
  }
  if (!data) {
    return (
      <Stack aria-busy="true">
        <Skeleton h={28} w={320} />
        <Skeleton h={90} />
        <Skeleton h={420} />
      </Stack>
    );
  }

  const root = rootId && rootId !== data.id && tree.data ? tree.data : null;
  const parent = data.parentWorkflowExecutionId && tree.data ? findNode(tree.data, data.parentWorkflowExecutionId) : null;
  const crumbs = (
    <Breadcrumbs separatorMargin={6}>
      {admin ? (
        <Anchor component={Link} to="/executions" size="sm">
          Executions
        </Anchor>
      ) : (
        <Anchor component={Link} to="/inbox" size="sm">
          Inbox
        </Anchor>
      )}
      {data.rootWorkflowExecutionId && data.rootWorkflowExecutionId !== data.parentWorkflowExecutionId && (
        <Anchor component={Link} to={`/executions/${data.rootWorkflowExecutionId}`} size="sm">
          {root?.name ?? 'Root execution'}
        </Anchor>
      )}
      {data.parentWorkflowExecutionId && (
        <Anchor component={Link} to={`/executions/${data.parentWorkflowExecutionId}`} size="sm">
          {parent?.name ?? 'Parent execution'}
        </Anchor>
      )}
      <Text size="sm" c="dimmed">
        {data.name}
      </Text>
    </Breadcrumbs>
  );
  const startedAt = runtime?.startedAt ?? data.startedAt;
  const status = runtime?.runtimeStatus ?? data.runtimeStatus;
  // A cancel sets no completedAt: the last activity is when it ended.
  const endedAt = runtime?.completedAt ?? data.completedAt ?? (status === 'Cancelled' ? (runtime?.lastActivityAt ?? data.lastActivityAt) : null);

  return (
    <>
      <PageHeader
        above={crumbs}
        title={
          <Group gap="sm" component="span">
            <span>{data.name}</span>
            <StatusBadge status={status} size="lg" />
          </Group>
        }
        description={
          <Group gap={6} component="span">
            <Code>{data.id}</Code>
            <CopyButton value={data.id}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : 'Copy the id'}>
                  <UnstyledButton onClick={copy} aria-label="Copy the execution id">
                    <IconCopy size={14} aria-hidden />
                  </UnstyledButton>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        }
        actions={
          <>
            <LiveIndicator state={stream} ended={ended} />
            {admin && !ended && (
              <Button color="red.9" variant="outline" leftSection={<IconBan size={16} />} onClick={() => setCancelOpen(true)}>
                Cancel
              </Button>
            )}
          </>
        }
      />

      <Paper withBorder radius="md" p="md" mb="lg">
        <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} spacing="lg">
          <Fact label="Version">
            {admin && version.data ? (
              <Anchor component={Link} to={`/workflows/${version.data.workflowTemplateId}/versions/${data.workflowTemplateVersionId}`} size="sm">
                {version.data.version}
              </Anchor>
            ) : version.data ? (
              <Text size="sm">{version.data.version}</Text>
            ) : (
              <Text size="sm" ff="monospace" truncate="end">
                {data.workflowTemplateVersionId}
              </Text>
            )}
          </Fact>
          <Fact label="Record">
            <Text size="sm">{data.status}</Text>
          </Fact>
          <Fact label="Started">
            <Timestamp value={startedAt} />
          </Fact>
          <Fact label={ended ? 'Ended' : 'Last activity'}>
            <Timestamp value={ended ? endedAt : (runtime?.lastActivityAt ?? data.lastActivityAt)} />
          </Fact>
          <Fact label="Duration">
            <Text size="sm">{startedAt ? formatDuration((endedAt ? Date.parse(endedAt) : now) - Date.parse(startedAt)) : '—'}</Text>
          </Fact>
          <Fact label="Correlation id">
            <Text size="sm" ff="monospace" truncate="end">
              {runtime?.correlationId ?? '—'}
            </Text>
          </Fact>
        </SimpleGrid>
        {data.statusReason && (
          <Alert color="red" variant="light" mt="md" title="Failed to start">
            {data.statusReason}
          </Alert>
        )}
      </Paper>

      {!runtime && (
        <Alert color="yellow" variant="light" mb="lg" title="The engine did not answer">
          The runtime view is not available right now; the page tries again.
        </Alert>
      )}

      <Tabs value={tab} onChange={(v) => setSearch((p) => { const n = new URLSearchParams(p); if (!v || v === 'graph') n.delete('tab'); else n.set('tab', v); return n; }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="graph">Graph</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
          <Tabs.Tab value="context">Context</Tabs.Tab>
          <Tabs.Tab value="tree">Descendants{tree.data ? ` (${flatten(node ?? tree.data).length - 1})` : ''}</Tabs.Tab>
          <Tabs.Tab value="documents">Documents</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="graph">
          <Stack gap="md">
            {def && runtime ? (
              <Suspense fallback={<Skeleton h={460} />}>
                <RunCanvas definition={version.data!.definition} steps={steps} ended={ended} selected={selectedId} onSelect={select} />
              </Suspense>
            ) : version.isPending ? (
              <Group gap="xs">
                <Loader size="xs" />
                <Text size="sm" c="dimmed">Loading the graph…</Text>
              </Group>
            ) : null}
            <Paper withBorder radius="md">
              {runtime ? <StepsTable order={order} steps={steps} defs={defs} onSelect={select} now={now} /> : <EmptyState icon={<IconSearch size={24} />} title="No steps to show" />}
            </Paper>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="timeline">
          <Paper withBorder radius="md" p="md">
            <Timeline steps={Object.values(steps)} names={names} now={now} onSelect={select} />
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="context">
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Paper withBorder radius="md" p="md">
              <Text fw={600} size="sm" mb="xs">
                Current context
              </Text>
              <JsonTree value={runtime?.context} label="Current context" />
            </Paper>
            <Paper withBorder radius="md" p="md">
              <Text fw={600} size="sm" mb="xs">
                Initial context
              </Text>
              <JsonTree value={data.context} label="Initial context" />
            </Paper>
          </SimpleGrid>
        </Tabs.Panel>
        <Tabs.Panel value="tree">
          <Paper withBorder radius="md" p="md">
            {tree.error ? <ProblemAlert error={tree.error} /> : tree.data ? <DescendantsTree root={tree.data} current={executionId} /> : <Skeleton h={120} />}
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="documents">
          <FilesPanel executionId={executionId} />
        </Tabs.Panel>
      </Tabs>

      <StepDrawer
        executionId={executionId}
        step={selected}
        def={selectedId ? (defs.get(selectedId) ?? null) : null}
        onClose={() => select(null)}
        canRetry={admin}
        canComplete={admin || me?.role === 'agent'}
        treeChildren={treeChildren}
        now={now}
      />
      {admin && <CancelModal exec={data} tree={node} opened={cancelOpen} onClose={() => setCancelOpen(false)} />}
    </>
  );
}
