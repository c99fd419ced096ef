import { Alert, Anchor, Breadcrumbs, Button, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { IconCircleCheck, IconExternalLink } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiError } from '../api/problem';
import { useAuth } from '../auth/context';
import { asDefinition, stepKind } from '../editor/definition';
import { styleOf } from '../editor/kinds';
import { FileLink } from '../documents/FileLink';
import type { FileRef } from '../executions/api';
import { JsonTree } from '../executions/JsonTree';
import { useExecutionDefinition } from '../executions/queries';
import { PageHeader } from '../ui/PageHeader';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Timestamp } from '../ui/Timestamp';
import { humanStepOf } from './humanStep';
import { useClaim, useCompleteTask, useTask, useUnclaim } from './queries';
import { StepCompletion } from './StepCompletion';
import { assigneeText, TaskStatusBadge } from './TaskBadges';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function documentsOf(output: unknown): FileRef[] {
  const docs = output && typeof output === 'object' ? (output as { documents?: unknown }).documents : undefined;
  return Array.isArray(docs) ? docs.filter((d): d is FileRef => !!d && typeof d === 'object' && typeof (d as FileRef).fileId === 'string') : [];
}

/**
 * TaskPage is one human task: what it is, who it is for and when it is due, claim/unclaim, and
 * the step's own way to complete it (form, confirmation, URL, documents).
 */
export default function TaskPage() {
  const { taskId = '' } = useParams();
  const { me } = useAuth();
  const navigate = useNavigate();
  const admin = me?.role === 'admin';
  const task = useTask(taskId);
  const t = task.data;
  // The runtime step carries the resolved URL; the run's definition carries the form when the
  // task itself does not.
  const exec = useQuery({
    queryKey: ['executions', 'one', t?.workflowExecutionId ?? ''],
    queryFn: () => call(api.GET('/v1/executions/{id}', { params: { path: { id: t!.workflowExecutionId } } })),
    enabled: !!t,
    retry: false,
  });
  const needsDef = !!t && t.form === undefined && t.documents === undefined;
  const version = useExecutionDefinition(t?.workflowExecutionId, needsDef);
  const claim = useClaim();
  const unclaim = useUnclaim();
  const complete = useCompleteTask();

  if (task.error) {
    return (
      <>
        <PageHeader title="Task" />
        <ProblemAlert error={task.error} title={task.error instanceof ApiError && task.error.status === 403 ? 'This task is not yours' : 'The task could not be loaded'} />
      </>
    );
  }
  if (!t) {
    return (
      <Stack aria-busy="true">
        <Skeleton h={28} w={300} />
        <Skeleton h={80} />
        <Skeleton h={300} />
      </Stack>
    );
  }
  const def = asDefinition(version.data?.definition)?.steps.find((s) => s.id === t.stepId) ?? null;
  const runtimeStep = exec.data?.runtime?.steps?.[t.stepId];
  const step = humanStepOf(t.workflowExecutionId, t.stepId, t.type, def as Parameters<typeof humanStepOf>[3], { url: t.url ?? runtimeStep?.url, form: t.form, documents: t.documents, message: t.message, name: t.name });
  const look = styleOf(stepKind(t.type));
  const Icon = look.icon;
  const open = t.status === 'OPEN' || t.status === 'CLAIMED';
  const claimedByOther = t.status === 'CLAIMED' && t.claimedBy !== me?.name;
  const loadingForm = t.type === 'human.form' && step.schema === undefined && (exec.isPending || (needsDef && version.isPending));
  const docs = documentsOf(t.outputData);

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6}>
            <Anchor component={Link} to="/inbox" size="sm">
              Inbox
            </Anchor>
            <Text size="sm" c="dimmed">
              {t.name}
            </Text>
          </Breadcrumbs>
        }
        title={
          <Group gap="sm" component="span">
            <Icon size={24} aria-hidden color={`var(--mantine-color-${look.color}-7)`} />
            <span>{t.name}</span>
          </Group>
        }
        description={`${look.title} step ${t.stepId}${t.attempt > 1 ? `, attempt ${t.attempt}` : ''}`}
        actions={
          <>
            {open && t.status === 'OPEN' && (
              <Button variant="light" loading={claim.isPending} onClick={() => claim.mutate(t.id)}>
                Claim
              </Button>
            )}
            {t.status === 'CLAIMED' && t.claimedBy === me?.name && (
              <Button variant="default" loading={unclaim.isPending} onClick={() => unclaim.mutate(t.id)}>
                Unclaim
              </Button>
            )}
            <Button component={Link} to={`/executions/${t.workflowExecutionId}`} variant="subtle" rightSection={<IconExternalLink size={14} aria-hidden />}>
              Execution
            </Button>
          </>
        }
      />
      <ProblemAlert error={claim.error ?? unclaim.error} title="The claim was refused" />
      <Paper withBorder radius="md" p="md" mb="lg">
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="lg">
          <Fact label="Status">
            <TaskStatusBadge task={t} />
          </Fact>
          <Fact label="Assignee">
            <Text size="sm">{assigneeText(t.assignee)}</Text>
          </Fact>
          <Fact label="Claimed by">
            <Text size="sm">{t.claimedBy ? (t.claimedBy === me?.name ? 'You' : t.claimedBy) : '—'}</Text>
          </Fact>
          <Fact label="Due">
            <Timestamp value={t.dueAt} />
          </Fact>
          <Fact label="Created">
            <Timestamp value={t.createdAt} />
          </Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder radius="md" p="lg" maw={820}>
        <Title order={2} fz="md" mb="md">
          {open ? (t.type === 'human.form' ? 'Fill in the form' : t.type === 'human.doc_upload' ? 'Upload the documents' : t.type === 'human.url_redirect' ? 'Visit the page' : 'Confirm') : 'Outcome'}
        </Title>
        {!open ? (
          <Stack gap="sm">
            <Alert color={t.status === 'COMPLETED' ? 'green' : 'gray'} variant="light" icon={<IconCircleCheck size={18} aria-hidden />}>
              {t.status === 'COMPLETED' ? (
                <>
                  Completed by {t.completedBy ?? 'someone'} <Timestamp value={t.completedAt} />.
                </>
              ) : (
                <>
                  Cancelled <Timestamp value={t.cancelledAt} />.
                </>
              )}
            </Alert>
            {docs.length > 0 && (
              <Stack gap={4}>
                {docs.map((d) => (
                  <FileLink key={d.fileId} file={d} />
                ))}
              </Stack>
            )}
            {t.outputData !== undefined && t.outputData !== null && <JsonTree value={t.outputData} label="Submitted output" />}
          </Stack>
        ) : loadingForm ? (
          <Skeleton h={160} />
        ) : (
          <StepCompletion
            step={step}
            pending={complete.isPending}
            error={complete.error}
            disabledReason={claimedByOther && !admin ? `Claimed by ${t.claimedBy}` : undefined}
            onComplete={(outputData) =>
              complete.mutate(
                { id: t.id, outputData },
                {
                  onSuccess: () => {
                    notifications.show({ color: 'green', title: 'Task completed', message: `${t.name} is done.` });
                    navigate('/inbox');
                  },
                },
              )
            }
          />
        )}
        {open && claimedByOther && (
          <Text size="sm" c="dimmed" mt="sm">
            {t.claimedBy} claimed this task{admin ? '; as an administrator you may still complete it.' : '.'}
          </Text>
        )}
      </Paper>
    </>
  );
}
