import { describe, expect, it } from 'vitest';
import {
  advancedKeywords,
  fieldsOf,
  isObject,
  roundTrip,
  typeOf,
  withEnum,
  withFields,
  withItemType,
  withText,
  withType,
  type Json,
  type SchemaObject,
} from './model';

// Every schema (outputSchema, form) of every example definition, this repository's and the
// shared reference set.
const modules = {
  ...import.meta.glob<{ default: unknown }>('../../../../examples/**/*.json', { eager: true }),
  ...import.meta.glob<{ default: unknown }>('../../../../../shared/examples/**/*.json', { eager: true }),
};
const schemas: [string, Json][] = [];
for (const [path, mod] of Object.entries(modules)) {
  const steps = isObject(mod.default) && Array.isArray(mod.default.steps) ? mod.default.steps : [];
  for (const s of steps) {
    if (!isObject(s)) continue;
    for (const key of ['outputSchema', 'form']) if (key in s) schemas.push([`${path} ${String(s.id)}.${key}`, s[key]]);
  }
}

// Schemas with what the builder does not show, to check it keeps it.
const tricky: [string, Json][] = [
  ['unknown keywords everywhere', {
    $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false,
    properties: {
      email: { type: 'string', format: 'email', minLength: 3 },
      when: { type: 'string', format: 'date', description: 'Day' },
      kind: { type: 'string', enum: ['a', 'b'], 'x-ui': { widget: 'radio' } },
      either: { oneOf: [{ type: 'string' }, { type: 'number' }] },
      ref: { $ref: '#/$defs/addr' },
      anything: true,
      nullable: { type: ['string', 'null'] },
      tags: { type: 'array', items: { type: 'string', pattern: '^[a-z]+$' }, minItems: 1 },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } }, required: ['qty', 'ghost'] } },
      address: { type: 'object', properties: { city: { type: 'string' } }, required: [] },
    },
    required: ['kind', 'email', 'notAProperty'],
    $defs: { addr: { type: 'object' } },
  }],
  ['no properties', { type: 'object' }],
  ['properties without type', { properties: { a: { type: 'boolean' } } }],
];

describe('schema builder round trip', () => {
  it('finds the examples’ schemas', () => {
    expect(schemas.length).toBeGreaterThanOrEqual(8);
  });

  it.each([...schemas, ...tricky])('%s reads and writes back unchanged', (_, schema) => {
    expect(roundTrip(schema)).toStrictEqual(schema);
    // And property order is kept, nested too.
    expect(JSON.stringify(roundTrip(schema))).toBe(JSON.stringify(schema));
  });
});

describe('schema builder edits', () => {
  const base = tricky[0][1] as SchemaObject;

  it('adds a required boolean field after the others, keeping required’s order', () => {
    const fields = fieldsOf(base);
    const next = withFields(base, [...fields, { key: 'approved', required: true, schema: withType({}, 'boolean') }]);
    expect((next.properties as SchemaObject).approved).toEqual({ type: 'boolean' });
    expect(Object.keys(next.properties as SchemaObject).at(-1)).toBe('approved');
    expect(next.required).toEqual(['kind', 'email', 'notAProperty', 'approved']);
    expect(next.additionalProperties).toBe(false);
    expect(next.$defs).toEqual(base.$defs);
  });

  it('removes, reorders and un-requires fields; names that are no property stay required', () => {
    const fields = fieldsOf(base);
    const next = withFields(base, [fields[2], { ...fields[1] }, { ...fields[0], required: false }]);
    expect(Object.keys(next.properties as SchemaObject)).toEqual(['kind', 'when', 'email']);
    expect(next.required).toEqual(['kind', 'notAProperty']);
  });

  it('does not add empty properties or required to a schema that had none', () => {
    expect(withFields({ type: 'object' }, [])).toEqual({ type: 'object' });
    expect(withFields({ type: 'object', required: [] }, [])).toEqual({ type: 'object', required: [] });
  });

  it('reads the builder types', () => {
    const p = base.properties as SchemaObject;
    expect([p.email, p.when, p.kind, p.either, p.anything, p.nullable, p.tags, p.address].map(typeOf)).toEqual([
      'text', 'date', 'text', 'other', 'other', 'other', 'array', 'object',
    ]);
  });

  it('marks what it cannot show as advanced, and keeps it through edits', () => {
    const p = base.properties as SchemaObject;
    expect(advancedKeywords(p.email)).toEqual(['format', 'minLength']);
    expect(advancedKeywords(p.when)).toEqual([]);
    expect(advancedKeywords(p.kind)).toEqual(['x-ui']);
    expect(advancedKeywords(p.tags)).toEqual(['minItems', 'items.pattern']);
    expect(advancedKeywords(p.either)).toEqual(['oneOf']);
    const described = withText(p.email as SchemaObject, 'description', 'Where we write');
    expect(described).toEqual({ type: 'string', format: 'email', minLength: 3, description: 'Where we write' });
    expect(withText(described, 'description', '')).toEqual(p.email);
  });

  it('changes types, dropping what belonged to the old one only', () => {
    const p = base.properties as SchemaObject;
    expect(withType(p.when, 'text')).toEqual({ type: 'string', description: 'Day' });
    expect(withType(p.kind, 'date')).toEqual({ type: 'string', format: 'date', 'x-ui': { widget: 'radio' } });
    expect(withType(p.address, 'array')).toEqual({ type: 'array', items: { type: 'string' } });
    expect(withType({ type: 'string' }, 'object')).toEqual({ type: 'object', properties: {} });
    expect(withItemType({ type: 'array', items: { type: 'string' } }, 'object')).toEqual({ type: 'array', items: { type: 'object', properties: {} } });
  });

  it('writes allowed values as numbers for numeric types', () => {
    expect(withEnum({ type: 'integer' }, ['1', '2', 'x'])).toEqual({ type: 'integer', enum: [1, 2] });
    expect(withEnum({ type: 'string', enum: ['a'] }, [])).toEqual({ type: 'string' });
  });
});
