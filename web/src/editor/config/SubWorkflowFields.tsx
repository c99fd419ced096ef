import { NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import type { StepDef, WorkflowDefinition } from '../definition';
import { ExpressionInput } from '../expression/ExpressionInput';
import type { ExpressionScope } from '../expression/scope';
import { ChildWorkflowPicker } from './ChildWorkflowPicker';
import { DataSourceCallsEditor, type DataSourceCall } from './DataSourceCallsEditor';
import { IterableEditor, type Iterable } from './IterableEditor';
import { MappingsEditor, type Mapping } from './MappingsEditor';
import { asList, withKey } from './model';
import { useFieldIssue } from './issues';
import { Section } from './Section';

interface Props {
  step: StepDef;
  onChange: (s: StepDef) => void;
  definition: WorkflowDefinition;
  /** The scope of the step's own expressions, and of its per-item (BATCH) ones. */
  scope: ExpressionScope;
  itemScope: ExpressionScope;
  /** The scope of the context projection: the step's own output is in __steps__. */
  projectionScope: ExpressionScope;
  readOnly: boolean;
}

/**
 * SubWorkflowFields edits a sys.sub_workflow step: SINGLE or BATCH, the child version, what the
 * child starts with (input mapping), what comes back (context projection), the data sources
 * fetched first, and in BATCH mode the iterable, the concurrency and what a failed child does.
 */
export function SubWorkflowFields({ step, onChange, definition, scope, itemScope, projectionScope, readOnly }: Props) {
  const batch = step.mode === 'BATCH';
  const child = useFieldIssue('/childWorkflowTemplateVersionId');
  const name = useFieldIssue('/childWorkflowName');
  const maxc = useFieldIssue('/maxConcurrency');
  const onFail = useFieldIssue('/onChildFailure');
  const childName = step.childWorkflowName as { type?: string; src?: string } | undefined;
  return (
    <>
      <Section title="Sub-workflow">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="wfb-mode-label">
            Mode
          </Text>
          <SegmentedControl
            data={[{ value: 'SINGLE', label: 'Single child' }, { value: 'BATCH', label: 'One child per item' }]}
            value={batch ? 'BATCH' : 'SINGLE'}
            onChange={(m) => onChange({ ...step, mode: m })}
            disabled={readOnly}
            aria-labelledby="wfb-mode-label"
          />
        </Stack>
        <ChildWorkflowPicker
          value={typeof step.childWorkflowTemplateVersionId === 'string' ? step.childWorkflowTemplateVersionId : ''}
          onChange={(v) => onChange({ ...step, childWorkflowTemplateVersionId: v })}
          readOnly={readOnly}
          error={child.error}
          dataPath={child['data-path']}
        />
        <ExpressionInput
          label="Child's name"
          description="Optional: names each child execution."
          value={childName?.src ?? ''}
          onChange={(src) => onChange(withKey(step, 'childWorkflowName', src === '' && !childName ? undefined : { ...(childName ?? {}), type: childName?.type ?? 'jsonata', src }))}
          scope={batch ? itemScope : scope}
          definition={definition}
          readOnly={readOnly}
          error={name.error}
          path={name['data-path']}
        />
        <Select
          label="When a child fails"
          data={[{ value: 'fail', label: 'Fail this step (default)' }, { value: 'continue', label: 'Continue with the others' }]}
          value={typeof step.onChildFailure === 'string' ? step.onChildFailure : 'fail'}
          onChange={(v) => onChange(withKey(step, 'onChildFailure', v === 'fail' && step.onChildFailure === undefined ? undefined : (v ?? undefined)))}
          readOnly={readOnly}
          allowDeselect={false}
          {...onFail}
        />
      </Section>
      {batch && (
        <Section title="Batch">
          <IterableEditor value={step.iterable as Iterable | undefined} onChange={(it) => onChange({ ...step, iterable: it })} definition={definition} scope={scope} readOnly={readOnly} />
          <NumberInput
            label="Max concurrency"
            description="Children running at once; empty: no limit."
            min={1}
            allowDecimal={false}
            value={typeof step.maxConcurrency === 'number' ? step.maxConcurrency : ''}
            onChange={(v) => onChange(withKey(step, 'maxConcurrency', typeof v === 'number' ? v : undefined))}
            readOnly={readOnly}
            {...maxc}
          />
        </Section>
      )}
      <Section title="Data sources">
        <DataSourceCallsEditor
          value={asList<DataSourceCall>(step.dataSources)}
          onChange={(v) => onChange(withKey(step, 'dataSources', v))}
          batch={batch}
          definition={definition}
          scope={scope}
          readOnly={readOnly}
        />
      </Section>
      <Section title="Input mapping">
        <MappingsEditor
          label="Input mapping"
          description={`Builds the child's context${batch ? ' (per item: __each__ is the item)' : ''}.`}
          value={asList<Mapping>(step.inputMapping)}
          onChange={(v) => onChange(withKey(step, 'inputMapping', v))}
          definition={definition}
          scope={batch ? itemScope : scope}
          path="/inputMapping"
          readOnly={readOnly}
        />
      </Section>
      <Section title="Context projection">
        <MappingsEditor
          label="Context projection"
          description="Writes the child's results into this execution's context when it completes."
          value={asList<Mapping>(step.contextProjection)}
          onChange={(v) => onChange(withKey(step, 'contextProjection', v))}
          definition={definition}
          scope={projectionScope}
          path="/contextProjection"
          readOnly={readOnly}
        />
      </Section>
    </>
  );
}
