import { Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { WorkflowDefinition } from '../definition';
import { ExpressionInput } from '../expression/ExpressionInput';
import type { ExpressionScope } from '../expression/scope';
import { isObject } from '../schema/model';
import { useFieldIssue } from './issues';

/** A value provider as stored (SPEC §3). */
export type Provider = { type?: string; value?: unknown; ref?: Record<string, unknown>; expr?: { type?: string; src?: string }; [key: string]: unknown };

export interface ValueProviderInputProps {
  label: string;
  value: Provider | undefined;
  /** undefined removes the provider (when optional). */
  onChange: (next: Provider | undefined) => void;
  definition: WorkflowDefinition;
  scope: ExpressionScope;
  /** JSON Pointer suffix of the provider under the selected element: "/assignee". */
  path: string;
  readOnly: boolean;
  /** string: a const is text (an assignee, a URL); json: any JSON value. */
  constKind?: 'string' | 'json';
  optional?: boolean;
  description?: string;
}

const sources = [
  { value: 'CONTEXT', label: 'Context' },
  { value: 'STEP', label: 'Step output' },
  { value: 'DATASOURCE', label: 'Data source' },
  { value: 'EACH', label: 'BATCH item' },
];

/**
 * ValueProviderInput edits a value provider of each kind: a constant, a field reference (context,
 * a preceding step's output, a data source alias, the BATCH item) or a JSONata expression.
 * Switching kind keeps the provider's unknown fields.
 */
export function ValueProviderInput(props: ValueProviderInputProps) {
  const { label, value, onChange, definition, scope, path, readOnly, constKind = 'json', optional = true, description } = props;
  const issue = useFieldIssue(path);
  const kind = value?.type ?? 'none';
  const setKind = (k: string) => {
    if (k === 'none') return onChange(undefined);
    const rest = { ...(value ?? {}) };
    delete rest.value;
    delete rest.ref;
    delete rest.expr;
    if (k === 'const') onChange({ ...rest, type: 'const', value: constKind === 'string' ? '' : null });
    if (k === 'field') onChange({ ...rest, type: 'field', ref: { source: 'CONTEXT', path: '' } });
    if (k === 'expr') onChange({ ...rest, type: 'expr', expr: { type: 'jsonata', src: '' } });
  };
  const kinds = [
    ...(optional ? [{ value: 'none', label: 'None' }] : []),
    { value: 'const', label: 'Value' },
    { value: 'field', label: 'Field' },
    { value: 'expr', label: 'Expression' },
  ];
  return (
    <Stack gap={4} role="group" aria-label={label}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={500} component="span">
          {label}
        </Text>
        <SegmentedControl size="xs" data={kinds} value={kind} onChange={setKind} readOnly={readOnly} disabled={readOnly} aria-label={`${label}: kind`} />
      </Group>
      {description && (
        <Text size="xs" c="dimmed">
          {description}
        </Text>
      )}
      {kind === 'const' && value && (
        constKind === 'string' && (typeof value.value === 'string' || value.value === undefined) ? (
          <TextInput
            aria-label={label}
            value={typeof value.value === 'string' ? value.value : ''}
            onChange={(e) => onChange({ ...value, value: e.currentTarget.value })}
            readOnly={readOnly}
            error={issue.error}
            data-path={issue['data-path']}
          />
        ) : (
          <JsonValueInput label={`${label} (JSON)`} value={value.value} onChange={(v) => onChange({ ...value, value: v })} readOnly={readOnly} error={issue.error} dataPath={issue['data-path']} />
        )
      )}
      {kind === 'field' && value && (
        <FieldRefInput label={label} value={isObject(value.ref) ? value.ref : {}} onChange={(ref) => onChange({ ...value, ref })} scope={scope} readOnly={readOnly} error={issue.error} dataPath={issue['data-path']} />
      )}
      {kind === 'expr' && value && (
        <ExpressionInput
          label={`${label}: expression`}
          value={typeof value.expr?.src === 'string' ? value.expr.src : ''}
          onChange={(src) => onChange({ ...value, expr: { ...(value.expr ?? {}), type: value.expr?.type ?? 'jsonata', src } })}
          scope={scope}
          definition={definition}
          readOnly={readOnly}
          error={issue.error}
          path={issue['data-path']}
        />
      )}
      {kind !== 'none' && kind !== 'const' && kind !== 'field' && kind !== 'expr' && (
        <Text size="xs" c="red.8">
          Unknown provider type “{String(kind)}”: edit it in the JSON view.
        </Text>
      )}
    </Stack>
  );
}

/** JsonValueInput edits any JSON value as text; text that does not parse is kept with its error. */
export function JsonValueInput({ label, value, onChange, readOnly, error, dataPath }: { label: string; value: unknown; onChange: (v: unknown) => void; readOnly: boolean; error?: string; dataPath?: string }) {
  const [draft, setDraft] = useState<{ text: string; error: string } | null>(null);
  const text = draft?.text ?? (value === undefined ? '' : JSON.stringify(value));
  return (
    <TextInput
      label={label}
      value={text}
      readOnly={readOnly}
      error={draft?.error || error}
      data-path={dataPath}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      onBlur={() => draft && !draft.error && setDraft(null)}
      onChange={(e) => {
        const t = e.currentTarget.value;
        try {
          const v: unknown = t.trim() === '' ? null : JSON.parse(t);
          setDraft({ text: t, error: '' });
          onChange(v);
        } catch {
          setDraft({ text: t, error: 'Not JSON (a text needs "quotes")' });
        }
      }}
    />
  );
}

interface FieldRefInputProps {
  label: string;
  value: Record<string, unknown>;
  onChange: (ref: Record<string, unknown>) => void;
  scope: ExpressionScope;
  readOnly: boolean;
  error?: string;
  dataPath?: string;
}

/** FieldRefInput edits a field reference: its source, the step or alias, and a dot path. */
export function FieldRefInput({ label, value, onChange, scope, readOnly, error, dataPath }: FieldRefInputProps) {
  const source = typeof value.source === 'string' ? value.source : 'CONTEXT';
  const setSource = (s: string | null) => {
    if (!s) return;
    const rest = { ...value };
    delete rest.stepId;
    delete rest.key;
    onChange({ ...rest, source: s });
  };
  const str = (k: string) => (typeof value[k] === 'string' ? (value[k] as string) : '');
  const step = scope.steps.find((s) => s.id === str('stepId'));
  return (
    <Group gap="xs" align="flex-start" grow>
      <Select label={`${label}: source`} size="xs" data={sources} value={source} onChange={setSource} readOnly={readOnly} allowDeselect={false} />
      {source === 'STEP' && (
        <Select
          label="Step"
          size="xs"
          data={withCurrent(scope.steps.map((s) => ({ value: s.id, label: s.name === s.id ? s.id : `${s.name} (${s.id})` })), str('stepId'))}
          value={str('stepId') || null}
          onChange={(v) => onChange({ ...value, stepId: v ?? '' })}
          readOnly={readOnly}
          searchable
          nothingFoundMessage="No step precedes this one"
        />
      )}
      {source === 'DATASOURCE' && (
        <Select
          label="Alias"
          size="xs"
          data={withCurrent(scope.datasources.map((a) => ({ value: a, label: a })), str('key'))}
          value={str('key') || null}
          onChange={(v) => onChange({ ...value, key: v ?? '' })}
          readOnly={readOnly}
          nothingFoundMessage="This step calls no data source"
        />
      )}
      <TextInput
        label="Path"
        size="xs"
        placeholder={step?.fields[0]?.path ?? 'a.b.c'}
        value={str('path')}
        onChange={(e) => onChange({ ...value, path: e.currentTarget.value })}
        readOnly={readOnly}
        error={error}
        data-path={dataPath}
      />
    </Group>
  );
}

/** withCurrent keeps the stored value among a select's options even when it is not offered. */
function withCurrent(data: { value: string; label: string }[], current: string) {
  return current && !data.some((d) => d.value === current) ? [...data, { value: current, label: `${current} (not before this step)` }] : data;
}
