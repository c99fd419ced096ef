import { Text, TextInput } from '@mantine/core';
import type { StepDef, WorkflowDefinition } from '../definition';
import type { ExpressionScope } from '../expression/scope';
import { SchemaBuilder } from '../schema/SchemaBuilder';
import { DocumentsEditor, type DocumentSpec } from './DocumentsEditor';
import { asList, withKey } from './model';
import { useFieldIssue } from './issues';
import { Section } from './Section';
import { ValueProviderInput, type Provider } from './ValueProviderInput';

interface Props {
  step: StepDef;
  onChange: (s: StepDef) => void;
  definition: WorkflowDefinition;
  scope: ExpressionScope;
  readOnly: boolean;
}

const iso = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * HumanStepFields edits what a person's step adds (SPEC §3 extensions): who it is assigned to,
 * when it is due, and per kind the form, the URL or the documents.
 */
export function HumanStepFields({ step, onChange, definition, scope, readOnly }: Props) {
  const dueIn = useFieldIssue('/dueIn');
  const form = useFieldIssue('/form');
  const dueText = typeof step.dueIn === 'string' ? step.dueIn : '';
  return (
    <Section title="Task">
      <ValueProviderInput
        label="Assignee"
        description="A user id, or a group such as group:agents. None: anyone may take it."
        value={step.assignee as Provider | undefined}
        onChange={(v) => onChange(withKey(step, 'assignee', v))}
        constKind="string"
        definition={definition}
        scope={scope}
        path="/assignee"
        readOnly={readOnly}
      />
      <TextInput
        label="Due in"
        description="ISO 8601 duration, e.g. P2D (two days) or PT4H; empty: no due date."
        placeholder="P2D"
        value={dueText}
        onChange={(e) => onChange(withKey(step, 'dueIn', e.currentTarget.value === '' ? undefined : e.currentTarget.value))}
        readOnly={readOnly}
        data-path={dueIn['data-path']}
        error={dueIn.error ?? (dueText && !iso.test(dueText) ? 'Not an ISO 8601 duration (P2D, PT4H, P1DT12H)' : undefined)}
      />
      {step.type === 'human.form' && (
        <div data-path={form['data-path']}>
          <Text size="sm" fw={500} mb={2}>
            Form
          </Text>
          <Text size="xs" c="dimmed" mb={6}>
            The fields the assignee fills in; none: the output schema is the form.
          </Text>
          <SchemaBuilder
            label="Form"
            value={step.form}
            onChange={(v) => onChange(withKey(step, 'form', v))}
            readOnly={readOnly}
            error={form.error}
          />
        </div>
      )}
      {step.type === 'human.url_redirect' && (
        <ValueProviderInput
          label="URL"
          value={step.url as Provider | undefined}
          onChange={(v) => onChange(withKey(step, 'url', v))}
          constKind="string"
          definition={definition}
          scope={scope}
          path="/url"
          readOnly={readOnly}
        />
      )}
      {step.type === 'human.doc_upload' && (
        <DocumentsEditor value={asList<DocumentSpec>(step.documents)} onChange={(v) => onChange(withKey(step, 'documents', v))} readOnly={readOnly} />
      )}
    </Section>
  );
}
