import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { batchChildren, executionFiles, type ExecutionDetail } from './api';
import { isTerminal } from './status';

export const executionKeys = {
  all: ['executions'] as const,
  list: (filters: object) => ['executions', 'list', filters] as const,
  one: (id: string) => ['executions', 'one', id] as const,
  tree: (id: string) => ['executions', 'tree', id] as const,
  children: (id: string, stepId: string, cursor: string) => ['executions', 'children', id, stepId, cursor] as const,
  files: (id: string) => ['executions', 'files', id] as const,
};

/** ExecutionFilters are the list's filters, as GET /v1/executions takes them. */
export interface ExecutionFilters {
  workflowTemplateId?: string;
  workflowTemplateVersionId?: string;
  status?: 'CREATED' | 'STARTED' | 'FAILED_TO_START' | 'COMPLETED';
  runtimeStatus?: 'NotStarted' | 'InProgress' | 'Completed' | 'Failed' | 'Cancelled';
  parentWorkflowExecutionId?: string;
  rootWorkflowExecutionId?: string;
  /** Search: an execution id, or part of a name or correlation id. */
  q?: string;
  /** Started at or after / before these instants (RFC 3339). */
  startedAfter?: string;
  startedBefore?: string;
  cursor?: string;
}

export function useExecutions(filters: ExecutionFilters) {
  return useQuery({
    queryKey: executionKeys.list(filters),
    queryFn: () => call(api.GET('/v1/executions', { params: { query: { ...filters, order: 'desc', limit: 50 } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchInterval: 15_000,
  });
}

/** useExecution reads an execution with its runtime view; `poll` is set while the live stream is down. */
export function useExecution(id: string, poll: boolean) {
  return useQuery({
    queryKey: executionKeys.one(id),
    queryFn: () => call(api.GET('/v1/executions/{id}', { params: { path: { id } } })),
    staleTime: 0,
    refetchInterval: (q) => (poll && !isTerminal((q.state.data as ExecutionDetail | undefined)?.runtime?.runtimeStatus) ? 2_000 : false),
    retry: (n, err) => n < 2 && !(err && typeof err === 'object' && 'status' in err && [403, 404].includes((err as { status: number }).status)),
  });
}

/** useExecutionTree reads a tree from its root; `poll` while the live stream is down. */
export function useExecutionTree(id: string | undefined, enabled: boolean, poll = false) {
  return useQuery({
    queryKey: executionKeys.tree(id ?? ''),
    queryFn: () => call(api.GET('/v1/executions/{id}/tree', { params: { path: { id: id! } } })),
    enabled: !!id && enabled,
    staleTime: 0,
    refetchInterval: poll ? 3_000 : false,
  });
}

export function useStepChildren(id: string, stepId: string, cursor: string, enabled: boolean) {
  return useQuery({
    queryKey: executionKeys.children(id, stepId, cursor),
    queryFn: () => batchChildren(id, stepId, cursor || undefined),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useExecutionFiles(id: string) {
  return useQuery({ queryKey: executionKeys.files(id), queryFn: () => executionFiles(id), retry: false });
}

/** useExecutionDefinition reads the version an execution runs (anyone who may see the run may read it). */
export function useExecutionDefinition(executionId: string | undefined, enabled = true) {
  return useQuery({
    // Not under executionKeys.all: a version never changes, so a run's events need not refetch it.
    queryKey: ['execution-definition', executionId ?? ''],
    queryFn: async () => {
      const { data, response } = await api.GET('/v1/executions/{id}/definition', { params: { path: { id: executionId! } } });
      if (!response.ok || !data) throw new Error(`the definition of execution ${executionId}: HTTP ${response.status}`);
      return data;
    },
    enabled: !!executionId && enabled,
    staleTime: Infinity,
    retry: false,
  });
}

/** Any action on a run may change every execution of its tree: refresh them all. */
function useInvalidateExecutions() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: executionKeys.all });
}

export function useRetryStep(id: string) {
  const invalidate = useInvalidateExecutions();
  return useMutation({
    mutationFn: (stepId: string) => call(api.POST('/v1/executions/{id}/steps/{stepId}/retry', { params: { path: { id, stepId } } })),
    onSettled: invalidate,
  });
}

export function useCancelExecution(id: string) {
  const invalidate = useInvalidateExecutions();
  return useMutation({
    mutationFn: () => call(api.POST('/v1/executions/{id}/cancel', { params: { path: { id } } })),
    onSettled: invalidate,
  });
}

export function useCompleteStep(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ stepId, outputData }: { stepId: string; outputData?: unknown }) =>
      call(api.POST('/v1/executions/{id}/steps/{stepId}/complete', { params: { path: { id, stepId } }, body: { outputData } })),
    onSettled: () => Promise.all([qc.invalidateQueries({ queryKey: executionKeys.all }), qc.invalidateQueries({ queryKey: ['tasks'] })]),
  });
}
