import '@xyflow/react/dist/style.css';
import './canvas.css';
import { Alert, Center, Loader } from '@mantine/core';
import { Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow, type DefaultEdgeOptions } from '@xyflow/react';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useMemo, useState } from 'react';
import { asDefinition } from './definition';
import { definitionToGraph, needsLayout, type EditorNode, type Graph } from './graph';
import { styleOf } from './kinds';
import { layoutGraph } from './layout';
import { nodeTypes } from './nodes';
import { edgeTypes } from './TransitionEdge';

const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: 'var(--mantine-color-gray-6)' },
};

function minimapColor(n: EditorNode): string {
  if (n.type === 'group') return 'var(--mantine-color-gray-2)';
  return `var(--mantine-color-${styleOf(n.data.kind, n.data.batch).color}-4)`;
}

/**
 * DefinitionCanvas draws a definition read-only: steps by kind, transitions with their
 * conditions, step groups as frames. Stored positions are used when they place the steps;
 * otherwise (missing, or all at one point) the graph is laid out with ELK.
 * The default export is what `React.lazy` loads: this module and React Flow and elkjs stay
 * out of the first load.
 */
export default function DefinitionCanvas({ definition }: { definition: unknown }) {
  const def = useMemo(() => asDefinition(definition), [definition]);
  const [laid, setLaid] = useState<{ source: unknown; graph: Graph } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const { ref, width } = useElementSize();

  useEffect(() => {
    if (!def) return;
    let live = true;
    const graph = definitionToGraph(def);
    const ready = needsLayout(def) ? layoutGraph(graph) : Promise.resolve(graph);
    ready.then(
      (g) => live && setLaid({ source: definition, graph: withLabels(g) }),
      (err: unknown) => live && setFailed(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [def, definition]);

  if (!def) {
    return (
      <Alert color="gray" variant="light" title="Nothing to draw">
        This definition has no list of steps the canvas can read; see the JSON view.
      </Alert>
    );
  }
  if (failed) {
    return (
      <Alert color="red" variant="light" title="The layout failed">
        {failed}
      </Alert>
    );
  }
  const graph = laid && laid.source === definition ? laid.graph : null;
  return (
    <div className="wfb-canvas" role="region" aria-label="Definition canvas" ref={ref} style={{ height: graph ? canvasHeight(graph, width) : maxHeight }}>
      {!graph ? (
        <Center h="100%">
          <Loader size="sm" aria-label="Laying out the workflow" />
        </Center>
      ) : (
        <ReactFlow
          nodes={graph.nodes}
          edges={graph.edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          edgesFocusable={false}
          fitView
          fitViewOptions={fitViewOptions}
          minZoom={0.1}
          maxZoom={2}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--mantine-color-gray-4)" />
          <MiniMap style={{ width: 168, height: 100 }} pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} maskColor="rgba(241, 243, 245, 0.6)" ariaLabel="Mini map of the workflow" />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}

const minHeight = 320;
const maxHeight = 640;
// Room around the drawing: the bottom keeps the minimap and the controls off the nodes, the
// sides leave room for the names under start, end and gateways.
const pad = { top: 48, bottom: 136, side: 72 };
const fitViewOptions = {
  padding: { top: `${pad.top}px`, bottom: `${pad.bottom}px`, left: `${pad.side}px`, right: `${pad.side}px` },
  maxZoom: 1,
} as const;

/** canvasHeight fits the canvas to the drawing at the zoom that fits its width (at most 1). */
function canvasHeight(g: Graph, width: number): number {
  let left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
  for (const n of g.nodes) {
    if (n.parentId) continue;
    left = Math.min(left, n.position.x);
    right = Math.max(right, n.position.x + (n.width ?? 0));
    top = Math.min(top, n.position.y);
    bottom = Math.max(bottom, n.position.y + (n.height ?? 0));
  }
  if (!Number.isFinite(top) || width <= 0) return maxHeight;
  const zoom = Math.min(1, (width - 2 * pad.side) / Math.max(1, right - left));
  // 40: the names under the lowest nodes and loops run below them.
  return Math.round(Math.min(maxHeight, Math.max(minHeight, (bottom - top + 40) * zoom + pad.top + pad.bottom)));
}

/** withLabels names each node for assistive technology: its kind and its name. */
function withLabels(g: Graph): Graph {
  return {
    ...g,
    nodes: g.nodes.map((n) =>
      n.type === 'group' ? { ...n, ariaLabel: `Step group: ${n.data.label}` } : { ...n, ariaLabel: `${styleOf(n.data.kind, n.data.batch).title}: ${n.data.label}` },
    ),
  };
}
