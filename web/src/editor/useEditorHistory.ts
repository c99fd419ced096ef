import { useCallback, useState } from 'react';
import { initHistory, record, redo, replace, undo, type History } from './history';

/** useEditorHistory keeps a value with undo and redo (see history.ts). */
export function useEditorHistory<T>(initial: T) {
  const [h, setH] = useState<History<T>>(() => initHistory(initial));
  return {
    present: h.present,
    canUndo: h.past.length > 0,
    canRedo: h.future.length > 0,
    /** set records an undoable change; a function gets the present. */
    set: useCallback((next: T | ((present: T) => T)) => setH((x) => record(x, typeof next === 'function' ? (next as (p: T) => T)(x.present) : next)), []),
    /** replace changes the present without an undo entry. */
    replace: useCallback((next: T) => setH((x) => replace(x, next)), []),
    /** reset starts a new history (a reload from the server). */
    reset: useCallback((next: T) => setH(initHistory(next)), []),
    undo: useCallback(() => setH(undo), []),
    redo: useCallback(() => setH(redo), []),
  };
}
