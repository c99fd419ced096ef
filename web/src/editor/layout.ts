import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { groupPadding, type EditorNode, type Graph } from './graph';

// ELK's layered algorithm, left to right, as BPMN tools draw processes. Spacing leaves room
// for the labels under start, end and gateway nodes and for the conditions on edges.
const rootOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '96',
  'elk.spacing.nodeNode': '64',
  'elk.spacing.edgeNode': '32',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.portConstraints': 'FIXED_SIDE',
};

const groupOptions = {
  'elk.padding': `[top=${groupPadding.top},left=${groupPadding.side},bottom=${groupPadding.bottom},right=${groupPadding.side}]`,
};

/**
 * layoutGraph places every node with ELK (elkjs, loaded on first use so it stays in the
 * editor's chunk). Group frames are compound nodes: ELK sizes them around their steps and
 * answers child positions relative to the frame, as React Flow wants them.
 */
export async function layoutGraph(graph: Graph): Promise<Graph> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();

  const elkNode = (n: EditorNode): ElkNode => ({
    id: n.id,
    ...(n.type === 'group' ? { layoutOptions: groupOptions, children: [] } : { width: n.width, height: n.height }),
    // One port per side keeps edges entering on the left and leaving on the right.
    ports:
      n.type === 'group'
        ? []
        : [
            { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'WEST' } },
            { id: `${n.id}::out`, layoutOptions: { 'elk.port.side': 'EAST' } },
          ],
  });
  const byId = new Map<string, ElkNode>();
  for (const n of graph.nodes) byId.set(n.id, elkNode(n));
  const root: ElkNode = { id: '__root__', layoutOptions: rootOptions, children: [] };
  for (const n of graph.nodes) {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    (parent ?? root).children!.push(byId.get(n.id)!);
  }
  const known = new Set(graph.nodes.map((n) => n.id));
  root.edges = graph.edges
    .filter((e) => known.has(e.source) && known.has(e.target))
    .map((e): ElkExtendedEdge => ({ id: e.id, sources: [`${e.source}::out`], targets: [`${e.target}::in`] }));

  const laid = await elk.layout(root);
  const placed = new Map<string, ElkNode>();
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      placed.set(c.id, c);
      walk(c);
    }
  };
  walk(laid);

  const nodes = graph.nodes.map((n): EditorNode => {
    const p = placed.get(n.id);
    if (!p) return n;
    const position = { x: Math.round(p.x ?? 0), y: Math.round(p.y ?? 0) };
    if (n.type === 'group') return { ...n, position, width: Math.round(p.width ?? 0), height: Math.round(p.height ?? 0) };
    return { ...n, position };
  });
  return { nodes, edges: graph.edges };
}
