/**
 * What to offer at the cursor of a JSONata expression: the scope's names, `__steps__.<id>`, the
 * fields of a step's output, `__datasources__.<alias>`, `__each__` in BATCH item expressions,
 * and JSONata's functions. Pure: the CodeMirror source (completionSource) wraps it.
 */
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { jsonataFunctions } from './functions';
import type { ExpressionScope } from './scope';

/** Suggestion is one completion: the text inserted, and what it is. */
export interface Suggestion {
  label: string;
  detail?: string;
  info?: string;
  type: 'variable' | 'property' | 'function';
  apply?: string;
}

/** suggest returns the suggestions for the text before the cursor, and where they start. */
export function suggest(before: string, scope: ExpressionScope): { from: number; options: Suggestion[] } | null {
  const fn = /\$[\w]*$/.exec(before);
  if (fn) {
    return {
      from: fn.index,
      options: jsonataFunctions.map((f) => ({ label: '$' + f.name, detail: f.signature, type: 'function', apply: '$' + f.name + '(' })),
    };
  }
  const path = /([A-Za-z_][\w]*(?:\.[A-Za-z_\\.][\w\\.]*)*\.)?([A-Za-z_][\w]*)?$/.exec(before);
  if (!path) return null;
  const prefix = path[1] ?? '';
  const from = before.length - (path[2] ?? '').length;
  if (prefix === '') {
    // A bare name: the scope's roots (not after a letter or a dot of something else).
    if (!path[2] && before.length && !/[\s([{,;:=<>!+\-*/&?]$/.test(before)) return null;
    const roots: Suggestion[] = [
      { label: '__context__', detail: 'the execution context', type: 'variable' },
      { label: '__steps__', detail: 'outputs of completed steps', type: 'variable' },
      { label: '__datasources__', detail: "this step's data source results", type: 'variable' },
    ];
    if (scope.each) roots.push({ label: '__each__', detail: 'the current BATCH item', type: 'variable' });
    return { from, options: roots };
  }
  if (prefix === '__steps__.') {
    return { from, options: scope.steps.map((s) => ({ label: s.id, detail: s.name, type: 'property' })) };
  }
  if (prefix === '__datasources__.') {
    return { from, options: scope.datasources.map((a) => ({ label: a, detail: 'data source', type: 'property' })) };
  }
  const step = /^__steps__\.([A-Za-z_][\w]*)\.(.*)$/.exec(prefix);
  if (step) {
    const s = scope.steps.find((x) => x.id === step[1]);
    if (!s) return null;
    const parent = step[2]; // '' or 'address.' (the path so far)
    const options = s.fields
      .filter((f) => f.path.startsWith(parent) && !f.path.slice(parent.length).replace(/\\\./g, '').includes('.'))
      .map((f) => ({ label: f.path.slice(parent.length), detail: f.type, info: f.description, type: 'property' as const }));
    return { from, options };
  }
  return null;
}

/** completionSource is suggest for CodeMirror; scope is read on every request (it changes). */
export function completionSource(scope: () => ExpressionScope) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    const s = suggest(before, scope());
    if (!s || (!s.options.length && !ctx.explicit)) return null;
    if (s.from === before.length && !ctx.explicit && !before.endsWith('.') && !before.endsWith('$')) return null;
    return { from: line.from + s.from, options: s.options, validFor: /^[\w$]*$/ };
  };
}
