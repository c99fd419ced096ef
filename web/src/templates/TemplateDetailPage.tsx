import { Anchor, Breadcrumbs, Button, Group, Menu, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconGitBranch, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ProblemAlert } from '../ui/ProblemAlert';
import { TableSkeleton } from '../ui/TableSkeleton';
import { Timestamp } from '../ui/Timestamp';
import { AddVersionModal } from '../versions/AddVersionModal';
import { PublishIssuesModal } from '../versions/PublishIssuesModal';
import { useLifecycle } from '../versions/useLifecycle';
import { VersionsTable } from '../versions/VersionsTable';
import { DeleteTemplateModal } from './DeleteTemplateModal';
import { EditTemplateModal } from './EditTemplateModal';
import { useTemplate, useTemplateVersions } from './queries';

/** TemplateDetailPage is Workflow Detail: one workflow, its versions and their lifecycle. */
export default function TemplateDetailPage() {
  const { templateId = '' } = useParams();
  const template = useTemplate(templateId);
  const versions = useTemplateVersions(templateId);
  const lifecycle = useLifecycle(templateId);
  const [adding, addModal] = useDisclosure();
  const [editing, editModal] = useDisclosure();
  const [deleting, deleteModal] = useDisclosure();

  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/workflows" size="sm">
        Workflow Management
      </Anchor>
      <Text size="sm" c="dimmed">
        {template.data?.name ?? '…'}
      </Text>
    </Breadcrumbs>
  );

  if (template.isPending) {
    return (
      <Stack>
        {crumbs}
        <Skeleton h={32} w={320} />
        <TableSkeleton rows={3} />
      </Stack>
    );
  }
  if (template.error) {
    return (
      <Stack>
        {crumbs}
        <ProblemAlert error={template.error} title="This workflow could not be loaded" />
      </Stack>
    );
  }
  const t = template.data;
  const list = versions.data ?? [];
  const active = list.find((v) => v.active);
  return (
    <>
      <PageHeader
        above={crumbs}
        title={t.name}
        description={t.description || 'No description.'}
        actions={
          <>
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" rightSection={<IconChevronDown size={14} aria-hidden />}>
                  Workflow
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconPencil size={16} aria-hidden />} onClick={editModal.open}>
                  Edit name and description
                </Menu.Item>
                <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={deleteModal.open}>
                  Delete workflow…
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={addModal.open} disabled={versions.isPending}>
              Add Version
            </Button>
          </>
        }
      />
      <Group gap="xl" mb="lg">
        <Fact label="Active version" value={active ? active.version : 'none'} mono={!!active} />
        <Fact label="Versions" value={String(list.length)} />
        <Fact label="Created" value={<Timestamp value={t.createdAt} />} />
        <Fact label="Updated" value={<Timestamp value={t.updatedAt} />} />
      </Group>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz={17} fw={600}>
          Versions
        </Title>
        {list.length > 1 && (
          <Button component={Link} to={`/workflows/${t.id}/compare`} variant="default" size="xs">
            Compare versions
          </Button>
        )}
      </Group>
      {versions.isPending ? (
        <TableSkeleton rows={3} />
      ) : versions.error ? (
        <ProblemAlert error={versions.error} title="Versions could not be loaded" />
      ) : list.length === 0 ? (
        <Paper withBorder>
          <EmptyState
            icon={<IconGitBranch size={24} />}
            title="No versions yet"
            action={
              <Button variant="light" onClick={addModal.open}>
                Add version 1.0.0
              </Button>
            }
          >
            A version holds the workflow’s definition. It starts as a DRAFT; publish and activate it to run it.
          </EmptyState>
        </Paper>
      ) : (
        <VersionsTable versions={list} lifecycle={lifecycle} />
      )}
      <AddVersionModal templateId={t.id} versions={list} opened={adding} onClose={addModal.close} />
      {editing && <EditTemplateModal template={t} opened={editing} onClose={editModal.close} />}
      <DeleteTemplateModal template={t} versionCount={list.length} opened={deleting} onClose={deleteModal.close} />
      <PublishIssuesModal issues={lifecycle.refused?.issues ?? null} detail={lifecycle.refused?.detail} onClose={lifecycle.clearRefused} />
    </>
  );
}

function Fact({ label, value, mono }: { label: string; value: React.ReactNode; mono?: boolean }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>
        {label}
      </Text>
      <Text size="sm" fw={500} ff={mono ? 'monospace' : undefined} component="div">
        {value}
      </Text>
    </Stack>
  );
}
