import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { IconFolder } from '@tabler/icons-react';
import { handles, type GroupNode, type StepNode } from './graph';
import { batchIcon, styleOf } from './kinds';

function Handles({ target = true, source = true }: { target?: boolean; source?: boolean }) {
  // Both handles always exist so that any stored transition can be drawn; the one a kind never
  // uses (into a start, out of an end) is invisible.
  return (
    <>
      <Handle type="target" id={handles.target} position={Position.Left} isConnectable={false} className={target ? 'wfb-handle' : 'wfb-handle wfb-handle-unused'} />
      <Handle type="source" id={handles.source} position={Position.Right} isConnectable={false} className={source ? 'wfb-handle' : 'wfb-handle wfb-handle-unused'} />
    </>
  );
}

function colorVars(color: string): React.CSSProperties {
  return {
    '--wfb-c': `var(--mantine-color-${color}-6)`,
    '--wfb-c-light': `var(--mantine-color-${color}-0)`,
    '--wfb-c-dark': `var(--mantine-color-${color}-8)`,
  } as React.CSSProperties;
}

/** TaskNode draws human, sub-workflow and unknown steps as cards with an icon and a kind line. */
function TaskNode({ data, selected }: NodeProps<StepNode>) {
  const look = styleOf(data.kind, data.batch);
  const Icon = look.icon;
  const Batch = batchIcon;
  return (
    <div className={`wfb-task${data.batch ? ' wfb-task-batch' : ''}${selected ? ' wfb-selected' : ''}`} style={colorVars(look.color)} title={`${data.label} (${data.step.id})`}>
      <Handles />
      <span className="wfb-task-icon" aria-hidden>
        <Icon size={18} stroke={1.8} />
      </span>
      <span className="wfb-task-text">
        <span className="wfb-task-name">{data.label}</span>
        <span className="wfb-task-kind">
          {look.title}
          {data.kind === null && ` · ${data.step.type}`}
        </span>
      </span>
      {data.batch && (
        <span className="wfb-task-marker" aria-hidden>
          <Batch size={14} stroke={2} />
        </span>
      )}
    </div>
  );
}

/** EventNode draws start and end as circles with their name underneath. */
function EventNode({ data, selected }: NodeProps<StepNode>) {
  const look = styleOf(data.kind);
  const Icon = look.icon;
  const end = data.kind === 'end';
  return (
    <div className={`wfb-event${end ? ' wfb-event-end' : ''}${selected ? ' wfb-selected' : ''}`} style={colorVars(look.color)} title={`${data.label} (${data.step.id})`}>
      <Handles target={!end} source={end ? false : true} />
      <Icon size={20} aria-hidden />
      <span className="wfb-below">{data.label}</span>
    </div>
  );
}

/** GatewayNode draws the four gateways as diamonds marked +, × or ○, named underneath. */
function GatewayNode({ data, selected }: NodeProps<StepNode>) {
  const look = styleOf(data.kind);
  const Icon = look.icon;
  return (
    <div className={`wfb-gateway${selected ? ' wfb-selected' : ''}`} style={colorVars(look.color)} title={`${look.title}: ${data.label} (${data.step.id})`}>
      <Handles />
      <span className="wfb-diamond" aria-hidden />
      <Icon size={22} stroke={2.4} className="wfb-gateway-icon" aria-hidden />
      <span className="wfb-below">{data.label}</span>
    </div>
  );
}

/** GroupFrame draws a step group as a titled frame behind its steps. */
function GroupFrame({ data }: NodeProps<GroupNode>) {
  return (
    <div className="wfb-group">
      <span className="wfb-group-title">
        <IconFolder size={14} aria-hidden />
        {data.label}
      </span>
    </div>
  );
}

/** nodeTypes maps graph.ts's node types to their components. */
export const nodeTypes: NodeTypes = {
  start: EventNode,
  end: EventNode,
  human: TaskNode,
  subworkflow: TaskNode,
  unknown: TaskNode,
  gateway: GatewayNode,
  group: GroupFrame,
};
