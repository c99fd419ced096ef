import { describe, expect, it } from 'vitest';
import { copySteps, pasteClipboard } from './clipboard';
import { reuseUnchanged } from './EditorCanvas';
import { diffDefinitions, fieldDiff, summarize, unionDefinition } from './compare/diff';
import { asDefinition, type WorkflowDefinition } from './definition';
import { definitionToGraph, graphToDefinition, needsLayout } from './graph';
import { initHistory, record, redo, replace, undo } from './history';
import { prepareDefinition } from './layout';
import { addGroup, addStep, connect, moveSteps, palette, removeElements, setStepGroup, uniqueId } from './ops';
import { issueTarget, pinIssues } from './validation';

// Every example definition, the repository's and the shared ones (../shared/examples).
const own = import.meta.glob<{ default: unknown }>('../../../examples/**/*.json', { eager: true });
const shared = import.meta.glob<{ default: unknown }>('../../../../shared/examples/**/*.json', { eager: true });
const definitions = Object.entries({ ...own, ...shared })
  .map(([path, mod]) => [path, asDefinition(mod.default)] as const)
  .filter((e): e is readonly [string, WorkflowDefinition] => e[1] !== null);

/** withoutPositions drops what the editor may write on open and save: step positions. */
function withoutPositions(def: WorkflowDefinition): unknown {
  const copy = structuredClone(def);
  for (const s of copy.steps) {
    if (s.ui?.reactFlow) {
      delete s.ui.reactFlow.position;
      if (!Object.keys(s.ui.reactFlow).length) delete s.ui.reactFlow;
    }
    if (s.ui && !Object.keys(s.ui).length) delete s.ui;
  }
  return copy;
}

const item = (key: string) => palette.find((p) => p.key === key)!;
const base = (): WorkflowDefinition => ({
  id: 'wf',
  name: 'Test',
  custom: { kept: true },
  steps: [
    { id: 'start', type: 'start', ui: { reactFlow: { position: { x: 0, y: 0 } } } },
    { id: 'a', type: 'human.confirm', name: 'A', extra: 1, ui: { reactFlow: { position: { x: 100, y: 0 } } } },
    { id: 'b', type: 'human.form', name: 'B', ui: { reactFlow: { position: { x: 300, y: 0 } } } },
    { id: 'end', type: 'end', ui: { reactFlow: { position: { x: 500, y: 0 } } } },
  ],
  stepTransitions: [
    { id: 't1', fromStepId: 'start', toStepId: 'a' },
    { id: 't2', fromStepId: 'a', toStepId: 'b', note: 'x' },
    { id: 't3', fromStepId: 'b', toStepId: 'end' },
  ],
});

describe('round trip of every example through the editor', () => {
  it('finds the repository and shared examples', () => {
    expect(Object.keys(shared).length).toBeGreaterThan(0);
    expect(definitions.length).toBeGreaterThanOrEqual(18);
  });

  it.each(definitions)('%s: open (laid out), map to the graph and back: JSON-equal apart from positions', async (_, def) => {
    const original = structuredClone(def);
    const opened = await prepareDefinition(def);
    expect(needsLayout(opened)).toBe(opened.steps.length < 2 ? needsLayout(def) : false);
    const back = graphToDefinition(opened, definitionToGraph(opened).nodes);
    expect(withoutPositions(back)).toEqual(withoutPositions(original));
    // The input is never changed.
    expect(def).toEqual(original);
  }, 30_000);
});

describe('edits', () => {
  it('adds steps with unique ids and defaults', () => {
    let def = base();
    const first = addStep(def, item('human.form'), { x: 10.4, y: 20.6 });
    def = first.def;
    const second = addStep(def, item('human.form'), { x: 0, y: 0 });
    expect([first.id, second.id]).toEqual(['form', 'form-2']);
    expect(first.def.steps.at(-1)).toMatchObject({ id: 'form', type: 'human.form', outputSchema: { type: 'object' }, ui: { reactFlow: { position: { x: 10, y: 21 } } } });
    const batch = addStep(def, item('sub.batch'), { x: 0, y: 0 });
    expect(batch.def.steps.at(-1)).toMatchObject({ type: 'sys.sub_workflow', mode: 'BATCH', iterable: { type: 'EXPRESSION' } });
    expect(uniqueId('a b', new Set(['a-b']))).toBe('a-b-2');
  });

  it('connects handle to handle once, never a step to itself', () => {
    const def = base();
    const made = connect(def, 'a', 'end', 'out', 'in')!;
    expect(made.def.stepTransitions.at(-1)).toEqual({ id: 'a-to-end', fromStepId: 'a', toStepId: 'end', ui: { reactFlow: { handle: { sourceHandle: 'out', targetHandle: 'in' } } } });
    expect(connect(made.def, 'a', 'end')).toBeNull();
    expect(connect(def, 'a', 'a')).toBeNull();
    const edge = definitionToGraph(made.def).edges.at(-1)!;
    expect([edge.sourceHandle, edge.targetHandle]).toEqual(['out', 'in']);
  });

  it('deletes steps with their transitions, and groups without their steps', () => {
    let def = addGroup(base(), ['a', 'b', 'start']).def;
    expect(def.stepGroups).toEqual([{ id: 'group', name: 'Step group', stepIds: ['a', 'b'] }]);
    expect(def.steps.find((s) => s.id === 'start')!.group).toBeUndefined();
    def = removeElements(def, { steps: ['a'] });
    expect(def.stepTransitions.map((t) => t.id)).toEqual(['t3']);
    expect(def.stepGroups![0]!.stepIds).toEqual(['b']);
    def = removeElements(def, { groups: ['group'] });
    expect(def.stepGroups).toEqual([]);
    expect(def.steps.find((s) => s.id === 'b')!.group).toBeUndefined();
  });

  it('moves steps in and out of groups, keeping both sides consistent', () => {
    let def = addGroup(base(), ['a']).def;
    def = setStepGroup(def, 'b', 'group');
    expect(def.stepGroups![0]!.stepIds).toEqual(['a', 'b']);
    expect(def.steps.find((s) => s.id === 'b')!.group).toEqual({ groupId: 'group', order: 1 });
    def = setStepGroup(def, 'a', null);
    expect(def.stepGroups![0]!.stepIds).toEqual(['b']);
    expect(def.steps.find((s) => s.id === 'a')!.group).toBeUndefined();
  });

  it('writes moved positions, and answers the same object when nothing moved', () => {
    const def = base();
    expect(moveSteps(def, new Map([['a', { x: 100, y: 0 }]]))).toBe(def);
    const moved = moveSteps(def, new Map([['a', { x: 120.2, y: 40 }]]));
    expect(moved.steps[1]).toEqual({ ...def.steps[1], ui: { reactFlow: { position: { x: 120, y: 40 } } } });
    expect(moved.steps[0]).toBe(def.steps[0]);
  });
});

describe('undo and redo', () => {
  it('walks whole-definition snapshots back and forth; a new edit drops the redo branch', () => {
    const d0 = base();
    const d1 = addStep(d0, item('end'), { x: 0, y: 0 }).def;
    const d2 = removeElements(d1, { steps: ['a'] });
    let h = record(record(initHistory(d0), d1), d2);
    h = undo(h);
    expect(h.present).toBe(d1);
    h = undo(h);
    expect(h.present).toBe(d0);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(d1);
    const d3 = moveSteps(d1, new Map([['b', { x: 1, y: 1 }]]));
    h = record(h, d3);
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
    expect(record(h, d3)).toBe(h);
    expect(replace(h, d0).past).toEqual(h.past);
  });
});

describe('copy and paste', () => {
  it('pastes copies under new ids with the transitions between them re-pointed', () => {
    const def = addGroup(base(), ['a', 'b']).def;
    const clip = copySteps(def, ['a', 'b'])!;
    expect(clip.transitions.map((t) => t.id)).toEqual(['t2']);
    const out = pasteClipboard(def, clip);
    expect(out.stepIds).toEqual(['a-2', 'b-2']);
    expect(out.transitionIds).toEqual(['t2-2']);
    const pasted = out.def.stepTransitions.at(-1)!;
    expect(pasted).toMatchObject({ fromStepId: 'a-2', toStepId: 'b-2', note: 'x' });
    const a2 = out.def.steps.find((s) => s.id === 'a-2')!;
    expect(a2).toMatchObject({ name: 'A', extra: 1, ui: { reactFlow: { position: { x: 140, y: 40 } } } });
    expect(a2.group).toBeUndefined();
    // Pasting twice gives fresh ids again; the clipboard is a copy, unchanged by later edits.
    const again = pasteClipboard(out.def, clip);
    expect(again.stepIds).toEqual(['a-3', 'b-3']);
    expect(copySteps(def, ['nope'])).toBeNull();
  });
});

describe('compare', () => {
  it('marks added, removed and changed elements, ignoring positions', () => {
    const before = base();
    let after = moveSteps(base(), new Map([['a', { x: 999, y: 9 }]]));
    after = { ...after, steps: after.steps.map((s) => (s.id === 'b' ? { ...s, name: 'B2' } : s)) };
    after = removeElements(after, { steps: ['a'] });
    after = connect(after, 'start', 'b')!.def;
    const d = diffDefinitions(before, after);
    expect(Object.fromEntries(d.steps.map((s) => [s.id, s.change]))).toEqual({ start: 'same', a: 'removed', b: 'changed', end: 'same' });
    expect(Object.fromEntries(d.transitions.map((t) => [t.id, t.change]))).toEqual({ t1: 'removed', t2: 'removed', t3: 'same', 'start-to-b': 'added' });
    expect(fieldDiff(before.steps[2], after.steps.find((s) => s.id === 'b'))).toEqual([{ path: '/name', change: 'changed', before: 'B', after: 'B2' }]);
    expect(fieldDiff({ x: { y: 1 } }, { x: { z: 2 } })).toEqual([
      { path: '/x/y', change: 'removed', before: 1 },
      { path: '/x/z', change: 'added', after: 2 },
    ]);
    const s = summarize(before, { ...after, name: 'Other' });
    expect(s.steps).toEqual({ added: [], removed: ['a'], changed: ['b'] });
    expect(s.other).toEqual(['name']);
    const union = unionDefinition(before, after);
    expect(union.steps.map((x) => x.id).sort()).toEqual(['a', 'b', 'end', 'start']);
    expect(union.stepTransitions.map((x) => x.id).sort()).toEqual(['start-to-b', 't1', 't2', 't3']);
  });
});

describe('issues pinned by JSON Pointer', () => {
  it('names the step, transition or group a pointer points into', () => {
    const def = addGroup(base(), ['a']).def;
    expect(issueTarget(def, { path: '/steps/2/outputSchema/type' })).toEqual({ kind: 'step', id: 'b' });
    expect(issueTarget(def, { path: '/stepTransitions/1' })).toEqual({ kind: 'transition', id: 't2' });
    expect(issueTarget(def, { path: '/stepGroups/0/stepIds' })).toEqual({ kind: 'group', id: 'group' });
    expect(issueTarget(def, { path: '', stepId: 'end' })).toEqual({ kind: 'step', id: 'end' });
    expect(issueTarget(def, { path: '/steps/99' })).toBeNull();
    const pins = pinIssues(def, [
      { path: '/steps/1', code: 'X', rule: 'R', severity: 'ERROR', message: 'm' },
      { path: '/steps/1/name', code: 'X', rule: 'R', severity: 'WARNING', message: 'm' },
      { path: '/stepTransitions/0', code: 'X', rule: 'R', severity: 'ERROR', message: 'm' },
    ]);
    expect(pins.step.get('a')).toHaveLength(2);
    expect(pins.transition.get('t1')).toHaveLength(1);
  });
});

describe('layout on open', () => {
  it('places a definition without positions, and keeps one that has them', async () => {
    const bare: WorkflowDefinition = { steps: [{ id: 's', type: 'start' }, { id: 'x', type: 'human.confirm' }, { id: 'e', type: 'end' }], stepTransitions: [{ id: '1', fromStepId: 's', toStepId: 'x' }, { id: '2', fromStepId: 'x', toStepId: 'e' }] };
    const laid = await prepareDefinition(bare);
    expect(needsLayout(laid)).toBe(false);
    const xs = laid.steps.map((s) => s.ui!.reactFlow!.position!.x);
    expect(xs[0]).toBeLessThan(xs[1]!);
    expect(xs[1]).toBeLessThan(xs[2]!);
    const placed = base();
    expect(await prepareDefinition(placed)).toBe(placed);
  }, 30_000);
});

describe('redraw only what changed', () => {
  it('keeps the node and edge objects an edit did not touch', () => {
    const def = base();
    const first = definitionToGraph(def);
    const moved = moveSteps(def, new Map([['b', { x: 310, y: 0 }]]));
    const next = reuseUnchanged(first, definitionToGraph(moved));
    const byId = (g: typeof first, id: string) => g.nodes.find((n) => n.id === id)!;
    expect(byId(next, 'a')).toBe(byId(first, 'a'));
    expect(byId(next, 'b')).not.toBe(byId(first, 'b'));
    expect(next.edges[0]).toBe(first.edges[0]);
    expect(reuseUnchanged(null, first)).toBe(first);
  });
});
