import '../editor.css';
import { Alert, Anchor, Badge, Breadcrumbs, Group, Select, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTemplate, useTemplateVersions } from '../../templates/queries';
import { ProblemAlert } from '../../ui/ProblemAlert';
import { useVersion } from '../../versions/queries';
import { asDefinition, type WorkflowDefinition } from '../definition';
import { prepareDefinition } from '../layout';
import type { Selection } from '../selection';
import { CompareCanvas } from './CompareCanvas';
import { diffDefinitions, fieldDiff, unionDefinition, type ChangeKind } from './diff';
import { FieldDiffTable } from './FieldDiffTable';

const empty: WorkflowDefinition = { steps: [], stepTransitions: [] };

/**
 * ComparePage compares two versions of a template (/workflows/:templateId/compare?from=&to=):
 * the union graph with added, removed and changed elements marked, and the fields of the
 * selected element that differ.
 */
export default function ComparePage() {
  const { templateId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const template = useTemplate(templateId);
  const versions = useTemplateVersions(templateId);
  const sorted = useMemo(() => [...(versions.data ?? [])].sort((a, b) => a.createdAt.localeCompare(b.createdAt)), [versions.data]);
  const from = params.get('from') ?? sorted[sorted.length - 2]?.id ?? '';
  const to = params.get('to') ?? sorted[sorted.length - 1]?.id ?? '';
  const a = useVersion(from);
  const b = useVersion(to);
  const [selection, setSelection] = useState<Selection>(null);

  const ready = a.data && b.data;
  const union = useQuery({
    queryKey: ['compare-union', from, to, a.data?.version.updatedAt, b.data?.version.updatedAt],
    enabled: Boolean(ready),
    queryFn: async () => {
      const before = asDefinition(a.data!.version.definition) ?? empty;
      const after = asDefinition(b.data!.version.definition) ?? empty;
      const diff = diffDefinitions(before, after);
      const changes = {
        steps: new Map<string, ChangeKind>(diff.steps.map((s) => [s.id, s.change])),
        transitions: new Map<string, ChangeKind>(diff.transitions.map((t) => [t.id, t.change])),
      };
      return { before, after, diff, changes, union: await prepareDefinition(unionDefinition(before, after)) };
    },
    staleTime: Infinity,
  });

  const pick = (key: 'from' | 'to') => (value: string | null) =>
    setParams((p) => {
      if (value) p.set(key, value);
      p.set(key === 'from' ? 'to' : 'from', key === 'from' ? to : from);
      return p;
    });
  const options = sorted.map((v) => ({ value: v.id, label: `${v.version} · ${v.status.toLowerCase()}` }));

  const selected = (() => {
    if (!union.data || !selection) return null;
    const list = selection.kind === 'step' ? union.data.diff.steps : union.data.diff.transitions;
    return list.find((e) => e.id === selection.id) ?? null;
  })();
  const counts = union.data
    ? (['added', 'removed', 'changed'] as const).map((k) => ({ k, steps: union.data.diff.steps.filter((s) => s.change === k).length, transitions: union.data.diff.transitions.filter((t) => t.change === k).length }))
    : [];

  return (
    <Stack gap="sm" className="wfb-editor-page">
      <Breadcrumbs>
        <Anchor component={Link} to="/workflows" size="sm">
          Workflow Management
        </Anchor>
        <Anchor component={Link} to={`/workflows/${templateId}`} size="sm">
          {template.data?.name ?? '…'}
        </Anchor>
        <Text size="sm" c="dimmed">
          Compare versions
        </Text>
      </Breadcrumbs>
      <Title order={1} fz={20}>
        Compare versions
      </Title>
      <Group gap="sm" align="flex-end">
        <Select label="From (before)" data={options} value={from || null} onChange={pick('from')} w={240} allowDeselect={false} />
        <Select label="To (after)" data={options} value={to || null} onChange={pick('to')} w={240} allowDeselect={false} />
        <Group gap={6} aria-label="Summary of changes">
          {counts.map(({ k, steps, transitions }) => (
            <Badge key={k} variant="filled" color={k === 'added' ? '#1e6b2e' : k === 'removed' ? 'red.9' : '#8f5300'}>
              {k === 'added' ? '+' : k === 'removed' ? '−' : '✎'} {steps} step{steps === 1 ? '' : 's'}, {transitions} transition{transitions === 1 ? '' : 's'} {k}
            </Badge>
          ))}
        </Group>
      </Group>
      {versions.error || a.error || b.error ? (
        <ProblemAlert error={versions.error ?? a.error ?? b.error} title="The versions could not be loaded" />
      ) : sorted.length < 2 && versions.data ? (
        <Alert variant="light" color="gray">
          This workflow has one version: there is nothing to compare yet.
        </Alert>
      ) : !union.data ? (
        <Skeleton h={520} radius="md" aria-busy="true" aria-label="Loading the comparison" />
      ) : (
        <div className="wfb-editor-body wfb-editor-readonly">
          <div className="wfb-canvas wfb-editor-canvas" role="region" aria-label="Comparison canvas">
            <ReactFlowProvider>
              <CompareCanvas union={union.data.union} changes={union.data.changes} selection={selection} onSelect={setSelection} />
            </ReactFlowProvider>
          </div>
          <aside className="wfb-config" aria-label="Differences of the selected element" tabIndex={0}>
            {!selected ? (
              <Text size="sm" c="dimmed">
                Select a step or a transition to see which of its fields differ.
              </Text>
            ) : (
              <Stack gap="xs">
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {selection?.kind === 'step' ? 'Step' : 'Transition'} <code>{selected.id}</code>
                  </Text>
                  <Badge size="sm" variant="filled" color={selected.change === 'added' ? '#1e6b2e' : selected.change === 'removed' ? 'red.9' : selected.change === 'changed' ? '#8f5300' : 'gray.7'}>
                    {selected.change === 'same' ? 'unchanged' : selected.change}
                  </Badge>
                </Group>
                <FieldDiffTable changes={fieldDiff(selected.before, selected.after)} />
              </Stack>
            )}
          </aside>
        </div>
      )}
    </Stack>
  );
}
