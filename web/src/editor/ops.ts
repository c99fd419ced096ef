// Pure edits of a definition: each answers a new document and never changes its input, so the
// editor's history can keep every state. Unknown fields of untouched objects are kept as they are.
import { stepKind, type GroupDef, type StepDef, type StepKind, type TransitionDef, type WorkflowDefinition } from './definition';
import { handles } from './graph';
import { kindStyles } from './kinds';

/** uniqueId answers `base`, or `base-2`, `base-3`... the first one not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'id';
  if (!taken.has(clean)) return clean;
  for (let i = 2; ; i++) if (!taken.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** idBase is the id a new step of a kind starts from: `form`, `exclusive-split`, `sub-workflow`. */
function idBase(kind: StepKind): string {
  return kind.replace(/^(human|sys|gateway)\./, '').replace(/_/g, '-');
}

/** PaletteItem is an entry of the Steps Panel: a step kind, with a mode for sub-workflows. */
export interface PaletteItem {
  key: string;
  kind: StepKind;
  mode?: 'SINGLE' | 'BATCH';
  title: string;
}

/** palette lists every step a user can add, in the Steps Panel's order. */
export const palette: PaletteItem[] = [
  { key: 'start', kind: 'start', title: kindStyles.start.title },
  { key: 'end', kind: 'end', title: kindStyles.end.title },
  { key: 'human.confirm', kind: 'human.confirm', title: kindStyles['human.confirm'].title },
  { key: 'human.form', kind: 'human.form', title: kindStyles['human.form'].title },
  { key: 'human.url_redirect', kind: 'human.url_redirect', title: kindStyles['human.url_redirect'].title },
  { key: 'human.doc_upload', kind: 'human.doc_upload', title: kindStyles['human.doc_upload'].title },
  { key: 'sub.single', kind: 'sys.sub_workflow', mode: 'SINGLE', title: 'Sub-workflow · single' },
  { key: 'sub.batch', kind: 'sys.sub_workflow', mode: 'BATCH', title: 'Sub-workflow · batch' },
  { key: 'gateway.parallel_split', kind: 'gateway.parallel_split', title: kindStyles['gateway.parallel_split'].title },
  { key: 'gateway.parallel_join', kind: 'gateway.parallel_join', title: kindStyles['gateway.parallel_join'].title },
  { key: 'gateway.exclusive_split', kind: 'gateway.exclusive_split', title: kindStyles['gateway.exclusive_split'].title },
  { key: 'gateway.inclusive_split', kind: 'gateway.inclusive_split', title: kindStyles['gateway.inclusive_split'].title },
];

/**
 * newStep is a step of a palette item with the defaults the server accepts: a name, a form
 * schema with no fields for forms, SINGLE/BATCH mode for sub-workflows (BATCH with an empty
 * expression iterable for the user to fill in).
 */
export function newStep(item: PaletteItem, id: string, position: { x: number; y: number }): StepDef {
  const step: StepDef = { id, type: item.kind, name: item.title, ui: { reactFlow: { position: { x: Math.round(position.x), y: Math.round(position.y) } } } };
  if (item.kind === 'human.form') step.outputSchema = { type: 'object', properties: {} };
  if (item.kind === 'sys.sub_workflow') {
    step.name = item.mode === 'BATCH' ? 'Sub-workflow (batch)' : 'Sub-workflow';
    step.mode = item.mode ?? 'SINGLE';
    if (item.mode === 'BATCH') step.iterable = { type: 'EXPRESSION', expr: { type: 'jsonata', src: '[]' } };
  }
  return step;
}

function stepIds(def: WorkflowDefinition): Set<string> {
  return new Set(def.steps.map((s) => s.id));
}

/** addStep appends a new step of a palette item at a canvas position; answers it and its id. */
export function addStep(def: WorkflowDefinition, item: PaletteItem, position: { x: number; y: number }): { def: WorkflowDefinition; id: string } {
  const id = uniqueId(idBase(item.kind), stepIds(def));
  return { def: { ...def, steps: [...def.steps, newStep(item, id, position)] }, id };
}

/**
 * connect adds a transition between two steps, recording the handles it was drawn between.
 * A pair already joined (TRANSITIONS_UNIQUE) or a self loop (NO_SELF_LOOPS) is not added:
 * null says so. The server's validation is what decides; this avoids obvious mistakes.
 */
export function connect(
  def: WorkflowDefinition,
  from: string,
  to: string,
  sourceHandle: string | null = handles.source,
  targetHandle: string | null = handles.target,
): { def: WorkflowDefinition; id: string } | null {
  if (from === to) return null;
  if (def.stepTransitions.some((t) => t.fromStepId === from && t.toStepId === to)) return null;
  const id = uniqueId(`${from}-to-${to}`, new Set(def.stepTransitions.map((t) => t.id)));
  const t: TransitionDef = {
    id,
    fromStepId: from,
    toStepId: to,
    ui: { reactFlow: { handle: { sourceHandle: sourceHandle ?? handles.source, targetHandle: targetHandle ?? handles.target } } },
  };
  return { def: { ...def, stepTransitions: [...def.stepTransitions, t] }, id };
}

/** ElementIds names steps, transitions and groups of a definition. */
export interface ElementIds {
  steps?: Iterable<string>;
  transitions?: Iterable<string>;
  groups?: Iterable<string>;
}

/**
 * removeElements deletes steps (and every transition touching them), transitions and groups
 * (their steps stay, ungrouped). Steps leave the groups that listed them.
 */
export function removeElements(def: WorkflowDefinition, ids: ElementIds): WorkflowDefinition {
  const steps = new Set(ids.steps ?? []);
  const transitions = new Set(ids.transitions ?? []);
  const groups = new Set(ids.groups ?? []);
  if (!steps.size && !transitions.size && !groups.size) return def;
  const out: WorkflowDefinition = {
    ...def,
    steps: def.steps.filter((s) => !steps.has(s.id)).map((s) => (s.group?.groupId && groups.has(s.group.groupId) ? withoutGroup(s) : s)),
    stepTransitions: def.stepTransitions.filter((t) => !transitions.has(t.id) && !steps.has(t.fromStepId) && !steps.has(t.toStepId)),
  };
  if (def.stepGroups) {
    out.stepGroups = def.stepGroups
      .filter((g) => !groups.has(g.id))
      .map((g) => (g.stepIds?.some((id) => steps.has(id)) ? { ...g, stepIds: g.stepIds.filter((id) => !steps.has(id)) } : g));
  }
  return out;
}

function withoutGroup(s: StepDef): StepDef {
  const { group: _group, ...rest } = s;
  void _group;
  return rest as StepDef;
}

/** moveSteps writes absolute canvas positions into the steps' `ui.reactFlow.position`. */
export function moveSteps(def: WorkflowDefinition, positions: ReadonlyMap<string, { x: number; y: number }>): WorkflowDefinition {
  let changed = false;
  const steps = def.steps.map((s) => {
    const p = positions.get(s.id);
    if (!p) return s;
    const old = s.ui?.reactFlow?.position;
    const x = Math.round(p.x), y = Math.round(p.y);
    if (old && old.x === x && old.y === y) return s;
    changed = true;
    return { ...s, ui: { ...s.ui, reactFlow: { ...s.ui?.reactFlow, position: { x, y } } } };
  });
  return changed ? { ...def, steps } : def;
}

/** groupable mirrors NO_GROUP_FOR_SPECIAL_NODES: only human and sub-workflow steps join groups. */
export function groupable(step: Pick<StepDef, 'type'>): boolean {
  const kind = stepKind(step.type);
  return kind !== null && (kind.startsWith('human.') || kind === 'sys.sub_workflow');
}

/**
 * setStepGroup moves a step into a group (or out of any, with null): both `stepGroups[].stepIds`
 * and the step's own `group.groupId` are kept consistent (STEP_GROUP_CONSISTENT).
 */
export function setStepGroup(def: WorkflowDefinition, stepId: string, groupId: string | null): WorkflowDefinition {
  const groups = def.stepGroups ?? [];
  const current = groups.find((g) => g.stepIds?.includes(stepId))?.id ?? def.steps.find((s) => s.id === stepId)?.group?.groupId ?? null;
  if (current === groupId) return def;
  const stepGroups = groups.map((g): GroupDef => {
    const has = g.stepIds?.includes(stepId) ?? false;
    if (g.id === groupId && !has) return { ...g, stepIds: [...(g.stepIds ?? []), stepId] };
    if (g.id !== groupId && has) return { ...g, stepIds: (g.stepIds ?? []).filter((id) => id !== stepId) };
    return g;
  });
  const steps = def.steps.map((s) => {
    if (s.id !== stepId) return s;
    if (groupId === null) return withoutGroup(s);
    const order = groups.find((g) => g.id === groupId)?.stepIds?.length ?? 0;
    return { ...s, group: { ...s.group, groupId, order: s.group?.groupId === groupId ? s.group.order : order } };
  });
  return { ...def, steps, stepGroups };
}

/** addGroup makes a step group of the given steps (those that may be grouped); answers its id. */
export function addGroup(def: WorkflowDefinition, members: readonly string[], name = 'Step group'): { def: WorkflowDefinition; id: string } {
  const id = uniqueId('group', new Set((def.stepGroups ?? []).map((g) => g.id)));
  let out: WorkflowDefinition = { ...def, stepGroups: [...(def.stepGroups ?? []), { id, name, stepIds: [] }] };
  for (const m of members) {
    const step = def.steps.find((s) => s.id === m);
    if (step && groupable(step)) out = setStepGroup(out, m, id);
  }
  return { def: out, id };
}
