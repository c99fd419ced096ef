import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { WorkflowDefinition } from './definition';
import { definitionToGraph, graphToDefinition, groupPadding, labelBox, needsLayout, type EditorNode, type Graph } from './graph';

// ELK's layered algorithm, left to right, as BPMN tools draw processes. Spacing leaves room
// for the labels under start, end and gateway nodes and for the conditions on edges.
const spacing = {
  'elk.layered.spacing.nodeNodeBetweenLayers': '72',
  'elk.spacing.nodeNode': '64',
  'elk.spacing.edgeNode': '32',
  'elk.spacing.edgeLabel': '8',
};

const rootOptions = {
  ...spacing,
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.edgeLabels.placement': 'CENTER',
};

// Spacing is set per compound node: ELK does not pass it down from the root.
const groupOptions = {
  ...spacing,
  'elk.padding': `[top=${groupPadding.top},left=${groupPadding.side},bottom=${groupPadding.bottom},right=${groupPadding.side}]`,
};

interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let engine: Promise<Elk> | null = null;

/**
 * layoutEngine is one ELK for the page, made on first use. In a browser it runs in a Web Worker
 * (elkjs's own elk-worker.min.js, emitted by Vite as an asset; the server's CSP allows
 * `worker-src 'self'`), so a large layout never blocks the page; where there is no Worker (unit
 * tests under Node) it runs in place.
 */
function layoutEngine(): Promise<Elk> {
  engine ??= (async (): Promise<Elk> => {
    if (typeof Worker !== 'undefined') {
      const [{ default: ELK }, { default: workerUrl }] = await Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]);
      return new ELK({ workerUrl, workerFactory: (url) => new Worker(url ?? workerUrl) });
    }
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    return new ELK();
  })();
  // A load that failed (the server restarting while the page opened) is tried again on the
  // next layout rather than remembered.
  engine.catch(() => {
    engine = null;
  });
  return engine;
}

/**
 * layoutGraph places every node with ELK (elkjs, loaded on first use so it stays in the
 * editor's chunk). Group frames are compound nodes: ELK sizes them around their steps and
 * answers child positions relative to the frame, as React Flow wants them.
 */
export async function layoutGraph(graph: Graph): Promise<Graph> {
  const elk = await layoutEngine();

  const elkNode = (n: EditorNode): ElkNode => ({
    id: n.id,
    // Port positions are a node option in ELK (not inherited from the root).
    ...(n.type === 'group' ? { layoutOptions: groupOptions, children: [] } : { width: n.width, height: n.height, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } }),
    // A port in the middle of each side, where the handles are: edges enter on the left and
    // leave on the right, straight when the nodes line up.
    ports:
      n.type === 'group'
        ? []
        : [
            { id: `${n.id}::in`, x: 0, y: (n.height ?? 0) / 2, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'WEST' } },
            { id: `${n.id}::out`, x: n.width ?? 0, y: (n.height ?? 0) / 2, width: 0, height: 0, layoutOptions: { 'elk.port.side': 'EAST' } },
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
    .map((e): ElkExtendedEdge => {
      // The label's box makes ELK leave room for it between the layers (ELK ignores a label
      // without text).
      const box = labelBox(e.data);
      return { id: e.id, sources: [`${e.source}::out`], targets: [`${e.target}::in`], ...(box ? { labels: [{ id: `${e.id}::label`, text: e.data?.label ?? e.data?.condition ?? 'default', ...box }] } : {}) };
    });

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

/** prepareDefinition lays a definition out when its positions cannot be drawn (none, or all equal). */
export async function prepareDefinition<D extends WorkflowDefinition>(def: D): Promise<D> {
  if (!needsLayout(def)) return def;
  const laid = await layoutGraph(definitionToGraph(def));
  return graphToDefinition(def, laid.nodes);
}
