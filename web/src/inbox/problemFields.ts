// The server's refusals of a step's output (422 output_invalid) name the fields they are
// about with JSON Pointers: this module puts each message next to its field in the form.
import type { Problem } from '../api/problem';

/** FieldErrors are a refusal's messages by JSON Pointer into the output ('' = the whole form). */
export type FieldErrors = Record<string, string[]>;

/** ErrorSchema is react-jsonschema-form's nested error shape: `{field: {__errors: [...]}}`. */
export interface ErrorSchema {
  __errors?: string[];
  [field: string]: ErrorSchema | string[] | undefined;
}

const prefixes = ['body.outputData', 'outputData'];

function decode(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function normalise(pointer: string): string {
  if (pointer === '' || pointer === '/') return '';
  return pointer.startsWith('/') ? pointer : '/' + pointer;
}

/**
 * locate finds the field an error is about. The location may carry the pointer
 * (`body.outputData/a/0`, `body.outputData.a`, `/a/0`) or the message may
 * (`at '/a/0': ...`, the JSON Schema validator's wording); `missing property 'x'` at a pointer
 * is about the field x under it. Returns the pointer and the message without its prefix.
 */
export function locate(location: string | undefined, message: string): { pointer: string; message: string } {
  let pointer = '';
  let loc = location ?? '';
  for (const p of prefixes) {
    if (loc.startsWith(p)) {
      loc = loc.slice(p.length);
      break;
    }
  }
  if (loc.startsWith('.')) loc = '/' + loc.slice(1).replace(/\.|\[(\d+)\]/g, (_m, i: string | undefined) => (i ? `/${i}` : '/'));
  if (loc.startsWith('/')) pointer = loc;
  let text = message;
  const at = /^at '([^']*)':\s*/.exec(text);
  if (at) {
    if (!pointer) pointer = at[1]!;
    text = text.slice(at[0].length);
  }
  const missing = /^missing propert(?:y|ies) '([^']+)'/.exec(text);
  if (missing) {
    pointer = `${normalise(pointer)}/${missing[1]!.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    text = 'Required.';
  }
  return { pointer: normalise(pointer), message: text };
}

/** fieldErrorsOf collects a problem's errors by pointer; errors of other locations go under ''. */
export function fieldErrorsOf(problem: Problem | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const e of problem?.errors ?? []) {
    const loc = e.location ?? '';
    const ours = loc === '' || prefixes.some((p) => loc.startsWith(p)) || loc.startsWith('/');
    const { pointer, message } = ours ? locate(loc, e.message ?? 'invalid') : { pointer: '', message: e.message ?? 'invalid' };
    (out[pointer] ??= []).push(message);
  }
  return out;
}

/** toErrorSchema turns field errors into react-jsonschema-form's `extraErrors`. */
export function toErrorSchema(errors: FieldErrors): ErrorSchema {
  const root: ErrorSchema = {};
  for (const [pointer, messages] of Object.entries(errors)) {
    let node = root;
    const tokens = pointer === '' ? [] : pointer.slice(1).split('/').map(decode);
    for (const t of tokens) {
      node = (node[t] ??= {}) as ErrorSchema;
    }
    node.__errors = [...(node.__errors ?? []), ...messages];
  }
  return root;
}
