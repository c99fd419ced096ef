import { ActionIcon, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { uniqueId } from './model';

/** A document a doc_upload step asks for. */
export interface DocumentSpec {
  key?: string;
  name?: string;
  required?: boolean;
  [key: string]: unknown;
}

/** DocumentsEditor edits a human.doc_upload step's documents: key, name, required. */
export function DocumentsEditor({ value, onChange, readOnly }: { value: DocumentSpec[]; onChange: (next: DocumentSpec[] | undefined) => void; readOnly: boolean }) {
  const set = (i: number, d: DocumentSpec) => onChange(value.map((x, j) => (j === i ? d : x)));
  return (
    <Stack gap="xs" role="group" aria-label="Documents">
      {value.length === 0 && (
        <Text size="xs" c="dimmed">
          No list: any documents may be uploaded.
        </Text>
      )}
      {value.map((d, i) => {
        const name = d.name || d.key || `#${i + 1}`;
        return (
          <Group key={i} gap="xs" align="flex-end" wrap="nowrap">
            <TextInput label="Key" size="xs" value={d.key ?? ''} onChange={(e) => set(i, { ...d, key: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1 }} />
            <TextInput label="Name" size="xs" value={d.name ?? ''} onChange={(e) => set(i, { ...d, name: e.currentTarget.value })} readOnly={readOnly} style={{ flex: 1.5 }} />
            <Checkbox label="Required" size="xs" mb={6} checked={!!d.required} onChange={(e) => set(i, { ...d, required: e.currentTarget.checked })} disabled={readOnly} />
            {!readOnly && (
              <ActionIcon variant="subtle" color="red" mb={2} onClick={() => { const next = value.filter((_, j) => j !== i); onChange(next.length ? next : undefined); }} aria-label={`Remove document ${name}`}>
                <IconTrash size={14} />
              </ActionIcon>
            )}
          </Group>
        );
      })}
      {!readOnly && (
        <Group>
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...value, { key: uniqueId('doc', value.map((d) => d.key)), name: '', required: true }])}>
            Add document
          </Button>
        </Group>
      )}
    </Stack>
  );
}
