import type { Queue, Task, TaskCounts } from './queries';

/** Who the caller is, as far as queues go. */
export interface Caller {
  user: string | null;
  groups: string[] | null;
}

/**
 * queueOf says which inbox tab a task belongs to for a caller: claimed by or assigned to them
 * (mine), assigned to one of their groups (groups), or unassigned (shared). Null: someone
 * else's (an admin sees those under All).
 */
export function queueOf(t: Pick<Task, 'assignee' | 'claimedBy'>, who: Caller): Exclude<Queue, 'all'> | null {
  if (who.user && (t.claimedBy === who.user || t.assignee === who.user)) return 'mine';
  if (t.assignee.startsWith('group:') && (who.groups ?? []).includes(t.assignee.slice('group:'.length))) return 'groups';
  if (t.assignee === '') return 'shared';
  return null;
}

/**
 * isBreached is the server's slaBreached, kept current in the browser: an open task whose due
 * date passes while the page shows it is breached from that moment, not from the next refetch.
 */
export function isBreached(t: Pick<Task, 'slaBreached' | 'dueAt' | 'status'>, now: number): boolean {
  return t.slaBreached || (!!t.dueAt && Date.parse(t.dueAt) <= now && (t.status === 'OPEN' || t.status === 'CLAIMED'));
}

/**
 * partition is the fallback for a server that does not know `queue` (it answers every task the
 * caller may see): the page is split by queueOf and counted here. With a server that knows it,
 * the server's counts are used and nothing is filtered.
 */
export function partition(items: Task[], queue: Queue, who: Caller, serverCounts: TaskCounts | undefined, now: number): { items: Task[]; counts: TaskCounts } {
  if (serverCounts) return { items, counts: serverCounts };
  const counts: TaskCounts = { mine: 0, groups: 0, shared: 0, breached: 0 };
  for (const t of items) {
    const q = queueOf(t, who);
    if (q) counts[q]++;
    if (isBreached(t, now)) counts.breached++;
  }
  return { items: queue === 'all' ? items : items.filter((t) => queueOf(t, who) === queue), counts };
}

/** byDue sorts tasks by due date, those without one last, then by creation. */
export function byDue(a: Pick<Task, 'dueAt' | 'createdAt'>, b: Pick<Task, 'dueAt' | 'createdAt'>): number {
  const da = a.dueAt ? Date.parse(a.dueAt) : Infinity;
  const db = b.dueAt ? Date.parse(b.dueAt) : Infinity;
  if (da !== db) return da < db ? -1 : 1;
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}
