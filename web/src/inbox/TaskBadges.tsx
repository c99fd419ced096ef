import { Badge } from '@mantine/core';
import { IconClockExclamation, IconHandGrab } from '@tabler/icons-react';
import type { Task } from './queries';

const statusLook: Record<string, { color: string; label: string }> = {
  OPEN: { color: 'blue', label: 'Open' },
  CLAIMED: { color: 'violet', label: 'Claimed' },
  COMPLETED: { color: 'green', label: 'Completed' },
  CANCELLED: { color: 'gray', label: 'Cancelled' },
};

/** TaskStatusBadge shows a task's status, and the SLA badge when it is past due. */
export function TaskStatusBadge({ task }: { task: Pick<Task, 'status' | 'slaBreached' | 'claimedBy'> }) {
  const look = statusLook[task.status] ?? { color: 'gray', label: task.status };
  return (
    <>
      <Badge variant="light" color={look.color} radius="sm" style={{ textTransform: 'none' }} leftSection={task.status === 'CLAIMED' ? <IconHandGrab size={12} aria-hidden /> : undefined}>
        {look.label}
      </Badge>
      {task.slaBreached && (
        <Badge variant="filled" color="red" radius="sm" ml={6} style={{ textTransform: 'none' }} leftSection={<IconClockExclamation size={12} aria-hidden />}>
          SLA breached
        </Badge>
      )}
    </>
  );
}

/** assigneeText says who a task is for in words. */
export function assigneeText(assignee: string): string {
  if (!assignee) return 'Shared queue';
  if (assignee.startsWith('group:')) return `Group ${assignee.slice(6)}`;
  return assignee;
}
