import { Group, Select, Text } from '@mantine/core';
import { useState } from 'react';
import { useTemplates } from '../../templates/queries';
import { usePickableVersions, useVersionTemplate } from './queries';

interface Props {
  /** childWorkflowTemplateVersionId */
  value: string;
  onChange: (versionId: string) => void;
  readOnly: boolean;
  error?: string;
  dataPath: string;
}

/**
 * ChildWorkflowPicker picks a sub-workflow's child: a template, then one of its PUBLISHED
 * versions (a draft cannot be run; a DEPRECATED one already chosen is kept and shown).
 */
export function ChildWorkflowPicker({ value, onChange, readOnly, error, dataPath }: Props) {
  const current = useVersionTemplate(value);
  const [picked, setPicked] = useState<string | null>(null);
  const templateId = picked ?? (value ? (current.data ?? null) : null);
  const templates = useTemplates('');
  const versions = usePickableVersions(templateId);
  const templateData = (templates.data?.pages ?? []).flatMap((p) => p.items ?? []).map((t) => ({ value: t.id, label: t.name }));
  if (templateId && !templateData.some((t) => t.value === templateId)) templateData.push({ value: templateId, label: templateId });
  const versionData = (templateId ? (versions.data ?? []) : [])
    .filter((v) => v.status === 'PUBLISHED' || v.id === value)
    .map((v) => ({ value: v.id, label: `${v.version}${v.status === 'PUBLISHED' ? '' : ` (${v.status})`}` }));
  if (value && !versionData.some((v) => v.value === value)) versionData.push({ value, label: value });
  return (
    <Group gap="xs" grow align="flex-start">
      <Select
        label="Child template"
        size="sm"
        data={templateData}
        value={templateId}
        onChange={(id) => setPicked(id)}
        readOnly={readOnly}
        searchable
        placeholder={templates.isLoading ? 'Loading…' : 'Pick a template'}
        nothingFoundMessage="No template"
      />
      <Select
        label="Child version"
        size="sm"
        data={versionData}
        value={value || null}
        onChange={(v) => v && onChange(v)}
        readOnly={readOnly}
        disabled={!templateId}
        placeholder={templateId ? 'A published version' : 'Pick the template first'}
        nothingFoundMessage="No published version"
        error={error}
        data-path={dataPath}
        description={templateId && versions.data && versionData.length === 0 ? <Text size="xs" span>This template has no published version yet.</Text> : undefined}
      />
    </Group>
  );
}
