// The JSON API for hosts that render the panel themselves (described in /openapi.json): the panel as a CDS
// Hooks card plus its content, flags as feedback, and a CDS Hooks discovery document.
import express, { Router } from 'express';
import { flagDataLine } from '../../panel/flag-data-line';
import { asLocale } from '../../panel/panel-locale';
import { panelJson } from '../../panel/panel-json';
import type { PluginContext } from '../plugin-context';
import { FlagApiBody, LangQuery, ReferralParams } from '../request-params';
import { route } from '../route-schema';
import { opensPanel, openedView, panelView, recordStored } from './panel-routes';

export function apiRoutes(ctx: PluginContext): Router {
  const router = Router();
  // A Bearer token per call: each launch token opens one view (here, one answer).
  router.get(
    '/api/v1/referrals/:referralId/panel',
    route({ params: ReferralParams, open: opensPanel(ctx, 'json'), query: LangQuery }, async (_req, res, { params, query }) => {
      const { panel } = await panelView(ctx, res, openedView(res), { referralId: params.referralId, lang: asLocale(query.lang) }, 'json');
      res.json(panelJson(panel, ctx.publicBaseUrl));
    }),
  );

  router.post(
    '/api/v1/referrals/:referralId/flags',
    express.json({ limit: '16kb' }),
    route({ params: ReferralParams, open: opensPanel(ctx, 'flag'), query: LangQuery, body: FlagApiBody }, async (_req, res, { params, query, body }) => {
      const { referralId } = params;
      const lang = asLocale(query.lang);
      await flagDataLine({ model: ctx.model, flags: ctx.flags, messages: ctx.messages[lang], ...(ctx.now ? { now: ctx.now } : {}) }, openedView(res).launch, { referralId, ...body });
      await recordStored(ctx, res, res.locals.auditSubject);
      res.status(201).json({ flagged: true, referralId, input: body.input });
    }),
  );

  router.get('/cds-services', (_req, res) => {
    res.json({
      services: [
        {
          hook: 'referral-view',
          id: 'risk-panel',
          title: 'Beslutningsstøtte: risikoscore for underretningen',
          description: 'Risk score 1–10 within the child’s age group, what drove it, and the data it rests on. Decision support, never a decision.',
          usageRequirements: 'A launch token (JWT) for the referral; see /manifest.json and /openapi.json.',
        },
      ],
    });
  });
  return router;
}
