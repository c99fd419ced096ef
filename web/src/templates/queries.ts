import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { TemplateCreate, TemplateUpdate, VersionSummary } from '../api/types';

export const templateKeys = {
  all: ['templates'] as const,
  list: (name: string) => ['templates', 'list', name] as const,
  one: (id: string) => ['templates', 'one', id] as const,
  versions: (id: string) => ['templates', 'versions', id] as const,
};

const PAGE = 50;

/** useTemplates pages through templates (newest first), filtered by a name substring. */
export function useTemplates(name: string) {
  return useInfiniteQuery({
    queryKey: templateKeys.list(name),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/v1/templates', {
          params: { query: { limit: PAGE, order: 'desc', ...(name ? { name } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor || undefined,
    placeholderData: keepPreviousData,
  });
}

export function useTemplate(id: string) {
  return useQuery({
    queryKey: templateKeys.one(id),
    queryFn: () => call(api.GET('/v1/templates/{id}', { params: { path: { id } } })),
  });
}

/** useTemplateVersions reads every version of a template (all pages; templates have few). */
export function useTemplateVersions(id: string) {
  return useQuery({
    queryKey: templateKeys.versions(id),
    queryFn: async () => {
      const all: VersionSummary[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          api.GET('/v1/templates/{id}/versions', {
            params: { path: { id }, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
          }),
        );
        all.push(...(page.items ?? []));
        cursor = page.nextCursor || undefined;
      } while (cursor);
      return all;
    },
  });
}

export function useCreateTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplateCreate) => call(api.POST('/v1/templates', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useUpdateTemplate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: TemplateUpdate) => call(api.PATCH('/v1/templates/{id}', { params: { path: { id } }, body })),
    onSuccess: (t) => {
      qc.setQueryData(templateKeys.one(id), t);
      return qc.invalidateQueries({ queryKey: ['templates', 'list'] });
    },
  });
}

export function useDeleteTemplate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.DELETE('/v1/templates/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      qc.removeQueries({ queryKey: templateKeys.one(id) });
      return Promise.all([
        qc.invalidateQueries({ queryKey: ['templates', 'list'] }),
        qc.invalidateQueries({ queryKey: ['links'] }),
      ]);
    },
  });
}
