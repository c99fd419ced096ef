import '@xyflow/react/dist/style.css';
import '../editor/canvas.css';
import './run.css';
import { Alert, Button, Center, Loader } from '@mantine/core';
import { Background, BackgroundVariant, Controls, MarkerType, ReactFlow, type DefaultEdgeOptions, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo, useEffect, useMemo, useState, type ComponentType } from 'react';
import { asDefinition } from '../editor/definition';
import { definitionToGraph, needsLayout, type Graph, type StepNode } from '../editor/graph';
import { styleOf } from '../editor/kinds';
import { layoutGraph } from '../editor/layout';
import { nodeTypes } from '../editor/nodes';
import { edgeTypes } from '../editor/TransitionEdge';
import type { RunStep } from './api';
import { pathTaken } from './path';
import { statusStyle } from './status';

/** How many times a failed layout is tried again (after 1, 2, 4, 8, 16 s) before the page says so. */
const layoutRetries = 5;

const defaultEdgeOptions: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: 'var(--mantine-color-gray-6)' },
};

/** What a step node of a run shows besides the definition's step. */
interface RunInfo {
  status: string;
  attempt: number;
  progress?: string;
}

function StatusChip({ run, compact }: { run: RunInfo; compact: boolean }) {
  const look = statusStyle(run.status);
  const Icon = look.icon;
  return (
    <span className={`run-chip${compact ? ' run-chip-compact' : ''}`} data-color={look.color} style={{ '--run-c': `var(--mantine-color-${look.color === 'dark' ? 'dark-6' : `${look.color}-9`})`, '--run-bg': `var(--mantine-color-${look.color === 'dark' ? 'gray-2' : `${look.color}-0`})` } as React.CSSProperties}>
      <Icon size={12} stroke={2.4} aria-hidden />
      {!compact && <span>{look.label}{run.attempt > 1 ? ` · #${run.attempt}` : ''}</span>}
    </span>
  );
}

/** withStatus wraps an editor node with its run status chip (icon and text) and progress. */
function withStatus(Inner: ComponentType<NodeProps<StepNode>>, compact: boolean) {
  return memo(function RunNode(props: NodeProps<StepNode>) {
    // Its own key: the editor's nodes read `run` as the Test panel's mark (editor/test).
    const run = (props.data as { runStatus?: RunInfo }).runStatus;
    return (
      <div className={`run-node run-status-${run?.status ?? 'NotStarted'}`}>
        <Inner {...props} />
        {run && <StatusChip run={run} compact={compact} />}
        {run?.progress && <span className="run-progress">{run.progress}</span>}
      </div>
    );
  });
}

const types = nodeTypes as Record<string, ComponentType<NodeProps<StepNode>>>;
const runNodeTypes: NodeTypes = {
  ...nodeTypes,
  start: withStatus(types.start!, true),
  end: withStatus(types.end!, true),
  gateway: withStatus(types.gateway!, true),
  human: withStatus(types.human!, false),
  subworkflow: withStatus(types.subworkflow!, false),
  unknown: withStatus(types.unknown!, false),
} as NodeTypes;

/** canvasHeight fits the canvas to the drawing's height (the width is fitted by zoom). */
function canvasHeight(g: Graph): number {
  let top = Infinity;
  let bottom = -Infinity;
  for (const n of g.nodes) {
    if (n.parentId) continue;
    top = Math.min(top, n.position.y);
    bottom = Math.max(bottom, n.position.y + (n.height ?? 0));
  }
  if (!Number.isFinite(top)) return 320;
  // Room for the names under the nodes, the loops below them and the zoom controls.
  return Math.round(Math.min(600, Math.max(240, bottom - top + 170)));
}

export interface RunCanvasProps {
  definition: unknown;
  steps: Record<string, RunStep>;
  ended: boolean;
  selected?: string | null;
  onSelect: (stepId: string) => void;
}

/**
 * RunCanvas draws an execution on its version's graph: each step with its live status (colour,
 * icon and text), the path taken highlighted, the paths no longer reachable faded, BATCH
 * progress on sub-workflow steps. Clicking a step opens its drawer.
 */
export default function RunCanvas({ definition, steps, ended, selected, onSelect }: RunCanvasProps) {
  const def = useMemo(() => asDefinition(definition), [definition]);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [tries, setTries] = useState(0);

  useEffect(() => {
    if (!def) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const g = definitionToGraph(def);
    (needsLayout(def) ? layoutGraph(g) : Promise.resolve(g)).then(
      (laid) => {
        if (!live) return;
        setFailed(null);
        setGraph(laid);
      },
      (err: unknown) => {
        if (!live) return;
        // The layout engine loads on first use: while the server is briefly away (a restart)
        // that load fails, so try again a few times before saying so.
        if (tries < layoutRetries) retry = setTimeout(() => setTries((n) => n + 1), 1000 * 2 ** tries);
        else setFailed(err instanceof Error ? err.message : String(err));
      },
    );
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [def, tries]);

  const path = useMemo(() => (def ? pathTaken(def.steps.map((s) => s.id), def.stepTransitions.map((t, i) => ({ ...t, id: t.id || `transition-${i}` })), steps, ended) : null), [def, steps, ended]);

  const nodes = useMemo(() => {
    if (!graph || !path) return [];
    return graph.nodes.map((n) => {
      if (n.type === 'group') return n;
      const st = steps[n.id];
      const look = statusStyle(st?.status ?? 'NotStarted');
      const counts = st?.childCounts;
      const run: RunInfo = { status: st?.status ?? 'NotStarted', attempt: st?.attempt ?? 0, progress: counts ? `${counts.done}/${counts.total} done${counts.failed ? ` · ${counts.failed} failed` : ''}` : undefined };
      const cls = [path.deadSteps.has(n.id) ? 'run-dead' : '', path.visited.has(n.id) ? 'run-visited' : ''].filter(Boolean).join(' ');
      return {
        ...n,
        className: cls,
        selected: n.id === selected,
        ariaLabel: `${styleOf(n.data.kind, n.data.batch).title}: ${n.data.label}, ${look.label}${run.progress ? `, ${run.progress}` : ''}`,
        data: { ...n.data, runStatus: run },
      };
    });
  }, [graph, path, steps, selected]);

  const edges = useMemo(() => {
    if (!graph || !path) return [];
    return graph.edges.map((e) => ({ ...e, className: path.taken.has(e.id) ? 'run-edge-taken' : path.deadEdges.has(e.id) ? 'run-edge-dead' : undefined }));
  }, [graph, path]);

  const height = graph ? canvasHeight(graph) : 320;
  if (!def) return <Alert color="gray" title="Nothing to draw">The version's definition has no steps the canvas can read.</Alert>;
  if (failed)
    return (
      <Alert color="red" title="The layout failed">
        {failed}
        <Button mt="sm" size="xs" variant="light" color="red" onClick={() => {
            setFailed(null);
            setTries(0);
          }}>
          Try again
        </Button>
      </Alert>
    );
  return (
    <div className="wfb-canvas run-canvas" role="region" aria-label="Execution graph" style={{ height }}>
      {!graph ? (
        <Center h="100%">
          <Loader size="sm" aria-label="Laying out the workflow" />
        </Center>
      ) : (
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={runNodeTypes}
          edgeTypes={edgeTypes}
          defaultEdgeOptions={defaultEdgeOptions}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          edgesFocusable={false}
          onNodeClick={(_e, n) => n.type !== 'group' && onSelect(n.id)}
          fitView
          fitViewOptions={{ padding: 0.12, maxZoom: 1 }}
          minZoom={0.1}
          maxZoom={2}
          proOptions={{ hideAttribution: false }}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--mantine-color-gray-4)" />
          <Controls showInteractive={false} />
        </ReactFlow>
      )}
    </div>
  );
}
