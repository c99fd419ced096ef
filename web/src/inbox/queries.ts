import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { components } from '../api/schema';

/** Task is a human task; GET of one task also carries what its step asks for (form, message, url, documents). */
export type Task = components['schemas']['Task'];

/** Queue is an inbox tab: my tasks, my groups', the shared (unassigned) queue, or all (admins). */
export type Queue = 'mine' | 'groups' | 'shared' | 'all';

export type TaskCounts = components['schemas']['TaskCounts'];

export type TaskList = components['schemas']['ListTasksOutputBody'];

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

/** useTasks reads one inbox page, sorted by due date (GET /v1/tasks?queue=...). */
export function useTasks(f: TaskFilters) {
  return useQuery({
    queryKey: taskKeys.list(f),
    queryFn: () =>
      call(
        api.GET('/v1/tasks', {
          params: { query: { status: f.status as Task['status'] | undefined, workflowTemplateId: f.workflowTemplateId, dueBefore: f.dueBefore, cursor: f.cursor, limit: 50, queue: f.queue === 'all' ? undefined : [f.queue] } },
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: 15_000,
  });
}

export function useTask(id: string) {
  return useQuery({
    queryKey: taskKeys.one(id),
    queryFn: () => call(api.GET('/v1/tasks/{id}', { params: { path: { id } } })),
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
