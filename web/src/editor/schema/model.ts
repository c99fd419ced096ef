/**
 * The JSON Schema builder's model: pure functions over a schema object. The builder never keeps a
 * copy of its own: each field holds its property's schema as it is, and edits patch that schema,
 * so keywords the builder does not know (patterns, $ref, oneOf, minLength...) survive every edit
 * and a schema read and written back unchanged is equal to the original.
 */

/** A JSON value, as JSON.parse yields it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON Schema object (a schema may also be `true`/`false`; fields keep those as they are). */
export type SchemaObject = { [key: string]: Json };

/** The types the builder offers; `other` is a schema it can only show raw. */
export type FieldType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'object' | 'array' | 'other';

/** The builder's types with their labels, in menu order. */
export const fieldTypes: { value: Exclude<FieldType, 'other'>; label: string }[] = [
  { value: 'text', label: 'Text' },
  { value: 'number', label: 'Number' },
  { value: 'integer', label: 'Integer' },
  { value: 'boolean', label: 'Yes/no' },
  { value: 'date', label: 'Date' },
  { value: 'object', label: 'Object' },
  { value: 'array', label: 'List' },
];

/** SchemaField is one property of an object schema. */
export interface SchemaField {
  key: string;
  required: boolean;
  schema: Json;
}

export function isObject(v: unknown): v is SchemaObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** fieldsOf lists an object schema's properties in order, with their required flags. */
export function fieldsOf(schema: Json): SchemaField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(schema.properties).map(([key, s]) => ({ key, required: required.includes(key), schema: s }));
}

/**
 * withFields writes fields back into an object schema: `properties` in the fields' order, and
 * `required` keeping the original's order (names it lists that are no property stay too), new
 * names after. A schema that had no `properties`/`required` gets none while they would be empty.
 */
export function withFields(schema: SchemaObject, fields: SchemaField[]): SchemaObject {
  const out: SchemaObject = { ...schema };
  if (fields.length > 0 || 'properties' in schema) {
    out.properties = Object.fromEntries(fields.map((f) => [f.key, f.schema]));
  }
  const keys = new Set(fields.map((f) => f.key));
  const wanted = new Set(fields.filter((f) => f.required).map((f) => f.key));
  const before = Array.isArray(schema.required) ? schema.required : [];
  const required: Json[] = before.filter((k) => typeof k !== 'string' || !keys.has(k) || wanted.has(k));
  for (const f of fields) if (f.required && !required.includes(f.key)) required.push(f.key);
  if (required.length > 0 || 'required' in schema) out.required = required;
  else delete out.required;
  return out;
}

/** typeOf is the builder's type of a property schema. */
export function typeOf(schema: Json): FieldType {
  if (!isObject(schema)) return 'other';
  switch (schema.type) {
    case 'string':
      return schema.format === 'date' ? 'date' : 'text';
    case 'number':
    case 'integer':
    case 'boolean':
    case 'object':
    case 'array':
      return schema.type;
    default:
      return 'other';
  }
}

// The keywords the builder edits, per type; anything else makes a field "advanced".
const common = ['type', 'title', 'description'];
const known: Record<FieldType, string[]> = {
  text: [...common, 'enum'],
  date: [...common, 'format'],
  number: [...common, 'enum'],
  integer: [...common, 'enum'],
  boolean: common,
  object: [...common, 'properties', 'required'],
  array: [...common, 'items'],
  other: [],
};

/**
 * advancedKeywords lists what the builder cannot show of a property schema: keywords it does not
 * edit, and those of an array's item schema. The field stays editable; those are kept and shown
 * as "advanced, edit in raw".
 */
export function advancedKeywords(schema: Json): string[] {
  const t = typeOf(schema);
  if (!isObject(schema)) return [String(schema)];
  if (t === 'other') return Object.keys(schema).length ? Object.keys(schema) : ['(any value)'];
  const extra = Object.keys(schema).filter((k) => !known[t].includes(k));
  if (t === 'array' && isObject(schema.items)) {
    const it = typeOf(schema.items);
    if (it === 'other') extra.push('items');
    else extra.push(...advancedKeywords(schema.items).map((k) => `items.${k}`));
  } else if (t === 'array' && 'items' in schema && !isObject(schema.items)) {
    extra.push('items');
  }
  if (Array.isArray(schema.enum) && schema.enum.some((v) => typeof v !== 'string' && typeof v !== 'number')) extra.push('enum');
  return extra;
}

/**
 * withType changes a property's type, keeping its title, description and unknown keywords, and
 * dropping what belongs to the old type (properties of an object, items of an array, a date's
 * format, allowed values that no longer fit).
 */
export function withType(schema: Json, t: Exclude<FieldType, 'other'>): SchemaObject {
  const base: SchemaObject = isObject(schema) ? { ...schema } : {};
  const from = typeOf(schema);
  if (from === t) return base;
  delete base.properties;
  delete base.required;
  delete base.items;
  delete base.enum;
  if (base.format === 'date') delete base.format;
  switch (t) {
    case 'text':
      return { ...base, type: 'string' };
    case 'date':
      return { ...base, type: 'string', format: 'date' };
    case 'object':
      return { ...base, type: 'object', properties: {} };
    case 'array':
      return { ...base, type: 'array', items: { type: 'string' } };
    default:
      return { ...base, type: t };
  }
}

/** itemTypeOf is the builder's type of an array's items (text when it has none). */
export function itemTypeOf(schema: Json): FieldType {
  if (!isObject(schema) || !('items' in schema)) return 'text';
  return typeOf(schema.items);
}

/** withItemType changes an array property's item type. */
export function withItemType(schema: SchemaObject, t: Exclude<FieldType, 'other'>): SchemaObject {
  return { ...schema, items: withType(schema.items ?? {}, t) };
}

/** withEnum sets (or, empty, removes) the allowed values; numbers for numeric types. */
export function withEnum(schema: SchemaObject, values: string[]): SchemaObject {
  const out = { ...schema };
  if (values.length === 0) {
    delete out.enum;
    return out;
  }
  const numeric = schema.type === 'number' || schema.type === 'integer';
  out.enum = numeric ? values.map(Number).filter((n) => !Number.isNaN(n)) : values;
  return out;
}

/** withText sets or, empty, removes a text keyword (description, title). */
export function withText(schema: SchemaObject, key: 'description' | 'title', value: string): SchemaObject {
  const out = { ...schema };
  if (value === '') delete out[key];
  else out[key] = value;
  return out;
}

/** newFieldKey picks an unused property name: field1, field2... */
export function newFieldKey(fields: SchemaField[]): string {
  for (let n = fields.length + 1; ; n++) {
    const key = `field${n}`;
    if (!fields.some((f) => f.key === key)) return key;
  }
}

/** emptyObjectSchema is where a new outputSchema or form starts. */
export function emptyObjectSchema(): SchemaObject {
  return { type: 'object', properties: {} };
}

/**
 * isBuildable tells whether the builder can show a schema at all: an object schema (its root
 * `type` object or absent, with properties). Anything else is edited raw only.
 */
export function isBuildable(schema: unknown): schema is SchemaObject {
  return isObject(schema) && (schema.type === 'object' || (schema.type === undefined && isObject(schema.properties)));
}

/** roundTrip reads every field of a schema, recursively, and writes it back (for tests). */
export function roundTrip(schema: Json): Json {
  if (!isObject(schema)) return schema;
  let out: SchemaObject = schema;
  if (isObject(schema.properties)) out = withFields(schema, fieldsOf(schema).map((f) => ({ ...f, schema: roundTrip(f.schema) })));
  if ('items' in out) out = { ...out, items: roundTrip(out.items) };
  return out;
}
