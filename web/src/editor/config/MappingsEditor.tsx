import { ActionIcon, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { WorkflowDefinition } from '../definition';
import type { ExpressionScope } from '../expression/scope';
import { uniqueId } from './model';
import { useFieldIssue } from './issues';
import { ValueProviderInput, type Provider } from './ValueProviderInput';

/** A mapping as stored (SPEC §3). */
export interface Mapping {
  id?: string;
  targetPath?: string;
  value?: Provider;
  mode?: string;
  [key: string]: unknown;
}

interface MappingsEditorProps {
  label: string;
  description: string;
  value: Mapping[];
  onChange: (next: Mapping[] | undefined) => void;
  definition: WorkflowDefinition;
  scope: ExpressionScope;
  /** JSON Pointer suffix of the list: "/inputMapping". */
  path: string;
  readOnly: boolean;
}

/** MappingsEditor edits a list of mappings: a target dot path, a value provider, set or append. */
export function MappingsEditor({ label, description, value, onChange, definition, scope, path, readOnly }: MappingsEditorProps) {
  const set = (i: number, m: Mapping) => onChange(value.map((x, j) => (j === i ? m : x)));
  const remove = (i: number) => {
    const next = value.filter((_, j) => j !== i);
    onChange(next.length ? next : undefined);
  };
  return (
    <Stack gap="xs" role="group" aria-label={label}>
      <Text size="xs" c="dimmed">
        {description}
      </Text>
      {value.map((m, i) => (
        <MappingRow key={i} index={i} mapping={m} label={label} onChange={(x) => set(i, x)} onRemove={() => remove(i)} definition={definition} scope={scope} path={`${path}/${i}`} readOnly={readOnly} />
      ))}
      {!readOnly && (
        <Group>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange([...value, { id: uniqueId('m', value.map((m) => m.id)), targetPath: '', value: { type: 'expr', expr: { type: 'jsonata', src: '' } } }])}
          >
            Add mapping
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function MappingRow({ index, mapping, label, onChange, onRemove, definition, scope, path, readOnly }: {
  index: number; mapping: Mapping; label: string; onChange: (m: Mapping) => void; onRemove: () => void;
  definition: WorkflowDefinition; scope: ExpressionScope; path: string; readOnly: boolean;
}) {
  const target = useFieldIssue(`${path}/targetPath`);
  const name = mapping.targetPath || `#${index + 1}`;
  return (
    <Paper withBorder p="xs" radius="sm">
      <Stack gap={6}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            label="Target path"
            size="xs"
            placeholder="customer.address.city"
            value={mapping.targetPath ?? ''}
            onChange={(e) => onChange({ ...mapping, targetPath: e.currentTarget.value })}
            readOnly={readOnly}
            style={{ flex: 1 }}
            {...target}
          />
          <SegmentedControl
            size="xs"
            data={[{ value: 'set', label: 'Set' }, { value: 'append', label: 'Append' }]}
            value={mapping.mode === 'append' ? 'append' : 'set'}
            onChange={(v) => {
              const next = { ...mapping };
              if (v === 'append') next.mode = 'append';
              else if (mapping.mode !== undefined) next.mode = 'set';
              onChange(next);
            }}
            disabled={readOnly}
            aria-label={`${label} ${name}: mode`}
          />
          {!readOnly && (
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={`Remove mapping ${name}`} mb={4}>
              <IconTrash size={14} />
            </ActionIcon>
          )}
        </Group>
        <ValueProviderInput
          label={`Value of ${name}`}
          value={mapping.value}
          onChange={(v) => onChange({ ...mapping, value: v ?? { type: 'const', value: null } })}
          optional={false}
          definition={definition}
          scope={scope}
          path={`${path}/value`}
          readOnly={readOnly}
        />
      </Stack>
    </Paper>
  );
}
