import type { WorkflowDefinition } from '../definition';
import type { SimulationResult } from './script';

/** RunState is how a step looks at a stepper position. */
export type RunState = 'current' | 'ran' | 'failed' | 'waiting' | 'skipped';

/** StepRunMark is what the canvas pins on a step for a run: its state and how often it started. */
export interface StepRunMark {
  state: RunState;
  /** Runs (attempts) started up to the stepper's position. */
  count: number;
}

/** EdgeRunMark says whether a transition carried a token, or a dead-path notice. */
export type EdgeRunMark = 'taken' | 'dead';

/** RunMarks are a run's marks at one stepper position, by step id and transition id. */
export interface RunMarks {
  steps: Map<string, StepRunMark>;
  transitions: Map<string, EdgeRunMark>;
}

const failed = new Set(['Failed', 'Cancelled']);

/** RunTimeline is when (at which stepper position) each transition was taken or went dead first. */
export interface RunTimeline {
  taken: Map<string, number>;
  dead: Map<string, number>;
}

/**
 * timeline places the run's transitions on the stepper. A taken transition lands on the next run
 * of its target not yet entered (a second token into a join, which runs once, on the join's last
 * run; one into a step that never started, on its source's run). A dead path lands on the first
 * run of its source that did not take it; one propagated from a step that never ran lands where
 * the first dead path into that step did.
 */
export function timeline(def: WorkflowDefinition, result: SimulationResult): RunTimeline {
  const runs = result.steps ?? [];
  const byId = new Map(def.stepTransitions.map((t) => [t.id, t]));
  const runsOf = new Map<string, number[]>();
  runs.forEach((r, i) => runsOf.set(r.stepId, [...(runsOf.get(r.stepId) ?? []), i]));
  const entered = new Map<string, number>();
  const taken = new Map<string, number>();
  // The source runs each transition was taken from, to find the runs that did not take it.
  const takenFrom = new Map<string, Set<number>>();
  let cursor = 0;
  for (const id of result.transitions ?? []) {
    const t = byId.get(id);
    if (!t) continue;
    const targetRuns = runsOf.get(t.toStepId) ?? [];
    const sourceRuns = runsOf.get(t.fromStepId) ?? [];
    const next = entered.get(t.toStepId) ?? 0;
    let at: number;
    if (next < targetRuns.length) {
      at = targetRuns[next]!;
      entered.set(t.toStepId, next + 1);
    } else if (targetRuns.length) at = targetRuns[targetRuns.length - 1]!;
    else at = sourceRuns.find((i) => i >= cursor) ?? sourceRuns[sourceRuns.length - 1] ?? cursor;
    cursor = Math.max(cursor, at);
    if (!taken.has(id)) taken.set(id, at);
    const from = [...sourceRuns].reverse().find((i) => i < at) ?? sourceRuns.find((i) => i === at);
    if (from !== undefined) takenFrom.set(id, new Set([...(takenFrom.get(id) ?? []), from]));
  }
  const dead = new Map<string, number>();
  const deadInto = new Map<string, number>();
  for (const id of result.deadPaths ?? []) {
    const t = byId.get(id);
    if (!t || dead.has(id)) continue;
    const sourceRuns = runsOf.get(t.fromStepId) ?? [];
    const skipped = takenFrom.get(id) ?? new Set<number>();
    const at = sourceRuns.find((i) => !skipped.has(i)) ?? deadInto.get(t.fromStepId) ?? runs.length - 1;
    dead.set(id, at);
    if (!deadInto.has(t.toStepId)) deadInto.set(t.toStepId, at);
  }
  return { taken, dead };
}

/**
 * runMarks answers the canvas marks of a run at a stepper position (an index into the run's
 * steps): the steps started so far with their count and last status, the current one, the
 * transitions taken so far, the dead paths not (yet) taken, and the steps not run whose every
 * way in is dead (faded); at the last position, the steps the script left open are waiting.
 */
export function runMarks(def: WorkflowDefinition, result: SimulationResult, position: number, tl: RunTimeline = timeline(def, result)): RunMarks {
  const runs = result.steps ?? [];
  const last = runs.length - 1;
  const pos = Math.max(-1, Math.min(position, last));
  const steps = new Map<string, StepRunMark>();
  for (let i = 0; i <= pos; i++) {
    const r = runs[i]!;
    steps.set(r.stepId, { state: failed.has(r.status) ? 'failed' : 'ran', count: (steps.get(r.stepId)?.count ?? 0) + 1 });
  }
  if (pos === last) {
    for (const w of result.waiting ?? []) steps.set(w.stepId, { state: 'waiting', count: steps.get(w.stepId)?.count ?? 0 });
  }
  const current = runs[pos];
  if (current && steps.get(current.stepId)?.state === 'ran') steps.set(current.stepId, { ...steps.get(current.stepId)!, state: 'current' });

  const transitions = new Map<string, EdgeRunMark>();
  for (const t of def.stepTransitions) {
    const taken = tl.taken.get(t.id);
    const dead = tl.dead.get(t.id);
    if (taken !== undefined && taken <= pos) transitions.set(t.id, 'taken');
    else if (dead !== undefined && dead <= pos) transitions.set(t.id, 'dead');
  }
  for (const s of def.steps) {
    if (steps.has(s.id)) continue;
    const into = def.stepTransitions.filter((t) => t.toStepId === s.id);
    if (into.length && into.every((t) => transitions.get(t.id) === 'dead')) steps.set(s.id, { state: 'skipped', count: 0 });
  }
  return { steps, transitions };
}
