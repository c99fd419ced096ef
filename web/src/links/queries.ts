import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { Link, LinkCreate } from '../api/types';

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
 * useReplaceLink is "edit": the API has no PATCH for links, so an edit creates the new link and
 * deletes the old one. When the entity stays the same (only the workflow changes) the old link
 * must go first, since an entity has one link; if creating then fails, the old one is put back.
 */
export function useReplaceLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ old, next }: { old: Link; next: LinkCreate }) => {
      const sameEntity = old.entityType === next.entityType && old.entityId === next.entityId;
      if (!sameEntity) {
        const created = await call(api.POST('/v1/links', { body: next }));
        await call(api.DELETE('/v1/links/{id}', { params: { path: { id: old.id } } }));
        return created;
      }
      await call(api.DELETE('/v1/links/{id}', { params: { path: { id: old.id } } }));
      try {
        return await call(api.POST('/v1/links', { body: next }));
      } catch (err) {
        await call(
          api.POST('/v1/links', {
            body: { workflowTemplateId: old.workflowTemplateId, entityType: old.entityType, entityId: old.entityId },
          }),
        ).catch(() => undefined);
        throw err;
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: linkKeys.all }),
  });
}
