import { createContext, memo, useContext } from 'react';
import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { IconFolder, IconMinus, IconPencil, IconPlus } from '@tabler/icons-react';
import { handles, type GroupNode, type StepNode } from './graph';
import { batchIcon, styleOf } from './kinds';
import { RunTag } from './test/RunTag';

/** EditableContext says whether handles can be dragged to connect (the editor), or not. */
export const EditableContext = createContext(false);

function Handles({ target = true, source = true }: { target?: boolean; source?: boolean }) {
  const editable = useContext(EditableContext);
  // Both handles always exist so that any stored transition can be drawn; the one a kind never
  // uses (into a start, out of an end) is invisible.
  return (
    <>
      <Handle type="target" id={handles.target} position={Position.Left} isConnectable={editable && target} className={target ? 'wfb-handle' : 'wfb-handle wfb-handle-unused'} />
      <Handle type="source" id={handles.source} position={Position.Right} isConnectable={editable && source} className={source ? 'wfb-handle' : 'wfb-handle wfb-handle-unused'} />
    </>
  );
}

const changeText = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;
const changeIcon = { added: IconPlus, removed: IconMinus, changed: IconPencil } as const;

/**
 * Marks draws what the editor and the compare view pin on a node: a badge with the number of
 * validation issues, and the node's change between two versions (icon and word, not colour
 * alone). Both are in the node's accessible name too (see withLabels).
 */
function Marks({ data }: { data: StepNode['data'] }) {
  const Change = data.change ? changeIcon[data.change] : null;
  return (
    <>
      {data.issues ? (
        <span className="wfb-issue-badge" aria-hidden title={`${data.issues} problem${data.issues === 1 ? '' : 's'}`}>
          {data.issues}
        </span>
      ) : null}
      {data.change && Change ? (
        <span className={`wfb-change-tag wfb-change-${data.change}`} aria-hidden>
          <Change size={11} stroke={2.4} />
          {changeText[data.change]}
        </span>
      ) : null}
      {data.run ? <RunTag mark={data.run} /> : null}
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

function changeClass(data: StepNode['data']): string {
  return `${data.change ? ` wfb-node-${data.change}` : ''}${data.issues ? ' wfb-node-issues' : ''}${data.run ? ` wfb-run-${data.run.state}` : ''}`;
}

/** TaskNode draws human, sub-workflow and unknown steps as cards with an icon and a kind line. */
function TaskNode({ data, selected }: NodeProps<StepNode>) {
  const look = styleOf(data.kind, data.batch);
  const Icon = look.icon;
  const Batch = batchIcon;
  return (
    <div className={`wfb-task${data.batch ? ' wfb-task-batch' : ''}${selected ? ' wfb-selected' : ''}${changeClass(data)}`} style={colorVars(look.color)} title={`${data.label} (${data.step.id})`}>
      <Handles />
      <Marks data={data} />
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
    <div className={`wfb-event${end ? ' wfb-event-end' : ''}${selected ? ' wfb-selected' : ''}${changeClass(data)}`} style={colorVars(look.color)} title={`${data.label} (${data.step.id})`}>
      <Handles target={data.kind !== 'start'} source={!end} />
      <Marks data={data} />
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
    <div className={`wfb-gateway${selected ? ' wfb-selected' : ''}${changeClass(data)}`} style={colorVars(look.color)} title={`${look.title}: ${data.label} (${data.step.id})`}>
      <Handles />
      <Marks data={data} />
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
  start: memo(EventNode),
  end: memo(EventNode),
  human: memo(TaskNode),
  subworkflow: memo(TaskNode),
  unknown: memo(TaskNode),
  gateway: memo(GatewayNode),
  group: memo(GroupFrame),
};
