import { Badge, Group } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import type { Version } from '../api/types';

const colors: Record<Version['status'], string> = {
  DRAFT: 'gray',
  PUBLISHED: 'blue',
  DEPRECATED: 'orange',
};

/** VersionStatusBadge shows a version's lifecycle status, and whether it is the active one. */
export function VersionStatusBadge({ status, active }: { status: Version['status']; active?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={colors[status]} variant="light" radius="sm" style={{ flexShrink: 0 }}>
        {status}
      </Badge>
      {active && (
        <Badge color="green" variant="light" radius="sm" style={{ flexShrink: 0 }} leftSection={<IconBolt size={12} aria-hidden />}>
          Active
        </Badge>
      )}
    </Group>
  );
}
