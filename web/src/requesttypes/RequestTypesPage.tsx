import { Button, Code, Table, Text } from '@mantine/core';
import { IconFileDescription, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { RequestType } from '../api/types';
import { confirmDelete } from '../ui/confirmDelete';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { RowActions } from '../ui/RowActions';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { useDeleteRequestType, useRequestTypes } from './queries';
import { RequestTypeFormModal } from './RequestTypeFormModal';

/** RequestTypesPage lists service-request types: the task groups and tasks a request is built from. */
export default function RequestTypesPage() {
  const types = useRequestTypes();
  const remove = useDeleteRequestType();
  const [editing, setEditing] = useState<RequestType | 'new' | null>(null);
  const items = types.data?.items ?? [];

  const askDelete = (t: RequestType) =>
    confirmDelete(t.type ?? '', 'A type with service requests, or that a published definition maps onto, cannot be deleted.', (cb) => remove.mutate(t.type ?? '', cb));

  return (
    <>
      <PageHeader
        title="Service-request types"
        description="The task groups and tasks each type of service request is built from."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New request type
          </Button>
        }
      />
      <ListBody
        query={types}
        errorTitle="Request types could not be loaded"
        empty={
          items.length === 0 && (
            <EmptyState icon={<IconFileDescription size={24} />} title="No service-request types yet" action={<Button variant="light" onClick={() => setEditing('new')}>New request type</Button>}>
              A type lists the task groups and tasks of its requests; link it to a workflow to run them.
            </EmptyState>
          )
        }
      >
        <Table highlightOnHover aria-label="Service-request types">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Key</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th w={110}>Task groups</Table.Th>
              <Table.Th w={90}>Tasks</Table.Th>
              <Table.Th w={140}>Updated</Table.Th>
              <Table.Th w={100}>
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((t) => (
              <Table.Tr key={t.type}>
                <Table.Td>
                  <Code>{t.type}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t.name}</Text>
                </Table.Td>
                <Table.Td>{t.taskGroups?.length ?? 0}</Table.Td>
                <Table.Td>{(t.taskGroups ?? []).reduce((n, g) => n + (g.tasks?.length ?? 0), 0)}</Table.Td>
                <Table.Td>
                  <Timestamp value={t.updatedAt} />
                </Table.Td>
                <Table.Td>
                  <RowActions label={t.type ?? ''} onEdit={() => setEditing(t)} onDelete={() => askDelete(t)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ListBody>
      {editing && <RequestTypeFormModal opened existing={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
    </>
  );
}
