import { describe, expect, it } from 'vitest';
import { asDefinition, type WorkflowDefinition } from './definition';
import { absolutePositions, definitionToGraph, graphToDefinition, needsLayout, type EditorNode } from './graph';
import { layoutGraph } from './layout';

const examples = import.meta.glob<{ default: unknown }>('../../../examples/*.json', { eager: true });
const definitions = Object.entries(examples)
  .map(([path, mod]) => [path, asDefinition(mod.default)] as const)
  .filter((e): e is readonly [string, WorkflowDefinition] => e[1] !== null);

function hasCycle(def: WorkflowDefinition): boolean {
  const next = new Map<string, string[]>();
  for (const t of def.stepTransitions) next.set(t.fromStepId, [...(next.get(t.fromStepId) ?? []), t.toStepId]);
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'open') return true;
    if (state.get(id) === 'done') return false;
    state.set(id, 'open');
    const found = (next.get(id) ?? []).some(visit);
    state.set(id, 'done');
    return found;
  };
  return def.steps.some((s) => visit(s.id));
}

function boxes(nodes: EditorNode[]) {
  const abs = absolutePositions(nodes);
  return nodes
    .filter((n) => n.type !== 'group')
    .map((n) => ({ id: n.id, ...abs.get(n.id)!, w: n.width!, h: n.height! }));
}

describe('layoutGraph', () => {
  it('has examples without positions, with and without cycles', () => {
    expect(definitions.every(([, d]) => needsLayout(d))).toBe(true);
    expect(definitions.some(([, d]) => !hasCycle(d))).toBe(true);
    expect(definitions.some(([, d]) => hasCycle(d))).toBe(true);
  });

  it.each(definitions)('%s: no two steps overlap; edges go forward when acyclic', async (_, def) => {
    const { nodes, edges } = await layoutGraph(definitionToGraph(def));
    const b = boxes(nodes);
    for (let i = 0; i < b.length; i++)
      for (let j = i + 1; j < b.length; j++) {
        const [p, q] = [b[i]!, b[j]!];
        const overlap = p.x < q.x + q.w && q.x < p.x + p.w && p.y < q.y + q.h && q.y < p.y + p.h;
        expect(overlap, `${p.id} overlaps ${q.id}`).toBe(false);
      }
    if (!hasCycle(def)) {
      const at = new Map(b.map((n) => [n.id, n]));
      for (const e of edges) {
        const [s, t] = [at.get(e.source)!, at.get(e.target)!];
        expect(s.x + s.w, `${e.source} → ${e.target}`).toBeLessThan(t.x);
      }
    }
    // Written back and read again, the layout is what the canvas shows and needs no new one.
    const back = graphToDefinition(def, nodes);
    expect(needsLayout(back)).toBe(false);
    expect(boxes(definitionToGraph(back).nodes)).toEqual(b);
  }, 30_000);

  it('puts grouped steps inside their frame', async () => {
    const def = definitions.find(([, d]) => (d.stepGroups ?? []).length > 0)![1];
    const { nodes } = await layoutGraph(definitionToGraph(def));
    for (const n of nodes) {
      if (!n.parentId) continue;
      const frame = nodes.find((f) => f.id === n.parentId)!;
      expect(n.position.x).toBeGreaterThanOrEqual(0);
      expect(n.position.y).toBeGreaterThanOrEqual(0);
      expect(n.position.x + n.width!).toBeLessThanOrEqual(frame.width!);
      expect(n.position.y + n.height!).toBeLessThanOrEqual(frame.height!);
    }
  });
});
