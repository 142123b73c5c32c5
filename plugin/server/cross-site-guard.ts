// Requests that change something (flag a data line, record an entry, file a report, launch by form, start the
// child's form) are taken only from the plugin's own pages and the configured embedding origins: a browser says
// where a request comes from (`Origin`, `Sec-Fetch-Site`), so a page on another site cannot write even when it
// holds a leaked token. Clients that are not browsers send neither header; they still need a token.
import type { NextFunction, Request, Response } from 'express';
import { BeslutningsstotteError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin (scheme, host, port) of a base URL such as `https://plugin.example.dk/beslutningsstotte`. */
function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin.toLowerCase();
  } catch {
    return '';
  }
}

/**
 * `publicBaseUrl` is the plugin's own public origin from the server configuration: never the request's Host
 * header, which a client (or a proxy that passes it on) chooses.
 */
export function crossSiteGuard(publicBaseUrl: string, trustedOrigins: readonly string[]) {
  const own = originOf(publicBaseUrl);
  const trusted = new Set(trustedOrigins.map((o) => o.toLowerCase()));
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    // A page with `Referrer-Policy: no-referrer` (the plugin's own) sends `Origin: null`: then the browser's
    // Sec-Fetch-Site decides, and only same-origin is taken, as the origin cannot be checked against the list.
    if (origin !== undefined && origin !== 'null') {
      const from = origin.toLowerCase();
      if ((own !== '' && from === own) || trusted.has(from)) return next();
      return next(new BeslutningsstotteError('CROSS_SITE_REQUEST'));
    }
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return next(new BeslutningsstotteError('CROSS_SITE_REQUEST'));
    if (origin === 'null' && site === undefined) return next(new BeslutningsstotteError('CROSS_SITE_REQUEST'));
    next();
  };
}
