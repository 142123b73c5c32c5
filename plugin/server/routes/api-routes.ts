// The JSON API for hosts that render the panel themselves (described in /openapi.json): the panel as a CDS
// Hooks card plus its content, flags as feedback, and a CDS Hooks discovery document.
import express, { Router } from 'express';
import { flagDataLine } from '../../panel/flag-data-line';
import { asLocale } from '../../panel/panel-locale';
import { panelJson } from '../../panel/panel-json';
import type { PluginContext } from '../plugin-context';
import { FlagApiBody, ReferralParams, checked } from '../request-params';
import { launchFor, panelView, recordStored } from './panel-routes';
import { auditSubject } from '../audit-subject';
import { RISK_PANEL_EXTENSION } from '../../panel/open-risk-panel';

export function apiRoutes(ctx: PluginContext): Router {
  const router = Router();
  router.get('/api/v1/referrals/:referralId/panel', async (req, res) => {
    const { panel } = await panelView(ctx, req, res, 'json');
    res.json(panelJson(panel, ctx.publicBaseUrl));
  });

  router.post('/api/v1/referrals/:referralId/flags', express.json({ limit: '16kb' }), async (req, res) => {
    const { referralId } = checked(ReferralParams, req.params, 'params');
    const subject = auditSubject(res, { extensionPoint: RISK_PANEL_EXTENSION, view: 'flag', referralId });
    const launch = await launchFor(ctx, req, res, referralId, 'flag');
    const body = checked(FlagApiBody, req.body, 'body');
    const lang = asLocale(req.query.lang);
    await flagDataLine({ model: ctx.model, flags: ctx.flags, messages: ctx.messages[lang], ...(ctx.now ? { now: ctx.now } : {}) }, launch, { referralId, ...body });
    await recordStored(ctx, res, subject);
    res.status(201).json({ flagged: true, referralId, input: body.input });
  });

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
