/**
 * Scope inference for the expression editor: which names an expression of one step (or
 * transition) can read (SPEC §5), for completion and for the sample scope of "Try it". Pure.
 */
import type { StepDef, WorkflowDefinition } from '../definition';
import { isObject, typeOf, type Json } from '../schema/model';

/** A field a step's output has, as a dot path, with the builder's type of it. */
export interface ScopeField {
  path: string;
  type: string;
  description?: string;
}

/** The outputs of one step that can have completed before the expression runs. */
export interface ScopeStep {
  id: string;
  name: string;
  fields: ScopeField[];
}

/** ExpressionScope is what an expression may read. */
export interface ExpressionScope {
  steps: ScopeStep[];
  datasources: string[];
  /** each: the expression runs once per BATCH item (`__each__` exists). */
  each: boolean;
}

/** Where an expression sits in the definition. */
export type ExpressionSite =
  | { kind: 'step'; stepId: string; batchItem?: boolean; includeSelf?: boolean }
  | { kind: 'transition'; transitionId: string };

export const emptyScope: ExpressionScope = { steps: [], datasources: [], each: false };

/**
 * predecessors lists the steps that can run before stepId: its graph ancestors, transitively
 * (a step on a cycle with stepId is one too, but stepId itself only when it reaches itself).
 * In definition order.
 */
export function predecessors(def: WorkflowDefinition, stepId: string): StepDef[] {
  const into = new Map<string, string[]>();
  for (const t of def.stepTransitions) {
    const list = into.get(t.toStepId) ?? [];
    list.push(t.fromStepId);
    into.set(t.toStepId, list);
  }
  const seen = new Set<string>();
  const queue = [...(into.get(stepId) ?? [])];
  while (queue.length) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(into.get(id) ?? []));
  }
  return def.steps.filter((s) => seen.has(s.id));
}

/** outputSchemaOf is the schema of a step's output: its form (human.form), else outputSchema. */
export function outputSchemaOf(step: StepDef): Json | undefined {
  const form = step.form as Json | undefined;
  if (isObject(form)) return form;
  return step.outputSchema as Json | undefined;
}

/** fieldsOfSchema lists every property of an object schema as dot paths, nested ones too. */
export function fieldsOfSchema(schema: Json | undefined, prefix = '', depth = 0): ScopeField[] {
  if (!isObject(schema) || !isObject(schema.properties) || depth > 8) return [];
  const out: ScopeField[] = [];
  for (const [key, s] of Object.entries(schema.properties)) {
    const path = prefix + key.replace(/\./g, '\\.');
    const desc = isObject(s) && typeof s.description === 'string' ? s.description : undefined;
    out.push({ path, type: typeOf(s), description: desc });
    out.push(...fieldsOfSchema(s, path + '.', depth + 1));
  }
  return out;
}

/** aliasesOf lists a step's data source aliases. */
export function aliasesOf(step: StepDef | undefined): string[] {
  const calls = step?.dataSources;
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((c: unknown) => (isObject(c) && typeof c.alias === 'string' && c.alias ? [c.alias] : []));
}

/**
 * inferScope is what an expression at site can read: for a step's own fields, the outputs of
 * the steps that can precede it, its data source aliases, and `__each__` in a BATCH step's
 * per-item expressions (and the step's own output in its contextProjection); for a transition's condition, the outputs of its source step and of
 * those that can precede it (the source has completed when its transitions are taken).
 */
export function inferScope(def: WorkflowDefinition, site: ExpressionSite): ExpressionScope {
  let steps: StepDef[];
  let owner: StepDef | undefined;
  let each = false;
  if (site.kind === 'transition') {
    const t = def.stepTransitions.find((x) => x.id === site.transitionId);
    if (!t) return emptyScope;
    owner = def.steps.find((s) => s.id === t.fromStepId);
    steps = predecessors(def, t.fromStepId);
    if (owner && !steps.includes(owner)) steps = [...steps, owner];
  } else {
    owner = def.steps.find((s) => s.id === site.stepId);
    steps = predecessors(def, site.stepId).filter((s) => s.id !== site.stepId);
    // A sub-workflow's contextProjection runs once the step's own output is in __steps__.
    if (site.includeSelf && owner) steps = [...steps, owner];
    each = !!site.batchItem && owner?.mode === 'BATCH';
  }
  return {
    steps: steps
      .filter((s) => s.type !== 'start' && s.type !== 'end' && !s.type.startsWith('gateway.'))
      .map((s) => ({ id: s.id, name: s.name ?? s.id, fields: fieldsOfSchema(outputSchemaOf(s)) })),
    datasources: site.kind === 'step' ? aliasesOf(owner) : [],
    each,
  };
}

/** sampleOf is a plausible value for a schema: what "Try it" starts from. */
export function sampleOf(schema: Json | undefined, depth = 0): Json {
  if (!isObject(schema) || depth > 8) return null;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ('default' in schema) return schema.default;
  switch (typeOf(schema)) {
    case 'text':
      return '';
    case 'date':
      return new Date(0).toISOString().slice(0, 10);
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, Json> = {};
      if (isObject(schema.properties)) for (const [k, s] of Object.entries(schema.properties)) out[k] = sampleOf(s, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

/** sampleScope is the request scope "Try it" starts from, filled from the inferred outputs. */
export function sampleScope(def: WorkflowDefinition, scope: ExpressionScope): Record<string, Json> {
  const steps: Record<string, Json> = {};
  for (const s of scope.steps) {
    const step = def.steps.find((x) => x.id === s.id);
    const schema = step && outputSchemaOf(step);
    steps[s.id] = isObject(schema) ? sampleOf(schema) : {};
  }
  const out: Record<string, Json> = {
    __context__: {},
    __steps__: steps,
    __datasources__: Object.fromEntries(scope.datasources.map((a) => [a, {}])),
  };
  if (scope.each) out.__each__ = {};
  return out;
}
