// Requests that change something (flag a data line, record an entry, file a report, launch by form, start the
// child's form) are taken only from the plugin's own pages and the configured embedding origins: a browser says
// where a request comes from (`Origin`, `Sec-Fetch-Site`), so a page on another site cannot write even when it
// holds a leaked token. Clients that are not browsers send neither header; they still need a token.
import type { NextFunction, Request, Response } from 'express';
import { BeslutningsstotteError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function crossSiteGuard(trustedOrigins: readonly string[]) {
  const trusted = new Set(trustedOrigins.map((o) => o.toLowerCase()));
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    const site = req.get('sec-fetch-site');
    // A page with `Referrer-Policy: no-referrer` (the plugin's own) sends `Origin: null`: then the browser's
    // Sec-Fetch-Site decides, and only same-origin is taken, as the origin cannot be checked against the list.
    if (origin !== undefined && origin !== 'null') {
      // The plugin's own origin as the browser addressed it (a browser always sends the real Host).
      const own = `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase();
      const from = origin.toLowerCase();
      if (from === own || trusted.has(from)) return next();
      return next(new BeslutningsstotteError('CROSS_SITE_REQUEST'));
    }
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return next(new BeslutningsstotteError('CROSS_SITE_REQUEST'));
    if (origin === 'null' && site === undefined) return next(new BeslutningsstotteError('CROSS_SITE_REQUEST'));
    next();
  };
}
