import { describe, expect, it } from 'vitest';
import { asDefinition, stepKind, type WorkflowDefinition } from './definition';
import { definitionToGraph, graphToDefinition, groupNodeId, needsLayout, type StepNode } from './graph';

// Every example definition of the repository, valid and invalid: the canvas must draw them all.
const examples = import.meta.glob<{ default: unknown }>('../../../examples/**/*.json', { eager: true });
const definitions = Object.entries(examples)
  .map(([path, mod]) => [path, asDefinition(mod.default)] as const)
  .filter((e): e is readonly [string, WorkflowDefinition] => e[1] !== null);

/** withoutPositions drops what the mapping may write: `ui.reactFlow.position`, and empty shells. */
function withoutPositions(def: WorkflowDefinition): unknown {
  const copy = JSON.parse(JSON.stringify(def)) as WorkflowDefinition;
  for (const s of copy.steps) {
    if (s.ui?.reactFlow) {
      delete s.ui.reactFlow.position;
      if (!Object.keys(s.ui.reactFlow).length) delete s.ui.reactFlow;
    }
    if (s.ui && !Object.keys(s.ui).length) delete s.ui;
  }
  return copy;
}

describe('definition ↔ graph', () => {
  it('finds the examples', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(10);
  });

  it.each(definitions)('%s: a node per step, an edge per transition, a frame per group', (_, def) => {
    const { nodes, edges } = definitionToGraph(def);
    const steps = nodes.filter((n) => n.type !== 'group') as StepNode[];
    expect(steps.map((n) => n.id)).toEqual(def.steps.map((s) => s.id));
    expect(nodes.filter((n) => n.type === 'group').map((n) => n.id)).toEqual((def.stepGroups ?? []).map((g) => groupNodeId(g.id)));
    expect(edges.map((e) => [e.source, e.target])).toEqual(def.stepTransitions.map((t) => [t.fromStepId, t.toStepId]));
    for (const n of steps) expect(n.data.kind, n.id).toBe(stepKind(n.data.step.type));
    // A parent comes before its children.
    const seen = new Set<string>();
    for (const n of nodes) {
      if (n.parentId) expect(seen.has(n.parentId)).toBe(true);
      seen.add(n.id);
    }
  });

  it.each(definitions)('%s: the round trip keeps the definition apart from positions', (_, def) => {
    const before = JSON.stringify(def);
    const { nodes } = definitionToGraph(def);
    const moved = nodes.map((n, i) => (n.type === 'group' ? n : { ...n, position: { x: n.position.x + 10 * i, y: n.position.y + 7 } }));
    const back = graphToDefinition(def, moved);
    expect(JSON.stringify(def)).toBe(before);
    expect(withoutPositions(back)).toEqual(withoutPositions(def));
    for (const s of back.steps) expect(s.ui?.reactFlow?.position).toBeDefined();
  });
});

describe('graphToDefinition', () => {
  const def = {
    id: 'd',
    name: 'D',
    editorMeta: { zoom: 2 },
    steps: [
      { id: 'start', type: 'START', name: 'Start', ui: { reactFlow: { position: { x: 10, y: 20 }, selected: true }, colour: 'red' } },
      { id: 'a', type: 'human.confirm', name: 'A', custom: [1, 2] },
      { id: 'end', type: 'end', name: 'End', ui: { reactFlow: { position: { x: 500, y: 20 } } } },
    ],
    stepTransitions: [
      { id: 't1', fromStepId: 'start', toStepId: 'a', ui: { reactFlow: { handle: { sourceHandle: 'out', targetHandle: 'in' } } } },
      { id: 't2', fromStepId: 'a', toStepId: 'end', label: 'done', extra: true },
    ],
    stepGroups: [{ id: 'g', name: 'G', stepIds: ['a'], legacyServiceRequestTaskGroupKey: 'K' }],
  } satisfies WorkflowDefinition;

  it('writes absolute positions and keeps unknown fields', () => {
    const { nodes } = definitionToGraph(def);
    const group = nodes.find((n) => n.id === groupNodeId('g'))!;
    const moved = nodes.map((n) => (n.id === group.id ? { ...n, position: { x: 1000, y: 2000 } } : n));
    const back = graphToDefinition(def, moved);
    const a = moved.find((n) => n.id === 'a')!;
    expect(back.steps[1]!.ui).toEqual({ reactFlow: { position: { x: 1000 + a.position.x, y: 2000 + a.position.y } } });
    expect(back.steps[0]!.ui).toEqual({ reactFlow: { position: { x: 10, y: 20 }, selected: true }, colour: 'red' });
    expect(back.editorMeta).toEqual({ zoom: 2 });
    expect(back.steps[1]!.custom).toEqual([1, 2]);
    expect(back.stepTransitions).toEqual(def.stepTransitions);
    expect(back.stepGroups).toEqual(def.stepGroups);
  });

  it('keeps a grouped step where it was stored', () => {
    const placed = {
      ...def,
      steps: def.steps.map((s) => (s.id === 'a' ? { ...s, ui: { reactFlow: { position: { x: 200, y: 300 } } } } : s)),
    };
    const back = graphToDefinition(placed, definitionToGraph(placed).nodes);
    expect(back.steps[1]!.ui?.reactFlow?.position).toEqual({ x: 200, y: 300 });
  });
});

describe('kinds and labels', () => {
  it('reads enum keys as values', () => {
    expect(stepKind('SYS_SUB_WORKFLOW')).toBe('sys.sub_workflow');
    expect(stepKind('HUMAN_URL_REDIRECT')).toBe('human.url_redirect');
    expect(stepKind('GATEWAY_PARALLEL_JOIN')).toBe('gateway.parallel_join');
    expect(stepKind('END')).toBe('end');
    expect(stepKind('human.doc_upload')).toBe('human.doc_upload');
    expect(stepKind('sys.http')).toBeNull();
  });

  it('gives each kind its node and edges their condition or label', () => {
    const def: WorkflowDefinition = {
      steps: [
        { id: 's', type: 'start' },
        { id: 'x', type: 'gateway.exclusive_split', name: 'Approved?' },
        { id: 'b', type: 'sys.sub_workflow', mode: 'BATCH', name: 'Per director' },
        { id: 'u', type: 'sys.unknown' },
        { id: 'e', type: 'end' },
      ],
      stepTransitions: [
        { id: 't1', fromStepId: 's', toStepId: 'x' },
        { id: 't2', fromStepId: 'x', toStepId: 'b', condition: { type: 'jsonata', src: 'approved = true' }, label: 'Yes' },
        { id: 't3', fromStepId: 'x', toStepId: 'e', isDefault: true },
      ],
    };
    const { nodes, edges } = definitionToGraph(def);
    expect(nodes.map((n) => n.type)).toEqual(['start', 'gateway', 'subworkflow', 'unknown', 'end']);
    expect((nodes[2] as StepNode).data.batch).toBe(true);
    expect((nodes[0] as StepNode).data.label).toBe('s');
    expect(edges[1]!.data).toMatchObject({ label: 'Yes', condition: 'approved = true', isDefault: false });
    expect(edges[2]!.data).toMatchObject({ isDefault: true });
    expect(edges.every((e) => e.sourceHandle === 'out' && e.targetHandle === 'in')).toBe(true);
  });

  it('lays out when positions are missing or all equal', () => {
    const at = (x: number, y: number) => ({ ui: { reactFlow: { position: { x, y } } } });
    const two = (a: object, b: object): WorkflowDefinition => ({
      steps: [{ id: 'a', type: 'start', ...a }, { id: 'b', type: 'end', ...b }],
      stepTransitions: [],
    });
    expect(needsLayout(two(at(0, 0), at(0, 0)))).toBe(true);
    expect(needsLayout(two(at(0, 0), {}))).toBe(true);
    expect(needsLayout(two(at(0, 0), at(100, 0)))).toBe(false);
  });
});
