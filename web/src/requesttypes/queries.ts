import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { RequestTypeInput } from '../api/types';

const key = ['request-types'] as const;

export function useRequestTypes() {
  return useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/v1/service-request-types', { params: { query: { limit: 200 } } })),
  });
}

export function useSaveRequestType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ existing, body }: { existing?: string; body: RequestTypeInput }) =>
      existing
        ? call(api.PUT('/v1/service-request-types/{type}', { params: { path: { type: existing } }, body }))
        : call(api.POST('/v1/service-request-types', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useDeleteRequestType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (type: string) => call(api.DELETE('/v1/service-request-types/{type}', { params: { path: { type } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
