/** The expression endpoint: "Try it" and the editor's compile check (docs/api.md). */
import { api, call } from '../../api/client';
import { ApiError } from '../../api/problem';

/** What an evaluation gave: a value, no value (JSONata undefined), or JSONata's error. */
export type Outcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'undefined' }
  | { kind: 'error'; problemCode: string; message: string; code?: string; position?: number; token?: string };

/** evaluate tries src against scope on the server, with the engine's evaluator and bounds. */
export async function evaluate(src: string, scope: Record<string, unknown>, compileOnly = false): Promise<Outcome> {
  try {
    const res = await call(
      api.POST('/v1/expressions/evaluate', {
        body: { expression: src, scope: scope as never, compileOnly },
      }),
    );
    if (res.undefined) return { kind: 'undefined' };
    return { kind: 'value', value: res.result };
  } catch (err) {
    if (err instanceof ApiError && err.problem.expression) {
      const x = err.problem.expression;
      // The detail repeats the code and position ("the expression failed: T2001 at position 5:
      // ..."), which the editor shows on their own: keep JSONata's message.
      const detail = err.problem.detail ?? err.message;
      const message = detail.replace(/^.*?\b[A-Z]\d{4}(?: at position \d+)?: /, '');
      return { kind: 'error', problemCode: err.code, message, code: x.code, position: x.position, token: x.token };
    }
    throw err;
  }
}

/**
 * errorRange is the span to underline for an error at position (JSONata points just past the
 * offending token), inside a text of length n.
 */
export function errorRange(position: number | undefined, token: string | undefined, n: number): { from: number; to: number } {
  if (position === undefined || n === 0) return { from: 0, to: n };
  const to = Math.min(Math.max(position, 1), n);
  const len = token && token !== '(end)' ? Math.max(1, token.length) : 1;
  return { from: Math.max(0, to - len), to };
}
