/**
 * Pure updates of a definition for the configuration panel. Every update copies only what it
 * changes; unknown fields of the definition, its steps and transitions are kept. Setting a field
 * to undefined removes it (the DSL's optional fields are absent, not null).
 */
import type { StepDef, TransitionDef, WorkflowDefinition } from '../definition';

/** withKey sets obj[key] = value, or removes key when value is undefined. */
export function withKey<T extends object>(obj: T, key: string, value: unknown): T {
  const out = { ...obj } as Record<string, unknown>;
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out as T;
}

/** updateStep replaces step id with fn(step). */
export function updateStep(def: WorkflowDefinition, id: string, fn: (s: StepDef) => StepDef): WorkflowDefinition {
  return { ...def, steps: def.steps.map((s) => (s.id === id ? fn(s) : s)) };
}

/** updateTransition replaces transition id with fn(transition). */
export function updateTransition(def: WorkflowDefinition, id: string, fn: (t: TransitionDef) => TransitionDef): WorkflowDefinition {
  return { ...def, stepTransitions: def.stepTransitions.map((t) => (t.id === id ? fn(t) : t)) };
}

/** pointerOf is the JSON Pointer of the selected element (issues under it are its own). */
export function pointerOf(def: WorkflowDefinition, kind: 'step' | 'transition' | 'group', id: string): string | null {
  const list = kind === 'step' ? def.steps : kind === 'transition' ? def.stepTransitions : (def.stepGroups ?? []);
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) return null;
  return `/${kind === 'step' ? 'steps' : kind === 'transition' ? 'stepTransitions' : 'stepGroups'}/${i}`;
}

/** uniqueId picks `${prefix}${n}`, the first not in taken. */
export function uniqueId(prefix: string, taken: (string | undefined)[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** asList reads an optional array field (anything else as empty). */
export function asList<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}
