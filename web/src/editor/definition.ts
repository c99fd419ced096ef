/**
 * The slice of the definition DSL (SPEC §3) the editor reads. Every object keeps its unknown
 * fields (index signatures): the editor writes back only what it changes.
 */
export interface Expr {
  type?: string;
  src: string;
  [key: string]: unknown;
}

/** A step's React Flow metadata, stored in the definition. */
export interface StepUi {
  reactFlow?: { position?: { x: number; y: number }; [key: string]: unknown };
  [key: string]: unknown;
}

/** StepDef is one step of a definition. */
export interface StepDef {
  id: string;
  type: string;
  name?: string;
  mode?: string;
  group?: { groupId?: string; order?: number; [key: string]: unknown };
  ui?: StepUi;
  [key: string]: unknown;
}

/** TransitionDef is one edge of a definition. */
export interface TransitionDef {
  id: string;
  fromStepId: string;
  toStepId: string;
  condition?: Expr;
  isDefault?: boolean;
  label?: string;
  ui?: { reactFlow?: { handle?: { sourceHandle?: string; targetHandle?: string }; [key: string]: unknown }; [key: string]: unknown };
  [key: string]: unknown;
}

/** GroupDef is a step group, drawn as a frame around its steps. */
export interface GroupDef {
  id: string;
  name?: string;
  stepIds?: string[];
  [key: string]: unknown;
}

/** WorkflowDefinition is a version's definition document. */
export interface WorkflowDefinition {
  id?: string;
  name?: string;
  steps: StepDef[];
  stepTransitions: TransitionDef[];
  stepGroups?: GroupDef[];
  [key: string]: unknown;
}

/** StepKind is a step `type` value as stored (SPEC §3). */
export type StepKind =
  | 'start'
  | 'end'
  | 'human.confirm'
  | 'human.form'
  | 'human.url_redirect'
  | 'human.doc_upload'
  | 'sys.sub_workflow'
  | 'gateway.parallel_split'
  | 'gateway.parallel_join'
  | 'gateway.exclusive_split'
  | 'gateway.inclusive_split';

const kinds: readonly StepKind[] = [
  'start',
  'end',
  'human.confirm',
  'human.form',
  'human.url_redirect',
  'human.doc_upload',
  'sys.sub_workflow',
  'gateway.parallel_split',
  'gateway.parallel_join',
  'gateway.exclusive_split',
  'gateway.inclusive_split',
];

/**
 * stepKind reads a step type the way the server's codec does: enum keys (`HUMAN_CONFIRM`) are
 * accepted as well as values. An unknown type gives null (the server reports it).
 */
export function stepKind(type: string): StepKind | null {
  const direct = kinds.find((k) => k === type);
  if (direct) return direct;
  const key = type.toLowerCase().replace(/^(human|sys|gateway)_/, '$1.');
  return kinds.find((k) => k === key) ?? null;
}

/** asDefinition checks the shape the canvas needs; anything else is shown as JSON only. */
export function asDefinition(value: unknown): WorkflowDefinition | null {
  if (!value || typeof value !== 'object') return null;
  const d = value as Partial<WorkflowDefinition>;
  if (!Array.isArray(d.steps) || !d.steps.every((s) => s && typeof s === 'object' && typeof s.id === 'string' && typeof s.type === 'string')) return null;
  const transitions = d.stepTransitions ?? [];
  if (!Array.isArray(transitions) || !transitions.every((t) => t && typeof t === 'object' && typeof t.fromStepId === 'string' && typeof t.toStepId === 'string')) return null;
  return { ...d, steps: d.steps, stepTransitions: transitions } as WorkflowDefinition;
}
