// react-jsonschema-form needs a validator. Its usual one (Ajv) compiles schemas to JavaScript
// with `new Function`, which the server's Content-Security-Policy (script-src 'self', no
// 'unsafe-eval') forbids; @cfworker/json-schema interprets schemas instead. The browser's
// checks are for feedback only: the server validates the output again (422 output_invalid).
import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import type { CustomValidator, ErrorSchema, ErrorTransformer, RJSFSchema, RJSFValidationError, UiSchema, ValidationData, ValidatorType } from '@rjsf/utils';
import { toErrorSchema, type FieldErrors } from './problemFields';

// Keywords that only summarise their children's failures: the children say what is wrong.
const summaries = new Set(['properties', 'items', 'prefixItems', 'allOf', '$ref', 'additionalItems', 'contains', 'dependentSchemas', 'unevaluatedProperties', 'unevaluatedItems', 'patternProperties']);

function tokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** leafErrors keeps the failures that say what is wrong, each with the pointer of its field. */
export function leafErrors(units: readonly OutputUnit[]): { pointer: string; keyword: string; message: string }[] {
  const out: { pointer: string; keyword: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const u of units) {
    if (summaries.has(u.keyword)) continue;
    let pointer = u.instanceLocation.replace(/^#/, '');
    let message = u.error;
    if (u.keyword === 'required') {
      const m = /required property "([^"]+)"/.exec(u.error);
      if (m) {
        pointer = `${pointer}/${m[1]!.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        message = 'Required.';
      }
    }
    const key = `${pointer}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ pointer, keyword: u.keyword, message });
  }
  return out;
}

function withRootDefinitions(schema: RJSFSchema, rootSchema: RJSFSchema | undefined): Schema {
  if (!rootSchema || rootSchema === schema) return schema as Schema;
  return { ...schema, definitions: rootSchema.definitions, $defs: (rootSchema as { $defs?: unknown }).$defs } as Schema;
}

function validate(schema: RJSFSchema, data: unknown, rootSchema?: RJSFSchema) {
  return new Validator(withRootDefinitions(schema, rootSchema), '2020-12', false).validate(data);
}

/** formValidator is the validator the task forms use. */
export const formValidator: ValidatorType = {
  validateFormData(formData: unknown, schema: RJSFSchema, customValidate?: CustomValidator, transformErrors?: ErrorTransformer, uiSchema?: UiSchema): ValidationData<unknown> {
    const leaves = leafErrors(validate(schema, formData ?? {}).errors);
    let errors: RJSFValidationError[] = leaves.map((l) => ({
      name: l.keyword,
      message: l.message,
      property: tokens(l.pointer).map((t) => `.${t}`).join('') || '.',
      stack: `${l.pointer || '/'} ${l.message}`,
      schemaPath: '',
    }));
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const fe: FieldErrors = {};
    for (const e of errors) {
      const pointer = (e.property ?? '').split('.').filter(Boolean).map((t) => `/${t.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
      (fe[pointer] ??= []).push(e.message ?? 'invalid');
    }
    // The task forms pass no customValidate: the server is the validator of record.
    void customValidate;
    return { errors, errorSchema: toErrorSchema(fe) as ErrorSchema };
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    try {
      return validate(schema, formData, rootSchema).valid;
    } catch {
      return false;
    }
  },
  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      const r = validate(schema, formData);
      return { errors: r.errors as Result[] };
    } catch (err) {
      return { validationError: err instanceof Error ? err : new Error(String(err)) };
    }
  },
};
