import { createContext, useContext } from 'react';
import type { ValidationIssue } from '../validation';

/** The issues of the selected element, and the pointer its fields' paths are relative to. */
interface FieldIssues {
  base: string;
  issues: ValidationIssue[];
}

export const FieldIssuesContext = createContext<FieldIssues>({ base: '', issues: [] });

/**
 * useFieldIssue gives a field's issue messages (those at its JSON Pointer or under it), joined,
 * and the attribute focusPath finds it by. sub is relative to the selected element: "/name".
 */
export function useFieldIssue(sub: string): { error?: string; 'data-path': string } {
  const { base, issues } = useContext(FieldIssuesContext);
  const path = base + sub;
  const mine = issues.filter((i) => i.path === path || i.path.startsWith(path + '/'));
  return { error: mine.length ? mine.map((i) => i.message).join('; ') : undefined, 'data-path': path };
}
