// The follow-up routes on a real HTTP server (loopback, the small seeded host database, a fresh plugin
// database): the report page for the case view, entry through forms and the JSON API with field-by-field
// refusals that store nothing, tokens for the child only, access logged, the PDF (Chromium; read with poppler's
// pdfinfo and pdftotext), and filing as the caseworker's decision (never a side effect of the PDF).
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Knex } from 'knex';
import { followUpDeps } from '../../plugin/server/follow-up-setup';
import { followUpRoutes } from '../../plugin/server/routes/follow-up-routes';
import type { FollowUpDeps } from '../../plugin/server/follow-up-setup';
import { seedDemoFollowUp } from '../../plugin/storage/follow-up/demo-follow-up-seed';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import { errorMiddleware } from '../../plugin/server/http-errors';
import { createTokenVerifier, mintDevelopmentToken } from '../../plugin/server/launch-token';
import { createLogger, requestLogging } from '../../plugin/server/request-logger';
import { ViewAccess } from '../../plugin/server/view-access';
import { crossSiteGuard } from '../../plugin/server/cross-site-guard';
import { ViewSessionRepository } from '../../plugin/storage/view-session-repository';
import { launchInBrowser, viewFieldOf } from './helpers/test-plugin-server';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';
import { chromiumMissing, itWithChromium } from '../helpers/chromium';
import { freshPluginDatabase } from '../helpers/follow-up-database';
import { referenceMapping } from '../helpers/reference-mapping';

const TODAY = '2025-06-30';
/** Why the PDF cannot be read as its readers get it here; null when poppler's tools are installed (.ci/run installs them). */
const popplerMissing = spawnSync('pdfinfo', ['-v']).error ? 'pending: no pdfinfo/pdftotext (apt-get install poppler-utils)' : null;

describe('follow-up routes (server)', () => {
  let server: Server;
  let url: string;
  let hostDb: Knex;
  let pluginDb: Knex;
  let deps: FollowUpDeps;
  let childId: string;
  const key = new TextEncoder().encode(randomBytes(32).toString('base64url'));
  const token = (child: string) => mintDevelopmentToken(key, { userId: 'sr-7', role: 'caseworker', childId: child, audience: 'beslutningsstotte', lifetimeSeconds: 300 });

  before(async () => {
    hostDb = openSqlite((await sharedSeededDatabase()).file);
    pluginDb = await freshPluginDatabase();
    deps = await followUpDeps(hostDb, pluginDb, referenceMapping(), { today: () => TODAY });
    await seedDemoFollowUp(pluginDb, deps.host, { today: TODAY });
    // A child followed long enough to have a series to chart (the seeded data decide who that is).
    const busiest = (await pluginDb('bs_fu_measurement').select('child_id').countDistinct({ n: 'measured_on' }).groupBy('child_id').orderBy([{ column: 'n', order: 'desc' }, { column: 'child_id' }])) as Array<{ child_id: string }>;
    childId = String(busiest[0]!.child_id);
    const logger = createLogger({ level: 'silent' });
    const app = express();
    app.set('query parser', 'simple');
    app.use(requestLogging(logger));
    const verify = createTokenVerifier({ audience: 'beslutningsstotte', maxLifetimeSeconds: 600, hostKeys: [], developmentKey: key });
    app.use(crossSiteGuard('https://beslutningsstotte.kommune.example', ['https://dubu.example-kommune.dk']));
    app.use(
      followUpRoutes({
        deps,
        views: new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: 600, basePath: '' }),
        basePath: '',
        publicBaseUrl: 'https://beslutningsstotte.kommune.example',
        audit: { audit: new AuditRepository(pluginDb) },
      }),
    );
    app.use(errorMiddleware({ templates: compilePanelTemplates(), messages: loadMessages(), logger, basePath: '' }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await deps.pdf.close();
    const pluginFile = (pluginDb.client.config.connection as { filename: string }).filename;
    await Promise.all([hostDb.destroy(), pluginDb.destroy()]);
    rmSync(path.dirname(pluginFile), { recursive: true, force: true });
  });

  const form = (fields: Record<string, string>, cookie = '') => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) }, body: new URLSearchParams(fields).toString(), redirect: 'manual' as const });
  /** A fresh launch token per call, in the header (the JSON API). */
  const bearer = async (child: string, role: 'caseworker' | 'supervisor' | 'administrator' = 'caseworker') => ({ authorization: `Bearer ${await mintDevelopmentToken(key, { userId: role === 'caseworker' ? 'sr-7' : 'x', role, childId: child, audience: 'beslutningsstotte', lifetimeSeconds: 300 })}` });
  /** The report opened as the host's iframe does: the page, its view cookie and the view credential of its forms. */
  const openReport = async (child = childId) => {
    const page = await launchInBrowser(url, `/panel/children/${child}/follow-up`, await token(child));
    return { ...page, view: viewFieldOf(page.text) };
  };
  const countMeasurements = async () => Number((await pluginDb('bs_fu_measurement').where({ child_id: childId }).count({ n: '*' }))[0]!.n);

  it('serves the report page for the child, with charts and links to every form and the PDF (its time is measured in npm run bench)', async () => {
    const res = await openReport();
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    const html = res.text;
    expect(html).to.contain('Barnets egen stemme').and.contain('<svg').and.contain(`action="/panel/children/${childId}/follow-up/child-form?`).and.contain('/follow-up/pdf?');
    expect(html).to.not.match(/token/i);
    const trail = await new AuditRepository(pluginDb).forChild(childId);
    expect(trail.at(-1)).to.include({ userId: 'sr-7', extensionPoint: 'follow-up-report', view: 'page', outcome: 'shown', code: null, childId, referralId: null });
  });

  it('takes a period in the query, and refuses a query it does not know (REQUEST_INVALID)', async () => {
    const json = (await (await fetch(`${url}/api/v1/children/${childId}/follow-up?from=2025-01-01&to=2025-03-31`, { headers: await bearer(childId) })).json()) as { report: { period: { from: string; to: string } } };
    expect(json.report.period).to.deep.equal({ from: '2025-01-01', to: '2025-03-31' });
    for (const q of ['from=01-01-2025', 'to=2024-01-01', 'debug=1']) {
      const res = await fetch(`${url}/api/v1/children/${childId}/follow-up?from=2025-01-01&${q}`, { headers: await bearer(childId) });
      expect(res.status, q).to.equal(400);
    }
  });

  it('lets a supervisor read but not record, and an administrator do neither (ROLE_NOT_ALLOWED)', async () => {
    expect((await fetch(`${url}/panel/children/${childId}/follow-up`, { headers: await bearer(childId, 'supervisor') })).status).to.equal(200);
    const write = await fetch(`${url}/api/v1/children/${childId}/follow-up/entries/ruler`, { method: 'POST', headers: { ...(await bearer(childId, 'supervisor')), 'content-type': 'application/json' }, body: JSON.stringify({ measuredOn: TODAY, area_SKOLE: 5 }) });
    expect(write.status).to.equal(403);
    expect(((await write.json()) as { code: string }).code).to.equal('ROLE_NOT_ALLOWED');
    expect((await fetch(`${url}/api/v1/children/${childId}/follow-up`, { headers: await bearer(childId, 'administrator') })).status).to.equal(403);
  });

  it('refuses without a token and with a token for another child, and logs the refusal', async () => {
    expect((await fetch(`${url}/panel/children/${childId}/follow-up`)).status).to.equal(401);
    const res = await fetch(`${url}/api/v1/children/${childId}/follow-up`, { headers: await bearer('someone-else') });
    expect(res.status).to.equal(403);
    expect(((await res.json()) as { code: string }).code).to.equal('TOKEN_WRONG_CASE');
    expect((await new AuditRepository(pluginDb).forChild(childId)).at(-1)).to.include({ outcome: 'refused', code: 'TOKEN_WRONG_CASE', view: 'json', userId: 'sr-7' });
  });

  it('names the page a refusal is for (the report or the child\'s form, not the panel), in the language asked', async () => {
    const title = async (address: string) => /<h1>([^<]*)<\/h1>/.exec(await (await fetch(`${url}${address}`)).text())?.[1];
    expect(await title(`/panel/children/${childId}/follow-up`)).to.equal('Opfølgningsrapporten kan ikke åbnes');
    expect(await title(`/panel/children/${childId}/follow-up/print`)).to.equal('Opfølgningsrapporten kan ikke åbnes');
    expect(await title(`/panel/child-form`)).to.equal('Skemaet kan ikke åbnes');
    expect(await title(`/panel/child-form?lang=en`)).to.equal('The form cannot be opened');
  });

  it('stores the child’s CORS from the form and shows it in the updated report', async () => {
    const opened = await openReport();
    const before = await countMeasurements();
    const res = await fetch(`${url}/panel/children/${childId}/follow-up/cors`, form({ view: opened.view, measuredOn: TODAY, me: '7.5', family: '6', school: '8,2', everything: '7' }));
    expect(res.status).to.equal(303);
    expect(res.headers.get('location')).to.equal(`/panel/children/${childId}/follow-up?lang=da&saved=cors`);
    expect(await countMeasurements()).to.equal(before + 1);
    const json = (await (await fetch(`${url}/api/v1/children/${childId}/follow-up`, { headers: await bearer(childId) })).json()) as { report: { ors: { points: Array<{ date: string; total: number }> } } };
    expect(json.report.ors.points.at(-1)).to.include({ date: TODAY, total: 28.7 });
    const page = await (await fetch(`${url}${res.headers.get('location')}`, { headers: { cookie: opened.cookie } })).text();
    expect(page).to.contain('Gemt. Rapporten er opdateret.');
    const card = ((await (await fetch(`${url}/api/v1/children/${childId}/follow-up`, { headers: await bearer(childId) })).json()) as { card: { summary: string; indicator: string } }).card;
    expect(card.indicator).to.equal('info');
    expect(card.summary.length).to.be.within(1, 140);
  });

  it('refuses an invalid form field by field, keeps what was typed, and stores nothing', async () => {
    const opened = await openReport();
    const before = await countMeasurements();
    const res = await fetch(`${url}/panel/children/${childId}/follow-up/cors`, form({ view: opened.view, measuredOn: '2099-01-01', me: '11', family: '', school: '4', everything: 'abc' }));
    expect(res.status).to.equal(422);
    const html = await res.text();
    expect(html).to.contain('Du mangler at svare på:');
    expect(html).to.match(/id="fu-me-error">Skal være 0–10\./).and.match(/id="fu-family-error">Ikke besvaret endnu\./).and.contain('Datoen må ikke ligge efter i dag.');
    expect(html).to.contain('id="fu-school-4" name="school" value="4" checked').and.contain('aria-invalid="true"');
    expect(await countMeasurements()).to.equal(before);
  });

  it('takes SDQ, Trivselslineal, goals and attainment through the JSON API, refusing out-of-range values by field', async () => {
    const post = async (kind: string, body: unknown) => fetch(`${url}/api/v1/children/${childId}/follow-up/entries/${kind}`, { method: 'POST', headers: { ...(await bearer(childId)), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const items = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`item${i + 1}`, 1]));
    const bad = await post('sdq', { measuredOn: TODAY, respondent: 'teacher', ...items, item3: 3, item9: 'x' });
    expect(bad.status).to.equal(422);
    const refusal = (await bad.json()) as { code: string; fields: Array<{ field: string; problem: string }> };
    expect(refusal.code).to.equal('MEASUREMENT_INVALID');
    expect(refusal.fields.map((f) => [f.field, f.problem])).to.deep.equal([['item3', 'range'], ['item9', 'range']]);
    expect((await post('sdq', { measuredOn: TODAY, respondent: 'teacher', ...items })).status).to.equal(201);
    expect((await post('ruler', { measuredOn: TODAY, area_SKOLE: 0 })).status).to.equal(422);
    expect((await post('ruler', { measuredOn: TODAY, area_SKOLE: 9 })).status).to.equal(201);
    expect((await post('goals', { description: 'Cykler selv til skole', agreedOn: TODAY })).status).to.equal(201);
    const goals = await deps.repo.goalsFor(childId);
    const newest = goals.at(-1)!;
    expect((await post('goals', { ratedOn: TODAY, [`score_${newest.goalId}`]: 3 })).status).to.equal(422);
    expect((await post('goals', { ratedOn: TODAY, [`score_${newest.goalId}`]: 2 })).status).to.equal(201);
    expect((await post('schedule', { timesPerYear: 5, startDate: TODAY })).status).to.equal(422);
    const report = (await (await fetch(`${url}/api/v1/children/${childId}/follow-up`, { headers: await bearer(childId) })).json()) as { report: { gas: { points: Array<{ date: string }> }; sdq: Array<{ informant: string; points: Array<{ date: string; scores: { totalDifficulties: number } }> }> } };
    expect(report.report.gas.points.at(-1)!.date).to.equal(TODAY);
    expect(report.report.sdq.find((s) => s.informant === 'teacher')!.points.at(-1)).to.deep.include({ date: TODAY });
  });

  it('shows the print view, and every form with item numbers and response options only (no licensed wording without the municipality’s file)', async () => {
    const { cookie } = await openReport();
    const withView = { headers: { cookie } };
    const sdq = await (await fetch(`${url}/panel/children/${childId}/follow-up/sdq`, withView)).text();
    expect(sdq).to.contain('Spørgsmål 1').and.contain('Spørgsmål 25').and.contain('Passer delvist');
    expect(sdq).to.not.match(/hensyn til andre|considerate/i);
    const print = await fetch(`${url}/panel/children/${childId}/follow-up/print`, withView);
    expect(print.status).to.equal(200);
    expect(await print.text()).to.contain('class="fu-page fu-print"').and.contain('href="/assets/follow-up.css"');
    for (const kind of ['cors', 'ruler', 'goals', 'schedule']) expect((await fetch(`${url}/panel/children/${childId}/follow-up/${kind}`, withView)).status, kind).to.equal(200);
    expect((await fetch(`${url}/panel/children/${childId}/follow-up/other`, withView)).status).to.equal(400);
  });

  itWithChromium('gives the report as an A4 PDF (Chromium), and downloading it files nothing and leaves the due list as it was', async function () {
    this.timeout(60000);
    const { cookie } = await openReport();
    const lastBefore = (await deps.repo.lastFiledReports()).get(childId);
    const filingsBefore = await deps.filings.filingsFor(childId);
    const res = await fetch(`${url}/panel/children/${childId}/follow-up/pdf`, { headers: { cookie } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    expect((await deps.repo.lastFiledReports()).get(childId)).to.equal(lastBefore);
    expect(await deps.filings.filingsFor(childId)).to.deep.equal(filingsBefore);
    expect((await new AuditRepository(pluginDb).forChild(childId)).at(-1)).to.include({ view: 'pdf', outcome: 'shown' });
  });

  (chromiumMissing ?? popplerMissing ? it.skip : it)(`prints a tagged PDF naming the municipality, the caseworker and the case number${chromiumMissing ?? popplerMissing ? ` (${chromiumMissing ?? popplerMissing})` : ''}`, async function () {
    this.timeout(60000);
    const { cookie } = await openReport();
    const pdf = Buffer.from(await (await fetch(`${url}/panel/children/${childId}/follow-up/pdf`, { headers: { cookie } })).arrayBuffer());
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-fu-pdf-'));
    try {
      const file = path.join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).to.match(/^Tagged:\s+yes$/m);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const caseNumber = (await hostDb('sag').where({ barn_id: childId }).orderBy('oprettet_dato', 'desc').first()).sagsnummer as string;
      expect(text).to.contain('Kommune: Syntetisk Kommune (demo)').and.contain('Sagsbehandler: sr-7').and.contain(`Sagsnummer: ${caseNumber}`).and.contain(`sag ${caseNumber}`);
      expect(text).to.not.contain('Journalisér');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('filing', () => {
    const filingsOf = (child = childId) => deps.filings.filingsFor(child);
    const postJson = (headers: Record<string, string>, body: unknown, extra: Record<string, string> = {}) =>
      fetch(`${url}/api/v1/children/${childId}/follow-up/filings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...extra }, body: JSON.stringify(body) });

    it('files the period shown only when the caseworker presses "Journalisér", once, and then shows who filed it and when', async () => {
      const opened = await openReport();
      expect(opened.text).to.contain('>Journalisér</button>').and.contain('er ikke journaliseret').and.not.contain('class="fu-filed-status"');
      // The filing section follows the report: the child's own voice comes first.
      expect(opened.text.indexOf('Barnets egen stemme')).to.be.lessThan(opened.text.indexOf('id="fu-filing-h"'));
      const action = /<form method="post" action="([^"]+\/follow-up\/filing[^"]*)"/.exec(opened.text)![1]!.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
      const fields = Object.fromEntries([...opened.text.matchAll(/<input type="hidden" name="(view|from|to)" value="([^"]*)">/g)].filter((m) => opened.text.lastIndexOf('id="fu-filing-h"') < m.index!).map((m) => [m[1]!, m[2]!]));
      expect(fields).to.have.keys(['view', 'from', 'to']);
      expect(fields.to).to.equal(TODAY);
      const first = await fetch(`${url}${action}`, form(fields));
      expect(first.status).to.equal(303);
      expect(first.headers.get('location')).to.equal(`/panel/children/${childId}/follow-up?lang=da&from=${fields.from}&to=${TODAY}&filed=1`);
      const again = await fetch(`${url}${action}`, form(fields));
      expect(again.status).to.equal(303);
      const filings = await filingsOf();
      expect(filings).to.have.length(1);
      expect(filings[0]).to.include({ childId, periodFrom: fields.from, periodTo: TODAY, filedBy: 'sr-7', filedByRole: 'caseworker', filedOn: TODAY, municipality: 'Syntetisk Kommune (demo)' });
      expect(filings[0]!.caseNumber).to.be.a('string');
      expect((await deps.repo.lastFiledReports()).get(childId)).to.equal(TODAY);
      const filedPage = await (await fetch(`${url}${first.headers.get('location')}`, { headers: { cookie: opened.cookie } })).text();
      expect(filedPage).to.contain('<p class="fu-saved" role="status">Rapporten er journaliseret.</p>').and.contain('<p class="fu-filed-status">Journaliseret 30. juni 2025 af sr-7.</p>').and.not.contain('>Journalisér</button>');
      const trail = (await new AuditRepository(pluginDb).forChild(childId)).filter((r) => r.view === 'file');
      expect(trail.map((r) => [r.userId, r.outcome, r.code])).to.deep.equal([['sr-7', 'stored', null], ['sr-7', 'shown', null]]);
      const json = (await (await fetch(`${url}/api/v1/children/${childId}/follow-up?from=${fields.from}&to=${TODAY}`, { headers: await bearer(childId) })).json()) as { filing: { filingId: string } | null };
      expect(json.filing?.filingId).to.equal(filings[0]!.filingId);
    });

    it('files through the JSON API: 201 the first time, 200 with the same filing after, never a period ending after today', async () => {
      const period = { from: '2025-01-01', to: '2025-03-31' };
      const first = await postJson(await bearer(childId), period);
      expect(first.status).to.equal(201);
      const created = (await first.json()) as { filed: boolean; created: boolean; filing: { filingId: string; periodFrom: string; periodTo: string } };
      expect(created).to.deep.include({ filed: true, created: true });
      expect(created.filing).to.include({ periodFrom: '2025-01-01', periodTo: '2025-03-31' });
      const second = await postJson(await bearer(childId), period);
      expect(second.status).to.equal(200);
      expect((await second.json()) as unknown).to.deep.equal({ ...created, created: false });
      const future = await postJson(await bearer(childId), { from: '2025-01-01', to: '2025-07-31' });
      expect(future.status).to.equal(400);
      expect(((await future.json()) as { code: string }).code).to.equal('REQUEST_INVALID');
      expect((await postJson(await bearer(childId), { ...period, extra: 1 })).status).to.equal(400);
      expect((await filingsOf()).filter((f) => f.periodFrom === '2025-01-01' && f.periodTo !== TODAY).map((f) => f.periodTo)).to.deep.equal(['2025-03-31']);
    });

    it('lets a supervisor see the filing state but not file', async () => {
      const supervisor = await launchInBrowser(url, `/panel/children/${childId}/follow-up?from=2025-04-01&to=2025-04-30`, await mintDevelopmentToken(key, { userId: 'leder', role: 'supervisor', childId, audience: 'beslutningsstotte', lifetimeSeconds: 300 }));
      expect(supervisor.text).to.contain('Det er sagsbehandleren, der journaliserer.').and.not.contain('>Journalisér</button>');
      const refused = await postJson(await bearer(childId, 'supervisor'), { from: '2025-04-01', to: '2025-04-30' });
      expect(refused.status).to.equal(403);
      expect(((await refused.json()) as { code: string }).code).to.equal('ROLE_NOT_ALLOWED');
      const byForm = await fetch(`${url}/panel/children/${childId}/follow-up/filing?lang=da`, form({ view: viewFieldOf(supervisor.text), from: '2025-04-01', to: '2025-04-30' }));
      expect(byForm.status).to.equal(403);
      expect((await filingsOf()).some((f) => f.periodFrom === '2025-04-01')).to.equal(false);
    });

    it('refuses a replayed launch token, a post without the view, a launch token in the form, another site, and a closed view: nothing is filed, each refusal audited', async () => {
      const period = { from: '2025-05-01', to: '2025-05-31' };
      const filingPath = `/panel/children/${childId}/follow-up/filing?lang=da`;
      const launch = await token(childId);
      const opened = await launchInBrowser(url, `/panel/children/${childId}/follow-up`, launch);
      const view = viewFieldOf(opened.text);
      // The launch token opened the report; presented again without its view, it opens nothing.
      const replayed = await postJson({ authorization: `Bearer ${launch}` }, period);
      expect(replayed.status).to.equal(401);
      expect(((await replayed.json()) as { code: string }).code).to.equal('TOKEN_REPLAYED');
      expect((await fetch(`${url}${filingPath}`, form(period))).status).to.equal(401);
      expect((await fetch(`${url}${filingPath}`, form({ ...period, token: await token(childId) }))).status).to.equal(400);
      const crossSite = await fetch(`${url}${filingPath}`, { ...form({ ...period, view }), headers: { ...form({}).headers, accept: 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
      expect(crossSite.status).to.equal(403);
      expect(((await crossSite.json()) as { code: string }).code).to.equal('CROSS_SITE_REQUEST');
      const crossSiteJson = await postJson({ cookie: opened.cookie, accept: 'application/json' }, period, { origin: 'https://evil.example' });
      expect(crossSiteJson.status).to.equal(403);
      // The caseworker handed the tablet over: their view is closed, and files nothing.
      expect((await fetch(`${url}/panel/children/${childId}/follow-up/child-form?lang=da`, form({ view }))).status).to.equal(303);
      const closed = await fetch(`${url}${filingPath}`, { ...form({ ...period, view }), headers: { ...form({}).headers, accept: 'application/json' } });
      expect(closed.status).to.equal(401);
      expect(((await closed.json()) as { code: string }).code).to.equal('VIEW_CLOSED');
      expect((await filingsOf()).some((f) => f.periodFrom === '2025-05-01')).to.equal(false);
      const refusals = (await new AuditRepository(pluginDb).forChild(childId)).filter((r) => r.view === 'file' && r.outcome === 'refused').map((r) => r.code);
      expect(refusals).to.include.members(['TOKEN_REPLAYED', 'TOKEN_MISSING', 'VIEW_CLOSED']);
    });
  });

  describe('the child’s form', () => {
    const start = async () => {
      const report = await openReport();
      const res = await fetch(`${url}/panel/children/${childId}/follow-up/child-form?lang=da`, form({ view: report.view }));
      return { report, res, cookie: (res.headers.getSetCookie().find((c) => c.startsWith('bs_view=') && c.includes('Path=/panel/child-form') && !c.includes('Max-Age=0')) ?? '').split(';')[0]! };
    };
    const answers = { measuredOn: TODAY, me: '6', family: '7', school: '5', everything: '6' };

    it('opens from the report as a view of its own, ends the caseworker’s view, and has no link and no child id', async () => {
      const { report, res, cookie } = await start();
      expect(res.status).to.equal(303);
      expect(res.headers.get('location')).to.equal('/panel/child-form?lang=da');
      expect(res.headers.getSetCookie().some((c) => c.startsWith('bs_view=;') && c.includes(`Path=/panel/children/${childId}/follow-up`) && c.includes('Max-Age=0'))).to.equal(true);
      expect(cookie).to.match(/^bs_view=[A-Za-z0-9_-]{43}$/);
      const formPage = await fetch(`${url}/panel/child-form?lang=da`, { headers: { cookie } });
      expect(formPage.status).to.equal(200);
      const html = await formPage.text();
      expect(html).to.not.match(/<a\b/).and.not.contain('/panel/children/').and.not.contain('Barnets egen stemme');
      // Four lines of eleven steps (0–10), none chosen yet.
      expect((html.match(/class="fu-step-input"/g) ?? []).length).to.equal(44);
      expect(html).to.not.match(/class="fu-step-input"[^>]*checked/);
      // The caseworker's report is closed to the tablet now, by cookie and by the form's credential.
      const back = await fetch(`${url}/panel/children/${childId}/follow-up`, { headers: { cookie: report.cookie, accept: 'application/json' } });
      expect(back.status).to.equal(401);
      expect(((await back.json()) as { code: string }).code).to.equal('VIEW_CLOSED');
      // And the child's credential opens nothing but the form.
      for (const path of [`/panel/children/${childId}/follow-up`, `/panel/children/${childId}/follow-up/sdq`, `/panel/children/${childId}/follow-up/print`]) {
        const res2 = await fetch(`${url}${path}`, { headers: { cookie, accept: 'application/json' } });
        expect(res2.status, path).to.be.oneOf([401, 403]);
      }
    });

    it('saves once: the answers are stored, the thank-you is neutral, and the same form cannot be sent or opened again', async () => {
      const { cookie } = await start();
      const before = await countMeasurements();
      const saved = await fetch(`${url}/panel/child-form?lang=da`, form(answers, cookie));
      expect(saved.status).to.equal(303);
      expect(saved.headers.get('location')).to.equal('/panel/child-form/done?lang=da');
      expect(await countMeasurements()).to.equal(before + 1);
      const thanks = await (await fetch(`${url}/panel/child-form/done?lang=da`)).text();
      expect(thanks).to.contain('Tak!').and.not.match(/<a\b|<form/).and.not.contain('/panel/children/');
      const again = await fetch(`${url}/panel/child-form?lang=da`, { ...form(answers, cookie), headers: { ...form(answers, cookie).headers, accept: 'application/json' } });
      expect(again.status).to.equal(401);
      expect(((await again.json()) as { code: string }).code).to.equal('VIEW_CLOSED');
      expect((await fetch(`${url}/panel/child-form`, { headers: { cookie } })).status).to.equal(401);
      expect(await countMeasurements()).to.equal(before + 1);
    });

    it('asks again for a line not answered, and stays open until it is saved', async () => {
      const { cookie } = await start();
      const res = await fetch(`${url}/panel/child-form?lang=da`, form({ ...answers, family: '' }, cookie));
      expect(res.status).to.equal(422);
      expect(await res.text()).to.not.match(/<a href="\/panel\/children/);
      expect((await fetch(`${url}/panel/child-form?lang=da`, form(answers, cookie))).status).to.equal(303);
    });

    it('is started only by a caseworker, only from the plugin or the host, and only with the view of that child', async () => {
      const supervisor = await launchInBrowser(url, `/panel/children/${childId}/follow-up`, await mintDevelopmentToken(key, { userId: 'x', role: 'supervisor', childId, audience: 'beslutningsstotte', lifetimeSeconds: 300 }));
      const bySupervisor = await fetch(`${url}/panel/children/${childId}/follow-up/child-form`, form({ view: viewFieldOf(supervisor.text) }));
      expect(bySupervisor.status).to.equal(403);
      const report = await openReport();
      const crossSite = await fetch(`${url}/panel/children/${childId}/follow-up/child-form`, { ...form({ view: report.view }), headers: { ...form({}).headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
      expect(crossSite.status).to.equal(403);
      const children = await deps.repo.schedules();
      const otherChild = children.find((c) => c.childId !== childId)!.childId;
      const foreign = await fetch(`${url}/panel/children/${otherChild}/follow-up/child-form`, form({ view: report.view }));
      expect(foreign.status).to.equal(403);
    });
  });
});
