import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { components } from '../../api/schema';

/** Scenario is a scenario saved on a version. */
export type Scenario = components['schemas']['Scenario'];

const key = (versionId: string) => ['versions', versionId, 'scenarios'] as const;

/** useScenarios lists a version's saved scenarios. */
export function useScenarios(versionId: string) {
  return useQuery({
    queryKey: key(versionId),
    queryFn: async () => (await call(api.GET('/v1/versions/{id}/scenarios', { params: { path: { id: versionId } } }))).items ?? [],
  });
}

/** useSaveScenario saves (or replaces, by name) a scenario on a version. */
export function useSaveScenario(versionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (doc: Record<string, unknown>) => call(api.POST('/v1/versions/{id}/scenarios', { params: { path: { id: versionId } }, body: doc })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(versionId) }),
  });
}

/** useDeleteScenario deletes a version's scenario by name. */
export function useDeleteScenario(versionId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(api.DELETE('/v1/versions/{id}/scenarios/{name}', { params: { path: { id: versionId, name } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(versionId) }),
  });
}
