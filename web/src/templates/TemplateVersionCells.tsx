import { Badge, Skeleton, Table, Text } from '@mantine/core';
import type { Template } from '../api/types';
import { useTemplateVersions } from './queries';

/**
 * TemplateVersionCells are the "active version" and "versions" columns of one row. The
 * template answer carries only activeVersionId, so each row reads its versions (cached).
 */
export function TemplateVersionCells({ template }: { template: Template }) {
  const versions = useTemplateVersions(template.id);
  if (versions.isPending) {
    return (
      <>
        <Table.Td>
          <Skeleton h={18} w={60} />
        </Table.Td>
        <Table.Td>
          <Skeleton h={18} w={24} />
        </Table.Td>
      </>
    );
  }
  const active = versions.data?.find((v) => v.id === template.activeVersionId);
  return (
    <>
      <Table.Td>
        {active ? (
          <Badge variant="light" color="green" radius="sm" ff="monospace" tt="none">
            {active.version}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{versions.data?.length ?? '—'}</Text>
      </Table.Td>
    </>
  );
}
