// Differences between two definitions, by element id: which steps, transitions and groups were
// added, removed or changed, and, for one element, which fields. Positions (`ui`) are layout,
// not meaning: they never make an element "changed".
import type { WorkflowDefinition } from '../definition';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';

/** ElementChange is one element of the union of two definitions. */
export interface ElementChange<T> {
  id: string;
  change: ChangeKind;
  before?: T;
  after?: T;
}

/** DefinitionDiff is the union of two definitions' elements, each marked. */
export interface DefinitionDiff {
  steps: ElementChange<WorkflowDefinition['steps'][number]>[];
  transitions: ElementChange<WorkflowDefinition['stepTransitions'][number]>[];
  groups: ElementChange<NonNullable<WorkflowDefinition['stepGroups']>[number]>[];
}

/** withoutUi drops `ui` (positions and handles) from an element before comparing it. */
function withoutUi(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const { ui: _ui, ...rest } = v as Record<string, unknown>;
  void _ui;
  return rest;
}

/** canonical is a JSON text with object keys sorted, so key order does not count as a change. */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function diffList<T extends { id: string }>(before: readonly T[], after: readonly T[]): ElementChange<T>[] {
  const a = new Map(before.map((e) => [e.id, e]));
  const b = new Map(after.map((e) => [e.id, e]));
  const out: ElementChange<T>[] = [];
  for (const e of before) {
    const other = b.get(e.id);
    if (!other) out.push({ id: e.id, change: 'removed', before: e });
    else out.push({ id: e.id, change: canonical(withoutUi(e)) === canonical(withoutUi(other)) ? 'same' : 'changed', before: e, after: other });
  }
  for (const e of after) if (!a.has(e.id)) out.push({ id: e.id, change: 'added', after: e });
  return out;
}

/** diffDefinitions compares `before` with `after`, element by element. */
export function diffDefinitions(before: WorkflowDefinition, after: WorkflowDefinition): DefinitionDiff {
  return {
    steps: diffList(before.steps, after.steps),
    transitions: diffList(before.stepTransitions, after.stepTransitions),
    groups: diffList(before.stepGroups ?? [], after.stepGroups ?? []),
  };
}

/** FieldChange is one field that differs, named by its JSON Pointer within the element. */
export interface FieldChange {
  path: string;
  change: Exclude<ChangeKind, 'same'>;
  before?: unknown;
  after?: unknown;
}

function escapeToken(t: string): string {
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * fieldDiff lists the leaves that differ between two values (objects are walked by key;
 * arrays and scalars are compared whole). `ui` is skipped at the top.
 */
export function fieldDiff(before: unknown, after: unknown, path = '', top = true): FieldChange[] {
  if (isPlain(before) && isPlain(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => (top && k === 'ui' ? [] : fieldDiff(before[k], after[k], `${path}/${escapeToken(k)}`, false)));
  }
  if (before === undefined && after === undefined) return [];
  if (before === undefined) return [{ path: path || '/', change: 'added', after }];
  if (after === undefined) return [{ path: path || '/', change: 'removed', before }];
  return canonical(before) === canonical(after) ? [] : [{ path: path || '/', change: 'changed', before, after }];
}

/** DiffSummary counts a diff's changes, for a sentence like "2 steps added, 1 changed". */
export interface DiffSummary {
  steps: Record<Exclude<ChangeKind, 'same'>, string[]>;
  transitions: Record<Exclude<ChangeKind, 'same'>, string[]>;
  groups: Record<Exclude<ChangeKind, 'same'>, string[]>;
  /** Something other than steps, transitions and groups differs (name, legacy fields...). */
  other: string[];
}

/** summarize lists the ids of each kind of change, and the other top-level fields that differ. */
export function summarize(before: WorkflowDefinition, after: WorkflowDefinition): DiffSummary {
  const d = diffDefinitions(before, after);
  const bucket = <T>(list: ElementChange<T>[]) => ({
    added: list.filter((e) => e.change === 'added').map((e) => e.id),
    removed: list.filter((e) => e.change === 'removed').map((e) => e.id),
    changed: list.filter((e) => e.change === 'changed').map((e) => e.id),
  });
  const skip = new Set(['steps', 'stepTransitions', 'stepGroups']);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.has(k));
  return {
    steps: bucket(d.steps),
    transitions: bucket(d.transitions),
    groups: bucket(d.groups),
    other: keys.filter((k) => canonical(before[k]) !== canonical(after[k])).sort(),
  };
}

/**
 * unionDefinition is a definition holding every element of both: removed ones as they were,
 * the others as they are now. The compare view draws it.
 */
export function unionDefinition(before: WorkflowDefinition, after: WorkflowDefinition): WorkflowDefinition {
  const afterSteps = new Set(after.steps.map((s) => s.id));
  const afterTransitions = new Set(after.stepTransitions.map((t) => t.id));
  const afterGroups = new Set((after.stepGroups ?? []).map((g) => g.id));
  return {
    ...after,
    steps: [...after.steps, ...before.steps.filter((s) => !afterSteps.has(s.id))],
    stepTransitions: [...after.stepTransitions, ...before.stepTransitions.filter((t) => !afterTransitions.has(t.id))],
    stepGroups: [...(after.stepGroups ?? []), ...(before.stepGroups ?? []).filter((g) => !afterGroups.has(g.id))],
  };
}
