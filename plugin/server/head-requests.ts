// HEAD runs a GET route without sending its body: on an address about a case it would read the case, score it
// and write a "shown" record for a panel nobody saw. Every address about a case lives under /panel/ or /api/
// (the manifest, the API documents, the stylesheets, the model card and the health check do not): there HEAD is
// 405 before anything is read, so a new case route is covered without a line of its own.
import type { NextFunction, Request, Response } from 'express';
import { BeslutningsstotteError } from '../errors';

const CASE_PATHS = /^\/(panel|api)(\/|$)/i;

export function headOnlyWhereNoCase() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'HEAD' || !CASE_PATHS.test(req.path)) {
      next();
      return;
    }
    res.setHeader('Allow', 'GET');
    next(new BeslutningsstotteError('METHOD_NOT_ALLOWED', { method: 'HEAD' }));
  };
}
