// The delivery state of a filed follow-up report on the report page and in its JSON (issue 17), on a real HTTP
// server on loopback with real SQLite: filed with a delivery configuration, every delivery written with the
// filing waits; marked delivered or failed through the outbox repository (as the worker marks them), the page
// says so, with the time or with what to do (never the outbox's technical reason); without a configuration the
// page says the plugin does not deliver reports and the report is filed only.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Knex } from 'knex';
import { followUpDeps, type FollowUpDeps } from '../../plugin/server/follow-up-setup';
import { followUpRoutes } from '../../plugin/server/routes/follow-up-routes';
import { seedDemoFollowUp } from '../../plugin/storage/follow-up/demo-follow-up-seed';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import { errorMiddleware } from '../../plugin/server/http-errors';
import { createTokenVerifier, mintDevelopmentToken } from '../../plugin/server/launch-token';
import { createLogger, requestLogging } from '../../plugin/server/request-logger';
import { ViewAccess } from '../../plugin/server/view-access';
import { ViewSessionRepository } from '../../plugin/storage/view-session-repository';
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { DeliveryOutboxRepository, deliveriesOfFiling } from '../../plugin/storage/delivery-outbox-repository';
import { filingHandlersFor } from '../../plugin/storage/filing-deliveries';
import { resolveDeliveryConfig, type DeliveryConfig } from '../../plugin/delivery/delivery-config';
import { launchInBrowser } from './helpers/test-plugin-server';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';
import { freshPluginDatabase } from '../helpers/follow-up-database';
import { referenceMapping } from '../helpers/reference-mapping';
import { anyMunicipalityDelivery } from '../helpers/delivery-fixtures';

const TODAY = '2025-06-30';

/** Mail and SharePoint and the calendar reminder, for every municipality; the caseworker's id makes the address. */
const DELIVERY: DeliveryConfig = resolveDeliveryConfig(anyMunicipalityDelivery({ calendar: { enabled: true } }));

interface Started {
  url: string;
  deps: FollowUpDeps;
  hostDb: Knex;
  pluginDb: Knex;
  server: Server;
}

const key = new TextEncoder().encode(randomBytes(32).toString('base64url'));
const bearer = async (child: string) => ({ authorization: `Bearer ${await mintDevelopmentToken(key, { userId: 'sr-7', role: 'caseworker', childId: child, audience: 'beslutningsstotte', lifetimeSeconds: 300 })}` });

async function start(delivery: DeliveryConfig | null): Promise<Started> {
  const hostDb = openSqlite((await sharedSeededDatabase()).file);
  const pluginDb = await freshPluginDatabase();
  const deps = await followUpDeps(hostDb, pluginDb, referenceMapping(), { today: () => TODAY, onFiled: filingHandlersFor(delivery), delivery });
  await seedDemoFollowUp(pluginDb, deps.host, { today: TODAY });
  const logger = createLogger({ level: 'silent' });
  const app = express();
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  const verify = createTokenVerifier({ audience: 'beslutningsstotte', maxLifetimeSeconds: 600, hostKeys: [], developmentKey: key });
  app.use(followUpRoutes({ deps, views: new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: 600, basePath: '' }), basePath: '', publicBaseUrl: 'https://beslutningsstotte.kommune.example', audit: { audit: new AuditRepository(pluginDb) } }));
  app.use(errorMiddleware({ templates: compilePanelTemplates(), messages: loadMessages(), logger, basePath: '' }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, deps, hostDb, pluginDb, server };
}

async function stop(s: Started): Promise<void> {
  s.server.closeAllConnections();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
  await s.deps.pdf.close();
  const pluginFile = (s.pluginDb.client.config.connection as { filename: string }).filename;
  await Promise.all([s.hostDb.destroy(), s.pluginDb.destroy()]);
  rmSync(path.dirname(pluginFile), { recursive: true, force: true });
}

/** A child with a follow-up schedule (so the calendar reminder has a next date), as the seed decides. */
async function scheduledChild(db: Knex): Promise<string> {
  const row = (await db('bs_fu_schedule').select('child_id').orderBy('child_id').first()) as { child_id: string } | undefined;
  return String(row!.child_id);
}

interface Delivered {
  deliveryId: string;
  kind: string;
  status: string;
  deliveredAt: string | null;
  failure: { cause: string; permission: string | null } | null;
  text: string;
}
interface ReportJson {
  filing: { filingId: string } | null;
  delivery: { configured: boolean; note: string | null; deliveries: Delivered[] } | null;
}

const PERIOD = { from: '2025-01-01', to: '2025-03-31' };
const listed = (html: string) => [...html.matchAll(/<li class="fu-delivery [^"]*" data-kind="(\w+)" data-status="([\w-]+)">(.*?)<\/li>/g)].map((m) => ({ kind: m[1]!, status: m[2]!, text: m[3]! }));

describe('follow-up report: delivery state of the filing (server)', () => {
  describe('with a delivery configuration', () => {
    let s: Started;
    let childId: string;
    before(async () => {
      s = await start(DELIVERY);
      childId = await scheduledChild(s.pluginDb);
    });
    after(() => stop(s));

    const page = async (lang = 'da') => (await launchInBrowser(s.url, `/panel/children/${childId}/follow-up?lang=${lang}&from=${PERIOD.from}&to=${PERIOD.to}`, (await bearer(childId)).authorization.slice(7))).text;
    const json = async (lang = 'da') => (await (await fetch(`${s.url}/api/v1/children/${childId}/follow-up?lang=${lang}&from=${PERIOD.from}&to=${PERIOD.to}`, { headers: await bearer(childId) })).json()) as ReportJson;

    it('shows no delivery state before the period is filed', async () => {
      expect((await json()).delivery).to.equal(null);
      expect(await page()).to.not.contain('fu-delivery-h');
    });

    it('files, and the page and the JSON show every delivery written with the filing as waiting', async () => {
      const filed = await fetch(`${s.url}/api/v1/children/${childId}/follow-up/filings`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await bearer(childId)) }, body: JSON.stringify(PERIOD) });
      expect(filed.status).to.equal(201);
      const { filing } = (await filed.json()) as { filing: { filingId: string } };
      const rows = await deliveriesOfFiling(s.pluginDb, filing.filingId);
      expect(rows.map((r) => r.kind).sort()).to.deep.equal(['calendar', 'mail', 'upload']);
      const body = await json();
      expect(body.delivery).to.include({ configured: true, note: null });
      expect(body.delivery!.deliveries.map((d) => [d.kind, d.status])).to.deep.equal([['mail', 'pending'], ['upload', 'pending'], ['calendar', 'pending']]);
      const html = await page();
      expect(html).to.contain('Levering af den journaliserede rapport');
      expect(listed(html)).to.deep.equal([
        { kind: 'mail', status: 'pending', text: '<span class="fu-delivery-kind">Mail til sagsbehandleren:</span> Venter på at blive sendt.' },
        { kind: 'upload', status: 'pending', text: '<span class="fu-delivery-kind">Upload til SharePoint:</span> Venter på at blive sendt.' },
        { kind: 'calendar', status: 'pending', text: '<span class="fu-delivery-kind">Påmindelse i kalenderen om næste opfølgning:</span> Venter på at blive sendt.' },
      ]);
      expect(await page('en')).to.contain('Waiting to be sent.');
    });

    it('shows what the worker marked: delivered with the time, failed with what to do and never the technical reason', async () => {
      const repo = new DeliveryOutboxRepository(s.pluginDb);
      const { filing } = await json();
      const now = '2025-06-30T10:15:00.000Z';
      // Claimed as the worker claims (rows are due from when they were written), marked at a known time.
      const claimed = await repo.claimDue('worker-1', new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), 10);
      const byKind = (k: string) => claimed.find((r) => r.kind === k && r.filingId === filing!.filingId)!;
      expect(await repo.markDelivered(byKind('mail').deliveryId, 'worker-1', 'AAMkAD-message-1', now)).to.equal(true);
      const secretish = '403 (ErrorAccessDenied): the application lacks the permission Files.ReadWrite.All (grant it and give admin consent); Access denied at GraphClient.request (graph-client.ts:88)';
      expect(await repo.markFailed(byKind('upload').deliveryId, 'worker-1', secretish)).to.equal(true);
      expect(await repo.markFailed(byKind('calendar').deliveryId, 'worker-1', '400 (BadRequest): Invalid recurrence pattern')).to.equal(true);

      const html = await page();
      const shown = listed(html);
      expect(shown.map((x) => [x.kind, x.status])).to.deep.equal([['mail', 'delivered'], ['upload', 'failed'], ['calendar', 'failed']]);
      // 10:15 UTC is 12:15 in Copenhagen in summer.
      expect(shown[0]!.text).to.contain('Leveret 30. juni 2025 kl. 12.15.');
      expect(shown[1]!.text).to.contain('Kunne ikke leveres. Kontakt kommunens IT: programmet mangler tilladelsen Files.ReadWrite.All i Microsoft 365.');
      expect(shown[2]!.text).to.contain(`Kontakt kommunens IT og oplys leveringsnummer ${byKind('calendar').deliveryId}.`);
      expect(html).to.not.contain('ErrorAccessDenied').and.not.contain('graph-client.ts').and.not.contain('Invalid recurrence');

      const body = await json('en');
      const [mail, upload, calendar] = body.delivery!.deliveries;
      expect(mail).to.include({ status: 'delivered', deliveredAt: now, failure: null, text: 'Delivered 30 June 2025 at 12:15.' });
      expect(upload!.failure).to.deep.equal({ cause: 'permission', permission: 'Files.ReadWrite.All' });
      expect(calendar!.failure).to.deep.equal({ cause: 'other', permission: null });
      expect(JSON.stringify(body.delivery)).to.not.contain('ErrorAccessDenied').and.not.contain('lastError');
    });

    it('shows a cancelled delivery as cancelled', async () => {
      const repo = new DeliveryOutboxRepository(s.pluginDb);
      const { filing } = await json();
      const upload = (await deliveriesOfFiling(s.pluginDb, filing!.filingId)).find((r) => r.kind === 'upload')!;
      await repo.cancel(upload.deliveryId, new Date().toISOString());
      expect(listed(await page()).find((x) => x.kind === 'upload')).to.include({ status: 'cancelled' });
    });
  });

  describe('without a delivery configuration', () => {
    let s: Started;
    let childId: string;
    before(async () => {
      s = await start(null);
      childId = await scheduledChild(s.pluginDb);
    });
    after(() => stop(s));

    it('says the plugin does not deliver reports and the report is filed only, and writes no delivery', async () => {
      const filed = await fetch(`${s.url}/api/v1/children/${childId}/follow-up/filings`, { method: 'POST', headers: { 'content-type': 'application/json', ...(await bearer(childId)) }, body: JSON.stringify(PERIOD) });
      expect(filed.status).to.equal(201);
      expect(await s.pluginDb('bs_delivery_outbox').count({ n: '*' })).to.deep.equal([{ n: 0 }]);
      const html = (await launchInBrowser(s.url, `/panel/children/${childId}/follow-up?from=${PERIOD.from}&to=${PERIOD.to}`, (await bearer(childId)).authorization.slice(7))).text;
      expect(html).to.contain('Beslutningsstøtte sender ikke rapporten videre i denne kommune').and.contain('Rapporten er kun journaliseret.');
      expect(listed(html)).to.deep.equal([]);
      const body = (await (await fetch(`${s.url}/api/v1/children/${childId}/follow-up?lang=en&from=${PERIOD.from}&to=${PERIOD.to}`, { headers: await bearer(childId) })).json()) as ReportJson;
      expect(body.delivery).to.include({ configured: false });
      expect(body.delivery!.deliveries).to.deep.equal([]);
      expect(body.delivery!.note).to.contain('The report is filed only.');
    });
  });
});
