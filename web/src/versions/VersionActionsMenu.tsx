import { ActionIcon, Menu } from '@mantine/core';
import { IconArchive, IconBolt, IconDots, IconExternalLink, IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { VersionSummary } from '../api/types';
import type { Lifecycle } from './useLifecycle';

/** VersionActionsMenu offers what a version's status allows; the server still decides. */
export function VersionActionsMenu({ version, lifecycle }: { version: VersionSummary; lifecycle: Lifecycle }) {
  const published = version.status === 'PUBLISHED';
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for version ${version.version}`}>
          <IconDots size={18} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={`/workflows/${version.workflowTemplateId}/versions/${version.id}`} leftSection={<IconExternalLink size={16} aria-hidden />}>
          Open
        </Menu.Item>
        {version.status === 'DRAFT' && (
          <Menu.Item leftSection={<IconUpload size={16} aria-hidden />} onClick={() => lifecycle.publish(version.id, version.version)}>
            Publish
          </Menu.Item>
        )}
        {published && !version.active && (
          <Menu.Item leftSection={<IconBolt size={16} aria-hidden />} onClick={() => lifecycle.activate(version.id, version.version)}>
            Activate
          </Menu.Item>
        )}
        {published && !version.active && (
          <Menu.Item leftSection={<IconArchive size={16} aria-hidden />} onClick={() => lifecycle.deprecate(version.id, version.version)}>
            Deprecate
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
