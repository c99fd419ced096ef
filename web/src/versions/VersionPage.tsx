import { Alert, Anchor, Breadcrumbs, Button, Grid, Group, Paper, SegmentedControl, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconBolt, IconCircleCheck, IconTrash, IconUpload } from '@tabler/icons-react';
import { lazy, Suspense, useState, type MouseEvent } from 'react';
import { asDefinition, type WorkflowDefinition } from '../editor/definition';
import type { Selection } from '../editor/selection';
import type { ValidationIssue } from '../editor/validation';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTemplate } from '../templates/queries';
import { PageHeader } from '../ui/PageHeader';
import { ProblemAlert } from '../ui/ProblemAlert';
import { Timestamp } from '../ui/Timestamp';
import { DefinitionView } from './DefinitionView';
import { StepsTable } from './StepsTable';
import { DeleteDraftModal } from './DeleteDraftModal';
import { ImportDefinitionButton } from './ImportDefinitionButton';
import { IssuesTable, PublishIssuesModal } from './PublishIssuesModal';
import { useEditDraft, useVersion, useVersionValidation } from './queries';
import { useLifecycle } from './useLifecycle';
import { VersionStatusBadge } from './VersionStatusBadge';

// The canvas brings React Flow and elkjs: its own chunk, loaded when a canvas is first shown.
const DefinitionCanvas = lazy(() => import('../editor/DefinitionCanvas'));
// The configuration panel brings CodeMirror: its own chunk too. (Mounted here until the editor
// page hosts it; see CanvasWithConfig.)
const ConfigPanel = lazy(() => import('../editor/config/ConfigPanel').then((m) => ({ default: m.ConfigPanel })));

/** VersionPage opens one version: its definition, its issues, and what its status allows. */
export default function VersionPage() {
  const { templateId = '', versionId = '' } = useParams();
  const template = useTemplate(templateId);
  const read = useVersion(versionId);
  const isDraft = read.data?.version.status === 'DRAFT';
  const validation = useVersionValidation(versionId, isDraft);
  const lifecycle = useLifecycle(templateId);
  const edit = useEditDraft(templateId);
  const navigate = useNavigate();
  const [importError, setImportError] = useState<string | null>(null);
  const [deleting, deleteModal] = useDisclosure();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'json' ? 'json' : 'canvas';

  const crumbs = (
    <Breadcrumbs>
      <Anchor component={Link} to="/workflows" size="sm">
        Workflow Management
      </Anchor>
      <Anchor component={Link} to={`/workflows/${templateId}`} size="sm">
        {template.data?.name ?? '…'}
      </Anchor>
      <Text size="sm" c="dimmed">
        {read.data?.version.version ?? '…'}
      </Text>
    </Breadcrumbs>
  );
  if (read.isPending) {
    return (
      <Stack>
        {crumbs}
        <Skeleton h={32} w={240} />
        <Skeleton h={300} />
      </Stack>
    );
  }
  if (read.error) {
    return (
      <Stack>
        {crumbs}
        <ProblemAlert error={read.error} title="This version could not be loaded" />
      </Stack>
    );
  }
  const { version: v, etag } = read.data;

  const importFile = (name: string, text: string) => {
    setImportError(null);
    edit.reset();
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (err) {
      setImportError(`${name} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!etag) {
      setImportError('The server sent no ETag for this draft; reload the page.');
      return;
    }
    edit.mutate(
      { id: v.id, etag, definition },
      {
        onSuccess: ({ data }) => {
          const issues = data.issues ?? [];
          const errors = issues.filter((i) => i.severity === 'ERROR').length;
          notifications.show({
            color: errors ? 'yellow' : 'green',
            title: `Imported ${name}`,
            message: errors ? `Saved with ${errors} error${errors === 1 ? ': fix it' : 's: fix them'} before publishing.` : 'Saved. No errors: it can be published.',
          });
          void validation.refetch();
        },
      },
    );
  };

  const errors = (validation.data?.issues ?? []).filter((i) => i.severity === 'ERROR').length;
  return (
    <>
      <PageHeader
        above={crumbs}
        title={
          <Group gap="sm">
            <span>Version {v.version}</span>
            <VersionStatusBadge status={v.status} active={v.active} />
          </Group>
        }
        description={v.versionNote || 'No version note.'}
        actions={
          <>
            {isDraft && <ImportDefinitionButton onFile={importFile} loading={edit.isPending} />}
            {isDraft && (
              <Button variant="light" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={deleteModal.open}>
                Delete draft
              </Button>
            )}
            {isDraft && (
              <Button leftSection={<IconUpload size={16} aria-hidden />} loading={lifecycle.pending} onClick={() => lifecycle.publish(v.id, v.version, etag)}>
                Publish
              </Button>
            )}
            {v.status === 'PUBLISHED' && !v.active && (
              <Button variant="default" leftSection={<IconArchive size={16} aria-hidden />} onClick={() => lifecycle.deprecate(v.id, v.version)}>
                Deprecate
              </Button>
            )}
            {v.status === 'PUBLISHED' && !v.active && (
              <Button leftSection={<IconBolt size={16} aria-hidden />} loading={lifecycle.pending} onClick={() => lifecycle.activate(v.id, v.version)}>
                Activate
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg">
        <Group gap="xl">
          <Fact label="Updated" value={<Timestamp value={v.updatedAt} />} />
          <Fact label="Published" value={<Timestamp value={v.publishedAt} />} />
          <Fact label="Published by" value={v.publishedBy ?? '—'} />
        </Group>
        {importError && (
          <Alert color="red" variant="light" role="alert" title="The file was not imported">
            {importError}
          </Alert>
        )}
        <ProblemAlert error={edit.error} title="The definition was not saved" onReload={() => { edit.reset(); void read.refetch(); }} />
        {!isDraft && (
          <Alert variant="light" color="gray" icon={<IconCircleCheck size={18} aria-hidden />}>
            A {v.status.toLowerCase()} version never changes. To change it, add a version and choose this one as its starter.
          </Alert>
        )}
        {isDraft && (
          <Stack gap="xs">
            <Title order={2} fz={17} fw={600}>
              Validation
            </Title>
            {validation.isPending ? (
              <Skeleton h={60} />
            ) : validation.error ? (
              <ProblemAlert error={validation.error} title="Validation could not be loaded" />
            ) : (
              <>
                <Text size="sm" c={errors ? 'red.9' : 'teal.9'} role="status">
                  {errors ? `${errors} error${errors === 1 ? '' : 's'} to fix before publishing.` : 'No errors: this draft can be published.'}
                </Text>
                {(validation.data?.issues?.length ?? 0) > 0 && <IssuesTable issues={validation.data?.issues ?? []} />}
              </>
            )}
          </Stack>
        )}
        <Stack gap="xs">
          <Group justify="space-between" align="flex-end">
            <Stack gap={2}>
              <Title order={2} fz={17} fw={600}>
                Definition
              </Title>
              <Text size="sm" c="dimmed">
                The canvas is read-only for now; to change a draft, import a definition from a JSON file.
              </Text>
            </Stack>
            <SegmentedControl
              aria-label="Definition view"
              size="xs"
              value={view}
              onChange={(value) => setParams((p) => { if (value === 'json') p.set('view', 'json'); else p.delete('view'); return p; }, { replace: true })}
              data={[
                { value: 'canvas', label: 'Canvas' },
                { value: 'json', label: 'JSON' },
              ]}
            />
          </Group>
          {view === 'canvas' ? (
            <CanvasWithConfig
              definition={v.definition}
              readOnly={!isDraft || !etag}
              issues={validation.data?.issues ?? []}
              saving={edit.isPending}
              onSave={(definition, done) => {
                if (!etag) return;
                edit.mutate({ id: v.id, etag, definition }, { onSuccess: () => { done(); void validation.refetch(); } });
              }}
            />
          ) : (
            <>
              <StepsTable definition={v.definition} />
              <DefinitionView definition={v.definition} />
            </>
          )}
        </Stack>
      </Stack>
      <PublishIssuesModal issues={lifecycle.refused?.issues ?? null} detail={lifecycle.refused?.detail} onClose={lifecycle.clearRefused} />
      {etag && (
        <DeleteDraftModal
          templateId={templateId}
          version={v}
          etag={etag}
          opened={deleting}
          onClose={deleteModal.close}
          onDeleted={() => navigate(`/workflows/${templateId}`)}
          onReload={() => void read.refetch()}
        />
      )}
    </>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="gray.7" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }}>
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {value}
      </Text>
    </Stack>
  );
}

interface CanvasWithConfigProps {
  definition: unknown;
  readOnly: boolean;
  issues: ValidationIssue[];
  saving: boolean;
  onSave: (definition: WorkflowDefinition, done: () => void) => void;
}

/**
 * CanvasWithConfig shows the read-only canvas with the configuration panel beside it: click a
 * step or a transition (or pick it from the list) to configure it; a draft's changes are saved
 * with Save. A stand-in until the editor page hosts the panel (the canvas shows the saved
 * definition meanwhile).
 */
function CanvasWithConfig({ definition, readOnly, issues, saving, onSave }: CanvasWithConfigProps) {
  const [draft, setDraft] = useState<WorkflowDefinition | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const stored = asDefinition(definition);
  const def = draft ?? stored;
  const pick = (e: MouseEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-testid^="rf__node-"], [data-testid^="rf__edge-"]');
    const id = el?.dataset.testid?.replace(/^rf__(node|edge)-/, '');
    if (!def || !id) return;
    if (def.steps.some((s) => s.id === id)) setSelection({ kind: 'step', id });
    else if (def.stepTransitions.some((t) => t.id === id)) setSelection({ kind: 'transition', id });
  };
  const options = def
    ? [
        { value: '', label: 'Workflow settings' },
        ...def.steps.map((s) => ({ value: `step:${s.id}`, label: `Step: ${s.name || s.id}` })),
        ...def.stepTransitions.map((t) => ({ value: `transition:${t.id}`, label: `Transition: ${t.fromStepId} → ${t.toStepId}${t.label ? ` (${t.label})` : ''}` })),
      ]
    : [];
  return (
    <Grid gutter="md" align="flex-start">
      <Grid.Col span={{ base: 12, lg: def ? 7 : 12 }}>
        <div onClickCapture={pick}>
          <Suspense fallback={<Skeleton h={620} radius="md" />}>
            <DefinitionCanvas definition={definition} />
          </Suspense>
        </div>
      </Grid.Col>
      {def && (
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Paper withBorder radius="md" p="xs">
            <Group justify="space-between" gap="xs" px="xs" pb="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
              <Select
                aria-label="Element to configure"
                size="xs"
                data={options}
                value={selection ? `${selection.kind}:${selection.id}` : ''}
                onChange={(v) => {
                  const [kind, ...rest] = (v ?? '').split(':');
                  setSelection(kind === 'step' || kind === 'transition' ? { kind, id: rest.join(':') } : null);
                }}
                allowDeselect={false}
                searchable
                style={{ flex: 1 }}
              />
              {draft && !readOnly && (
                <Group gap="xs">
                  <Button size="xs" variant="default" onClick={() => setDraft(null)} disabled={saving}>
                    Discard
                  </Button>
                  <Button size="xs" loading={saving} onClick={() => onSave(draft, () => setDraft(null))}>
                    Save
                  </Button>
                </Group>
              )}
            </Group>
            <Suspense fallback={<Skeleton h={300} m="sm" />}>
              <ConfigPanel definition={def} selection={selection} readOnly={readOnly} issues={issues} onChange={setDraft} />
            </Suspense>
          </Paper>
        </Grid.Col>
      )}
    </Grid>
  );
}
