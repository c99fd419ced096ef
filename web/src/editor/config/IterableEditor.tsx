import { Select, Stack } from '@mantine/core';
import type { WorkflowDefinition } from '../definition';
import { ExpressionInput } from '../expression/ExpressionInput';
import type { ExpressionScope } from '../expression/scope';
import { withKey } from './model';
import { useFieldIssue } from './issues';

/** An iterable as stored (SPEC §3). */
export interface Iterable {
  type?: string;
  expr?: { type?: string; src?: string };
  stepId?: string;
  key?: string;
  select?: { type?: string; src?: string };
  [key: string]: unknown;
}

interface Props {
  value: Iterable | undefined;
  onChange: (next: Iterable) => void;
  definition: WorkflowDefinition;
  scope: ExpressionScope;
  readOnly: boolean;
}

/** IterableEditor edits what a BATCH step iterates: an expression, a step's output or a data source. */
export function IterableEditor({ value, onChange, definition, scope, readOnly }: Props) {
  const it = value ?? {};
  const type = it.type ?? null;
  const typeIssue = useFieldIssue('/iterable/type');
  const exprIssue = useFieldIssue('/iterable/expr');
  const stepIssue = useFieldIssue('/iterable/stepId');
  const keyIssue = useFieldIssue('/iterable/key');
  const selectIssue = useFieldIssue('/iterable/select');
  const setType = (t: string | null) => {
    if (!t) return;
    const rest = { ...it };
    delete rest.expr;
    delete rest.stepId;
    delete rest.key;
    delete rest.select;
    onChange(t === 'EXPRESSION' ? { ...rest, type: t, expr: { type: 'jsonata', src: '' } } : { ...rest, type: t });
  };
  const selectInput = (
    <ExpressionInput
      label="Select the items"
      description="Optional; reads the raw output ($) and yields the array to iterate."
      value={it.select?.src ?? ''}
      onChange={(src) => onChange(withKey(it, 'select', src === '' && !it.select ? undefined : { ...(it.select ?? {}), type: it.select?.type ?? 'jsonata', src }))}
      scope={scope}
      definition={definition}
      readOnly={readOnly}
      error={selectIssue.error}
      path={selectIssue['data-path']}
    />
  );
  return (
    <Stack gap="xs">
      <Select
        label="Iterate over"
        data={[
          { value: 'EXPRESSION', label: 'An expression' },
          { value: 'STEP', label: "A step's output" },
          { value: 'DATASOURCE', label: 'A data source result' },
        ]}
        value={type}
        onChange={setType}
        readOnly={readOnly}
        placeholder="Required in BATCH mode"
        allowDeselect={false}
        {...typeIssue}
      />
      {type === 'EXPRESSION' && (
        <ExpressionInput
          label="Items expression"
          value={it.expr?.src ?? ''}
          onChange={(src) => onChange({ ...it, expr: { ...(it.expr ?? {}), type: it.expr?.type ?? 'jsonata', src } })}
          scope={scope}
          definition={definition}
          readOnly={readOnly}
          error={exprIssue.error}
          path={exprIssue['data-path']}
        />
      )}
      {type === 'STEP' && (
        <>
          <Select
            label="Step"
            data={scope.steps.map((s) => ({ value: s.id, label: s.name === s.id ? s.id : `${s.name} (${s.id})` }))}
            value={it.stepId ?? null}
            onChange={(v) => onChange({ ...it, stepId: v ?? '' })}
            readOnly={readOnly}
            nothingFoundMessage="No step precedes this one"
            {...stepIssue}
          />
          {selectInput}
        </>
      )}
      {type === 'DATASOURCE' && (
        <>
          <Select
            label="Data source alias"
            data={scope.datasources}
            value={it.key ?? null}
            onChange={(v) => onChange({ ...it, key: v ?? '' })}
            readOnly={readOnly}
            nothingFoundMessage="Add a data source call first"
            {...keyIssue}
          />
          {selectInput}
        </>
      )}
    </Stack>
  );
}
