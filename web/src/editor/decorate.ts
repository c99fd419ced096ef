import type { ChangeKind } from './compare/diff';
import { absolutePositions, type EditorNode, type Graph } from './graph';
import { styleOf } from './kinds';
import type { IssuesByElement } from './validation';

/** Decorations are what the editor and the compare view pin on a graph. */
export interface Decorations {
  issues?: IssuesByElement;
  changes?: { steps: Map<string, ChangeKind>; transitions: Map<string, ChangeKind> };
}

const changeWords = { added: 'added', removed: 'removed', changed: 'changed' } as const;

function problems(n: number | undefined): string {
  return n ? `, ${n} problem${n === 1 ? '' : 's'}` : '';
}

/**
 * decorate adds issue counts and change marks to the nodes and edges, and names each for
 * assistive technology: its kind, its name, then its change and its number of problems.
 */
export function decorate(g: Graph, d: Decorations): Graph {
  const nodes = g.nodes.map((n): EditorNode => {
    if (n.type === 'group') {
      const count = d.issues?.group.get(n.data.group.id)?.length;
      return { ...n, ariaLabel: `Step group: ${n.data.label}${problems(count)}` };
    }
    const issues = d.issues?.step.get(n.id)?.length;
    const c = d.changes?.steps.get(n.id);
    const change = c && c !== 'same' ? c : undefined;
    return {
      ...n,
      data: { ...n.data, issues, change },
      ariaLabel: `${styleOf(n.data.kind, n.data.batch).title}: ${n.data.label}${change ? `, ${changeWords[change]}` : ''}${problems(issues)}`,
    };
  });
  const edges = g.edges.map((e) => {
    const id = e.data?.transition.id ?? e.id;
    const issues = d.issues?.transition.get(id)?.length;
    const c = d.changes?.transitions.get(id);
    const change = c && c !== 'same' ? c : undefined;
    if (!issues && !change) return { ...e, ariaLabel: `Transition from ${e.source} to ${e.target}` };
    return {
      ...e,
      data: e.data ? { ...e.data, issues, change } : e.data,
      ariaLabel: `Transition from ${e.source} to ${e.target}${change ? `, ${changeWords[change]}` : ''}${problems(issues)}`,
    };
  });
  return { nodes, edges };
}

/** NodeRect is a node's box in canvas coordinates. */
export interface NodeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** groupFrames answers each group frame's box in canvas coordinates, by group id. */
export function groupFrames(nodes: readonly EditorNode[]): Map<string, NodeRect> {
  const out = new Map<string, NodeRect>();
  for (const n of nodes) {
    if (n.type !== 'group' || n.parentId) continue;
    out.set(n.data.group.id, { x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 });
  }
  return out;
}

/** frameAt is the group whose frame holds a step's centre, or null. */
export function frameAt(nodes: readonly EditorNode[], stepId: string): string | null {
  const node = nodes.find((n) => n.id === stepId);
  const p = absolutePositions(nodes).get(stepId);
  if (!node || !p) return null;
  const cx = p.x + (node.width ?? 0) / 2;
  const cy = p.y + (node.height ?? 0) / 2;
  for (const [id, r] of groupFrames(nodes)) {
    if (cx >= r.x && cx <= r.x + r.width && cy >= r.y && cy <= r.y + r.height) return id;
  }
  return null;
}
