import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useDataSources } from '../../datasources/queries';
import type { WorkflowDefinition } from '../definition';
import { ExpressionInput } from '../expression/ExpressionInput';
import { emptyScope, type ExpressionScope } from '../expression/scope';
import { uniqueId, withKey } from './model';
import { useFieldIssue } from './issues';
import { JsonValueInput } from './ValueProviderInput';

/** A data source call as stored (SPEC §3). */
export interface DataSourceCall {
  id?: string;
  alias?: string;
  type?: string;
  dataSourceID?: string;
  params?: unknown;
  select?: { type?: string; src?: string };
  scope?: string;
  [key: string]: unknown;
}

interface Props {
  value: DataSourceCall[];
  onChange: (next: DataSourceCall[] | undefined) => void;
  batch: boolean;
  definition: WorkflowDefinition;
  scope: ExpressionScope;
  readOnly: boolean;
}

/**
 * DataSourceCallsEditor edits a step's data source calls: alias, the data source (from
 * GET /v1/data-sources), params (JSON with providers inside), a select expression over the raw
 * result, and per-step or per-item (BATCH).
 */
export function DataSourceCallsEditor({ value, onChange, batch, definition, scope, readOnly }: Props) {
  const sources = useDataSources();
  const options = (sources.data?.items ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.kind})` }));
  const set = (i: number, c: DataSourceCall) => onChange(value.map((x, j) => (j === i ? c : x)));
  return (
    <Stack gap="xs" role="group" aria-label="Data source calls">
      {value.length === 0 && (
        <Text size="xs" c="dimmed">
          No data source is called before this step runs.
        </Text>
      )}
      {value.map((c, i) => (
        <CallRow key={i} index={i} call={c} options={options} loading={sources.isLoading} batch={batch} onChange={(x) => set(i, x)} onRemove={() => {
          const next = value.filter((_, j) => j !== i);
          onChange(next.length ? next : undefined);
        }} definition={definition} scope={scope} readOnly={readOnly} />
      ))}
      {sources.isError && (
        <Text size="xs" c="red.8">
          The data sources could not be listed; ids are kept as they are.
        </Text>
      )}
      {!readOnly && (
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange([...value, { id: uniqueId('ds', value.map((c) => c.id)), alias: uniqueId('source', value.map((c) => c.alias)), type: 'COMMENDA_LOGICAL_BACKEND', dataSourceID: '' }])}
          >
            Add data source call
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function CallRow({ index, call, options, loading, batch, onChange, onRemove, definition, scope, readOnly }: {
  index: number; call: DataSourceCall; options: { value: string; label: string }[]; loading: boolean; batch: boolean;
  onChange: (c: DataSourceCall) => void; onRemove: () => void; definition: WorkflowDefinition; scope: ExpressionScope; readOnly: boolean;
}) {
  const base = `/dataSources/${index}`;
  const alias = useFieldIssue(`${base}/alias`);
  const ds = useFieldIssue(`${base}/dataSourceID`);
  const params = useFieldIssue(`${base}/params`);
  const select = useFieldIssue(`${base}/select`);
  const name = call.alias || `#${index + 1}`;
  const data = call.dataSourceID && !options.some((o) => o.value === call.dataSourceID) ? [...options, { value: call.dataSourceID, label: call.dataSourceID }] : options;
  return (
    <Paper withBorder p="xs" radius="sm">
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput label="Alias" size="xs" value={call.alias ?? ''} onChange={(e) => onChange({ ...call, alias: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1 }} {...alias} />
          <Select
            label="Data source"
            size="xs"
            data={data}
            value={call.dataSourceID || null}
            onChange={(v) => onChange({ ...call, dataSourceID: v ?? '' })}
            readOnly={readOnly}
            searchable
            placeholder={loading ? 'Loading…' : 'Pick one'}
            nothingFoundMessage="No data source; add one under Data sources"
            style={{ flex: 1.4 }}
            {...ds}
          />
          {!readOnly && (
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove data source call ${name}`} mb={4}>
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
        {batch && (
          <Select
            label="Fetched"
            size="xs"
            data={[{ value: 'per-step', label: 'Once for the step' }, { value: 'per-item', label: 'Once per BATCH item' }]}
            value={call.scope ?? 'per-step'}
            onChange={(v) => onChange(withKey(call, 'scope', v ?? undefined))}
            readOnly={readOnly}
            allowDeselect={false}
          />
        )}
        <JsonValueInput
          label="Params (JSON; providers such as {&quot;type&quot;:&quot;field&quot;,...} inside)"
          value={call.params}
          onChange={(v) => onChange(withKey(call, 'params', v === null ? undefined : v))}
          readOnly={readOnly}
          error={params.error}
          dataPath={params['data-path']}
        />
        <ExpressionInput
          label={`Select from ${name}'s result`}
          description="Optional; reads the raw result ($.data)."
          value={call.select?.src ?? ''}
          onChange={(src) => onChange(withKey(call, 'select', src === '' && !call.select ? undefined : { ...(call.select ?? {}), type: call.select?.type ?? 'jsonata', src }))}
          scope={{ ...emptyScope, steps: scope.steps }}
          definition={definition}
          readOnly={readOnly}
          error={select.error}
          path={select['data-path']}
        />
      </Stack>
    </Paper>
  );
}
