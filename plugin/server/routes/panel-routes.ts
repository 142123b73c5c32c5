// The risk panel as HTML: the page (for an iframe), the fragment (for server-side injection), the print view
// for the family, and the flag form the page posts. Each route validates, calls one use case, and renders.
import express, { Router, type Request, type Response } from 'express';
import { BeslutningsstotteError } from '../../errors';
import { auditSubject, recordOutcome, type AuditSubject } from '../audit-subject';
import { flagDataLine } from '../../panel/flag-data-line';
import { openRiskPanel, RISK_PANEL_EXTENSION, type PanelViewKind } from '../../panel/open-risk-panel';
import { asLocale } from '../../panel/panel-locale';
import { buildPanelView, type PanelView } from '../../panel/panel-view-model';
import { STATE_CODES, type PanelOutcome } from '../../panel/risk-panel-service';
import { authenticateLaunch, tokenOf } from '../launch-auth';
import type { LaunchContext } from '../launch-token';
import type { PluginContext } from '../plugin-context';
import { FlagBody, PanelQuery, ReferralParams, checked } from '../request-params';

export function statusOf(outcome: PanelOutcome): number {
  if (outcome.kind === 'not-found') return 404;
  if (outcome.kind === 'model-unavailable' || outcome.kind === 'database-unavailable') return 503;
  return 200;
}

/** Verifies the token for the referral; a refusal is audited, with who asked, when the request ends (audit-subject.ts). */
export async function launchFor(ctx: PluginContext, req: Request, res: Response, referralId: string, view: PanelViewKind): Promise<LaunchContext> {
  const subject = res.locals.auditSubject ?? auditSubject(res, { extensionPoint: RISK_PANEL_EXTENSION, view, referralId });
  const launch = await authenticateLaunch(ctx.verify, req, { referralId }, {
    refused: async (_code, genuine) => {
      subject.launch = genuine;
    },
  });
  subject.launch = launch;
  return launch;
}

/** Builds, audits and turns the panel into its view model (shared by the HTML and JSON routes). */
export async function panelView(ctx: PluginContext, req: Request, res: Response, view: PanelViewKind): Promise<{ outcome: PanelOutcome; panel: PanelView }> {
  const { referralId } = checked(ReferralParams, req.params, 'params');
  const subject = auditSubject(res, { extensionPoint: RISK_PANEL_EXTENSION, view, referralId });
  const launch = await launchFor(ctx, req, res, referralId, view);
  const query = checked(PanelQuery, req.query, 'query');
  const lang = asLocale(query.lang);
  const outcome = await openRiskPanel(ctx, { requestId: res.locals.requestId, referralId, userId: launch.userId, role: launch.role, view });
  subject.recorded = true;
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
    token: tokenOf(req) ?? '',
    // A fragment is injected into the host's page: its links and form must point back at the plugin.
    basePath: view === 'fragment' ? `${ctx.publicBaseUrl}${ctx.basePath}` : ctx.basePath,
    flagSaved: query.flagged === '1',
    recordLinks: ctx.recordLinks ?? {},
    familyContact: ctx.familyContact ?? null,
    includeFlagComments: query.comments === '1',
    today: (ctx.now ? ctx.now() : new Date()).toISOString().slice(0, 10),
  });
  res.status(statusOf(outcome)).setHeader('Cache-Control', 'no-store');
  return { outcome, panel };
}

/** Audits a stored write (a flag); when the record cannot be written the answer is AUDIT_UNAVAILABLE. */
export async function recordStored(ctx: PluginContext, res: Response, subject: AuditSubject): Promise<void> {
  try {
    await recordOutcome(ctx, res, subject, 'stored', null);
  } catch (cause) {
    throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
  }
}

export function panelRoutes(ctx: PluginContext): Router {
  const router = Router();
  const render = (view: 'fragment' | 'page' | 'print') => async (req: Request, res: Response) => {
    const { panel } = await panelView(ctx, req, res, view);
    const html = ctx.templates[view]({ ...panel, assetBase: ctx.basePath, hostOrigins: ctx.allowedOrigins.join(' ') });
    res.type('html').send(html);
  };
  router.get('/panel/referrals/:referralId', render('page'));
  router.get('/panel/referrals/:referralId/fragment', render('fragment'));
  router.get('/panel/referrals/:referralId/print', render('print'));

  router.post('/panel/referrals/:referralId/flags', express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const { referralId } = checked(ReferralParams, req.params, 'params');
    const subject = auditSubject(res, { extensionPoint: RISK_PANEL_EXTENSION, view: 'flag', referralId });
    const launch = await launchFor(ctx, req, res, referralId, 'flag');
    const lang = asLocale(req.query.lang);
    const body = checked(FlagBody, req.body, 'body');
    await flagDataLine({ model: ctx.model, flags: ctx.flags, messages: ctx.messages[lang], ...(ctx.now ? { now: ctx.now } : {}) }, launch, { referralId, input: body.input, comment: body.comment });
    await recordStored(ctx, res, subject);
    const token = tokenOf(req) ?? '';
    res.redirect(303, `${ctx.basePath}/panel/referrals/${encodeURIComponent(referralId)}?lang=${lang}&flagged=1&token=${encodeURIComponent(token)}#bs-flag-saved`);
  });

  return router;
}
