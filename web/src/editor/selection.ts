/**
 * Selection is what the editor has selected: one step, one transition, one step group, or
 * nothing. With several elements selected on the canvas it names the first one (the
 * Configuration Panel edits one element at a time).
 */
export type Selection = { kind: 'step'; id: string } | { kind: 'transition'; id: string } | { kind: 'group'; id: string } | null;

/** sameSelection compares two selections by value. */
export function sameSelection(a: Selection, b: Selection): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.id === b.id;
}
