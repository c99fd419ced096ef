import './editor.css';
import { Alert, Anchor, Breadcrumbs, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTemplate, useTemplateVersions } from '../templates/queries';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useCreateVersion, useVersion } from '../versions/queries';
import { nextVersion } from '../versions/semver';
import { VersionStatusBadge } from '../versions/VersionStatusBadge';
import { asDefinition } from './definition';
import { EditorWorkspace } from './EditorWorkspace';
import { prepareDefinition } from './layout';

/**
 * EditorPage opens a version in the workflow editor (/workflows/:templateId/versions/:versionId/edit):
 * a DRAFT to edit, a PUBLISHED or DEPRECATED one read-only with "New version from this".
 */
export default function EditorPage() {
  const { templateId = '', versionId = '' } = useParams();
  const template = useTemplate(templateId);
  const read = useVersion(versionId);
  const versions = useTemplateVersions(templateId);
  const create = useCreateVersion(templateId);
  const navigate = useNavigate();
  // The definition as opened, laid out once; later reads of the version do not replace the
  // document being edited (a conflicting save shows the difference instead).
  const opened = useQuery({
    queryKey: ['editor-open', versionId],
    queryFn: async () => {
      // The ETag read with this definition: a save is refused if the draft changed since.
      const { version, etag } = read.data!;
      const def = asDefinition(version.definition);
      return def ? { def: await prepareDefinition(def), etag } : null;
    },
    enabled: Boolean(read.data),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });

  const v = read.data?.version;
  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/workflows" size="sm">
        Workflow Management
      </Anchor>
      <Anchor component={Link} to={`/workflows/${templateId}`} size="sm">
        {template.data?.name ?? '…'}
      </Anchor>
      <Anchor component={Link} to={`/workflows/${templateId}/versions/${versionId}`} size="sm">
        {v?.version ?? '…'}
      </Anchor>
      <Text size="sm" c="dimmed">
        Editor
      </Text>
    </Breadcrumbs>
  );

  const newVersion = () => {
    if (!v) return;
    const existing = (versions.data ?? []).map((x) => x.version);
    create.mutate(
      { version: nextVersion([...existing, v.version]), starterVersionId: v.id, versionNote: `From ${v.version}` },
      {
        onSuccess: (created) => {
          notifications.show({ color: 'green', message: `Draft ${created.version} created from ${v.version}.` });
          void navigate(`/workflows/${templateId}/versions/${created.id}/edit`);
        },
        onError: (err) => notifications.show({ color: 'red', title: 'The new version was not created', message: err.message }),
      },
    );
  };

  let body: React.ReactNode;
  if (read.error) body = <ProblemAlert error={read.error} title="This version could not be loaded" />;
  else if (opened.error) body = <ProblemAlert error={opened.error} title="The definition could not be laid out" />;
  else if (!v || opened.isPending) body = <Skeleton h={560} radius="md" aria-busy="true" aria-label="Loading the editor" />;
  else if (!opened.data)
    body = (
      <Alert color="gray" variant="light" title="Nothing to draw">
        This definition has no list of steps the editor can read; see it as JSON on the version page.
      </Alert>
    );
  else
    body = (
      <ReactFlowProvider>
        <EditorWorkspace
          key={v.id}
          version={v}
          initial={opened.data.def}
          etag={opened.data.etag}
          onNewVersion={v.status === 'DRAFT' ? undefined : newVersion}
          creatingVersion={create.isPending}
        />
      </ReactFlowProvider>
    );

  return (
    <Stack gap="sm" className="wfb-editor-page">
      {crumbs}
      <Group gap="sm">
        <h1 className="wfb-editor-title">{template.data?.name ?? 'Workflow'} · {v?.version ?? '…'}</h1>
        {v && <VersionStatusBadge status={v.status} active={v.active} />}
      </Group>
      {body}
    </Stack>
  );
}
