// Route declarations with their input schemas beside them: the path parameters, the query and the body are each
// checked against a TypeBox schema (with Ajv) before the handler runs. A failure is REQUEST_INVALID (400) naming
// the part and the field; the handler never sees unchecked input. Nothing from the request is echoed beyond the
// field's name, cut short.
import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { BeslutningsstotteError } from '../errors';
import { schemaErrors } from '../schema-validator';

export interface RouteSchemas {
  readonly params?: TSchema;
  readonly query?: TSchema;
  readonly body?: TSchema;
  /**
   * Runs once the path is checked and before the query and body are: a route about a case names it and opens its
   * view here, so a query or body refused after a valid launch is audited with who asked (audit-subject.ts).
   */
  readonly open?: (req: Request, res: Response, params: Record<string, string>) => Promise<void>;
}

type Checked<S, K extends keyof RouteSchemas> = S extends { [P in K]: infer T extends TSchema } ? Static<T> : Record<string, never>;

export interface RouteInput<S extends RouteSchemas> {
  readonly params: Checked<S, 'params'>;
  readonly query: Checked<S, 'query'>;
  readonly body: Checked<S, 'body'>;
}

const SAFE_NAME = /^[A-Za-z0-9_.-]{1,40}$/;
const fieldName = (name: unknown) => (typeof name === 'string' && SAFE_NAME.test(name) ? name : '(a field)');

/** "query.lang: is not one of the allowed values" for the first problem of each field. */
export function describeProblems(part: string, errors: readonly ErrorObject[]): string {
  const byField = new Map<string, string>();
  for (const e of errors) {
    const path = e.instancePath.split('/').filter(Boolean).map(fieldName);
    let field = [part, ...path].join('.');
    let problem: string;
    if (e.keyword === 'additionalProperties') {
      field = [part, ...path, fieldName(e.params.additionalProperty)].join('.');
      problem = 'is not a field this route takes';
    } else if (e.keyword === 'required') {
      field = [part, ...path, fieldName(e.params.missingProperty)].join('.');
      problem = 'is required';
    } else if (e.keyword === 'anyOf' || e.keyword === 'const' || e.keyword === 'enum') {
      problem = 'is not one of the allowed values';
    } else if (e.keyword === 'type') {
      problem = `must be ${String(e.params.type)}`;
    } else {
      problem = e.message ?? e.keyword;
    }
    if (!byField.has(field) || e.keyword === 'anyOf') byField.set(field, problem);
  }
  return [...byField].slice(0, 5).map(([field, problem]) => `${field} ${problem}`).join('; ');
}

/** The checked value of one part, or REQUEST_INVALID naming the field that failed. */
export function checkPart<S extends TSchema>(schema: S, value: unknown, part: string): Static<S> {
  const errors = schemaErrors(schema, value ?? {});
  if (errors.length > 0) throw new BeslutningsstotteError('REQUEST_INVALID', { detail: describeProblems(part, errors) });
  return (value ?? {}) as Static<S>;
}

/** An Express handler whose inputs are checked against `schemas` before `handler` runs. */
export function route<S extends RouteSchemas>(schemas: S, handler: (req: Request, res: Response, input: RouteInput<S>) => Promise<void> | void): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const params = schemas.params ? checkPart(schemas.params, req.params, 'path') : {};
      const rest = () => ({
        query: schemas.query ? checkPart(schemas.query, req.query, 'query') : {},
        body: schemas.body ? checkPart(schemas.body, req.body, 'body') : {},
      });
      if (schemas.open) {
        try {
          await schemas.open(req, res, params as Record<string, string>);
        } catch (refused) {
          // A request whose query or body the route does not take is answered as such (400 naming the field,
          // e.g. a launch token posted where only the view credential goes), whether or not the view opened.
          rest();
          throw refused;
        }
      }
      const input = { params, ...rest() } as RouteInput<S>;
      await handler(req, res, input);
    } catch (error) {
      next(error);
    }
  };
}
