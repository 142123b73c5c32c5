// In real Chromium (playwright-core): the follow-up report page, the child's CORS form on a tablet-sized
// screen (filled in and saved, then seen in the report), the SDQ form, axe-core (WCAG 2.1 AA: no serious or
// critical violations) on each, and the PDF's first page; screenshots go to docs/screenshots/.
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Knex } from 'knex';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ageOn } from '../../plugin/follow-up/change-over-time';
import { followUpRoutes } from '../../plugin/server/routes/follow-up-routes';
import type { FollowUpDeps } from '../../plugin/server/follow-up-setup';
import { followUpDeps } from '../../plugin/server/follow-up-setup';
import { seedDemoFollowUp } from '../../plugin/storage/follow-up/demo-follow-up-seed';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import { errorMiddleware } from '../../plugin/server/http-errors';
import { createTokenVerifier, mintDevelopmentToken } from '../../plugin/server/launch-token';
import { createLogger, requestLogging } from '../../plugin/server/request-logger';
import { pluginSecurityHeaders } from '../../plugin/server/security-headers';
import { crossSiteGuard } from '../../plugin/server/cross-site-guard';
import { ViewAccess } from '../../plugin/server/view-access';
import { ViewSessionRepository } from '../../plugin/storage/view-session-repository';
import { freshPluginDatabase } from '../helpers/follow-up-database';
import { REPO_ROOT } from '../helpers/model-packages';
import { referenceMapping } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// A day on which the seeded host has children in care of every form's age (CORS 6–12, ORS 13–17).
const TODAY = '2021-06-30';

async function seriousViolations(page: Page): Promise<Array<{ id: string; impact: string | null }>> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as { violations: Array<{ id: string; impact: string | null }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact }));
}

describeWithChromium('the follow-up report in Chromium (browser)', function () {
  this.timeout(120_000);
  let server: Server;
  let url: string;
  let hostDb: Knex;
  let pluginDb: Knex;
  let deps: FollowUpDeps;
  let browser: Browser;
  let childId: string;
  let childAge: number;
  let teenId: string | null = null;
  let freshToken: () => Promise<string>;
  let freshTokenFor: (id: string) => Promise<string>;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    hostDb = openSqlite((await sharedSeededDatabase()).file);
    pluginDb = await freshPluginDatabase();
    deps = await followUpDeps(hostDb, pluginDb, referenceMapping(), { today: () => TODAY });
    await seedDemoFollowUp(pluginDb, deps.host, { today: TODAY });
    // A child of 6–17 (the ages the child's own form is for) with the most measurements, a child of 6–14 first:
    // every part of the report has content. The seeded follow-up children may all be teenagers.
    let best = -1;
    const candidates = [];
    for (const s of await deps.repo.schedules()) {
      const data = await deps.host.read(s.childId);
      if (!data?.child.birthDate) continue;
      candidates.push({ s, age: ageOn(data.child.birthDate, TODAY) });
    }
    const hasYoung = candidates.some((c) => c.age >= 6 && c.age <= 14);
    for (const { s, age } of candidates) {
      if (age < 6 || age > (hasYoung ? 14 : 17)) continue;
      if (age >= 13 && teenId === null) teenId = s.childId;
      const n = (await deps.repo.measurementsFor(s.childId)).length;
      if (n > best) [best, childId, childAge] = [n, s.childId, age];
    }
    expect(childId).to.be.a('string');
    if (teenId === null) {
      for (const s of await deps.repo.schedules()) {
        const data = await deps.host.read(s.childId);
        const age = data?.child.birthDate ? ageOn(data.child.birthDate, TODAY) : null;
        if (age !== null && age >= 13 && age <= 17) teenId = s.childId;
      }
    }
    const key = new TextEncoder().encode('follow-up-browser-test-key-0123456789');
    // One launch token per view, as a host mints one each time it opens the report.
    freshTokenFor = (id: string) => mintDevelopmentToken(key, { userId: 'demo-socialraadgiver', role: 'caseworker', childId: id, audience: 'beslutningsstotte', lifetimeSeconds: 600 });
    freshToken = () => freshTokenFor(childId);
    const logger = createLogger({ level: 'silent' });
    const app = express();
    app.set('query parser', 'simple');
    app.use(requestLogging(logger));
    app.use(pluginSecurityHeaders([]));
    const verify = createTokenVerifier({ audience: 'beslutningsstotte', maxLifetimeSeconds: 600, hostKeys: [], developmentKey: key });
    // The browser's posts here are same-origin (Origin: null under no-referrer, Sec-Fetch-Site: same-origin).
    app.use(crossSiteGuard('http://127.0.0.1', []));
    app.use(
      followUpRoutes({
        deps,
        views: new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: 600, basePath: '' }),
        basePath: '',
        publicBaseUrl: 'http://127.0.0.1',
        audit: { audit: new AuditRepository(pluginDb) },
      }),
    );
    app.use(errorMiddleware({ templates: compilePanelTemplates(), messages: loadMessages(), logger, basePath: '' }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await deps?.pdf.close();
    await Promise.allSettled([hostDb?.destroy(), pluginDb?.destroy()]);
  });

  it('shows the report with the child’s voice first, under the plugin’s CSP, without serious accessibility violations', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'da-DK' });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !m.location().url.endsWith('/favicon.ico') && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    await page.goto(`${url}/panel/children/${childId}/follow-up?token=${await freshToken()}`);
    expect(page.url()).to.equal(`${url}/panel/children/${childId}/follow-up`);
    expect(await page.locator('h1').textContent()).to.equal('Opfølgning på barnets udvikling');
    expect(await page.locator('h2').first().textContent()).to.equal('Barnets egen stemme');
    expect(await page.locator('svg.fu-chart').count()).to.be.greaterThan(3);
    expect(await seriousViolations(page)).to.deep.equal([]);
    expect(errors, 'no CSP or load errors').to.deep.equal([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '20-follow-up-report.png'), fullPage: true });
    await page.close();
  });

  /** The caseworker opens the report and hands the tablet over: the child's form opens as a view of its own. */
  const openChildForm = async (page: Page, id: string) => {
    await page.goto(`${url}/panel/children/${id}/follow-up?token=${await freshTokenFor(id)}`);
    await page.locator('button', { hasText: 'Giv barnet skemaet' }).click();
    await page.waitForURL(`${url}/panel/child-form?lang=da`);
  };

  it('lets the child answer on a tablet: eleven steps per line that start unset, "not answered" before saving, and the report shows it', async () => {
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, locale: 'da-DK', hasTouch: true });
    await openChildForm(page, childId);
    expect(await page.locator('h1').textContent()).to.equal(childAge >= 13 ? 'Hvordan har du det?' : 'Hvordan går det?');
    expect(await page.locator('input.fu-step-input').count()).to.equal(44);
    expect(await page.locator('input.fu-step-input:checked').count()).to.equal(0);
    expect(await page.locator('input[type="range"]').count()).to.equal(0);
    expect(await page.locator('a').count(), 'no link out of the child’s form').to.equal(0);
    for (const [area, v] of [['me', 8], ['family', 6], ['school', 7]] as const) await page.locator(`label[for="fu-${area}-${v}"]`).tap();
    expect(await page.locator('input.fu-step-input:checked').count()).to.equal(3);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '22-follow-up-child-cors-form.png'), fullPage: true });
    // "Færdig" with one line unanswered: nothing is stored, the line is named, the three answers are kept
    await Promise.all([page.waitForLoadState('load'), page.locator('button[type="submit"]').first().tap()]);
    expect(await page.locator('.fu-errors').textContent()).to.contain('Alt i alt: Ikke besvaret endnu.');
    expect(await page.locator('input.fu-step-input:checked').count()).to.equal(3);
    expect(await page.locator('button[name="confirmUnanswered"]').count()).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '24-follow-up-child-form-not-answered.png'), fullPage: true });
    await page.locator('label[for="fu-everything-8"]').tap();
    await page.locator('button[type="submit"]').first().tap();
    await page.waitForURL(`${url}/panel/child-form/done?lang=da`);
    expect(await page.locator('h1').textContent()).to.equal('Tak!');
    // The caseworker opens the report again from the case system, and sees the child's answers.
    await page.goto(`${url}/panel/children/${childId}/follow-up?token=${await freshToken()}`);
    expect(await page.locator('.fu-voice .fu-stats dd').first().textContent()).to.contain('29 (');
    await page.close();
  });

  it('fits the child’s form on a 320 px phone without sideways scrolling, steps still big enough to tap', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 900 }, locale: 'da-DK', hasTouch: true });
    await openChildForm(page, childId);
    expect(await page.evaluate('document.documentElement.scrollWidth')).to.be.at.most(320);
    const box = (await page.locator('label[for="fu-me-0"]').boundingBox())!;
    expect(box.width).to.be.at.least(36);
    expect(box.height).to.be.at.least(44);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '25-follow-up-child-form-320px.png'), fullPage: true });
    await page.close();
  });

  it('gives a young person of 13–17 the ORS with its own words and no faces', async function () {
    if (teenId === null) this.skip();
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, locale: 'da-DK', hasTouch: true });
    await openChildForm(page, teenId!);
    expect(await page.locator('h1').textContent()).to.equal('Hvordan har du det?');
    expect(await page.locator('legend').allTextContents()).to.deep.equal(['Mig selv', 'Familie og dem, jeg er tæt på', 'Skole, venner og fritid', 'Alt i alt']);
    expect(await page.locator('svg').count()).to.equal(0);
    expect(await page.locator('input.fu-step-input:checked').count()).to.equal(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '26-follow-up-young-person-ors-form.png'), fullPage: true });
    await page.close();
  });

  it('gives the child, at a tablet, their own form and then a neutral thank-you: never the report, not even by going back', async () => {
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, locale: 'da-DK', hasTouch: true });
    await page.goto(`${url}/panel/children/${childId}/follow-up?token=${await freshToken()}`);
    // The caseworker starts the child's form from the report and hands the tablet over.
    await page.locator('button', { hasText: 'Giv barnet skemaet' }).click();
    await page.waitForURL(`${url}/panel/child-form?lang=da`);
    expect(await page.locator('a').count(), 'no link out of the child’s form').to.equal(0);
    const formText = (await page.locator('body').textContent()) ?? '';
    expect(formText).to.not.contain('Barnets egen stemme').and.not.contain('SDQ');
    expect(await page.content()).to.not.contain('/panel/children/');
    expect(await page.locator('input.fu-step-input').count()).to.equal(44);
    for (const [area, v] of [['me', 8], ['family', 6], ['school', 7], ['everything', 8]] as const) await page.locator(`label[for="fu-${area}-${v}"]`).tap();
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.locator('button[type="submit"]').first().click();
    await page.waitForURL(`${url}/panel/child-form/done?lang=da`);
    expect(await page.locator('h1').textContent()).to.equal('Tak!');
    expect(await page.locator('a, form, input').count(), 'the thank-you has nothing to follow').to.equal(0);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, '24-follow-up-child-thanks.png') });
    // Back, and back again: the saved form and the caseworker's report are both closed to the tablet.
    for (let i = 0; i < 2; i++) {
      await page.goBack();
      const body = (await page.locator('body').textContent()) ?? '';
      expect(body, `back ${i + 1}`).to.not.contain('Barnets egen stemme').and.not.contain('Tak!').and.not.match(/SDQ/);
      expect(await page.locator('input.fu-step-input').count(), `back ${i + 1}`).to.equal(0);
    }
    // The caseworker opens the report again from the case system, and sees the child's answers.
    await page.goto(`${url}/panel/children/${childId}/follow-up?token=${await freshToken()}`);
    expect(await page.locator('.fu-voice .fu-stats dd').first().textContent()).to.contain('29 (');
    await page.close();
  });

  it('shows the SDQ form by item number with the response options, and refuses an empty form field by field', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'da-DK' });
    await page.goto(`${url}/panel/children/${childId}/follow-up?token=${await freshToken()}`);
    await page.goto(`${url}/panel/children/${childId}/follow-up/sdq`);
    expect(await page.locator('legend', { hasText: 'Spørgsmål 25' }).count()).to.equal(1);
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.locator('button[type="submit"]').click();
    expect(await page.locator('.fu-errors').textContent()).to.contain('Intet er gemt.');
    expect(await seriousViolations(page)).to.deep.equal([]);
    await page.close();
  });

  it('prints an A4 PDF whose first page carries the child and the period; saved as a PNG', async function () {
    const res = await fetch(`${url}/panel/children/${childId}/follow-up/pdf`, { headers: { authorization: `Bearer ${await freshToken()}` } });
    expect(res.status).to.equal(200);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-fu-pdf-'));
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    try {
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page')]);
    } catch {
      this.skip(); // poppler-utils is not installed
    }
    renameSync(path.join(dir, 'page.png'), path.join(SCREENSHOTS, '21-follow-up-pdf-page-1.png'));
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-']).toString();
    expect(text).to.contain(`barn-id ${childId}`).and.contain('opfølgning').and.contain('Side 1 af');
  });
});
