import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '../definition';
import { suggest } from './completion';
import { fieldsOfSchema, inferScope, predecessors, sampleScope } from './scope';

const review = {
  type: 'object',
  properties: {
    approved: { type: 'boolean', description: 'Approved?' },
    address: { type: 'object', properties: { city: { type: 'string' }, 'zip.code': { type: 'string' } } },
    amount: { type: 'number' },
  },
};

// start → review → split →(cond) fix → review (a loop) ; split →(default) batch → end
const def: WorkflowDefinition = {
  steps: [
    { id: 'start', type: 'start' },
    { id: 'review', type: 'human.form', name: 'Review', form: review },
    { id: 'split', type: 'gateway.exclusive_split' },
    { id: 'fix', type: 'human.confirm', name: 'Fix', outputSchema: { type: 'object', properties: { note: { type: 'string' } } } },
    {
      id: 'batch', type: 'sys.sub_workflow', mode: 'BATCH', name: 'Each director',
      dataSources: [{ id: 'd1', alias: 'crm', type: 'COMMENDA_LOGICAL_BACKEND', dataSourceID: 'x' }, { id: 'd2', alias: 'erp' }],
    },
    { id: 'unrelated', type: 'human.confirm' },
    { id: 'end', type: 'end' },
  ],
  stepTransitions: [
    { id: 't1', fromStepId: 'start', toStepId: 'review' },
    { id: 't2', fromStepId: 'review', toStepId: 'split' },
    { id: 't3', fromStepId: 'split', toStepId: 'fix', condition: { type: 'jsonata', src: '__steps__.review.approved = false' } },
    { id: 't4', fromStepId: 'fix', toStepId: 'review' },
    { id: 't5', fromStepId: 'split', toStepId: 'batch', isDefault: true },
    { id: 't6', fromStepId: 'batch', toStepId: 'end' },
  ],
};

describe('scope inference', () => {
  it('finds graph predecessors transitively, through loops, in definition order', () => {
    expect(predecessors(def, 'batch').map((s) => s.id)).toEqual(['start', 'review', 'split', 'fix']);
    expect(predecessors(def, 'review').map((s) => s.id)).toEqual(['start', 'review', 'split', 'fix']);
    expect(predecessors(def, 'start')).toEqual([]);
    expect(predecessors(def, 'unrelated')).toEqual([]);
  });

  it('lists nested fields as dot paths, escaping dots in names', () => {
    expect(fieldsOfSchema(review).map((f) => f.path)).toEqual(['approved', 'address', 'address.city', 'address.zip\\.code', 'amount']);
  });

  it('gives a step the outputs of the steps before it (not itself, not gateways), its aliases', () => {
    const s = inferScope(def, { kind: 'step', stepId: 'batch' });
    expect(s.steps.map((x) => x.id)).toEqual(['review', 'fix']);
    expect(s.steps[0].fields.map((f) => f.path)).toContain('approved');
    expect(s.datasources).toEqual(['crm', 'erp']);
    expect(s.each).toBe(false);
    expect(inferScope(def, { kind: 'step', stepId: 'batch', batchItem: true }).each).toBe(true);
    expect(inferScope(def, { kind: 'step', stepId: 'review', batchItem: true }).each).toBe(false);
    expect(inferScope(def, { kind: 'step', stepId: 'review' }).steps.map((x) => x.id)).toEqual(['fix']);
    expect(inferScope(def, { kind: 'step', stepId: 'batch', includeSelf: true }).steps.map((x) => x.id)).toEqual(['review', 'fix', 'batch']);
  });

  it('gives a condition the outputs of its source and what precedes it, and no aliases', () => {
    const s = inferScope(def, { kind: 'transition', transitionId: 't3' });
    expect(s.steps.map((x) => x.id)).toEqual(['review', 'fix']);
    expect(s.datasources).toEqual([]);
    const fromReview = inferScope(def, { kind: 'transition', transitionId: 't2' });
    expect(fromReview.steps.map((x) => x.id)).toEqual(['review', 'fix']);
    expect(inferScope(def, { kind: 'transition', transitionId: 'nope' }).steps).toEqual([]);
  });

  it('pre-fills a sample scope from the outputs', () => {
    const s = inferScope(def, { kind: 'step', stepId: 'batch', batchItem: true });
    expect(sampleScope(def, s)).toEqual({
      __context__: {},
      __steps__: { review: { approved: true, address: { city: '', 'zip.code': '' }, amount: 0 }, fix: { note: '' } },
      __datasources__: { crm: {}, erp: {} },
      __each__: {},
    });
  });
});

describe('completion', () => {
  const scope = inferScope(def, { kind: 'step', stepId: 'batch', batchItem: true });
  const labels = (before: string) => suggest(before, scope)?.options.map((o) => o.label);

  it('offers the scope’s roots, __each__ only in BATCH item expressions', () => {
    expect(labels('__')).toEqual(['__context__', '__steps__', '__datasources__', '__each__']);
    expect(suggest('x = __st', inferScope(def, { kind: 'step', stepId: 'batch' }))?.options.map((o) => o.label)).not.toContain('__each__');
    expect(suggest('__st', scope)?.from).toBe(0);
  });

  it('offers preceding steps, their fields level by level, and aliases', () => {
    expect(labels('__steps__.')).toEqual(['review', 'fix']);
    expect(labels('$count(__steps__.rev')).toEqual(['review', 'fix']);
    expect(labels('__steps__.review.')).toEqual(['approved', 'address', 'amount']);
    expect(labels('__steps__.review.address.')).toEqual(['city', 'zip\\.code']);
    expect(labels('__datasources__.')).toEqual(['crm', 'erp']);
    expect(labels('__steps__.nope.')).toBeUndefined();
    expect(suggest('a and __steps__.review.ap', scope)?.from).toBe('a and __steps__.review.'.length);
  });

  it('offers JSONata functions after $', () => {
    const fns = labels('$su');
    expect(fns).toContain('$sum');
    expect(fns).toContain('$map');
    expect(suggest('1 + $su', scope)?.from).toBe(4);
  });
});
