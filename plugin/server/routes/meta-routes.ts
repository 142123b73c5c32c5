// What describes the plugin rather than a case: the manifest, the OpenAPI document, the model card, the
// stylesheet and a health check. None of it needs a token, and none of it says anything about a case.
import { Router } from 'express';
import { buildModelCardView } from '../../panel/model-card-view-model';
import { asLocale } from '../../panel/panel-locale';
import { BeslutningsstotteError } from '../../errors';
import { openApiDocument } from '../openapi';
import type { PluginContext } from '../plugin-context';
import { LangQuery } from '../request-params';
import { route } from '../route-schema';

export function metaRoutes(ctx: PluginContext, version: string): Router {
  const router = Router();
  const openapi = openApiDocument(version);
  router.get('/manifest.json', (_req, res) => {
    res.json(ctx.manifest);
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  router.get('/assets/panel.css', (_req, res) => {
    res.type('css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(ctx.templates.css);
  });
  router.get('/assets/panel-frame.js', (_req, res) => {
    res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(ctx.templates.frameScript);
  });
  router.get(
    '/model-card',
    route({ query: LangQuery }, (_req, res, { query }) => {
      if (!ctx.model) throw new BeslutningsstotteError('MODEL_UNAVAILABLE', { code: ctx.modelErrorCode ?? 'MODEL_PACKAGE_INVALID' });
      const lang = asLocale(query.lang);
      res.type('html').send(ctx.templates.modelCard({ ...buildModelCardView(ctx.model.manifest, lang, ctx.messages[lang], ctx.proxyJustifications), assetBase: ctx.basePath }));
    }),
  );
  router.get('/healthz', async (_req, res) => {
    // Deliveries by state (the outbox's metric): counts only, nothing about a case; null when the database did not answer.
    const deliveries = ctx.deliveries ? await ctx.deliveries.countByStatus().catch(() => null) : undefined;
    res.json({
      status: ctx.model ? 'ok' : 'degraded',
      model: ctx.model ? { id: ctx.model.identity.id, version: ctx.model.identity.version } : null,
      ...(deliveries === undefined ? {} : { deliveries }),
    });
  });
  return router;
}
