import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, call } from '../api/client';

interface TemplateSelectProps {
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
  /** The current choice's name, shown before the search has loaded it. */
  selectedName?: string;
}

/** TemplateSelect picks a workflow by name, searching the server as you type. */
export function TemplateSelect({ value, onChange, error, selectedName }: TemplateSelectProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const templates = useQuery({
    queryKey: ['templates', 'list', 'select', debounced],
    queryFn: () => call(api.GET('/v1/templates', { params: { query: { limit: 50, order: 'desc', ...(debounced ? { name: debounced } : {}) } } })),
  });
  const data = (templates.data?.items ?? []).map((t) => ({ value: t.id, label: t.name }));
  if (value && selectedName && !data.some((d) => d.value === value)) data.unshift({ value, label: selectedName });
  return (
    <Select
      label="Workflow"
      description="The workflow whose active version starts."
      placeholder={templates.isPending ? 'Loading workflows…' : 'Choose a workflow'}
      required
      searchable
      data={data}
      value={value}
      onChange={onChange}
      onSearchChange={setSearch}
      nothingFoundMessage={templates.isPending ? 'Loading…' : 'No workflow matches'}
      error={error}
      data-autofocus
    />
  );
}
