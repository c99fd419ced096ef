import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { ApiKeyCreate } from '../api/types';

const key = ['api-keys'] as const;

export function useApiKeys() {
  return useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/v1/api-keys', { params: { query: { limit: 200 } } })),
  });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => call(api.POST('/v1/api-keys', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
