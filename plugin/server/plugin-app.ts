// The plugin's Express application: security headers, request ids and logging, the routes, a 404, and the one
// error-to-HTTP mapper. Built from a PluginContext, so tests, the demo host and production assemble it alike.
import express, { type Express, type Router } from 'express';
import { BeslutningsstotteError } from '../errors';
import { crossSiteGuard } from './cross-site-guard';
import { followUpRoutes } from './routes/follow-up-routes';
import { refusalAuditing } from './audit-subject';
import { headOnlyWhereNoCase } from './head-requests';
import { errorMiddleware } from './http-errors';
import type { PluginContext } from './plugin-context';
import { requestLogging } from './request-logger';
import { apiRoutes } from './routes/api-routes';
import { metaRoutes } from './routes/meta-routes';
import { panelRoutes } from './routes/panel-routes';
import { pluginSecurityHeaders } from './security-headers';

export const PLUGIN_VERSION = '0.1.0';

/** The plugin's routes, to mount on an app behind the plugin's security headers (see createPluginApp). */
export function pluginRouter(ctx: PluginContext): Router {
  const router = express.Router();
  router.use(headOnlyWhereNoCase());
  // Writes are taken only from the plugin's own origin (the configured publicBaseUrl, never the Host header)
  // and the configured embedding origins.
  router.use(crossSiteGuard(ctx.publicBaseUrl, ctx.allowedOrigins));
  router.use(metaRoutes(ctx, PLUGIN_VERSION));
  if (ctx.followUp) router.use(followUpRoutes({ deps: ctx.followUp, views: ctx.views, basePath: ctx.basePath, publicBaseUrl: ctx.publicBaseUrl, audit: ctx, logger: ctx.logger }));
  router.use(panelRoutes(ctx));
  router.use(apiRoutes(ctx));
  router.use(refusalAuditing(ctx));
  return router;
}

/** The tail every app ends with: 404 for the rest, then the error mapper. */
export function finishApp(app: Express, ctx: PluginContext): Express {
  app.use((_req, _res, next) => next(new BeslutningsstotteError('ROUTE_NOT_FOUND')));
  app.use(errorMiddleware({ templates: ctx.templates, messages: ctx.messages, logger: ctx.logger, basePath: ctx.basePath }));
  return app;
}

/** X-Forwarded-For/-Proto/-Host are believed only from the configured proxies (none by default). */
export function trustConfiguredProxies(app: Express, ctx: Pick<PluginContext, 'trustedProxies'>): void {
  app.set('trust proxy', ctx.trustedProxies && ctx.trustedProxies.length > 0 ? [...ctx.trustedProxies] : false);
}

export function createPluginApp(ctx: PluginContext): Express {
  const app = express();
  app.disable('x-powered-by');
  // Panels are no-store: hashing each body for an ETag would be work for nothing.
  app.set('etag', false);
  app.set('query parser', 'simple');
  trustConfiguredProxies(app, ctx);
  app.use(requestLogging(ctx.logger));
  app.use(pluginSecurityHeaders(ctx.allowedOrigins));
  app.use(pluginRouter(ctx));
  return finishApp(app, ctx);
}
