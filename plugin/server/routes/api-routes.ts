// The JSON API for hosts that render the panel themselves (described in /openapi.json): the panel as a CDS
// Hooks card plus its content, flags as feedback, and a CDS Hooks discovery document.
import express, { Router } from 'express';
import { flagDataLine } from '../../panel/flag-data-line';
import { asLocale } from '../../panel/panel-locale';
import { panelJson } from '../../panel/panel-json';
import type { PluginContext } from '../plugin-context';
import { FlagApiBody, LangQuery, ReferralParams } from '../request-params';
import { route } from '../route-schema';
import { launchFor, openPanelView, panelView } from './panel-routes';

export function apiRoutes(ctx: PluginContext): Router {
  const router = Router();
  // A Bearer token per call: each launch token opens one view (here, one answer).
  router.get(
    '/api/v1/referrals/:referralId/panel',
    route({ params: ReferralParams, query: LangQuery }, async (req, res, { params, query }) => {
      const origin = `${req.protocol}://${req.get('host') ?? ''}`;
      const opened = await openPanelView(ctx, req, res, params.referralId, 'json');
      const { panel } = await panelView(ctx, res, opened, { referralId: params.referralId, lang: asLocale(query.lang), origin }, 'json');
      res.json(panelJson(panel, origin));
    }),
  );

  router.post(
    '/api/v1/referrals/:referralId/flags',
    express.json({ limit: '16kb' }),
    route({ params: ReferralParams, query: LangQuery, body: FlagApiBody }, async (req, res, { params, query, body }) => {
      const { referralId } = params;
      const launch = await launchFor(ctx, req, res, referralId, 'json');
      const lang = asLocale(query.lang);
      await flagDataLine({ model: ctx.model, flags: ctx.flags, messages: ctx.messages[lang], ...(ctx.now ? { now: ctx.now } : {}) }, launch, { referralId, ...body });
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
