// Reads the launch token from a request (Authorization: Bearer, the `token` query parameter an iframe URL
// carries, or the `token` field of a form the panel posts) and checks it opens the referral asked for.
import type { Request } from 'express';
import { BeslutningsstotteError } from '../errors';
import type { LaunchContext, TokenVerifier } from './launch-token';

const MAX_TOKEN_LENGTH = 4096;

export function tokenOf(req: Request): string | null {
  const header = req.get('authorization');
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? m[1]! : null;
  }
  const fromQuery = req.query.token;
  if (typeof fromQuery === 'string' && fromQuery !== '') return fromQuery;
  const body = req.body as { token?: unknown } | undefined;
  if (body && typeof body.token === 'string' && body.token !== '') return body.token;
  return null;
}

/** The launch context for `referralId`, or TOKEN_MISSING / TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_WRONG_CASE. */
export async function authenticateForReferral(verify: TokenVerifier, req: Request, referralId: string): Promise<LaunchContext> {
  const token = tokenOf(req);
  if (token === null) throw new BeslutningsstotteError('TOKEN_MISSING');
  if (token.length > MAX_TOKEN_LENGTH) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'too long' });
  const launch = await verify(token);
  if (launch.referralId !== referralId) throw new BeslutningsstotteError('TOKEN_WRONG_CASE');
  return launch;
}
