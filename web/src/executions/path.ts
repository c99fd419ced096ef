// Which parts of a definition an execution went through: the path taken is highlighted, the
// paths it can no longer take are faded. Pure: the runtime view's steps and the definition.

/** The fields of a runtime step this module reads. */
export interface StepState {
  status: string;
  attempt: number;
}

/** The fields of a transition this module reads. */
export interface Edge {
  id: string;
  fromStepId: string;
  toStepId: string;
}

export interface PathState {
  /** Steps that ran at least once (or run now). */
  visited: Set<string>;
  /** Transitions the execution went along. */
  taken: Set<string>;
  /** Steps the execution can no longer reach. */
  deadSteps: Set<string>;
  /** Transitions into or out of a dead step, or that a finished step did not follow. */
  deadEdges: Set<string>;
}

const done = new Set(['Completed', 'Disabled']);

/** visitedStep says whether a step ran: it has an attempt, or a status other than NotStarted. */
export function visitedStep(s: StepState | undefined): boolean {
  return !!s && (s.attempt > 0 || (s.status !== 'NotStarted' && s.status !== ''));
}

/**
 * pathTaken computes the path an execution took. A transition is taken when both its ends ran
 * and its source finished (Completed or Disabled). A step that never ran is dead when the
 * execution ended, or when every transition into it comes from a finished or dead step (the
 * token went elsewhere: an exclusive split's other branch). Dead-ness spreads forward: a step
 * all of whose predecessors are dead is dead too.
 */
export function pathTaken(stepIds: readonly string[], edges: readonly Edge[], steps: Record<string, StepState | undefined>, executionEnded: boolean): PathState {
  const visited = new Set(stepIds.filter((id) => visitedStep(steps[id])));
  const taken = new Set<string>();
  for (const e of edges) {
    const from = steps[e.fromStepId];
    if (visited.has(e.fromStepId) && visited.has(e.toStepId) && from && done.has(from.status)) taken.add(e.id);
  }
  const incoming = new Map<string, Edge[]>();
  for (const e of edges) incoming.set(e.toStepId, [...(incoming.get(e.toStepId) ?? []), e]);

  const deadSteps = new Set<string>();
  if (executionEnded) {
    for (const id of stepIds) if (!visited.has(id)) deadSteps.add(id);
  } else {
    // Iterate to a fixed point: each pass may kill steps whose predecessors just died.
    let changed = true;
    while (changed) {
      changed = false;
      for (const id of stepIds) {
        if (visited.has(id) || deadSteps.has(id)) continue;
        const ins = incoming.get(id) ?? [];
        if (ins.length === 0) continue;
        const blocked = ins.every((e) => deadSteps.has(e.fromStepId) || (visited.has(e.fromStepId) && done.has(steps[e.fromStepId]?.status ?? '')));
        if (blocked) {
          deadSteps.add(id);
          changed = true;
        }
      }
    }
  }
  const deadEdges = new Set<string>();
  for (const e of edges) {
    if (deadSteps.has(e.fromStepId) || deadSteps.has(e.toStepId)) deadEdges.add(e.id);
  }
  return { visited, taken, deadSteps, deadEdges };
}
