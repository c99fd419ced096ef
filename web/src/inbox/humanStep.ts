import type { DocumentSpec, HumanStep } from './StepCompletion';

/** The fields of a definition's step a human step's completion reads. */
interface StepDefLike {
  id: string;
  type: string;
  name?: string;
  form?: unknown;
  outputSchema?: unknown;
  message?: unknown;
  description?: unknown;
  documents?: unknown;
}

function documentsOf(v: unknown): DocumentSpec[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((d): d is DocumentSpec => !!d && typeof d === 'object' && typeof (d as DocumentSpec).key === 'string');
}

/**
 * humanStepOf puts together what completing a step needs: the definition's step (its form:
 * `form`, else `outputSchema`; its documents; its message), the URL the runtime resolved,
 * and what a task carries when the server sends it (the same fields, for callers who may not
 * read the version).
 */
export function humanStepOf(executionId: string, stepId: string, type: string, def?: StepDefLike | null, extra?: { url?: string; form?: unknown; documents?: unknown; message?: unknown; name?: string }): HumanStep {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
  return {
    executionId,
    stepId,
    type: def?.type ?? type,
    name: extra?.name ?? def?.name,
    schema: extra?.form ?? def?.form ?? def?.outputSchema,
    message: text(extra?.message) ?? text(def?.message) ?? text(def?.description),
    url: extra?.url,
    documents: documentsOf(extra?.documents) ?? documentsOf(def?.documents),
  };
}
