import type { components } from '../api/schema';
import type { WorkflowDefinition } from './definition';
import type { Selection } from './selection';

/**
 * ValidationIssue is one issue the server found in a definition (SPEC §4): `path` is a JSON
 * Pointer into the definition; `rule`, `stepId`, `transitionId`, `groupId` when it has them.
 */
export type ValidationIssue = components['schemas']['Issue'];

/** pointerTokens splits a JSON Pointer into its unescaped tokens ("" → []). */
export function pointerTokens(pointer: string): string[] {
  if (!pointer || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * issueTarget is the element an issue's JSON Pointer names (/steps/3/... is that step,
 * /stepTransitions/2 that transition, /stepGroups/0 that group), else the ids the issue
 * carries, else null (an issue about the whole definition).
 */
export function issueTarget(def: WorkflowDefinition, issue: Pick<ValidationIssue, 'path' | 'stepId' | 'transitionId' | 'groupId'>): Selection {
  const [head, index] = pointerTokens(issue.path);
  const i = index !== undefined && /^\d+$/.test(index) ? Number(index) : -1;
  if (head === 'steps' && def.steps[i]) return { kind: 'step', id: def.steps[i].id };
  if (head === 'stepTransitions' && def.stepTransitions[i]) return { kind: 'transition', id: def.stepTransitions[i].id };
  if (head === 'stepGroups' && def.stepGroups?.[i]) return { kind: 'group', id: def.stepGroups[i].id };
  if (issue.transitionId && def.stepTransitions.some((t) => t.id === issue.transitionId)) return { kind: 'transition', id: issue.transitionId };
  if (issue.stepId && def.steps.some((s) => s.id === issue.stepId)) return { kind: 'step', id: issue.stepId };
  if (issue.groupId && def.stepGroups?.some((g) => g.id === issue.groupId)) return { kind: 'group', id: issue.groupId };
  return null;
}

/** IssuesByElement counts the issues pinned on each step, transition and group, by id. */
export interface IssuesByElement {
  step: Map<string, ValidationIssue[]>;
  transition: Map<string, ValidationIssue[]>;
  group: Map<string, ValidationIssue[]>;
}

/** pinIssues groups issues by the element they are pinned on; whole-definition issues are left out. */
export function pinIssues(def: WorkflowDefinition, issues: readonly ValidationIssue[]): IssuesByElement {
  const out: IssuesByElement = { step: new Map(), transition: new Map(), group: new Map() };
  for (const issue of issues) {
    const target = issueTarget(def, issue);
    if (!target) continue;
    const map = out[target.kind];
    map.set(target.id, [...(map.get(target.id) ?? []), issue]);
  }
  return out;
}

/** isBlocking says whether an issue stops publishing (an ERROR). */
export function isBlocking(issue: Pick<ValidationIssue, 'severity'>): boolean {
  return issue.severity === 'ERROR';
}
