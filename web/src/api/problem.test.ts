import { describe, expect, it } from 'vitest';
import { fieldErrors, toProblem } from './problem';

describe('fieldErrors', () => {
  it.each([
    ['one body field', [{ message: 'too short', location: 'body.name' }], { name: 'too short' }],
    ['nested field', [{ message: 'bad url', location: 'body.config.url' }], { 'config.url': 'bad url' }],
    ['two errors on a field are joined', [{ message: 'a', location: 'body.x' }, { message: 'b', location: 'body.x' }], { x: 'a; b' }],
    ['query and header errors are not fields', [{ message: 'bad', location: 'query.limit' }, { message: 'bad', location: 'header.If-Match' }], {}],
  ])('%s', (_name, errors, want) => {
    expect(fieldErrors(toProblem(422, { status: 422, title: 'x', code: 'invalid_request', errors }))).toEqual(want);
  });
});

describe('toProblem', () => {
  it('keeps a problem document', () => {
    const p = { status: 409, title: 'Conflict', code: 'duplicate_link', detail: 'taken' };
    expect(toProblem(409, p)).toBe(p);
  });
  it('makes one from a status when the body is not a problem', () => {
    expect(toProblem(502, '<html>bad gateway</html>', 'Bad Gateway')).toMatchObject({ status: 502, title: 'Bad Gateway', code: 'http_502' });
  });
});
