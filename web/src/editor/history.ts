// The editor's undo history: whole-definition snapshots (definitions are small and edits are
// immutable, so a snapshot shares everything it did not change with the one before).

/** History holds the states before the present (past), the present, and the undone ones. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** The number of states undo can go back. */
export const historyLimit = 200;

export function initHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** record makes `next` the present; the old present can be undone to. Same state: no entry. */
export function record<T>(h: History<T>, next: T): History<T> {
  if (next === h.present) return h;
  return { past: [...h.past, h.present].slice(-historyLimit), present: next, future: [] };
}

/** replace changes the present without an undo entry (a drag in progress, a layout on open). */
export function replace<T>(h: History<T>, next: T): History<T> {
  return next === h.present ? h : { ...h, present: next };
}

export function undo<T>(h: History<T>): History<T> {
  if (!h.past.length) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1]!, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  if (!h.future.length) return h;
  return { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1) };
}
