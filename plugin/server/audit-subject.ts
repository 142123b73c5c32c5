// What a case request is about (extension point, view, referral or child) and who asked, kept on the response
// from the moment the route knows it. Every request that names a case ends with a record in the audit trail:
// the route writes "shown", "no-score" or "stored" and marks the subject recorded; any other ending (a refused
// token, a bad query or body after a valid token, an error while building) is written here as "refused" with
// the code it ended with, by the error handler the plugin's router ends with.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { AuditExtensionPoint, AuditOutcome, AuditRepository } from '../storage/audit-repository';
import { asPluginError } from './http-errors';
import type { LaunchContext } from './launch-token';

export interface AuditSubject {
  readonly extensionPoint: AuditExtensionPoint;
  readonly view: string;
  readonly referralId: string | null;
  readonly childId: string | null;
  /** Set once the launch token (or view credential) is verified. */
  launch: LaunchContext | null;
  /** Set once the route has written the request's record. */
  recorded: boolean;
}

declare module 'express-serve-static-core' {
  interface Locals {
    auditSubject?: AuditSubject;
  }
}

export interface AuditDeps {
  readonly audit: AuditRepository;
  readonly now?: () => Date;
}

/** Names the case the request is about; from here on, the request ends with an audit record. */
export function auditSubject(res: Response, subject: Pick<AuditSubject, 'extensionPoint' | 'view'> & { referralId?: string | null; childId?: string | null }): AuditSubject {
  const s: AuditSubject = { extensionPoint: subject.extensionPoint, view: subject.view, referralId: subject.referralId ?? null, childId: subject.childId ?? null, launch: null, recorded: false };
  res.locals.auditSubject = s;
  return s;
}

/** The part of a record that says who asked, when, and for which view of which case. */
export function whoAndWhere(deps: Pick<AuditDeps, 'now'>, res: Response, subject: AuditSubject) {
  return {
    occurredAt: (deps.now?.() ?? new Date()).toISOString(),
    requestId: res.locals.requestId,
    userId: subject.launch?.userId ?? null,
    userRole: subject.launch?.role ?? null,
    extensionPoint: subject.extensionPoint,
    view: subject.view,
    referralId: subject.referralId,
    childId: subject.childId,
  };
}

/** Writes the request's record (no model, no score: a report, a form, an entry, a refusal) and marks it recorded. */
export async function recordOutcome(deps: AuditDeps, res: Response, subject: AuditSubject, outcome: AuditOutcome, code: string | null): Promise<void> {
  subject.recorded = true;
  await deps.audit.write({ ...whoAndWhere(deps, res, subject), modelId: null, modelVersion: null, score: null, outcome, code });
}

/** The error handler that audits a request ending without its record as refused (best effort: the refusal stands). */
export function refusalAuditing(deps: AuditDeps & { logger?: Logger }) {
  return async (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const subject = res.locals.auditSubject;
    if (subject && !subject.recorded) {
      try {
        await recordOutcome(deps, res, subject, 'refused', asPluginError(error, res.locals.requestId).code);
      } catch (cause) {
        deps.logger?.error({ reqId: res.locals.requestId, err: { name: (cause as Error)?.name, code: (cause as { code?: string })?.code } }, 'refusal could not be audited');
      }
    }
    next(error);
  };
}
