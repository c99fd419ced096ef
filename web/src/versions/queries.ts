import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, callWithResponse } from '../api/client';
import type { Version, VersionCreate } from '../api/types';
import { templateKeys } from '../templates/queries';

export const versionKeys = {
  one: (id: string) => ['versions', id] as const,
};

/** A version as read, with the ETag its writes must send back (If-Match). */
export interface VersionRead {
  version: Version;
  etag: string | null;
}

export function useVersion(id: string) {
  return useQuery({
    queryKey: versionKeys.one(id),
    queryFn: async (): Promise<VersionRead> => {
      const { data, response } = await callWithResponse(api.GET('/v1/versions/{id}', { params: { path: { id } } }));
      return { version: data, etag: response.headers.get('ETag') };
    },
  });
}

/**
 * versionsChanged refreshes what shows a template's versions: its versions list, and the
 * template answers (one and the list pages) that carry versionCount and activeVersion.
 */
function versionsChanged(qc: QueryClient, templateId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: templateKeys.versions(templateId) }),
    qc.invalidateQueries({ queryKey: templateKeys.one(templateId) }),
    qc.invalidateQueries({ queryKey: ['templates', 'list'] }),
  ]);
}

function useVersionWrite<A>(templateId: string, write: (args: A) => Promise<{ data: Version; response: Response }>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: ({ data, response }) => {
      qc.setQueryData<VersionRead>(versionKeys.one(data.id), { version: data, etag: response.headers.get('ETag') });
      return versionsChanged(qc, templateId);
    },
  });
}

export function useCreateVersion(templateId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: VersionCreate) =>
      call(api.POST('/v1/templates/{id}/versions', { params: { path: { id: templateId } }, body })),
    onSuccess: () => versionsChanged(qc, templateId),
  });
}

/** usePublish publishes a draft; with an ETag, only the exact draft that was reviewed. */
export function usePublish(templateId: string) {
  return useVersionWrite(templateId, ({ id, etag }: { id: string; etag?: string | null }) =>
    callWithResponse(
      api.POST('/v1/versions/{id}/publish', {
        params: { path: { id }, header: etag ? { 'If-Match': etag } : undefined },
      }),
    ),
  );
}

export function useActivate(templateId: string) {
  return useVersionWrite(templateId, ({ id }: { id: string }) =>
    callWithResponse(api.POST('/v1/versions/{id}/activate', { params: { path: { id } } })),
  );
}

export function useDeprecate(templateId: string) {
  return useVersionWrite(templateId, ({ id }: { id: string }) =>
    callWithResponse(api.POST('/v1/versions/{id}/deprecate', { params: { path: { id } } })),
  );
}

/** useEditDraft saves a draft's definition or note; the ETag read makes a stale write a 409. */
export function useEditDraft(templateId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, etag, definition, versionNote }: { id: string; etag: string; definition?: unknown; versionNote?: string }) => {
      return callWithResponse(
        api.PATCH('/v1/versions/{id}', {
          params: { path: { id }, header: { 'If-Match': etag } },
          body: { ...(definition !== undefined ? { definition } : {}), ...(versionNote !== undefined ? { versionNote } : {}) },
        }),
      );
    },
    onSuccess: ({ data, response }) => {
      qc.setQueryData<VersionRead>(versionKeys.one(data.id), { version: data, etag: response.headers.get('ETag') });
      return qc.invalidateQueries({ queryKey: templateKeys.versions(templateId) });
    },
  });
}

export function useDeleteDraft(templateId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, etag }: { id: string; etag: string }) =>
      call(api.DELETE('/v1/versions/{id}', { params: { path: { id }, header: { 'If-Match': etag } } })),
    onSuccess: (_d, { id }) => {
      qc.removeQueries({ queryKey: versionKeys.one(id) });
      return versionsChanged(qc, templateId);
    },
  });
}

/** useVersionValidation is the stored version checked exactly as publishing would. */
export function useVersionValidation(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['versions', id, 'validation'],
    queryFn: () => call(api.GET('/v1/versions/{id}/validation', { params: { path: { id } } })),
    enabled,
  });
}
