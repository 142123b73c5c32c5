// The one place an error becomes an HTTP response. Codes from the registry keep their status and message; a
// body the parser could not read is REQUEST_INVALID; anything else is INTERNAL_ERROR with the request id, and
// its message and stack go to the log only (by error name and code, never a driver's text in a response).
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { BeslutningsstotteError, isBeslutningsstotteError } from '../errors';
import { asLocale, type Locale, type Messages } from '../panel/panel-locale';
import type { PanelTemplates } from '../panel/panel-templates';

export interface ErrorResponder {
  readonly templates: PanelTemplates;
  readonly messages: Record<Locale, Messages>;
  readonly logger: Logger;
  readonly basePath: string;
}

export function asPluginError(error: unknown, requestId: string): BeslutningsstotteError {
  if (isBeslutningsstotteError(error)) return error;
  const e = error as { type?: string; status?: number };
  if (e && (e.type === 'entity.parse.failed' || e.type === 'entity.too.large' || e.type === 'encoding.unsupported')) {
    return new BeslutningsstotteError('REQUEST_INVALID', { detail: e.type === 'entity.too.large' ? 'the body is too large' : 'the body cannot be read' });
  }
  return new BeslutningsstotteError('INTERNAL_ERROR', { requestId });
}

/** Whether the client wants JSON: the API, or a request that asks for it. */
const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.path.startsWith('/cds-services') || (req.get('accept') ?? '').startsWith('application/json');

export function sendError(deps: ErrorResponder, error: BeslutningsstotteError, req: Request, res: Response): void {
  res.locals.code = error.code;
  res.status(error.status);
  res.setHeader('Cache-Control', 'no-store');
  if (wantsJson(req)) {
    res.json({ code: error.code, message: error.message, requestId: res.locals.requestId });
    return;
  }
  const lang = asLocale(req.query.lang);
  const t = deps.messages[lang];
  const auth = error.status === 401 || error.status === 403;
  const audit = error.code === 'AUDIT_UNAVAILABLE';
  res.type('html').send(
    deps.templates.refused({
      lang,
      assetBase: deps.basePath,
      title: auth ? t.unauthorizedTitle : audit ? t.stateAuditTitle : t.errorTitle,
      text: auth ? t.unauthorizedText : audit ? `${t.stateAuditMeaning} ${t.stateAuditTodo}` : t.errorText,
      code: error.code,
    }),
  );
}

export function errorMiddleware(deps: ErrorResponder) {
  // Express recognises an error handler by its four parameters.
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const requestId = res.locals.requestId ?? '-';
    const pluginError = asPluginError(error, requestId);
    if (pluginError.code === 'INTERNAL_ERROR') {
      const e = error as { name?: string; code?: string; stack?: string };
      // The first line of a stack is the message, which may quote data: only the frames are logged.
      deps.logger.error({ reqId: requestId, err: { name: e?.name, code: e?.code, frames: e?.stack?.split('\n').slice(1, 8).join('\n') } }, 'unexpected error');
    }
    if (res.headersSent) return;
    sendError(deps, pluginError, req, res);
  };
}
