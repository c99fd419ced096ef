import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { DataSourceInput } from '../api/types';

const key = ['data-sources'] as const;

export function useDataSources() {
  return useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/v1/data-sources', { params: { query: { limit: 200 } } })),
  });
}

export function useSaveDataSource() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: DataSourceInput }) =>
      id ? call(api.PUT('/v1/data-sources/{id}', { params: { path: { id } }, body })) : call(api.POST('/v1/data-sources', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteDataSource() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/data-sources/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
