// Reads the launch token from a request (Authorization: Bearer, the `token` query parameter an iframe URL
// carries, or the `token` field of a form the panel posts) and checks it opens the referral or child asked for:
// the one check shared by the panel's and the follow-up report's routes.
import type { Request } from 'express';
import { BeslutningsstotteError, isBeslutningsstotteError, type ErrorCode } from '../errors';
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

/** What a route opens: one referral (the risk panel) or one child (the follow-up report). */
export type LaunchTarget = { readonly referralId: string } | { readonly childId: string };

export interface LaunchCheckOptions {
  /** The route's own rule on a verified launch (what a role may do there); throws a BeslutningsstotteError to refuse. */
  readonly allow?: (launch: LaunchContext) => void;
  /** Records a refusal (the audit), with who asked when the token said so; runs before the refusal is thrown. */
  readonly refused?: (code: ErrorCode, launch: LaunchContext | null) => Promise<unknown>;
}

/**
 * The one launch-token check every route makes: the launch context when the token opens `target` (and the
 * route's rule allows it), or TOKEN_MISSING / TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_WRONG_CASE / the rule's code.
 */
export async function authenticateLaunch(verify: TokenVerifier, req: Request, target: LaunchTarget, options: LaunchCheckOptions = {}): Promise<LaunchContext> {
  let launch: LaunchContext | null = null;
  try {
    const token = tokenOf(req);
    if (token === null) throw new BeslutningsstotteError('TOKEN_MISSING');
    if (token.length > MAX_TOKEN_LENGTH) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'too long' });
    launch = await verify(token);
    const opens = 'referralId' in target ? launch.referralId === target.referralId : launch.childId === target.childId;
    if (!opens) throw new BeslutningsstotteError('TOKEN_WRONG_CASE');
    options.allow?.(launch);
    return launch;
  } catch (error) {
    if (options.refused && isBeslutningsstotteError(error)) await options.refused(error.code, launch);
    throw error;
  }
}
