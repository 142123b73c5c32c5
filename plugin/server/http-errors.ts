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

/** Errors the HTTP stack raises for a request it cannot read (body-parser, the router decoding a path). */
interface HttpStackError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly statusCode?: unknown;
}

const STACK_DETAIL: Record<string, string> = {
  'entity.too.large': 'the body is over the size this route takes',
  'parameters.too.many': 'the form has more fields than this route takes',
  'entity.parse.failed': 'the body cannot be read',
  'encoding.unsupported': 'the body has an encoding this route does not take',
  'charset.unsupported': 'the body has a character set this route does not take',
  'request.aborted': 'the body did not arrive whole',
  'request.size.invalid': 'the body is not the length it says',
  'stream.encoding.set': 'the body cannot be read',
};

export function asPluginError(error: unknown, requestId: string): BeslutningsstotteError {
  if (isBeslutningsstotteError(error)) return error;
  const e = (error ?? {}) as HttpStackError;
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  // Every 4xx the HTTP stack raises is the client's: answer it by the registry, with our words, never its text.
  if (status >= 400 && status < 500) {
    const type = typeof e.type === 'string' ? e.type : '';
    if (status === 413 || type === 'entity.too.large' || type === 'parameters.too.many') {
      return new BeslutningsstotteError('REQUEST_TOO_LARGE', { detail: STACK_DETAIL[type] ?? 'the body is over the size this route takes' });
    }
    if (error instanceof URIError || /decode param/i.test(String((error as { message?: unknown }).message ?? ''))) {
      return new BeslutningsstotteError('REQUEST_INVALID', { detail: 'path: a part of the address is not valid percent-encoding' });
    }
    return new BeslutningsstotteError('REQUEST_INVALID', { detail: STACK_DETAIL[type] ?? 'the request cannot be read' });
  }
  return new BeslutningsstotteError('INTERNAL_ERROR', { requestId });
}

/** Whether the client wants JSON: the API, or a request that asks for it. */
const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.path.startsWith('/cds-services') || (req.get('accept') ?? '').startsWith('application/json');

/** Which page a request was for, so its error page names it (the child's own form speaks to the child). */
function pageOf(requestPath: string): 'panel' | 'followUp' | 'childForm' {
  if (/\/panel\/child-form(\/|$)/.test(requestPath)) return 'childForm';
  return /\/follow-up(\/|$)/.test(requestPath) ? 'followUp' : 'panel';
}

export function sendError(deps: ErrorResponder, error: BeslutningsstotteError, req: Request, res: Response): void {
  res.locals.code = error.code;
  res.status(error.status);
  res.setHeader('Cache-Control', 'no-store');
  if (wantsJson(req)) {
    res.json({ code: error.code, message: error.message, requestId: res.locals.requestId });
    return;
  }
  const lang = asLocale(req.query.lang);
  const t = deps.messages[lang].errorPages[pageOf(req.path)];
  const auth = error.status === 401 || error.status === 403;
  const audit = error.code === 'AUDIT_UNAVAILABLE';
  res.type('html').send(
    deps.templates.refused({
      lang,
      assetBase: deps.basePath,
      title: auth ? t.unauthorizedTitle : audit ? t.auditTitle : t.errorTitle,
      text: auth ? t.unauthorizedText : audit ? t.auditText : t.errorText,
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
