import { Badge, Button, Code, Table, Text } from '@mantine/core';
import { IconDatabase, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { DataSource } from '../api/types';
import { confirmDelete } from '../ui/confirmDelete';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { RowActions } from '../ui/RowActions';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { DataSourceFormModal } from './DataSourceFormModal';
import { useDataSources, useDeleteDataSource } from './queries';

/** DataSourcesPage lists the http endpoints definitions may call, with their forms. */
export default function DataSourcesPage() {
  const sources = useDataSources();
  const remove = useDeleteDataSource();
  const [editing, setEditing] = useState<DataSource | 'new' | null>(null);
  const items = sources.data?.items ?? [];

  const askDelete = (s: DataSource) =>
    confirmDelete(s.name, 'Drafts that call it will fail validation. A data source that published definitions call cannot be deleted.', (cb) => remove.mutate(s.id, cb));

  return (
    <>
      <PageHeader
        title="Data sources"
        description="HTTP endpoints that DataSourceCall steps call. Secrets stay in the worker’s environment."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New data source
          </Button>
        }
      />
      <ListBody
        query={sources}
        errorTitle="Data sources could not be loaded"
        empty={
          items.length === 0 && (
            <EmptyState icon={<IconDatabase size={24} />} title="No data sources yet" action={<Button variant="light" onClick={() => setEditing('new')}>New data source</Button>}>
              Add one to let workflows fetch data from your systems.
            </EmptyState>
          )
        }
      >
        <Table highlightOnHover aria-label="Data sources">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={90}>Kind</Table.Th>
              <Table.Th>Endpoint</Table.Th>
              <Table.Th w={140}>Updated</Table.Th>
              <Table.Th w={100}>
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((s) => {
              const cfg = (s.config ?? {}) as { method?: string; url?: string };
              return (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {s.name}
                    </Text>
                    <Text size="xs" c="dimmed" ff="monospace">
                      {s.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" radius="sm">
                      {s.kind}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Code>
                      {cfg.method ?? 'GET'} {cfg.url ?? ''}
                    </Code>
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={s.updatedAt} />
                  </Table.Td>
                  <Table.Td>
                    <RowActions label={s.name} onEdit={() => setEditing(s)} onDelete={() => askDelete(s)} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ListBody>
      {editing && <DataSourceFormModal opened source={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
