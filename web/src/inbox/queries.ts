import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { components } from '../api/schema';
import { ApiError } from '../api/problem';
import { untypedGet } from '../executions/api';

export type Task = components['schemas']['Task'] & {
  /** What the new task API adds so that agents can act without reading the version. */
  form?: unknown;
  url?: string;
  message?: string;
  documents?: unknown;
  workflowExecutionName?: string;
};

/** Queue is an inbox tab: my tasks, my groups', the shared (unassigned) queue, or all (admins). */
export type Queue = 'mine' | 'groups' | 'shared' | 'all';

export interface TaskCounts {
  mine: number;
  groups: number;
  shared: number;
  breached: number;
}

export interface TaskList {
  items: Task[] | null;
  nextCursor?: string;
  counts?: TaskCounts;
}

export interface TaskFilters {
  queue: Queue;
  status?: string;
  workflowTemplateId?: string;
  dueBefore?: string;
  cursor?: string;
}

export const taskKeys = {
  all: ['tasks'] as const,
  list: (f: TaskFilters) => ['tasks', 'list', f] as const,
  one: (id: string) => ['tasks', 'one', id] as const,
};

function refusedNewParams(err: unknown): boolean {
  const problem = err instanceof ApiError ? err.problem : undefined;
  return !!problem && (err as ApiError).status === 422 && (problem.errors ?? []).some((e) => /queue|sort/.test(e.location ?? "") || /unknown/i.test(e.message ?? ""));
}

/** useTasks reads one inbox page, sorted by due date (GET /v1/tasks?queue=...&sort=dueAt). */
export function useTasks(f: TaskFilters) {
  return useQuery({
    queryKey: taskKeys.list(f),
    queryFn: async () => {
      const base = { status: f.status, workflowTemplateId: f.workflowTemplateId, dueBefore: f.dueBefore, cursor: f.cursor, limit: 50 };
      try {
        return await untypedGet<TaskList>('/v1/tasks', { ...base, queue: f.queue === 'all' ? undefined : f.queue, sort: 'dueAt' });
      } catch (err) {
        // A server without issue 13's queues refuses the unknown parameters: ask it the old
        // way; the page then splits and counts the answer itself (queue.ts, partition).
        if (!refusedNewParams(err)) throw err;
        return untypedGet<TaskList>('/v1/tasks', base);
      }
    },
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: 15_000,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: taskKeys.one(id),
    queryFn: () => call(api.GET('/v1/tasks/{id}', { params: { path: { id } } })) as Promise<Task>,
    staleTime: 0,
    refetchInterval: 15_000,
  });
}

function useTaskWrite<A>(write: (a: A) => Promise<Task>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: taskKeys.all }), qc.invalidateQueries({ queryKey: ['executions'] })]),
  });
}

export function useClaim() {
  return useTaskWrite((id: string) => call(api.POST('/v1/tasks/{id}/claim', { params: { path: { id } } })));
}

export function useUnclaim() {
  return useTaskWrite((id: string) => call(api.POST('/v1/tasks/{id}/unclaim', { params: { path: { id } } })));
}

export function useCompleteTask() {
  return useTaskWrite(({ id, outputData }: { id: string; outputData?: unknown }) => call(api.POST('/v1/tasks/{id}/complete', { params: { path: { id } }, body: { outputData } })));
}
