import { Badge, Tooltip } from '@mantine/core';
import { statusStyle } from './status';

/** StatusBadge shows a runtime status with its colour, icon and text (never colour alone). */
export function StatusBadge({ status, size = 'md' }: { status: string | null | undefined; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const look = statusStyle(status);
  const Icon = look.icon;
  return (
    <Tooltip label={look.meaning} openDelay={400}>
      <Badge variant="light" color={look.color} size={size} radius="sm" leftSection={<Icon size={size === 'xs' ? 11 : 13} stroke={2.2} aria-hidden />} style={{ textTransform: 'none' }}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}
