import '@xyflow/react/dist/style.css';
import './canvas.css';
import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useReactFlow,
  type Connection,
  type DefaultEdgeOptions,
  type NodeChange,
  type EdgeChange,
  type Edge,
} from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { WorkflowDefinition } from './definition';
import { decorate, frameAt } from './decorate';
import { absolutePositions, definitionToGraph, groupNodeId, type EditorNode, type Graph } from './graph';
import { styleOf } from './kinds';
import { nodeTypes, EditableContext } from './nodes';
import { moveSteps, setStepGroup, groupable, palette, type PaletteItem } from './ops';
import { edgeTypes } from './TransitionEdge';
import { sameRun, withRunMarks } from './test/decorateRun';
import type { RunMarks } from './test/marks';
import type { IssuesByElement } from './validation';

/** The drag-and-drop type a Steps Panel entry carries: its palette key. */
export const paletteMime = 'application/x-wfb-step';

/** SelectedIds is the canvas selection: node ids (steps, and `group:<id>` frames) and edge ids. */
export interface SelectedIds {
  nodes: string[];
  edges: string[];
}

export const noneSelected: SelectedIds = { nodes: [], edges: [] };

interface EditorCanvasProps {
  definition: WorkflowDefinition;
  readOnly: boolean;
  issues: IssuesByElement;
  selected: SelectedIds;
  /** Selection changes come as updates of the previous one: React Flow reports nodes and edges separately. */
  onSelect: (update: (prev: SelectedIds) => SelectedIds) => void;
  /** An undoable change of the definition. */
  onChange: (next: WorkflowDefinition) => void;
  onConnect: (c: Connection) => void;
  onDelete: (ids: SelectedIds) => void;
  onDropItem: (item: PaletteItem, at: { x: number; y: number }) => void;
  /** Says why a step could not go where it was dropped (a start step into a group...). */
  onRefused: (message: string) => void;
  /** A test run's marks at the Test panel's stepper position, or none. */
  run?: RunMarks | null;
}

const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: 'var(--mantine-color-gray-6)' },
};

function minimapColor(n: EditorNode): string {
  if (n.type === 'group') return 'var(--mantine-color-gray-2)';
  return `var(--mantine-color-${styleOf(n.data.kind, n.data.batch).color}-4)`;
}

/**
 * editorGraph is the graph the editor draws: the definition's, with issues pinned, the
 * selection marked, and steps free to leave their group's frame (dropping one outside takes it
 * out of the group).
 */
function editorGraph(def: WorkflowDefinition, issues: IssuesByElement, selected: SelectedIds, readOnly: boolean, run: RunMarks | null): Graph {
  const g = withRunMarks(decorate(definitionToGraph(def), { issues }), run);
  const nodeSel = new Set(selected.nodes);
  const edgeSel = new Set(selected.edges);
  return {
    nodes: g.nodes.map((n) => {
      const { extent: _extent, ...rest } = n;
      void _extent;
      return { ...rest, selected: nodeSel.has(n.id), selectable: true, draggable: !readOnly, ...(n.type === 'group' ? { className: 'wfb-group-node' } : {}) } as EditorNode;
    }),
    edges: g.edges.map((e) => ({ ...e, selected: edgeSel.has(e.id), focusable: true })),
  };
}

function sameNode(a: EditorNode, b: EditorNode): boolean {
  if (a.type !== b.type || a.selected !== b.selected || a.parentId !== b.parentId || a.width !== b.width || a.height !== b.height || a.draggable !== b.draggable) return false;
  if (a.position.x !== b.position.x || a.position.y !== b.position.y || a.ariaLabel !== b.ariaLabel) return false;
  if (a.type === 'group' || b.type === 'group') return a.data.group === b.data.group && a.data.label === b.data.label;
  return a.data.step === b.data.step && a.data.issues === b.data.issues && sameRun(a.data.run, b.data.run);
}

/** reuseUnchanged answers `next` with the objects of `prev` wherever nothing differs. */
export function reuseUnchanged(prev: Graph | null, next: Graph): Graph {
  if (!prev) return next;
  const nodes = new Map(prev.nodes.map((n) => [n.id, n]));
  const edges = new Map(prev.edges.map((e) => [e.id, e]));
  return {
    nodes: next.nodes.map((n) => {
      const old = nodes.get(n.id);
      return old && sameNode(old, n) ? old : n;
    }),
    edges: next.edges.map((e) => {
      const old = edges.get(e.id);
      const same = old && old.selected === e.selected && old.source === e.source && old.target === e.target && old.sourceHandle === e.sourceHandle && old.targetHandle === e.targetHandle && old.data?.transition === e.data?.transition && old.data?.issues === e.data?.issues && old.data?.run === e.data?.run && old.ariaLabel === e.ariaLabel;
      return same ? old : e;
    }),
  };
}

function applySelect(ids: string[], changes: (NodeChange<EditorNode> | EdgeChange)[]): string[] {
  const next = new Set(ids);
  for (const c of changes) {
    if (c.type !== 'select') continue;
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return next.size === ids.length && ids.every((id) => next.has(id)) ? ids : [...next];
}

/** largeGraph is the node count above which the canvas saves work: see `large` below. */
export const largeGraph = 200;

/**
 * EditorCanvas is the editable canvas: drag steps in from the Steps Panel, connect handles,
 * select (click, shift-click, shift-drag a box), move, drop steps into group frames. Every
 * change goes back to the page as a whole new definition; positions are written on drop.
 */
export function EditorCanvas(props: EditorCanvasProps) {
  const { definition, readOnly, issues, selected, onSelect, onChange, onConnect, onDelete, onDropItem, onRefused, run = null } = props;
  const flow = useReactFlow();
  // Unchanged nodes and edges keep their objects, so React Flow redraws only what an edit touched
  // (a move of one step in 500 redraws one node, not 500).
  const [drawn, setDrawn] = useState<{ inputs: unknown[]; graph: Graph } | null>(null);
  const inputs = [definition, issues, selected, readOnly, run];
  let base: Graph;
  if (drawn && drawn.inputs.every((x, i) => x === inputs[i])) base = drawn.graph;
  else {
    base = reuseUnchanged(drawn?.graph ?? null, editorGraph(definition, issues, selected, readOnly, run));
    setDrawn({ inputs, graph: base });
  }
  // Nodes being dragged move here first; the definition changes once, on drop.
  const [live, setLive] = useState<{ base: Graph; nodes: EditorNode[] }>({ base, nodes: base.nodes });
  const nodes = live.base === base ? live.nodes : base.nodes;
  // A large graph draws only what is in view, and no minimap (which would redraw every step on
  // each frame of a drag).
  const large = base.nodes.length > largeGraph;

  const onNodesChange = (changes: NodeChange<EditorNode>[]) => {
    const moved = changes.filter((c) => c.type === 'position' || c.type === 'dimensions');
    if (moved.length) setLive({ base, nodes: applyNodeChanges(moved, nodes) });
    const sel = changes.filter((c) => c.type === 'select');
    if (sel.length) onSelect((prev) => ({ nodes: applySelect(prev.nodes, sel), edges: prev.edges }));
  };
  const onEdgesChange = (changes: EdgeChange[]) => {
    const sel = changes.filter((c) => c.type === 'select');
    if (sel.length) onSelect((prev) => ({ nodes: prev.nodes, edges: applySelect(prev.edges, sel) }));
  };

  const onNodeDragStop = (_e: unknown, _node: EditorNode, dragged: EditorNode[]) => {
    // A step that may not join the frame it was dropped on goes back to where it was, so it is
    // not left lying over the group's members.
    const refused = dragged.filter((n) => {
      if (n.type === 'group') return false;
      const frame = frameAt(nodes, n.id);
      return frame !== null && groupNodeId(frame) !== (n.parentId ?? null) && !groupable(n.data.step);
    });
    const back = new Set(refused.map((n) => n.id));
    const placed = back.size ? nodes.map((n) => (back.has(n.id) ? (base.nodes.find((b) => b.id === n.id) ?? n) : n)) : nodes;
    let next = moveSteps(definition, absolutePositions(placed));
    for (const n of dragged) {
      if (n.type === 'group' || back.has(n.id)) continue;
      const frame = frameAt(nodes, n.id);
      const current = n.parentId ?? null;
      if (frame && groupNodeId(frame) !== current) next = setStepGroup(next, n.id, frame);
      else if (!frame && current) next = setStepGroup(next, n.id, null);
    }
    if (refused.length) onRefused(`${refused.map((n) => n.data.label).join(', ')}: only human and sub-workflow steps can be in a step group.`);
    if (next !== definition) onChange(next);
    else setLive({ base, nodes: base.nodes });
  };

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(paletteMime)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    if (readOnly) return;
    const key = e.dataTransfer.getData(paletteMime);
    const item = palette.find((p) => p.key === key);
    if (!item) return;
    e.preventDefault();
    onDropItem(item, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
  };

  // React Flow gets the same handler objects on every render (each calls the latest closure),
  // so a drag's re-render does not push new callbacks into its store.
  const latest = useRef({ onNodesChange, onEdgesChange, onNodeDragStop, onDragOver, onDrop, onConnect, onDelete, onSelect });
  useLayoutEffect(() => {
    latest.current = { onNodesChange, onEdgesChange, onNodeDragStop, onDragOver, onDrop, onConnect, onDelete, onSelect };
  });
  const handlers = useMemo(
    () => ({
      onNodesChange: (c: NodeChange<EditorNode>[]) => latest.current.onNodesChange(c),
      onEdgesChange: (c: EdgeChange[]) => latest.current.onEdgesChange(c),
      onNodeDragStop: (e: unknown, n: EditorNode, ns: EditorNode[]) => latest.current.onNodeDragStop(e, n, ns),
      onDragOver: (e: DragEvent) => latest.current.onDragOver(e),
      onDrop: (e: DragEvent) => latest.current.onDrop(e),
      onConnect: (c: Connection) => latest.current.onConnect(c),
      onDelete: ({ nodes: n, edges: e }: { nodes: EditorNode[]; edges: Edge[] }) => latest.current.onDelete({ nodes: n.map((x) => x.id), edges: e.map((x) => x.id) }),
      onPaneClick: () => latest.current.onSelect(() => noneSelected),
      isValidConnection: (c: Connection | Edge) => c.source !== c.target,
    }),
    [],
  );

  return (
    <EditableContext.Provider value={!readOnly}>
      <ReactFlow<EditorNode>
        nodes={nodes}
        edges={base.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={handlers.onNodesChange}
        onEdgesChange={handlers.onEdgesChange}
        onNodeDragStop={handlers.onNodeDragStop}
        onConnect={readOnly ? undefined : handlers.onConnect}
        isValidConnection={handlers.isValidConnection}
        onDelete={readOnly ? undefined : handlers.onDelete}
        onPaneClick={handlers.onPaneClick}
        onDragOver={handlers.onDragOver}
        onDrop={handlers.onDrop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        edgesFocusable
        selectionOnDrag={false}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionMode={SelectionMode.Partial}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        connectionLineType={ConnectionLineType.SmoothStep}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        minZoom={0.05}
        maxZoom={2}
        onlyRenderVisibleElements={large}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--mantine-color-gray-4)" />
        {!large && <MiniMap style={{ width: 168, height: 100 }} pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={2} maskColor="rgba(241, 243, 245, 0.6)" ariaLabel="Mini map of the workflow" />}
        <Controls showInteractive={false} />
      </ReactFlow>
    </EditableContext.Provider>
  );
}
