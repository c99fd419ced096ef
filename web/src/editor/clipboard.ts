// Copy and paste of steps: the copied steps with the transitions between them (not those
// leading out of the copy), pasted under new ids with their transitions re-pointed.
import type { StepDef, TransitionDef, WorkflowDefinition } from './definition';
import { uniqueId } from './ops';

/** Clipboard is what Ctrl/Cmd+C keeps: deep copies, so later edits do not change it. */
export interface Clipboard {
  steps: StepDef[];
  transitions: TransitionDef[];
}

/** copySteps copies the named steps and the transitions whose both ends are among them. */
export function copySteps(def: WorkflowDefinition, ids: Iterable<string>): Clipboard | null {
  const set = new Set(ids);
  const steps = def.steps.filter((s) => set.has(s.id));
  if (!steps.length) return null;
  const transitions = def.stepTransitions.filter((t) => set.has(t.fromStepId) && set.has(t.toStepId));
  return structuredClone({ steps, transitions });
}

/** The distance a paste is moved from the original, so the copies do not hide it. */
export const pasteOffset = { x: 40, y: 40 };

/**
 * pasteClipboard adds the clipboard's steps under fresh ids (the old id with a suffix) moved
 * by `offset`, and its transitions under fresh ids between the new steps. Pasted steps are not
 * in any group (a group lists its steps; the copy would break STEP_BELONGS_TO_ONLY_ONE_GROUP).
 * Answers the new step ids too, for the editor to select them.
 */
export function pasteClipboard(def: WorkflowDefinition, clip: Clipboard, offset = pasteOffset): { def: WorkflowDefinition; stepIds: string[]; transitionIds: string[] } {
  const takenSteps = new Set(def.steps.map((s) => s.id));
  const takenTransitions = new Set(def.stepTransitions.map((t) => t.id));
  const rename = new Map<string, string>();
  const steps: StepDef[] = [];
  for (const original of structuredClone(clip.steps)) {
    const id = uniqueId(original.id, takenSteps);
    takenSteps.add(id);
    rename.set(original.id, id);
    const { group: _group, ...s } = original;
    void _group;
    const p = s.ui?.reactFlow?.position ?? { x: 0, y: 0 };
    steps.push({ ...s, id, ui: { ...s.ui, reactFlow: { ...s.ui?.reactFlow, position: { x: p.x + offset.x, y: p.y + offset.y } } } });
  }
  const transitions: TransitionDef[] = [];
  for (const original of structuredClone(clip.transitions)) {
    const fromStepId = rename.get(original.fromStepId);
    const toStepId = rename.get(original.toStepId);
    if (!fromStepId || !toStepId) continue;
    const id = uniqueId(original.id || `${fromStepId}-to-${toStepId}`, takenTransitions);
    takenTransitions.add(id);
    transitions.push({ ...original, id, fromStepId, toStepId });
  }
  return {
    def: { ...def, steps: [...def.steps, ...steps], stepTransitions: [...def.stepTransitions, ...transitions] },
    stepIds: steps.map((s) => s.id),
    transitionIds: transitions.map((t) => t.id),
  };
}
