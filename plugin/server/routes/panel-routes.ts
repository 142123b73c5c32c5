// The risk panel as HTML: the page (for an iframe), the fragment (for server-side injection), the print view
// for the family, and the forms the page posts (flag a line, open the print view). Each route declares its
// inputs, opens the view through the one launch check, calls one use case, and renders. No URL built here
// carries a token: a launch from a URL is redirected at once to the same URL without it.
import express, { Router, type Request, type Response } from 'express';
import { BeslutningsstotteError } from '../../errors';
import { auditSubject, recordOutcome, type AuditSubject } from '../audit-subject';
import { flagDataLine } from '../../panel/flag-data-line';
import { openRiskPanel, RISK_PANEL_EXTENSION, type PanelViewKind } from '../../panel/open-risk-panel';
import { asLocale } from '../../panel/panel-locale';
import { buildPanelView, type PanelView } from '../../panel/panel-view-model';
import { STATE_CODES, type PanelOutcome } from '../../panel/risk-panel-service';
import type { LaunchContext } from '../launch-token';
import type { PluginContext } from '../plugin-context';
import { FlagBody, LangQuery, LaunchBody, PanelQuery, PrintBody, PrintQuery, ReferralParams } from '../request-params';
import { route } from '../route-schema';
import { type LaunchChannels, type OpenedView } from '../view-access';
import { danishDay } from '../../danish-time';

/** Small forms: a few fields, a comment of at most 1,000 characters. More is refused (413), never parsed. */
const panelForm = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 8 });

export function statusOf(outcome: PanelOutcome): number {
  if (outcome.kind === 'not-found') return 404;
  if (outcome.kind === 'model-unavailable' || outcome.kind === 'database-unavailable') return 503;
  return 200;
}

/**
 * Opens the referral's view (launch token or view credential) through the one launch check. The request names
 * its case first, so a refusal is audited, with who asked when a token said so, when the request ends
 * (audit-subject.ts).
 */
export async function openPanelView(ctx: PluginContext, req: Request, res: Response, referralId: string, view: PanelViewKind, channels: LaunchChannels = {}): Promise<OpenedView> {
  const subject = res.locals.auditSubject ?? auditSubject(res, { extensionPoint: RISK_PANEL_EXTENSION, view, referralId });
  const opened = await ctx.views.open(req, { kind: 'panel', subjectId: referralId }, channels, (l) => (subject.launch = l));
  subject.launch = opened.launch;
  res.locals.openedView = opened;
  return opened;
}

/** Verifies the launch for the referral (the JSON API: a Bearer token per call). */
export async function launchFor(ctx: PluginContext, req: Request, res: Response, referralId: string, view: PanelViewKind): Promise<LaunchContext> {
  return (await openPanelView(ctx, req, res, referralId, view)).launch;
}

/** The view a route opened in its `open` step (route-schema.ts), before its query and body were checked. */
export function openedView(res: Response): OpenedView {
  const opened = res.locals.openedView;
  if (opened === undefined) throw new BeslutningsstotteError('INTERNAL_ERROR', { requestId: res.locals.requestId });
  return opened;
}

/** The route step that names the referral and opens its view (see route-schema.ts, `open`). */
export const opensPanel =
  (ctx: PluginContext, view: PanelViewKind, channels: LaunchChannels = {}) =>
  async (req: Request, res: Response, params: Record<string, string>): Promise<void> => {
    await openPanelView(ctx, req, res, params.referralId!, view, channels);
  };

/** Builds, audits and turns the panel into its view model (shared by the HTML and JSON routes). */
export async function panelView(
  ctx: PluginContext,
  res: Response,
  opened: OpenedView,
  request: { referralId: string; lang: 'da' | 'en'; flagged?: boolean; comments?: boolean },
  view: PanelViewKind,
): Promise<{ outcome: PanelOutcome; panel: PanelView }> {
  const { referralId, lang } = request;
  const subject = res.locals.auditSubject;
  const outcome = await openRiskPanel(ctx, { requestId: res.locals.requestId, referralId, userId: opened.launch.userId, role: opened.launch.role, view });
  if (subject) subject.recorded = true;
  if (outcome.kind !== 'score') res.locals.code = STATE_CODES[outcome.kind];
  if (outcome.kind === 'database-unavailable') {
    const cause = outcome.cause as { name?: string; code?: string };
    ctx.logger.warn({ reqId: res.locals.requestId, err: { name: cause?.name, code: cause?.code } }, 'host database unavailable');
  }
  const panel = buildPanelView(outcome, {
    lang,
    messages: ctx.messages[lang],
    model: ctx.model,
    referralId,
    viewCredential: opened.credential,
    // A fragment is injected into the host's page: its links and forms must point back at the plugin.
    basePath: view === 'fragment' ? `${ctx.publicBaseUrl}${ctx.basePath}` : ctx.basePath,
    flagSaved: request.flagged === true,
    recordLinks: ctx.recordLinks ?? {},
    familyContact: ctx.familyContact ?? null,
    includeFlagComments: request.comments === true,
    today: danishDay(ctx.now ? ctx.now() : new Date()),
  });
  res.status(statusOf(outcome)).setHeader('Cache-Control', 'no-store');
  return { outcome, panel };
}

/** Audits a stored write (a flag); when the record cannot be written the answer is AUDIT_UNAVAILABLE. */
export async function recordStored(ctx: PluginContext, res: Response, subject: AuditSubject | undefined): Promise<void> {
  if (subject === undefined) return;
  try {
    await recordOutcome(ctx, res, subject, 'stored', null);
  } catch (cause) {
    throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
  }
}

export function panelRoutes(ctx: PluginContext): Router {
  const router = Router();
  const pagePath = (referralId: string, suffix = '') => `${ctx.basePath}/panel/referrals/${encodeURIComponent(referralId)}${suffix}`;

  const render = (view: 'fragment' | 'page' | 'print') =>
    route({ params: ReferralParams, open: opensPanel(ctx, view, { query: true }), query: PanelQuery }, async (req, res, { params, query }) => {
      const opened = openedView(res);
      if (ctx.views.handOver(req, res, opened)) return;
      const lang = asLocale(query.lang);
      const { panel } = await panelView(ctx, res, opened, { referralId: params.referralId, lang, flagged: query.flagged === '1', comments: query.comments === '1' }, view);
      res.type('html').send(ctx.templates[view]({ ...panel, assetBase: ctx.basePath, hostOrigins: ctx.allowedOrigins.join(' ') }));
    });
  router.get('/panel/referrals/:referralId', render('page'));
  router.get('/panel/referrals/:referralId/fragment', render('fragment'));
  router.get('/panel/referrals/:referralId/print', render('print'));

  // Launch by form: the host posts its token into the iframe (target), so the token is in no URL at all.
  router.post(
    '/panel/referrals/:referralId',
    panelForm,
    route({ params: ReferralParams, open: opensPanel(ctx, 'page', { body: true }), body: LaunchBody }, async (_req, res, { params, body }) => {
      const opened = openedView(res);
      ctx.views.setCookie(res, opened);
      res.redirect(303, `${pagePath(params.referralId)}?lang=${asLocale(body.lang)}`);
    }),
  );

  // The print button posts the view's credential into a new tab, which gets its own cookie there.
  router.post(
    '/panel/referrals/:referralId/print',
    panelForm,
    route({ params: ReferralParams, open: opensPanel(ctx, 'print'), query: PrintQuery, body: PrintBody }, async (_req, res, { params, query }) => {
      const opened = openedView(res);
      ctx.views.setCookie(res, opened);
      res.redirect(303, `${pagePath(params.referralId, '/print')}?lang=${asLocale(query.lang)}${query.comments === '1' ? '&comments=1' : ''}`);
    }),
  );

  router.post(
    '/panel/referrals/:referralId/flags',
    panelForm,
    route({ params: ReferralParams, open: opensPanel(ctx, 'flag'), query: LangQuery, body: FlagBody }, async (_req, res, { params, query, body }) => {
      const { referralId } = params;
      const lang = asLocale(query.lang);
      const opened = openedView(res);
      await flagDataLine({ model: ctx.model, flags: ctx.flags, messages: ctx.messages[lang], ...(ctx.now ? { now: ctx.now } : {}) }, opened.launch, { referralId, input: body.input, comment: body.comment });
      await recordStored(ctx, res, res.locals.auditSubject);
      ctx.views.setCookie(res, opened);
      res.redirect(303, `${pagePath(referralId)}?lang=${lang}&flagged=1#bs-flag-saved`);
    }),
  );

  return router;
}
