import type { Edge, Node } from '@xyflow/react';
import type { EdgeRunMark, StepRunMark } from './test/marks';
import { stepKind, type GroupDef, type StepDef, type StepKind, type TransitionDef, type WorkflowDefinition } from './definition';

/** The React Flow node type drawn for each step kind (see nodes.tsx). */
export type StepNodeType = 'start' | 'end' | 'human' | 'subworkflow' | 'gateway' | 'unknown';

/** StepNodeData is what a step node renders; `step` is the definition's own object. */
export interface StepNodeData extends Record<string, unknown> {
  step: StepDef;
  kind: StepKind | null;
  label: string;
  batch: boolean;
  /** Validation issues pinned on this step (the editor sets it). */
  issues?: number;
  /** How this step differs between two versions (the compare view sets it). */
  change?: 'added' | 'removed' | 'changed';
  /** What a test run did with this step at the stepper's position (the Test panel sets it). */
  run?: StepRunMark;
}

/** GroupNodeData is what a step-group frame renders. */
export interface GroupNodeData extends Record<string, unknown> {
  group: GroupDef;
  label: string;
}

/** TransitionEdgeData is what a transition edge renders. */
export interface TransitionEdgeData extends Record<string, unknown> {
  transition: TransitionDef;
  label?: string;
  condition?: string;
  isDefault: boolean;
  /** Validation issues pinned on this transition (the editor sets it). */
  issues?: number;
  /** How this transition differs between two versions (the compare view sets it). */
  change?: 'added' | 'removed' | 'changed';
  /** Whether a test run took this transition, or sent a dead path along it (the Test panel sets it). */
  run?: EdgeRunMark;
}

export type StepNode = Node<StepNodeData, StepNodeType>;
export type GroupNode = Node<GroupNodeData, 'group'>;
export type EditorNode = StepNode | GroupNode;
export type TransitionEdge = Edge<TransitionEdgeData, 'transition'>;

/** Graph is a definition as React Flow draws it. */
export interface Graph {
  nodes: EditorNode[];
  edges: TransitionEdge[];
}

/** Every node has one target handle on its left and one source handle on its right. */
export const handles = { target: 'in', source: 'out' } as const;

/** Node sizes in pixels, shared by the node components and the layout. */
export const nodeSize: Record<StepNodeType, { width: number; height: number }> = {
  start: { width: 56, height: 56 },
  end: { width: 56, height: 56 },
  gateway: { width: 64, height: 64 },
  human: { width: 232, height: 68 },
  subworkflow: { width: 232, height: 68 },
  unknown: { width: 232, height: 68 },
};

/** Space inside a group frame around its steps; the top holds the group's title. */
export const groupPadding = { top: 44, side: 24, bottom: 24 };

/** nodeType picks the node component for a step kind. */
export function nodeType(kind: StepKind | null): StepNodeType {
  if (kind === null) return 'unknown';
  if (kind === 'start' || kind === 'end') return kind;
  if (kind.startsWith('human.')) return 'human';
  if (kind === 'sys.sub_workflow') return 'subworkflow';
  return 'gateway';
}

function storedPosition(step: StepDef): { x: number; y: number } | null {
  const p = step.ui?.reactFlow?.position;
  if (!p || typeof p.x !== 'number' || typeof p.y !== 'number' || !Number.isFinite(p.x) || !Number.isFinite(p.y)) return null;
  return { x: p.x, y: p.y };
}

/**
 * needsLayout says whether the stored positions cannot be drawn as they are: a step has none,
 * or every step sits at the same point (as in every example, all at 0,0).
 */
export function needsLayout(def: WorkflowDefinition): boolean {
  const points = def.steps.map(storedPosition);
  if (points.some((p) => p === null)) return true;
  if (points.length < 2) return false;
  const first = points[0]!;
  return points.every((p) => p!.x === first.x && p!.y === first.y);
}

/** groupOf maps each grouped step id to its group id: `stepGroups[].stepIds`, else `step.group`. */
export function groupOf(def: WorkflowDefinition): Map<string, string> {
  const groups = new Set((def.stepGroups ?? []).map((g) => g.id));
  const of = new Map<string, string>();
  for (const g of def.stepGroups ?? []) for (const id of g.stepIds ?? []) of.set(id, g.id);
  for (const s of def.steps) {
    const gid = s.group?.groupId;
    if (!of.has(s.id) && gid && groups.has(gid)) of.set(s.id, gid);
  }
  return of;
}

function edgeText(t: TransitionDef): Pick<TransitionEdgeData, 'label' | 'condition'> {
  const label = typeof t.label === 'string' && t.label.trim() ? t.label : undefined;
  const condition = t.condition && typeof t.condition.src === 'string' && t.condition.src.trim() ? t.condition.src : undefined;
  return { label, condition };
}

/**
 * definitionToGraph maps steps to nodes and transitions to edges. Positions come from
 * `ui.reactFlow` (absolute); steps in a group are placed relative to its frame, which is sized
 * around them. Without usable positions every node is at 0,0: lay the graph out (layout.ts).
 */
export function definitionToGraph(def: WorkflowDefinition): Graph {
  const of = groupOf(def);
  const abs = new Map<string, { x: number; y: number }>();
  for (const s of def.steps) abs.set(s.id, storedPosition(s) ?? { x: 0, y: 0 });

  const groupNodes: GroupNode[] = [];
  const origin = new Map<string, { x: number; y: number }>();
  for (const g of def.stepGroups ?? []) {
    const members = def.steps.filter((s) => of.get(s.id) === g.id);
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const s of members) {
      const p = abs.get(s.id)!;
      const size = nodeSize[nodeType(stepKind(s.type))];
      x0 = Math.min(x0, p.x);
      y0 = Math.min(y0, p.y);
      x1 = Math.max(x1, p.x + size.width);
      y1 = Math.max(y1, p.y + size.height);
    }
    if (!members.length) {
      x0 = y0 = 0;
      x1 = nodeSize.human.width;
      y1 = 0;
    }
    const position = { x: x0 - groupPadding.side, y: y0 - groupPadding.top };
    origin.set(g.id, position);
    groupNodes.push({
      id: groupNodeId(g.id),
      type: 'group',
      position,
      width: x1 - x0 + 2 * groupPadding.side,
      height: y1 - y0 + groupPadding.top + groupPadding.bottom,
      data: { group: g, label: g.name || g.id },
      selectable: false,
      zIndex: -1,
    });
  }

  const stepNodes: StepNode[] = def.steps.map((s) => {
    const kind = stepKind(s.type);
    const type = nodeType(kind);
    const gid = of.get(s.id);
    const p = abs.get(s.id)!;
    const parent = gid ? origin.get(gid) : undefined;
    return {
      id: s.id,
      type,
      position: parent ? { x: p.x - parent.x, y: p.y - parent.y } : p,
      ...(gid ? { parentId: groupNodeId(gid), extent: 'parent' as const } : {}),
      width: nodeSize[type].width,
      height: nodeSize[type].height,
      data: { step: s, kind, label: s.name || s.id, batch: kind === 'sys.sub_workflow' && s.mode === 'BATCH' },
    };
  });

  const edges: TransitionEdge[] = def.stepTransitions.map((t, i) => ({
    id: t.id || `transition-${i}`,
    type: 'transition',
    source: t.fromStepId,
    target: t.toStepId,
    sourceHandle: storedHandle(t.ui?.reactFlow?.handle?.sourceHandle, handles.source),
    targetHandle: storedHandle(t.ui?.reactFlow?.handle?.targetHandle, handles.target),
    data: { transition: t, isDefault: t.isDefault === true, ...edgeText(t) },
  }));

  // React Flow wants a parent before its children.
  return { nodes: [...groupNodes, ...stepNodes], edges };
}

/**
 * storedHandle is the handle a transition was drawn from or to, when the node has it (every
 * node has exactly `in` and `out`); any other name is drawn on the node's own handle.
 */
function storedHandle(name: unknown, fallback: string): string {
  return name === handles.source || name === handles.target ? name : fallback;
}

/** The longest condition an edge label shows; the full text is its tooltip. */
export const maxConditionChars = 42;

/**
 * labelBox estimates the size of an edge's label as TransitionEdge draws it (11px text, a
 * monospace condition line), so the layout can leave room for it. Null without a label.
 */
export function labelBox(data: TransitionEdgeData | undefined): { width: number; height: number } | null {
  if (!data) return null;
  const lines: number[] = [];
  if (data.label) lines.push(data.label.length * 6.6);
  if (data.isDefault) lines.push(50);
  if (data.condition) lines.push(Math.min(data.condition.length, maxConditionChars) * 6.4);
  if (!lines.length) return null;
  return { width: Math.ceil(Math.min(240, Math.max(...lines)) + 20), height: lines.length * 15 + 10 };
}

/** groupNodeId keeps group frames apart from steps that share an id with a group. */
export function groupNodeId(groupId: string): string {
  return `group:${groupId}`;
}

/**
 * absolutePositions resolves each step node's position on the canvas (children are relative
 * to their frame).
 */
export function absolutePositions(nodes: readonly EditorNode[]): Map<string, { x: number; y: number }> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    if (n.type === 'group') continue;
    let { x, y } = n.position;
    let parent = n.parentId ? byId.get(n.parentId) : undefined;
    while (parent) {
      x += parent.position.x;
      y += parent.position.y;
      parent = parent.parentId ? byId.get(parent.parentId) : undefined;
    }
    out.set(n.id, { x: Math.round(x), y: Math.round(y) });
  }
  return out;
}

/**
 * graphToDefinition writes the nodes' positions into each step's `ui.reactFlow.position` and
 * leaves everything else as it was, unknown fields included. The input is not modified.
 */
export function graphToDefinition<D extends WorkflowDefinition>(def: D, nodes: readonly EditorNode[]): D {
  const out = JSON.parse(JSON.stringify(def)) as D;
  const positions = absolutePositions(nodes);
  for (const s of out.steps) {
    const p = positions.get(s.id);
    if (!p) continue;
    const ui = (s.ui ??= {});
    const rf = (ui.reactFlow ??= {});
    rf.position = p;
  }
  return out;
}
