// The simulated case system of `npm start`: a list of referrals and a case view that embeds the plugin's panel
// in an iframe the way a host would, with a launch token minted server-side for the case with the development
// key. It runs on the same server as the plugin, beside the plugin's routes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import Handlebars from 'handlebars';
import helmet from 'helmet';
import type { Knex } from 'knex';
import { Type } from '@sinclair/typebox';
import { BeslutningsstotteError } from '../errors';
import { route } from '../server/route-schema';
import { mintDevelopmentToken } from '../server/launch-token';
import { TEMPLATES_DIR } from '../panel/panel-templates';
import { finishApp, pluginRouter, trustConfiguredProxies } from '../server/plugin-app';
import type { PluginContext } from '../server/plugin-context';
import { requestLogging } from '../server/request-logger';
import { pluginSecurityHeaders } from '../server/security-headers';
import { caseOf, latestReferrals } from './demo-host-queries';
import { demoFollowUpRoutes } from './follow-up-pages';

/** The demo host's own inputs, checked like the plugin's (declared beside the routes that take them). */
const ListQuery = Type.Object(
  { side: Type.Optional(Type.String({ pattern: '^\\d{1,4}$' })), underretning: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);
const CaseParams = Type.Object({ referralId: Type.String({ pattern: '^\\d{1,12}$' }) });
export const HostLangQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('da'), Type.Literal('en')])) }, { additionalProperties: false });

export const DEMO_USER = { userId: 'demo-socialraadgiver', role: 'caseworker' as const };

const PLUGIN_PATHS = ['/panel', '/api', '/assets', '/model-card', '/manifest.json', '/openapi.json', '/cds-services', '/healthz'];

export interface DemoHostOptions {
  readonly hostDb: Knex;
  readonly developmentKey: Uint8Array;
  readonly audience: string;
  readonly tokenLifetimeSeconds: number;
}

function demoTemplates() {
  const hbs = Handlebars.create();
  const read = (name: string) => readFileSync(path.join(TEMPLATES_DIR, 'demo-host', name), 'utf8');
  return { list: hbs.compile(read('referral-list.hbs')), caseView: hbs.compile(read('case-view.hbs')), css: read('demo-host.css'), frameScript: read('host-frame.js') };
}

const dateTime = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]} kl. ${m[4]}:${m[5]}` : iso;
};
const date = (iso: string | null) => {
  const m = iso === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : null;
};

export function createDemoHostApp(ctx: PluginContext, options: DemoHostOptions): Express {
  const templates = demoTemplates();
  const app = express();
  app.disable('x-powered-by');
  // Panels are no-store: hashing each body for an ETag would be work for nothing.
  app.set('etag', false);
  app.set('query parser', 'simple');
  trustConfiguredProxies(app, ctx);
  app.use(requestLogging(ctx.logger));
  app.use(PLUGIN_PATHS, pluginSecurityHeaders(ctx.allowedOrigins));
  app.use(pluginRouter(ctx));

  const hostHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], styleSrc: ["'self'"], scriptSrc: ["'self'"], frameSrc: ["'self'"], formAction: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.get('/demo.css', hostHeaders, (_req, res) => {
    res.type('css').send(templates.css);
  });
  app.get('/host-frame.js', hostHeaders, (_req, res) => {
    res.type('text/javascript').send(templates.frameScript);
  });
  app.get('/', hostHeaders, route({ query: ListQuery }, async (_req, res, { query }) => {
    const page = Math.min(1000, Number(query.side ?? 0));
    const goTo = (query.underretning ?? '').trim();
    if (/^\d{1,12}$/.test(goTo)) return res.redirect(303, `/sager/${goTo}`);
    const referrals = (await latestReferrals(options.hostDb, page)).map((r) => ({ ...r, receivedText: dateTime(r.receivedAt), url: `/sager/${r.referralId}` }));
    res.type('html').send(templates.list({ referrals, next: `/?side=${page + 1}`, prev: page > 0 ? `/?side=${page - 1}` : null }));
  }));
  app.get('/sager/:referralId', hostHeaders, route({ params: CaseParams, query: HostLangQuery }, async (req, res, { params, query }) => {
    const id = params.referralId;
    const found = await caseOf(options.hostDb, Number(id));
    if (!found) throw new BeslutningsstotteError('REFERRAL_NOT_FOUND', { id });
    const lang = query.lang ?? 'da';
    const token = await mintDevelopmentToken(options.developmentKey, {
      ...DEMO_USER,
      referralId: found.referralId,
      audience: options.audience,
      lifetimeSeconds: options.tokenLifetimeSeconds,
    });
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(
      templates.caseView({
        ...found,
        receivedText: dateTime(found.receivedAt),
        birthText: date(found.birthDate),
        dueText: date(found.dueDate),
        panelUrl: `/panel/referrals/${encodeURIComponent(found.referralId)}?lang=${lang}&token=${encodeURIComponent(token)}`,
        childUrl: `/boern/${encodeURIComponent(found.childId)}`,
        // The demo host serves the plugin itself, so the plugin's origin is the page's own.
        pluginOrigin: `${req.protocol}://${req.get('host') ?? ''}`,
        user: DEMO_USER.userId,
      }),
    );
  }));
  app.use(demoFollowUpRoutes(ctx.followUp, ctx.basePath, { ...options, user: DEMO_USER, headers: hostHeaders }));
  return finishApp(app, ctx);
}
