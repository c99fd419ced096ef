import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { LinkCreate, LinkUpdate } from '../api/types';

export const linkKeys = { all: ['links'] as const, list: (type: string) => ['links', 'list', type] as const };

export const entityTypes: { value: LinkCreate['entityType']; label: string; identifier: string }[] = [
  { value: 'SERVICE_CATALOG', label: 'Service Request Type', identifier: 'Service request type key' },
  { value: 'PRODUCT', label: 'Product ID', identifier: 'Product ID' },
];

export function entityTypeLabel(t: string): string {
  return entityTypes.find((e) => e.value === t)?.label ?? t;
}

/** useLinks pages through every Workflow Link, optionally of one entity type. */
export function useLinks(entityType: string) {
  return useInfiniteQuery({
    queryKey: linkKeys.list(entityType),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/v1/links', {
          params: {
            query: {
              limit: 100,
              order: 'desc',
              ...(entityType ? { entityType: entityType as LinkCreate['entityType'] } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
}

export function useCreateLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LinkCreate) => call(api.POST('/v1/links', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: linkKeys.all }),
  });
}

export function useDeleteLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/v1/links/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: linkKeys.all }),
  });
}

/**
 * useUpdateLink is "edit": one PATCH, which the server applies atomically, so the entity is
 * never left without its link nor linked twice, and a refusal changes nothing.
 */
export function useUpdateLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: LinkUpdate }) => call(api.PATCH('/v1/links/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: linkKeys.all }),
  });
}
