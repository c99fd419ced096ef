import { Badge } from '@mantine/core';
import { IconClockExclamation, IconHandGrab } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { Task } from './queries';
import { isBreached } from './queue';

/** useBreached is isBreached, re-rendered at the moment the task's due date passes. */
function useBreached(task: Pick<Task, 'status' | 'slaBreached' | 'dueAt'>): boolean {
  const [now, setNow] = useState(() => Date.now());
  const breached = isBreached(task, now);
  const due = task.dueAt ? Date.parse(task.dueAt) : NaN;
  useEffect(() => {
    if (breached || Number.isNaN(due)) return;
    // setTimeout takes at most 2^31-1 ms; a later due date is re-checked then.
    const id = setTimeout(() => setNow(Date.now()), Math.min(Math.max(due - Date.now(), 0) + 50, 2_147_483_647));
    return () => clearTimeout(id);
  }, [breached, due, now]);
  return breached;
}

const statusLook: Record<string, { color: string; label: string }> = {
  OPEN: { color: 'blue', label: 'Open' },
  CLAIMED: { color: 'violet', label: 'Claimed' },
  COMPLETED: { color: 'green', label: 'Completed' },
  CANCELLED: { color: 'gray', label: 'Cancelled' },
};

/** TaskStatusBadge shows a task's status, and the SLA badge when it is past due. */
export function TaskStatusBadge({ task }: { task: Pick<Task, 'status' | 'slaBreached' | 'claimedBy' | 'dueAt'> }) {
  const breached = useBreached(task);
  const look = statusLook[task.status] ?? { color: 'gray', label: task.status };
  return (
    <>
      <Badge variant="light" color={look.color} radius="sm" style={{ textTransform: 'none' }} leftSection={task.status === 'CLAIMED' ? <IconHandGrab size={12} aria-hidden /> : undefined}>
        {look.label}
      </Badge>
      {breached && (
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
