import '@xyflow/react/dist/style.css';
import '../canvas.css';
import { Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow, type DefaultEdgeOptions } from '@xyflow/react';
import { useMemo } from 'react';
import { decorate } from '../decorate';
import type { WorkflowDefinition } from '../definition';
import { definitionToGraph, type EditorNode } from '../graph';
import type { Selection } from '../selection';
import { edgeTypes } from '../TransitionEdge';
import { nodeTypes } from '../nodes';
import type { ChangeKind } from './diff';

const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: 'var(--mantine-color-gray-6)' },
};

const changeColor: Record<ChangeKind, string> = { added: 'green', removed: 'red', changed: 'yellow', same: 'gray' };

interface CompareCanvasProps {
  union: WorkflowDefinition;
  changes: { steps: Map<string, ChangeKind>; transitions: Map<string, ChangeKind> };
  selection: Selection;
  onSelect: (s: Selection) => void;
}

/** CompareCanvas draws the union of two versions, each element marked added, removed or changed. */
export function CompareCanvas({ union, changes, selection, onSelect }: CompareCanvasProps) {
  const graph = useMemo(() => decorate(definitionToGraph(union), { changes }), [union, changes]);
  const nodes = graph.nodes.map((n) => ({ ...n, selected: selection?.kind === 'step' && selection.id === n.id, selectable: n.type !== 'group' }));
  const edges = graph.edges.map((e) => ({ ...e, selected: selection?.kind === 'transition' && selection.id === e.id }));
  const color = (n: EditorNode) => (n.type === 'group' ? 'var(--mantine-color-gray-2)' : `var(--mantine-color-${changeColor[changes.steps.get(n.id) ?? 'same']}-4)`);
  return (
    <ReactFlow<EditorNode>
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      defaultEdgeOptions={defaultEdgeOptions}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable
      edgesFocusable
      onNodeClick={(_e, n) => n.type !== 'group' && onSelect({ kind: 'step', id: n.id })}
      onEdgeClick={(_e, edge) => onSelect({ kind: 'transition', id: edge.id })}
      onPaneClick={() => onSelect(null)}
      fitView
      fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
      minZoom={0.05}
      maxZoom={2}
    >
      <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--mantine-color-gray-4)" />
      <MiniMap style={{ width: 168, height: 100 }} pannable zoomable nodeColor={color} nodeStrokeWidth={2} maskColor="rgba(241, 243, 245, 0.6)" ariaLabel="Mini map of the comparison" />
      <Controls showInteractive={false} />
    </ReactFlow>
  );
}
