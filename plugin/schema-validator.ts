// One Ajv instance for every JSON boundary (model packages, approval lists, mappings, API bodies): schemas are
// compiled once, and failures come back as a readable list of "path: problem".
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

const compiled = new WeakMap<TSchema, ValidateFunction>();

export function formatSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath || '/';
    if (e.keyword === 'additionalProperties') return `${path}: unknown property "${String(e.params.additionalProperty)}"`;
    return `${path}: ${e.message ?? e.keyword}`;
  });
}

function compiledValidator(schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The raw Ajv errors of `value` against `schema` (empty when valid), for callers that explain each one. */
export function schemaErrors(schema: TSchema, value: unknown): ErrorObject[] {
  const validate = compiledValidator(schema);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

/** Validates `value` against `schema`; returns the typed value or the list of problems. */
export function validateAgainst<S extends TSchema>(
  schema: S,
  value: unknown,
): { ok: true; value: Static<S> } | { ok: false; problems: string[] } {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return { ok: true, value: value as Static<S> };
  return { ok: false, problems: formatSchemaErrors(validate.errors) };
}
