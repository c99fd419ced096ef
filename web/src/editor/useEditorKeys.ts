import { useEffect, useRef } from 'react';

/** EditorKeys are the editor's keyboard shortcuts (Ctrl on Windows and Linux, Cmd on macOS). */
export interface EditorKeys {
  save: () => void;
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
}

function editable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * useEditorKeys binds Ctrl/Cmd+S (everywhere on the page), and Ctrl/Cmd+Z, Shift+Z, Y, C and V
 * (unless the focus is in a text field, whose own undo and clipboard then apply).
 * Delete and Backspace are React Flow's (deleteKeyCode).
 */
export function useEditorKeys(keys: EditorKeys, enabled: boolean) {
  const ref = useRef(keys);
  useEffect(() => {
    ref.current = keys;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 's') {
        e.preventDefault();
        ref.current.save();
        return;
      }
      // A text field keeps its own undo and clipboard; an open dialog traps the focus inside it.
      if (editable(e.target) || (e.target instanceof Element && e.target.closest('[role="dialog"]'))) return;
      if (k === 'z' && !e.shiftKey) ref.current.undo();
      else if ((k === 'z' && e.shiftKey) || k === 'y') ref.current.redo();
      else if (k === 'c' && !window.getSelection()?.toString()) ref.current.copy();
      else if (k === 'v') ref.current.paste();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
