import '@mantine/dates/styles.css';
import { Alert, Anchor, Badge, Button, Checkbox, FileButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import Form from '@rjsf/mantine';
import type { ErrorSchema, RJSFSchema } from '@rjsf/utils';
import { IconCheck, IconExternalLink, IconFileUpload, IconUpload } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { ApiError } from '../api/problem';
import { JsonTextarea, parseJson } from '../ui/JsonTextarea';
import { ProblemAlert } from '../ui/ProblemAlert';
import { uploadFile, type FileRef } from '../executions/api';
import { FileLink } from '../documents/FileLink';
import { fieldErrorsOf, toErrorSchema } from './problemFields';
import { formValidator } from './validator';

/** DocumentSpec is one entry of a doc_upload step's `documents` list. */
export interface DocumentSpec {
  key: string;
  name?: string;
  required?: boolean;
}

/** HumanStep is what completing a human step needs to know of it. */
export interface HumanStep {
  executionId: string;
  stepId: string;
  type: string;
  name?: string;
  /** The form's JSON Schema (`form`, else `outputSchema`). */
  schema?: unknown;
  /** A confirmation's text (the step's `message` or `description`). */
  message?: string;
  /** A url_redirect step's resolved URL. */
  url?: string;
  documents?: DocumentSpec[];
}

interface StepCompletionProps {
  step: HumanStep;
  pending: boolean;
  error: unknown;
  onComplete: (outputData: unknown) => void;
  /** Why the caller may not complete now (not claimed...), shown instead of the actions. */
  disabledReason?: string;
}

/**
 * StepCompletion is what a person does to complete a human step: fill its form, confirm,
 * visit its URL, or upload its documents. The server's refusal is shown as it said it, each
 * field error next to its field.
 */
export function StepCompletion(props: StepCompletionProps) {
  switch (props.step.type) {
    case 'human.form':
      return <FormCompletion {...props} />;
    case 'human.url_redirect':
      return <UrlCompletion {...props} />;
    case 'human.doc_upload':
      return <DocumentsCompletion {...props} />;
    default:
      // A confirmation with an output schema asks for its fields (e.g. {verified: true}).
      return props.step.schema && typeof props.step.schema === 'object' ? <FormCompletion {...props} submitLabel="Confirm" /> : <ConfirmCompletion {...props} />;
  }
}

function problemOf(error: unknown) {
  return error instanceof ApiError ? error.problem : undefined;
}

function FormCompletion({ step, pending, error, onComplete, disabledReason, submitLabel = 'Complete' }: StepCompletionProps & { submitLabel?: string }) {
  const schema = step.schema && typeof step.schema === 'object' ? (step.schema as RJSFSchema) : null;
  const [data, setData] = useState<unknown>({});
  const [text, setText] = useState('{}');
  const extraErrors = useMemo(() => toErrorSchema(fieldErrorsOf(problemOf(error))) as ErrorSchema, [error]);
  if (!schema) {
    const parsed = parseJson(text);
    return (
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          This step has no form schema the app can read: enter its output as JSON.
        </Text>
        <JsonTextarea label="Output" value={text} onChange={setText} minRows={6} />
        <ProblemAlert error={error} title="The step was not completed" />
        <Group justify="flex-end">
          <Button onClick={() => onComplete(parsed.value)} loading={pending} disabled={!!parsed.error || !!disabledReason} leftSection={<IconCheck size={16} />}>
            Complete
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="sm" className="task-form">
      {step.message && <Text size="sm">{step.message}</Text>}
      {error instanceof ApiError && error.status !== 422 ? <ProblemAlert error={error} title="The step was not completed" /> : null}
      {error instanceof ApiError && error.status === 422 ? (
        <Alert color="red" variant="light" role="alert" title="The server refused this output">
          {error.problem.detail ?? 'Some fields are not valid.'} The fields it names are marked below.
        </Alert>
      ) : null}
      <Form
        schema={schema}
        validator={formValidator}
        formData={data}
        onChange={(e) => setData(e.formData)}
        onSubmit={(e) => onComplete(e.formData)}
        onError={() => undefined}
        extraErrors={extraErrors}
        showErrorList={false}
        noHtml5Validate
        disabled={pending || !!disabledReason}
        uiSchema={{ 'ui:submitButtonOptions': { norender: true } }}
        idPrefix={`form-${step.stepId}`}
      >
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={pending} disabled={!!disabledReason} leftSection={<IconCheck size={16} />}>
            {submitLabel}
          </Button>
        </Group>
      </Form>
    </Stack>
  );
}

function ConfirmCompletion({ step, pending, error, onComplete, disabledReason }: StepCompletionProps) {
  return (
    <Stack gap="sm">
      <Text size="sm">{step.message || `Confirm “${step.name ?? step.stepId}” to let the workflow go on.`}</Text>
      <ProblemAlert error={error} title="The step was not completed" />
      <Group justify="flex-end">
        <Button onClick={() => onComplete(undefined)} loading={pending} disabled={!!disabledReason} leftSection={<IconCheck size={16} />}>
          Confirm
        </Button>
      </Group>
    </Stack>
  );
}

function UrlCompletion({ step, pending, error, onComplete, disabledReason }: StepCompletionProps) {
  const [visited, setVisited] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  return (
    <Stack gap="sm">
      {step.url ? (
        <Paper withBorder p="sm" radius="md">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" ff="monospace" truncate="end" style={{ minWidth: 0 }}>
              {step.url}
            </Text>
            <Button component="a" href={step.url} target="_blank" rel="noopener noreferrer" variant="light" onClick={() => setVisited(true)} rightSection={<IconExternalLink size={16} />}>
              Open
            </Button>
          </Group>
        </Paper>
      ) : (
        <Text size="sm" c="dimmed">
          The step's URL is not known yet.
        </Text>
      )}
      <Checkbox label="I have done what the page asks" checked={confirmed} onChange={(e) => setConfirmed(e.currentTarget.checked)} description={visited ? undefined : 'Open the page first.'} />
      <ProblemAlert error={error} title="The step was not completed" />
      <Group justify="flex-end">
        <Button onClick={() => onComplete(undefined)} loading={pending} disabled={!confirmed || !!disabledReason} leftSection={<IconCheck size={16} />}>
          Complete
        </Button>
      </Group>
    </Stack>
  );
}

interface Upload {
  progress: number;
  file?: FileRef;
  error?: unknown;
}

function DocumentsCompletion({ step, pending, error, onComplete, disabledReason }: StepCompletionProps) {
  const specs: DocumentSpec[] = step.documents?.length ? step.documents : [{ key: 'document', name: 'Document', required: true }];
  const [uploads, setUploads] = useState<Record<string, Upload>>({});
  const [tried, setTried] = useState(false);
  const missing = specs.filter((d) => d.required && !uploads[d.key]?.file);
  const busy = Object.values(uploads).some((u) => !u.file && !u.error);

  const upload = async (spec: DocumentSpec, file: File | null) => {
    if (!file) return;
    setUploads((u) => ({ ...u, [spec.key]: { progress: 0 } }));
    try {
      const ref = await uploadFile({ executionId: step.executionId, stepId: step.stepId, key: spec.key, file, onProgress: (p) => setUploads((u) => ({ ...u, [spec.key]: { ...u[spec.key], progress: p } })) });
      setUploads((u) => ({ ...u, [spec.key]: { progress: 1, file: ref } }));
    } catch (err) {
      setUploads((u) => ({ ...u, [spec.key]: { progress: 0, error: err } }));
    }
  };

  const complete = () => {
    setTried(true);
    if (missing.length) return;
    const documents = specs
      .map((d) => uploads[d.key]?.file && { key: d.key, fileId: uploads[d.key]!.file!.fileId, name: uploads[d.key]!.file!.name, size: uploads[d.key]!.file!.size, sha256: uploads[d.key]!.file!.sha256, contentType: uploads[d.key]!.file!.contentType })
      .filter(Boolean);
    onComplete({ documents });
  };

  return (
    <Stack gap="sm">
      {specs.map((d) => {
        const u = uploads[d.key];
        const label = d.name || d.key;
        return (
          <Paper key={d.key} withBorder p="sm" radius="md">
            <Group justify="space-between" wrap="nowrap" align="center">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                <IconFileUpload size={20} aria-hidden color="var(--mantine-color-blue-7)" />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={500}>
                    {label} {d.required ? <Badge size="xs" variant="light" color="gray">Required</Badge> : <Badge size="xs" variant="outline" color="gray">Optional</Badge>}
                  </Text>
                  {u?.file ? <FileLink file={u.file} /> : <Text size="xs" c="dimmed" ff="monospace">{d.key}</Text>}
                </Stack>
              </Group>
              <FileButton onChange={(f) => void upload(d, f)} disabled={!!disabledReason || pending}>
                {(p) => (
                  <Button {...p} variant={u?.file ? 'default' : 'light'} size="xs" leftSection={<IconUpload size={14} />} aria-label={`${u?.file ? 'Replace' : 'Upload'} ${label}`}>
                    {u?.file ? 'Replace' : 'Upload'}
                  </Button>
                )}
              </FileButton>
            </Group>
            {u && !u.file && !u.error && <Progress value={u.progress * 100} mt="xs" size="sm" aria-label={`Uploading ${label}`} animated />}
            {u?.error ? <ProblemAlert error={u.error} title={`${label} was not uploaded`} /> : null}
            {tried && d.required && !u?.file ? (
              <Text size="xs" c="red.8" mt={4}>
                {label} is required.
              </Text>
            ) : null}
          </Paper>
        );
      })}
      <ProblemAlert error={error} title="The step was not completed" />
      <Group justify="flex-end">
        <Button onClick={complete} loading={pending} disabled={busy || !!disabledReason} leftSection={<IconCheck size={16} />}>
          Complete
        </Button>
      </Group>
      {step.url && (
        <Anchor size="xs" href={step.url}>
          {step.url}
        </Anchor>
      )}
    </Stack>
  );
}
