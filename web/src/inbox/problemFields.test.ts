import { describe, expect, it } from 'vitest';
import type { Problem } from '../api/problem';
import { fieldErrorsOf, locate, toErrorSchema } from './problemFields';

describe('locate', () => {
  it.each([
    { location: 'body.outputData', message: "at '/directors/0/name': got number, want string", pointer: '/directors/0/name', text: 'got number, want string' },
    { location: 'body.outputData', message: "at '/directors/1': missing property 'name'", pointer: '/directors/1/name', text: 'Required.' },
    { location: 'body.outputData', message: "at '': missing property 'companyName'", pointer: '/companyName', text: 'Required.' },
    { location: 'body.outputData/a~1b/0', message: 'too long', pointer: '/a~1b/0', text: 'too long' },
    { location: 'body.outputData.items[2].name', message: 'bad', pointer: '/items/2/name', text: 'bad' },
    { location: 'body.outputData', message: 'step needs document "id"', pointer: '', text: 'step needs document "id"' },
  ])('$location + $message', ({ location, message, pointer, text }) => {
    expect(locate(location, message)).toEqual({ pointer, message: text });
  });
});

describe('fieldErrorsOf and toErrorSchema', () => {
  it('puts each message under its field, others at the form', () => {
    const problem = {
      status: 422,
      title: 'Unprocessable Entity',
      code: 'output_invalid',
      errors: [
        { location: 'body.outputData', message: "at '/directors/0/name': got number, want string" },
        { location: 'body.outputData', message: "at '/directors/0': missing property 'email'" },
        { location: 'body.outputData', message: 'not an object' },
        { location: 'query.x', message: 'unrelated' },
      ],
    } as Problem;
    const fe = fieldErrorsOf(problem);
    expect(fe).toEqual({
      '/directors/0/name': ['got number, want string'],
      '/directors/0/email': ['Required.'],
      '': ['not an object', 'unrelated'],
    });
    expect(toErrorSchema(fe)).toEqual({
      __errors: ['not an object', 'unrelated'],
      directors: { '0': { name: { __errors: ['got number, want string'] }, email: { __errors: ['Required.'] } } },
    });
  });
  it('is empty without errors', () => {
    expect(toErrorSchema(fieldErrorsOf(undefined))).toEqual({});
  });
});
