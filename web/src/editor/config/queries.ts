import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import type { VersionSummary } from '../../api/types';
import { templateKeys } from '../../templates/queries';
import { versionKeys } from '../../versions/queries';

/** useVersionTemplate is the template a version belongs to (to open the picker on it). */
export function useVersionTemplate(versionId: string) {
  return useQuery({
    queryKey: [...versionKeys.one(versionId), 'template'],
    queryFn: async () => (await call(api.GET('/v1/versions/{id}', { params: { path: { id: versionId } } }))).workflowTemplateId,
    enabled: versionId !== '',
    retry: false,
  });
}

/** usePickableVersions lists a template's versions (all pages) once a template is picked. */
export function usePickableVersions(templateId: string | null) {
  return useQuery({
    queryKey: templateId ? templateKeys.versions(templateId) : ['templates', 'versions', 'none'],
    enabled: !!templateId,
    queryFn: async () => {
      const all: VersionSummary[] = [];
      let cursor: string | undefined;
      do {
        const page = await call(
          api.GET('/v1/templates/{id}/versions', { params: { path: { id: templateId as string }, query: { limit: 200, ...(cursor ? { cursor } : {}) } } }),
        );
        all.push(...(page.items ?? []));
        cursor = page.nextCursor || undefined;
      } while (cursor);
      return all;
    },
  });
}
