import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { WorkflowDefinition } from './definition';
import type { ValidationIssue } from './validation';

const revisions = new WeakMap<object, number>();
let nextRevision = 1;

/** revision numbers definition objects, so a query key does not hash a whole document. */
function revision(def: WorkflowDefinition): number {
  let r = revisions.get(def);
  if (r === undefined) {
    r = nextRevision++;
    revisions.set(def, r);
  }
  return r;
}

const noIssues: ValidationIssue[] = [];

/** How long the editor waits after the last edit before asking the server to validate. */
export const validationDelayMs = 400;

/**
 * useLiveValidation validates the definition on screen with the server (every rule, as
 * publishing would), 400 ms after the last change; the previous answer stays shown meanwhile.
 */
export function useLiveValidation(def: WorkflowDefinition | null, templateId: string) {
  const [settled] = useDebouncedValue(def, validationDelayMs);
  const query = useQuery({
    queryKey: ['editor-validation', templateId, settled ? revision(settled) : 0],
    queryFn: () => call(api.POST('/v1/definitions/validate', { params: { query: { workflowTemplateId: templateId } }, body: settled })),
    enabled: settled !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 30_000,
  });
  const issues: ValidationIssue[] = query.data?.issues ?? noIssues;
  return { issues, checking: def !== settled || query.isFetching, error: query.error ? query.error.message : null };
}
