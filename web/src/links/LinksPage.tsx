import { ActionIcon, Anchor, Badge, Button, Code, Group, SegmentedControl, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconLink, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import type { Link } from '../api/types';
import { useTemplate } from '../templates/queries';
import { WorkflowTabs } from '../templates/WorkflowTabs';
import { EmptyState } from '../ui/EmptyState';
import { PageHeader } from '../ui/PageHeader';
import { ListBody } from '../ui/ListBody';
import { Timestamp } from '../ui/Timestamp';
import { LinkFormModal } from './LinkFormModal';
import { entityTypeLabel, useDeleteLink, useLinks } from './queries';
import { problemOf } from '../api/problem';

/** LinksPage is the Workflow Links tab: what starts which workflow. */
export default function LinksPage() {
  const [params, setParams] = useSearchParams();
  const type = params.get('type') ?? '';
  const links = useLinks(type);
  const [adding, setAdding] = useState(false);
  const rows = links.data?.pages.flatMap((p) => p.items ?? []) ?? [];
  return (
    <>
      <PageHeader
        title="Workflow Management"
        description="Versioned workflow templates: draft, publish, activate, and link them to what starts them."
        actions={
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            Add Link
          </Button>
        }
      />
      <WorkflowTabs />
      <Group mb="md" justify="space-between">
        <SegmentedControl
          aria-label="Link type"
          value={type}
          onChange={(v) => setParams(v ? { type: v } : {}, { replace: true })}
          data={[
            { value: '', label: 'All' },
            { value: 'SERVICE_CATALOG', label: 'Service Request Type' },
            { value: 'PRODUCT', label: 'Product ID' },
          ]}
        />
      </Group>
      <ListBody
        query={links}
        errorTitle="Links could not be loaded"
        empty={
          rows.length === 0 && (
            <EmptyState
              icon={<IconLink size={24} />}
              title="No links yet"
              action={
                <Button variant="light" onClick={() => setAdding(true)}>
                  Add a link
                </Button>
              }
            >
              A link starts a workflow’s active version when a service request of a type is created or a product is purchased.
            </EmptyState>
          )
        }
      >
        <Table highlightOnHover aria-label="Workflow Links">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Workflow</Table.Th>
              <Table.Th w={200}>Link type</Table.Th>
              <Table.Th>Identifier</Table.Th>
              <Table.Th w={140}>Created</Table.Th>
              <Table.Th w={100}>
                <span className="sr-only">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((l) => (
              <LinkRow key={l.id} link={l} />
            ))}
          </Table.Tbody>
        </Table>
        {links.hasNextPage && (
          <Group justify="center" p="sm">
            <Button variant="subtle" loading={links.isFetchingNextPage} onClick={() => links.fetchNextPage()}>
              Load more
            </Button>
          </Group>
        )}
      </ListBody>
      <LinkFormModal opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}

function LinkRow({ link }: { link: Link }) {
  const template = useTemplate(link.workflowTemplateId);
  const remove = useDeleteLink();
  const [editing, setEditing] = useState(false);
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: 'Delete this link?',
      children: (
        <Text size="sm">
          {entityTypeLabel(link.entityType)} <Code>{link.entityId}</Code> will start no workflow any more. Executions already started keep running.
        </Text>
      ),
      labels: { confirm: 'Delete link', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(link.id, {
          onSuccess: () => notifications.show({ color: 'green', message: 'Link deleted' }),
          onError: (err) => notifications.show({ color: 'red', title: 'The link was not deleted', message: problemOf(err)?.detail ?? String(err) }),
        }),
    });
  return (
    <Table.Tr>
      <Table.Td>
        {template.data ? (
          <Anchor component={RouterLink} to={`/workflows/${link.workflowTemplateId}`} size="sm" fw={500}>
            {template.data.name}
          </Anchor>
        ) : (
          <Text size="sm" c="dimmed">
            {template.isPending ? 'Loading…' : link.workflowTemplateId}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={link.entityType === "PRODUCT" ? "grape" : "cyan"} radius="sm" tt="none" style={{ flexShrink: 0 }}>
          {entityTypeLabel(link.entityType)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Code>{link.entityId}</Code>
      </Table.Td>
      <Table.Td>
        <Timestamp value={link.createdAt} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Tooltip label="Edit">
            <ActionIcon variant="subtle" color="gray" aria-label={`Edit link ${link.entityId}`} onClick={() => setEditing(true)}>
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Delete">
            <ActionIcon variant="subtle" color="red" aria-label={`Delete link ${link.entityId}`} onClick={confirmDelete} loading={remove.isPending}>
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
        {editing && <LinkFormModal opened onClose={() => setEditing(false)} link={link} linkTemplateName={template.data?.name} />}
      </Table.Td>
    </Table.Tr>
  );
}
