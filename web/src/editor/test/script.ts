import type { components } from '../../api/schema';
import { stepKind, type StepDef, type WorkflowDefinition } from '../definition';

/** SimulationResult is what POST /v1/simulations answers under `result`. */
export type SimulationResult = components['schemas']['SimulationResult'];
/** SimulationOutcome is the whole answer of POST /v1/simulations. */
export type SimulationOutcome = components['schemas']['SimulationOutcome'];

/** HumanScript is one human step's scripted attempts, each output as JSON text being edited. */
export interface HumanScript {
  stepId: string;
  label: string;
  attempts: string[];
}

/**
 * TestDraft is the Test panel's form: the initial context and the parts of the script that are
 * not human steps (data sources, children, clock...) as JSON text, and one list per human step.
 */
export interface TestDraft {
  context: string;
  steps: HumanScript[];
  other: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * sampleOf is a value of a JSON Schema a person would start from: its default, const or first
 * enum value, else false, "", 0, [] or an object of its properties' samples.
 */
export function sampleOf(schema: unknown, depth = 0): Json {
  if (!isObject(schema) || depth > 8) return null;
  if ('default' in schema) return schema.default as Json;
  if ('const' in schema) return schema.const as Json;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0] as Json;
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'array':
      return [];
    case 'null':
      return null;
  }
  if (type === 'object' || isObject(schema.properties)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(isObject(schema.properties) ? schema.properties : {})) out[k] = sampleOf(v, depth + 1);
    return out;
  }
  return null;
}

/** outputSample is a human step's output to start a script with: from its form, else its outputSchema. */
export function outputSample(step: StepDef): Record<string, Json> {
  const sample = sampleOf(step.form ?? step.outputSchema);
  return isObject(sample) ? (sample as Record<string, Json>) : {};
}

/** dataSourceKey names a data source call in a script: its alias, else its data source id. */
function dataSourceKey(call: unknown): string | null {
  if (!isObject(call)) return null;
  for (const k of ['alias', 'dataSourceId', 'dataSourceID']) {
    const v = call[k];
    if (typeof v === 'string' && v.trim()) return v;
  }
  return null;
}

/**
 * prefill is the script a Test panel starts with for a definition: every human step with one
 * attempt whose output fits its form, every data source call answering `{}`, and every
 * sub-workflow step's children finishing with an empty context (`each` for BATCH).
 */
export function prefill(def: WorkflowDefinition): TestDraft {
  const steps: HumanScript[] = [];
  const dataSources: Record<string, Json[]> = {};
  const children: Record<string, Json> = {};
  for (const s of def.steps) {
    const kind = stepKind(s.type);
    if (kind?.startsWith('human.')) {
      steps.push({ stepId: s.id, label: s.name || s.id, attempts: [JSON.stringify(outputSample(s), null, 2)] });
    } else if (kind === 'sys.sub_workflow') {
      for (const call of Array.isArray(s.dataSources) ? s.dataSources : []) {
        const key = dataSourceKey(call);
        if (key && !dataSources[key]) dataSources[key] = [{ response: {} }];
      }
      children[s.id] = s.mode === 'BATCH' ? { each: { output: {} } } : [{ output: {} }];
    }
  }
  const other: Record<string, Json> = {};
  if (Object.keys(dataSources).length) other.dataSources = dataSources;
  if (Object.keys(children).length) other.children = children;
  return { context: '{}', steps, other: JSON.stringify(other, null, 2) };
}

/** BuiltScript is a draft turned into a request body, or the reasons it cannot be. */
export type BuiltScript = { ok: true; context: Record<string, unknown>; script: Record<string, unknown> } | { ok: false; errors: string[] };

function parse(text: string, what: string, errors: string[]): unknown {
  try {
    return JSON.parse(text.trim() === '' ? '{}' : text);
  } catch (err) {
    errors.push(`${what} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** buildScript turns the form into the simulation's `context` and `script`. */
export function buildScript(draft: TestDraft): BuiltScript {
  const errors: string[] = [];
  const context = parse(draft.context, 'The initial context', errors);
  if (context !== undefined && !isObject(context)) errors.push('The initial context must be a JSON object.');
  const other = parse(draft.other, 'Data sources and children', errors);
  if (other !== undefined && !isObject(other)) errors.push('Data sources and children must be a JSON object.');
  const steps: Record<string, { output: unknown }[]> = {};
  for (const s of draft.steps) {
    const outputs = s.attempts.map((a, i) => ({ output: parse(a, `${s.label}, attempt ${i + 1}`, errors) }));
    if (outputs.length) steps[s.stepId] = outputs;
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, context: context as Record<string, unknown>, script: { ...(other as Record<string, unknown>), steps } };
}

/**
 * draftFromScenario loads a saved scenario back into the form; human steps the definition has
 * and the scenario does not script keep no attempts.
 */
export function draftFromScenario(def: WorkflowDefinition, doc: unknown): TestDraft {
  const d = isObject(doc) ? doc : {};
  const script = isObject(d.script) ? d.script : {};
  const scripted = isObject(script.steps) ? script.steps : {};
  const { steps: _steps, ...other } = script;
  void _steps;
  const steps = prefill(def).steps.map((s) => {
    const list = scripted[s.stepId];
    const attempts = Array.isArray(list) ? list.map((e) => JSON.stringify(isObject(e) && e.output != null ? e.output : {}, null, 2)) : [];
    return { ...s, attempts };
  });
  return { context: JSON.stringify(isObject(d.context) ? d.context : {}, null, 2), steps, other: JSON.stringify(other, null, 2) };
}

/** Expectations are the checks a saved scenario carries (the core of the scenario format). */
export interface Expectations {
  status?: string;
  ran?: string[];
  notRan?: string[];
  attempts?: Record<string, number>;
}

/**
 * expectFromResult is what a run showed, as expectations: its status, the steps that ran and
 * those that never started, and each step's attempt count.
 */
export function expectFromResult(def: WorkflowDefinition, result: SimulationResult): Expectations {
  const started = new Set((result.steps ?? []).map((s) => s.stepId));
  const attempts: Record<string, number> = {};
  for (const [id, f] of Object.entries(result.final ?? {})) if (f.attempts > 0) attempts[id] = f.attempts;
  return {
    status: result.status,
    ran: [...(result.ran ?? [])],
    notRan: def.steps.map((s) => s.id).filter((id) => !started.has(id)),
    attempts,
  };
}

/**
 * withStepsOf keeps a form in step with the definition being edited: its human steps in the
 * definition's order, with the attempts already written for steps that are still there and a
 * pre-filled one for new steps.
 */
export function withStepsOf(def: WorkflowDefinition, draft: TestDraft): TestDraft {
  const written = new Map(draft.steps.map((s) => [s.stepId, s.attempts]));
  const steps = prefill(def).steps.map((s) => ({ ...s, attempts: written.get(s.stepId) ?? s.attempts }));
  const same = steps.length === draft.steps.length && steps.every((s, i) => s.stepId === draft.steps[i]!.stepId && s.label === draft.steps[i]!.label);
  return same ? draft : { ...draft, steps };
}
