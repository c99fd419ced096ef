import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { fieldErrors, problemOf } from '../api/problem';
import { TemplateSelect } from '../links/TemplateSelect';
import { JsonTextarea, parseJson } from '../ui/JsonTextarea';
import { ProblemAlert } from '../ui/ProblemAlert';
import { executionKeys } from './queries';

interface StartExecutionModalProps {
  opened: boolean;
  onClose: () => void;
  templateId?: string;
}

/**
 * StartExecutionModal starts an execution: a workflow (its active version) or one of its
 * published versions, a name, and the initial context as JSON (checked before sending).
 */
export function StartExecutionModal({ opened, onClose, templateId: initialTemplate }: StartExecutionModalProps) {
  const [templateId, setTemplateId] = useState<string | null>(initialTemplate ?? null);
  const [versionId, setVersionId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [context, setContext] = useState('{}');
  const [tried, setTried] = useState(false);
  const qc = useQueryClient();
  const navigate = useNavigate();
  const versions = useQuery({
    queryKey: ['templates', templateId, 'versions', 'runnable'],
    queryFn: () => call(api.GET('/v1/templates/{id}/versions', { params: { path: { id: templateId! }, query: { status: 'PUBLISHED', order: 'desc', limit: 100 } } })),
    enabled: !!templateId,
  });
  const start = useMutation({
    mutationFn: (body: { workflowTemplateId?: string; workflowTemplateVersionId?: string; name?: string; context: unknown }) => call(api.POST('/v1/executions', { body })),
    onSuccess: (exec) => {
      void qc.invalidateQueries({ queryKey: executionKeys.all });
      onClose();
      navigate(`/executions/${exec.id}`);
    },
  });
  const parsed = parseJson(context);
  const contextError = parsed.error ?? (parsed.value !== undefined && (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) ? 'The context is a JSON object, e.g. {"customer": {"name": "Ann"}}.' : undefined);
  const server = fieldErrors(problemOf(start.error));
  const submit = () => {
    setTried(true);
    if (!templateId || contextError) return;
    start.mutate({ ...(versionId ? { workflowTemplateVersionId: versionId } : { workflowTemplateId: templateId }), ...(name.trim() ? { name: name.trim() } : {}), context: parsed.value });
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Start an execution" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="md">
          <TemplateSelect value={templateId} onChange={(v) => { setTemplateId(v); setVersionId(null); }} error={tried && !templateId ? 'Choose a workflow.' : server.workflowTemplateId} />
          <Select
            label="Version"
            description="Default: the workflow's active version."
            placeholder="Active version"
            clearable
            disabled={!templateId}
            data={(versions.data?.items ?? []).map((v) => ({ value: v.id, label: `${v.version}${v.active ? ' (active)' : ''}` }))}
            value={versionId}
            onChange={setVersionId}
            error={server.workflowTemplateVersionId}
          />
          <TextInput label="Name" description="Default: the workflow's name." value={name} onChange={(e) => setName(e.currentTarget.value)} error={server.name} maxLength={200} />
          <JsonTextarea label="Context" description="The initial context, a JSON object." value={context} onChange={setContext} error={(tried || context.trim() !== '{}') && contextError ? contextError : server.context} minRows={6} />
          <ProblemAlert error={start.error} shownFields={['workflowTemplateId', 'workflowTemplateVersionId', 'name', 'context']} title="The execution did not start" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={start.isPending}>
              Start
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
