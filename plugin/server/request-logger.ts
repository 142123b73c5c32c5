// The structured application log: one line per request with its id, route pattern, status, time and code.
// Never the URL's query (it carries the launch token), never names, CPR numbers, free text or scores: what
// is logged is chosen field by field here, not dumped from the request.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9-]{8,64}$/;
/** Ten digits with or without a hyphen after the sixth: the shape of a CPR number, anywhere in the id. */
const CPR_SHAPED = /\d{6}-?\d{4}/;

/**
 * The host's X-Request-Id when it is a plain id (a UUID, or 8–64 letters, digits and hyphens) that holds nothing
 * shaped like a CPR number; otherwise null, and the server makes its own. The id goes into the log and the
 * audit trail, which carry no personal data.
 */
export function acceptedRequestId(given: string | undefined): string | null {
  if (given === undefined || !REQUEST_ID.test(given) || CPR_SHAPED.test(given)) return null;
  return given;
}

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.BESLUTNINGSSTOTTE_LOG_LEVEL ?? 'info';
  return options.destination ? pino({ level, base: null }, options.destination as pino.DestinationStream) : pino({ level, base: null });
}

declare module 'express-serve-static-core' {
  interface Locals {
    requestId: string;
    /** The code the response carries (an error code or a state), for the log line. */
    code?: string;
  }
}

/** Gives each request an id (the host's X-Request-Id when it is a safe plain id) and logs it when it ends. */
export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const given = req.get('x-request-id');
    const requestId = acceptedRequestId(given) ?? randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      logger.info({ reqId: requestId, method: req.method, route, status: res.statusCode, ms: Math.round(ms * 100) / 100, code: res.locals.code }, 'request');
    });
    next();
  };
}
