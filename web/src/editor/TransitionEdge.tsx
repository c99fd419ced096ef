import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps, type EdgeTypes } from '@xyflow/react';
import { maxConditionChars as maxCondition, type TransitionEdge as TransitionEdgeType } from './graph';

/** Where a labelled edge turns, past its source. */
const turnAfter = 28;

/** How far below its ends a backward transition (a loop) runs, clear of the nodes on its row. */
const loopDrop = 76;

/**
 * loopPath routes a transition that goes back (its target is left of its source): out to the
 * right, down, back left under the nodes and up into the target, with rounded corners, so it
 * never runs over the forward edges.
 */
export function loopPath(sx: number, sy: number, tx: number, ty: number): [string, number, number] {
  const gap = 24;
  const y = Math.max(sy, ty) + loopDrop;
  const points: [number, number][] = [[sx, sy], [sx + gap, sy], [sx + gap, y], [tx - gap, y], [tx - gap, ty], [tx, ty]];
  return [roundedPath(points, 12), (sx + tx) / 2, y];
}

function roundedPath(points: [number, number][], radius: number): string {
  let d = `M ${points[0]![0]} ${points[0]![1]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1]!;
    const [x, y] = points[i]!;
    const [nx, ny] = points[i + 1]!;
    const r = Math.min(radius, Math.hypot(x - px, y - py) / 2, Math.hypot(nx - x, ny - y) / 2);
    const inX = x - Math.sign(x - px) * r, inY = y - Math.sign(y - py) * r;
    const outX = x + Math.sign(nx - x) * r, outY = y + Math.sign(ny - y) * r;
    d += ` L ${inX} ${inY} Q ${x} ${y} ${outX} ${outY}`;
  }
  const [lx, ly] = points[points.length - 1]!;
  return `${d} L ${lx} ${ly}`;
}

const changeWord = { added: '+ Added', removed: '− Removed', changed: '✎ Changed' } as const;

/** TransitionEdge draws a transition with its label, its condition (JSONata) and the default flag. */
function TransitionEdge(props: EdgeProps<TransitionEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, selected } = props;
  const condition = data?.condition;
  const short = condition && condition.length > maxCondition ? `${condition.slice(0, maxCondition - 1)}…` : condition;
  const hasLabel = Boolean(data?.label || condition || data?.isDefault || data?.issues || data?.change);
  let path: string, labelX: number, labelY: number;
  if (targetX < sourceX + 12) {
    [path, labelX, labelY] = loopPath(sourceX, sourceY, targetX, targetY);
  } else if (hasLabel) {
    // A labelled edge turns right after its source and runs level into its target, so the
    // label sits on its own row (the layout left room for it) instead of on a shared trunk.
    const centerX = sourceX + Math.min(turnAfter, (targetX - sourceX) / 2);
    [path] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 14, centerX });
    labelX = Math.abs(targetY - sourceY) < 1 ? (sourceX + targetX) / 2 : (centerX + targetX) / 2;
    labelY = targetY;
  } else {
    [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 14 });
  }
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        className={`wfb-edge${data?.isDefault ? ' wfb-edge-default' : ''}${selected ? ' wfb-edge-selected' : ''}${data?.change ? ` wfb-edge-${data.change}` : ''}${data?.issues ? ' wfb-edge-issues' : ''}${data?.run ? ` wfb-edge-run-${data.run}` : ''}`}
      />
      {hasLabel && (
        <EdgeLabelRenderer>
          <div className="wfb-edge-label nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} title={condition}>
            {(data?.issues || data?.change) && (
              <span className="wfb-edge-marks">
                {data.issues ? <span className="wfb-issue-badge wfb-issue-badge-inline" title={`${data.issues} problem${data.issues === 1 ? '' : 's'}`}>{data.issues}</span> : null}
                {data.change && <span className={`wfb-change-tag wfb-change-tag-inline wfb-change-${data.change}`}>{changeWord[data.change]}</span>}
              </span>
            )}
            {data?.label && <span className="wfb-edge-name">{data.label}</span>}
            {data?.isDefault && <span className="wfb-edge-default-tag">default</span>}
            {short && <code className="wfb-edge-condition">{short}</code>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

/** edgeTypes maps graph.ts's edge type to its component. */
export const edgeTypes: EdgeTypes = { transition: memo(TransitionEdge) };
