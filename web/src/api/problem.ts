import type { components } from './schema';

/** The server's RFC 9457 problem document (docs/api.md, "Errors"). */
export type Problem = components['schemas']['Problem'];

/** One entry of a problem's `errors`: `location` is like `body.name` or `query.limit`. */
export type ProblemError = NonNullable<Problem['errors']>[number];

/** One validation issue of a definition (publish refused with `validation_failed`). */
export type ValidationIssue = NonNullable<Problem['issues']>[number];

/**
 * ApiError is what every failed call throws: the HTTP status and the problem the server sent
 * (or one made up from the status when the body was not a problem, e.g. a proxy's HTML page).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** toProblem turns whatever a failed response carried into a Problem. */
export function toProblem(status: number, body: unknown, statusText = ''): Problem {
  if (body && typeof body === 'object' && 'status' in body && 'title' in body) {
    return body as Problem;
  }
  return {
    status,
    title: statusText || `HTTP ${status}`,
    code: status === 0 ? 'network' : 'http_' + status,
    detail: typeof body === 'string' && body.length < 300 ? body : undefined,
  } as Problem;
}

/**
 * fieldErrors maps a problem's `errors` onto form fields: `body.name` -> `name`,
 * `body.config.url` -> `config.url`. Errors without a body location are left to the alert.
 */
export function fieldErrors(problem: Problem | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const loc = e.location ?? '';
    if (!loc.startsWith('body.')) continue;
    const field = loc.slice('body.'.length);
    out[field] = out[field] ? `${out[field]}; ${e.message}` : (e.message ?? 'invalid');
  }
  return out;
}

/** problemOf is the problem behind an error thrown by the client, if it is one. */
export function problemOf(error: unknown): Problem | undefined {
  return error instanceof ApiError ? error.problem : undefined;
}
