import { Badge, Table, Text } from '@mantine/core';
import type { Template } from '../api/types';

/**
 * TemplateVersionCells are the "active version" and "versions" columns of one row, read from
 * the template answer itself (activeVersion, versionCount): no request per row.
 */
export function TemplateVersionCells({ template }: { template: Template }) {
  return (
    <>
      <Table.Td>
        {template.activeVersion ? (
          <Badge variant="light" color="green" radius="sm" ff="monospace" tt="none">
            {template.activeVersion}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            none
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{template.versionCount}</Text>
      </Table.Td>
    </>
  );
}
