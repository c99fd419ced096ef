import { Alert, Badge, Button, Code, Divider, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconClockExclamation, IconRefresh } from '@tabler/icons-react';
import type { StepDef } from '../editor/definition';
import { styleOf } from '../editor/kinds';
import { stepKind } from '../editor/definition';
import { FileLink } from '../documents/FileLink';
import { humanStepOf } from '../inbox/humanStep';
import { StepCompletion } from '../inbox/StepCompletion';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Timestamp } from '../ui/Timestamp';
import type { ExecutionNode, FileRef, RunStep } from './api';
import { ChildrenPanel } from './ChildrenPanel';
import { formatDuration, stepSpan } from './duration';
import { JsonTree } from './JsonTree';
import { useCompleteStep, useRetryStep } from './queries';
import { isOpen } from './status';
import { StatusBadge } from './StatusBadge';

interface StepDrawerProps {
  executionId: string;
  step: RunStep | null;
  def: StepDef | null;
  onClose: () => void;
  canRetry: boolean;
  canComplete: boolean;
  treeChildren: ExecutionNode[];
  now: number;
}

/** SlaState says whether an open step is within its due date. */
export function slaState(dueAt: string | undefined, open: boolean, now: number): 'none' | 'ok' | 'breached' {
  if (!dueAt || !open) return 'none';
  return Date.parse(dueAt) < now ? 'breached' : 'ok';
}

function documentsOf(output: unknown): FileRef[] {
  const docs = output && typeof output === 'object' ? (output as { documents?: unknown }).documents : undefined;
  return Array.isArray(docs) ? docs.filter((d): d is FileRef => !!d && typeof d === 'object' && typeof (d as FileRef).fileId === 'string') : [];
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={130} fw={500} c="dimmed" fz="sm">
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

/**
 * StepDrawer shows one step of a run: its status, attempts, times, assignee and due date,
 * output and error, and what the caller may do with it (complete a human step, retry a
 * failed one).
 */
export function StepDrawer({ executionId, step, def, onClose, canRetry, canComplete, treeChildren, now }: StepDrawerProps) {
  const retry = useRetryStep(executionId);
  const complete = useCompleteStep(executionId);
  const kind = def ? stepKind(def.type) : step ? stepKind(step.type) : null;
  const look = styleOf(kind, def?.mode === 'BATCH');
  const name = def?.name || step?.stepId || '';
  const span = step ? stepSpan(step, now) : null;
  const open = !!step && isOpen(step.status);
  const sla = slaState(step?.dueAt, open, now);
  const human = !!step && step.type.startsWith('human.');
  const docs = documentsOf(step?.outputData);
  return (
    <Drawer
      opened={!!step}
      onClose={onClose}
      position="right"
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close the step' }}
      title={
        <Group gap="sm">
          <Title order={2} fz="lg">
            {name}
          </Title>
          {step && <StatusBadge status={step.status} />}
        </Group>
      }
    >
      {step && (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {look.title} · <Code>{step.stepId}</Code>
          </Text>
          {step.error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title={<Code color="red.1">{step.error.code}</Code>}>
              <Stack gap="sm">
                <Text size="sm">{step.error.message}</Text>
                {canRetry && step.status === 'Failed' && (
                  <Group>
                    <Button
                      size="xs"
                      color="red"
                      leftSection={<IconRefresh size={14} />}
                      loading={retry.isPending}
                      onClick={() =>
                        retry.mutate(step.stepId, {
                          onSuccess: () => notifications.show({ color: 'green', title: 'Retrying', message: `${name} runs again.` }),
                        })
                      }
                    >
                      Retry step
                    </Button>
                  </Group>
                )}
                <ProblemAlert error={retry.error} title="The retry was refused" />
              </Stack>
            </Alert>
          )}
          <Table withRowBorders={false} verticalSpacing={4} aria-label="Step details">
            <Table.Tbody>
              <Row label="Attempt">{step.attempt || '—'}</Row>
              <Row label="Started">
                <Timestamp value={step.startedAt} />
              </Row>
              <Row label={step.failedAt && !step.completedAt ? 'Failed' : 'Ended'}>
                <Timestamp value={step.completedAt ?? step.failedAt} />
              </Row>
              <Row label="Duration">{span ? `${formatDuration(span.end - span.start)}${span.open ? ' so far' : ''}` : '—'}</Row>
              {human && <Row label="Assignee">{step.assignee ? <Code>{step.assignee}</Code> : <Text size="sm">Shared queue (unassigned)</Text>}</Row>}
              {human && (
                <Row label="Due">
                  <Group gap="xs">
                    <Timestamp value={step.dueAt} />
                    {sla === 'breached' && (
                      <Badge color="red" variant="filled" size="sm" leftSection={<IconClockExclamation size={12} aria-hidden />}>
                        SLA breached
                      </Badge>
                    )}
                    {sla === 'ok' && (
                      <Badge color="teal" variant="light" size="sm">
                        Within SLA
                      </Badge>
                    )}
                  </Group>
                </Row>
              )}
              {step.completedBy && <Row label="Completed by">{step.completedBy}</Row>}
            </Table.Tbody>
          </Table>

          {human && open && canComplete && (
            <>
              <Divider label="Complete this step" labelPosition="left" />
              <StepCompletion
                step={humanStepOf(executionId, step.stepId, step.type, def as Parameters<typeof humanStepOf>[3], { url: step.url })}
                pending={complete.isPending}
                error={complete.error}
                onComplete={(outputData) =>
                  complete.mutate(
                    { stepId: step.stepId, outputData },
                    { onSuccess: () => notifications.show({ color: 'green', title: 'Step completed', message: `${name} is done.` }) },
                  )
                }
              />
            </>
          )}

          {kind === 'sys.sub_workflow' && (
            <>
              <Divider label={def?.mode === 'BATCH' ? 'Batch of children' : 'Child execution'} labelPosition="left" />
              <ChildrenPanel executionId={executionId} step={step} batch={def?.mode === 'BATCH'} treeChildren={treeChildren} childVersionId={typeof def?.childWorkflowTemplateVersionId === 'string' ? def.childWorkflowTemplateVersionId : undefined} />
            </>
          )}

          {docs.length > 0 && (
            <>
              <Divider label="Documents" labelPosition="left" />
              <Stack gap={4}>
                {docs.map((d) => (
                  <FileLink key={d.fileId} file={d} />
                ))}
              </Stack>
            </>
          )}

          <Divider label="Output" labelPosition="left" />
          <JsonTree value={step.outputData} label="Step output" />
        </Stack>
      )}
    </Drawer>
  );
}
