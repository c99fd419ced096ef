import { describe, expect, it } from 'vitest';
import rework from '../../../../examples/rework-loop.json';
import { asDefinition, type WorkflowDefinition } from '../definition';
import { runMarks, timeline } from './marks';
import reworkResult from './rework-result.json';
import { buildScript, draftFromScenario, expectFromResult, prefill, sampleOf, type SimulationResult } from './script';

const reworkDef = asDefinition(rework)!;
// A real answer of the simulator for rework-loop with the review rejected once, then approved
// (`wfb test --json testdata/scenarios/rework-loop.json`, times removed).
const result = reworkResult as SimulationResult;

const subDef: WorkflowDefinition = {
  steps: [
    { id: 'start', type: 'start' },
    { id: 'form', type: 'human.form', name: 'Details', form: { type: 'object', properties: { name: { type: 'string' }, ok: { type: 'boolean' }, n: { type: 'integer', minimum: 1 }, tags: { type: 'array' }, kind: { enum: ['a', 'b'] }, addr: { type: 'object', properties: { city: { type: 'string', default: 'Pune' } } } } } },
    { id: 'kids', type: 'sys.sub_workflow', mode: 'BATCH', dataSources: [{ alias: 'kyc', dataSourceId: 'ds-1' }, { dataSourceID: 'ds-2' }] },
    { id: 'one', type: 'sys.sub_workflow', mode: 'SINGLE' },
    { id: 'end', type: 'end' },
  ],
  stepTransitions: [],
};

describe('script pre-fill', () => {
  it('samples a JSON Schema the way a person starts filling it', () => {
    const cases: [unknown, unknown][] = [
      [{ type: 'boolean' }, false],
      [{ type: 'string' }, ''],
      [{ type: ['null', 'number'] }, 0],
      [{ type: 'integer', minimum: 3 }, 3],
      [{ enum: ['x', 'y'] }, 'x'],
      [{ const: 7 }, 7],
      [{ type: 'string', default: 'd' }, 'd'],
      [{ properties: { a: { type: 'array' } } }, { a: [] }],
      ['not a schema', null],
    ];
    for (const [schema, want] of cases) expect(sampleOf(schema), JSON.stringify(schema)).toEqual(want);
  });

  it('lists each human step with one attempt shaped by its output schema', () => {
    const d = prefill(reworkDef);
    expect(d.steps.map((s) => s.stepId)).toEqual(['prepare', 'review', 'submit']);
    expect(d.steps.map((s) => JSON.parse(s.attempts[0]!))).toEqual([{}, { approved: false }, {}]);
    expect(d.steps[1]!.label).toBe('Review Return');
    expect(JSON.parse(d.other)).toEqual({});
  });

  it('adds forms, data sources by alias or id, and children per mode', () => {
    const d = prefill(subDef);
    expect(JSON.parse(d.steps[0]!.attempts[0]!)).toEqual({ name: '', ok: false, n: 1, tags: [], kind: 'a', addr: { city: 'Pune' } });
    expect(JSON.parse(d.other)).toEqual({
      dataSources: { kyc: [{ response: {} }], 'ds-2': [{ response: {} }] },
      children: { kids: { each: { output: {} } }, one: [{ output: {} }] },
    });
  });

  it('builds the request from the form, and names what is not JSON', () => {
    const d = prefill(reworkDef);
    d.steps[1]!.attempts = ['{"approved": false}', '{"approved": true}'];
    d.steps[2]!.attempts = [];
    d.context = '{"customer": {"tier": "basic"}}';
    const built = buildScript(d);
    expect(built).toEqual({
      ok: true,
      context: { customer: { tier: 'basic' } },
      script: { steps: { prepare: [{ output: {} }], review: [{ output: { approved: false } }, { output: { approved: true } }] } },
    });
    d.steps[1]!.attempts[1] = '{approved';
    d.context = '[]';
    const bad = buildScript(d);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors.join('\n')).toMatch(/initial context must be a JSON object[\s\S]*Review Return, attempt 2 is not JSON/);
  });

  it('loads a saved scenario back into the form', () => {
    const d = draftFromScenario(reworkDef, { name: 'x', context: { a: 1 }, script: { steps: { review: [{ output: { approved: true } }] }, clock: { tick: 'PT1H' } } });
    expect(d.steps.map((s) => [s.stepId, s.attempts.map((a) => JSON.parse(a))])).toEqual([['prepare', []], ['review', [{ approved: true }]], ['submit', []]]);
    expect(JSON.parse(d.context)).toEqual({ a: 1 });
    expect(JSON.parse(d.other)).toEqual({ clock: { tick: 'PT1H' } });
  });

  it('pre-fills expectations from a result', () => {
    const partial: SimulationResult = { ...result, steps: result.steps!.slice(0, 3), status: 'Waiting', ran: ['start', 'prepare', 'review'], final: { start: { status: 'Completed', attempts: 1 }, prepare: { status: 'Completed', attempts: 1 }, review: { status: 'Completed', attempts: 1 } } };
    expect(expectFromResult(reworkDef, partial)).toEqual({ status: 'Waiting', ran: ['start', 'prepare', 'review'], notRan: ['ok', 'submit', 'end'], attempts: { start: 1, prepare: 1, review: 1 } });
    expect(expectFromResult(reworkDef, result)).toMatchObject({ status: 'Completed', notRan: [], attempts: { prepare: 2, review: 2, ok: 2, submit: 1 } });
  });
});

describe('run marks per stepper position', () => {
  const at = (p: number) => runMarks(reworkDef, result, p);
  const stepsOf = (p: number) => Object.fromEntries([...at(p).steps].map(([id, m]) => [id, `${m.state}${m.count > 1 ? `×${m.count}` : ''}`]));
  const edgesOf = (p: number) => Object.fromEntries(at(p).transitions);

  it('places the loop transitions where they happened', () => {
    const tl = timeline(reworkDef, result);
    expect(Object.fromEntries(tl.taken)).toEqual({ t1: 1, t2: 2, t3: 3, t5: 4, t4: 7, t6: 8 });
    // The first review rejects: t4 (and t6 after it) are dead at the first "Approved?"; t5 is
    // dead at the second, which did not take it.
    expect(Object.fromEntries(tl.dead)).toEqual({ t4: 3, t6: 3, t5: 6 });
  });

  it('lights the path step by step, with counts and faded dead paths', () => {
    const table: [number, Record<string, string>, Record<string, string>][] = [
      [-1, {}, {}],
      [0, { start: 'current' }, {}],
      [1, { start: 'ran', prepare: 'current' }, { t1: 'taken' }],
      [3, { start: 'ran', prepare: 'ran', review: 'ran', ok: 'current', submit: 'skipped', end: 'skipped' }, { t1: 'taken', t2: 'taken', t3: 'taken', t4: 'dead', t6: 'dead' }],
      [4, { start: 'ran', prepare: 'current×2', review: 'ran', ok: 'ran', submit: 'skipped', end: 'skipped' }, { t1: 'taken', t2: 'taken', t3: 'taken', t4: 'dead', t5: 'taken', t6: 'dead' }],
      [8, { start: 'ran', prepare: 'ran×2', review: 'ran×2', ok: 'ran×2', submit: 'ran', end: 'current' }, { t1: 'taken', t2: 'taken', t3: 'taken', t4: 'taken', t5: 'taken', t6: 'taken' }],
      [99, { start: 'ran', prepare: 'ran×2', review: 'ran×2', ok: 'ran×2', submit: 'ran', end: 'current' }, { t1: 'taken', t2: 'taken', t3: 'taken', t4: 'taken', t5: 'taken', t6: 'taken' }],
    ];
    for (const [p, steps, edges] of table) {
      expect(stepsOf(p), `steps at ${p}`).toEqual(steps);
      expect(edgesOf(p), `transitions at ${p}`).toEqual(edges);
    }
  });

  it('marks a failed step and the steps left waiting at the end', () => {
    const failed: SimulationResult = { ...result, status: 'Failed', steps: [result.steps![0]!, { ...result.steps![1]!, status: 'Failed' }], transitions: ['t1'], deadPaths: [] };
    expect(Object.fromEntries([...runMarks(reworkDef, failed, 1).steps].map(([k, v]) => [k, v.state]))).toEqual({ start: 'ran', prepare: 'failed' });
    const waiting: SimulationResult = { ...result, status: 'Waiting', steps: result.steps!.slice(0, 3), transitions: ['t1', 't2'], deadPaths: [], waiting: [{ stepId: 'review', attempt: 1, missing: 'output' }] };
    const m = runMarks(reworkDef, waiting, 2);
    expect(m.steps.get('review')).toEqual({ state: 'waiting', count: 1 });
    expect(m.steps.get('prepare')).toEqual({ state: 'ran', count: 1 });
  });
});
