// The one launch check. The host launches a view with its signed token in the first request (Authorization
// header, a one-time `?token=` in the iframe URL, or a form field posted to the view); the token's jti is
// recorded in the plugin's database, so it opens one view only. The view then lives on a credential of its own:
// random, short-lived, bound to one kind of view of one referral or child, kept by the browser in a partitioned
// HttpOnly cookie scoped to the view's path and, for forms, in a hidden field of the page. No URL the plugin
// builds ever carries a token or a credential. See docs/host-contract.md ("Launch and the view credential").
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { BeslutningsstotteError } from '../errors';
import type { ViewKind, ViewSession, ViewSessionRepository } from '../storage/view-session-repository';
import type { LaunchContext, Role, TokenVerifier } from './launch-token';

export const VIEW_COOKIE = 'bs_view';
/** The hidden field a page's forms carry the view credential in. */
export const VIEW_FIELD = 'view';
const CREDENTIAL = /^[A-Za-z0-9_-]{43}$/;
const MAX_TOKEN_LENGTH = 4096;
const MAX_COOKIES_TRIED = 4;

export interface ViewScope {
  readonly kind: ViewKind;
  readonly subjectId: string;
  /** The child's form: the one form the view opens. */
  readonly form?: string;
  /** The view itself says which referral or child (the child's form has no id in its URL). */
  readonly anySubject?: boolean;
}

/** Where a request may carry a launch token. The header always; the query and a form field only where the route says. */
export interface LaunchChannels {
  readonly query?: boolean;
  readonly body?: boolean;
}

export interface OpenedView {
  readonly launch: LaunchContext;
  /** The view's credential, for the page's forms and the cookie (never for a URL). */
  readonly credential: string;
  readonly session: ViewSession;
  /** Whether this request launched the view with a token in its URL (it is then redirected to a clean URL). */
  readonly launchedFromUrl: boolean;
}

export interface ViewAccessOptions {
  readonly verify: TokenVerifier;
  readonly sessions: ViewSessionRepository;
  /** How long a view lives after its launch, in seconds. */
  readonly lifetimeSeconds: number;
  readonly basePath: string;
  readonly now?: () => Date;
}

export const hashOf = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Every value of the view cookie the request carries (a browser sends one per matching path). */
function cookieCredentials(req: Request): string[] {
  const header = req.get('cookie');
  if (header === undefined) return [];
  const out: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== VIEW_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (CREDENTIAL.test(value)) out.push(value);
  }
  return out.slice(0, MAX_COOKIES_TRIED);
}

function bodyField(req: Request, name: string): string | null {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : null;
}

function launchTokenOf(req: Request, channels: LaunchChannels): { token: string; fromUrl: boolean } | null {
  const header = req.get('authorization');
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'not a Bearer token' });
    return { token: m[1]!, fromUrl: false };
  }
  // A HEAD (a link preview, a proxy's check) never spends a launch: only a GET trades a URL token for a view.
  if (channels.query && req.method === 'GET' && typeof req.query.token === 'string' && req.query.token !== '') return { token: req.query.token, fromUrl: true };
  const fromBody = channels.body ? bodyField(req, 'token') : null;
  return fromBody === null ? null : { token: fromBody, fromUrl: false };
}

const inScope = (s: ViewSession, scope: ViewScope) =>
  s.kind === scope.kind && (scope.anySubject === true || s.subjectId === scope.subjectId) && (scope.form === undefined || s.form === scope.form);

function launchOfSession(s: ViewSession): LaunchContext {
  return {
    userId: s.userId,
    role: s.role as Role,
    referralId: s.kind === 'panel' ? s.subjectId : null,
    childId: s.kind === 'panel' ? null : s.subjectId,
    launchId: `view:${s.credentialHash}`,
    expiresAt: Math.floor(Date.parse(s.expiresAt) / 1000),
  };
}

export class ViewAccess {
  constructor(private readonly options: ViewAccessOptions) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * The view a request may open, or TOKEN_MISSING / TOKEN_INVALID / TOKEN_EXPIRED / TOKEN_WRONG_CASE /
   * TOKEN_REPLAYED / VIEW_CLOSED. `partial` receives who asked as soon as a token is verified, for the audit of a
   * refusal that follows.
   */
  async open(req: Request, scope: ViewScope, channels: LaunchChannels = {}, partial?: (launch: LaunchContext) => void): Promise<OpenedView> {
    const credentials = cookieCredentials(req);
    const fromForm = bodyField(req, VIEW_FIELD);
    if (fromForm !== null && CREDENTIAL.test(fromForm)) credentials.unshift(fromForm);
    const launchToken = scope.kind === 'child-form' ? null : launchTokenOf(req, channels);
    if (launchToken !== null) return this.launch(launchToken, credentials, scope, partial);
    if (credentials.length === 0) throw new BeslutningsstotteError(fromForm === null ? 'TOKEN_MISSING' : 'TOKEN_INVALID', fromForm === null ? {} : { reason: 'not a view credential' });
    const found = await this.options.sessions.find(credentials.map(hashOf));
    const now = this.now().toISOString();
    const usable = credentials.find((c) => found.some((s) => s.credentialHash === hashOf(c) && inScope(s, scope) && s.closedAt === null && s.expiresAt > now));
    if (usable !== undefined) {
      const session = found.find((s) => s.credentialHash === hashOf(usable))!;
      return { launch: launchOfSession(session), credential: usable, session, launchedFromUrl: false };
    }
    const mine = found.filter((s) => inScope(s, scope));
    if (mine.some((s) => s.closedAt !== null)) throw new BeslutningsstotteError('VIEW_CLOSED', { reason: scope.kind === 'child-form' ? 'the form was saved' : 'the view was handed over' });
    if (mine.length > 0) throw new BeslutningsstotteError('TOKEN_EXPIRED');
    if (found.length > 0) {
      partial?.(launchOfSession(found[0]!));
      throw new BeslutningsstotteError('TOKEN_WRONG_CASE');
    }
    throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'unknown view' });
  }

  /** A fresh credential and the session row it opens (only the credential's hash is stored). */
  private newSession(now: Date, scope: ViewScope, by: LaunchContext, lifetimeSeconds: number) {
    const credential = randomBytes(32).toString('base64url');
    const session = {
      credentialHash: hashOf(credential),
      kind: scope.kind,
      subjectId: scope.subjectId,
      form: scope.form ?? null,
      userId: by.userId,
      role: by.role,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000).toISOString(),
    };
    return { credential, session };
  }

  private async launch(given: { token: string; fromUrl: boolean }, credentials: string[], scope: ViewScope, partial?: (launch: LaunchContext) => void): Promise<OpenedView> {
    if (given.token.length > MAX_TOKEN_LENGTH) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'too long' });
    const launch = await this.options.verify(given.token);
    partial?.(launch);
    const subject = scope.kind === 'panel' ? launch.referralId : launch.childId;
    if (subject !== scope.subjectId) throw new BeslutningsstotteError('TOKEN_WRONG_CASE');
    const now = this.now();
    const { credential, session } = this.newSession(now, { kind: scope.kind, subjectId: scope.subjectId }, launch, this.options.lifetimeSeconds);
    const jtiHash = hashOf(launch.launchId);
    // Kept a minute past the token's expiry (the verifier's clock tolerance is 30 s), then pruned.
    const launchExpiry = new Date((launch.expiresAt + 60) * 1000).toISOString();
    if (await this.options.sessions.claimLaunch({ jtiHash, expiresAt: launchExpiry }, session)) {
      void this.options.sessions.prune(now.toISOString()).catch(() => undefined);
      return { launch, credential, session: { ...session, closedAt: null }, launchedFromUrl: given.fromUrl };
    }
    // Used before: only the view it opened may present it again (a reload of the host's page, a print).
    const opened = await this.options.sessions.viewOfLaunch(jtiHash);
    const held = credentials.find((c) => hashOf(c) === opened);
    if (held !== undefined) {
      const [existing] = await this.options.sessions.find([hashOf(held)]);
      if (existing && existing.closedAt === null && existing.expiresAt > now.toISOString() && inScope(existing, scope)) {
        return { launch, credential: held, session: existing, launchedFromUrl: given.fromUrl };
      }
      if (existing && existing.closedAt !== null) throw new BeslutningsstotteError('VIEW_CLOSED', { reason: 'the view was handed over' });
    }
    throw new BeslutningsstotteError('TOKEN_REPLAYED');
  }

  /** Opens a view without a launch token of its own (the child's form, started from the caseworker's view). */
  async openDerived(from: OpenedView, scope: ViewScope, lifetimeSeconds: number): Promise<OpenedView> {
    const now = this.now();
    const { credential, session } = this.newSession(now, scope, from.launch, Math.min(lifetimeSeconds, this.options.lifetimeSeconds));
    await this.options.sessions.open(session);
    const stored = { ...session, closedAt: null };
    return { launch: launchOfSession(stored), credential, session: stored, launchedFromUrl: false };
  }

  /** Ends a view; true when this call ended it (once, across instances). */
  close(view: OpenedView): Promise<boolean> {
    return this.options.sessions.close(view.session.credentialHash, this.now().toISOString());
  }

  /** The path a view's cookie is scoped to, under the plugin's base path. */
  cookiePath(scope: ViewScope): string {
    const base = this.options.basePath;
    if (scope.kind === 'panel') return `${base}/panel/referrals/${encodeURIComponent(scope.subjectId)}`;
    if (scope.kind === 'follow-up') return `${base}/panel/children/${encodeURIComponent(scope.subjectId)}/follow-up`;
    return `${base}/panel/child-form`;
  }

  /**
   * Gives the browser the view's credential: HttpOnly (no script reads it), Secure and SameSite=None (the panel
   * sits in a cross-site iframe), Partitioned (kept only under the host's site, never as a tracking cookie),
   * scoped to the view's path and living as long as the view.
   */
  setCookie(res: Response, view: OpenedView): void {
    const seconds = Math.max(0, Math.floor((Date.parse(view.session.expiresAt) - this.now().getTime()) / 1000));
    const scope = { kind: view.session.kind, subjectId: view.session.subjectId };
    res.append('Set-Cookie', `${VIEW_COOKIE}=${view.credential}; Path=${this.cookiePath(scope)}; Max-Age=${seconds}; HttpOnly; Secure; SameSite=None; Partitioned`);
  }

  /**
   * Gives the browser the view's cookie. When the launch token came in the URL, answers at once with a 303 to the
   * same URL without it and returns true: the caller sends nothing more.
   */
  handOver(req: Request, res: Response, view: OpenedView): boolean {
    this.setCookie(res, view);
    if (!view.launchedFromUrl) return false;
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, urlWithoutToken(req));
    return true;
  }

  /** Tells the browser to forget a view's cookie. */
  clearCookie(res: Response, scope: ViewScope): void {
    res.append('Set-Cookie', `${VIEW_COOKIE}=; Path=${this.cookiePath(scope)}; Max-Age=0; HttpOnly; Secure; SameSite=None; Partitioned`);
  }
}

/** The request's URL without its launch token, for the redirect that follows a launch from a URL. */
export function urlWithoutToken(req: Request): string {
  const url = new URL(req.originalUrl, 'http://plugin.invalid');
  url.searchParams.delete('token');
  return `${url.pathname}${url.search}`;
}

declare module 'express-serve-static-core' {
  interface Locals {
    /** The view a route opened before its query and body were checked (route-schema.ts, `open`). */
    openedView?: OpenedView;
  }
}
