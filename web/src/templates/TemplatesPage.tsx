import { Anchor, Button, Group, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconPlus, IconSearch, IconSitemap } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { CreateTemplateModal } from './CreateTemplateModal';
import { useTemplates } from './queries';
import { TemplateVersionCells } from './TemplateVersionCells';
import { WorkflowTabs } from './WorkflowTabs';

/** TemplatesPage is Workflow Management: every workflow template, searchable by name. */
export default function TemplatesPage() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [creating, { open, close }] = useDisclosure(params.get('create') === '1');
  const templates = useTemplates(debounced);

  // The search is part of the URL, so a filtered list can be shared and survives back/forward.
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) {
      setParams(debounced ? { q: debounced } : {}, { replace: true });
    }
  }, [debounced, params, setParams]);

  const rows = templates.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <>
      <PageHeader
        title="Workflow Management"
        description="Versioned workflow templates: draft, publish, activate, and link them to what starts them."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={open}>
            Create Workflow
          </Button>
        }
      />
      <WorkflowTabs />
      <Group mb="md">
        <TextInput
          aria-label="Search workflows by name"
          placeholder="Search by name"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        {templates.isFetching && !templates.isPending && (
          <Text size="xs" c="dimmed" role="status">
            Updating…
          </Text>
        )}
      </Group>
      <ListBody
        query={templates}
        errorTitle="Workflows could not be loaded"
        empty={
          rows.length === 0 && (
            <EmptyState
              icon={<IconSitemap size={24} />}
              title={debounced ? `No workflow matches “${debounced}”` : 'No workflows yet'}
              action={
                !debounced && (
                  <Button variant="light" onClick={open}>
                    Create your first workflow
                  </Button>
                )
              }
            >
              {debounced ? 'Try another part of the name.' : 'A workflow holds versions of a definition; create one to start drawing.'}
            </EmptyState>
          )
        }
      >
        <Table highlightOnHover aria-label="Workflows">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th w={130}>Active version</Table.Th>
              <Table.Th w={90}>Versions</Table.Th>
              <Table.Th w={150}>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/workflows/${t.id}`} fw={500} size="sm">
                    {t.name}
                  </Anchor>
                </Table.Td>
                <Table.Td maw={380}>
                  <Text size="sm" c={t.description ? undefined : 'dimmed'} lineClamp={1}>
                    {t.description || '—'}
                  </Text>
                </Table.Td>
                <TemplateVersionCells template={t} />
                <Table.Td>
                  <Timestamp value={t.updatedAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {templates.hasNextPage && (
          <Group justify="center" p="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Button variant="subtle" loading={templates.isFetchingNextPage} onClick={() => templates.fetchNextPage()}>
              Load more
            </Button>
          </Group>
        )}
      </ListBody>
      <CreateTemplateModal opened={creating} onClose={close} />
    </>
  );
}
