import { Button, Group, SimpleGrid, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

export interface AuditFilterValues {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  since: string;
  until: string;
}

export const emptyFilters: AuditFilterValues = { actor: '', action: '', targetType: '', targetId: '', since: '', until: '' };

interface AuditFiltersProps {
  value: AuditFilterValues;
  onApply: (value: AuditFilterValues) => void;
}

/** AuditFilters narrows the audit log by who, what, which record and when (local time). */
export function AuditFilters({ value, onApply }: AuditFiltersProps) {
  const [draft, setDraft] = useState(value);
  const set = (k: keyof AuditFilterValues) => (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(draft);
  };
  return (
    <form onSubmit={submit} aria-label="Audit filters">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mb="sm">
        <TextInput label="Actor" placeholder="user or key id" value={draft.actor} onChange={set('actor')} />
        <TextInput label="Action" placeholder="version.publish" value={draft.action} onChange={set('action')} />
        <TextInput label="Target type" placeholder="version" value={draft.targetType} onChange={set('targetType')} />
        <TextInput label="Target id" placeholder="c…" value={draft.targetId} onChange={set('targetId')} />
        <TextInput label="Since" type="datetime-local" value={draft.since} onChange={set('since')} />
        <TextInput label="Until" type="datetime-local" value={draft.until} onChange={set('until')} />
      </SimpleGrid>
      <Group gap="sm" mb="lg">
        <Button type="submit">Apply filters</Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft(emptyFilters);
            onApply(emptyFilters);
          }}
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}
