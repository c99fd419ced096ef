import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { formValidator } from './validator';

const schema: RJSFSchema = {
  type: 'object',
  required: ['companyName', 'directors'],
  properties: {
    companyName: { type: 'string', minLength: 2 },
    directors: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, hasDsc: { type: 'boolean' } } },
    },
  },
};

describe('formValidator', () => {
  it('names each failing field, not the containers', () => {
    const { errors, errorSchema } = formValidator.validateFormData({ companyName: 'A', directors: [{ hasDsc: true }] }, schema);
    expect(errors.map((e) => e.property).sort()).toEqual(['.companyName', '.directors.0.name']);
    expect(errorSchema).toMatchObject({ directors: { 0: { name: { __errors: ['Required.'] } } } });
    expect((errorSchema as unknown as { companyName: { __errors: string[] } }).companyName.__errors).toHaveLength(1);
  });
  it('accepts valid data and says so with isValid', () => {
    const data = { companyName: 'Acme', directors: [{ name: 'Ann' }] };
    expect(formValidator.validateFormData(data, schema).errors).toEqual([]);
    expect(formValidator.isValid(schema, data, schema)).toBe(true);
    expect(formValidator.isValid(schema, {}, schema)).toBe(false);
  });
});
