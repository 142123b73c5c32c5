// The newcomer's path in the demo host, in real Chromium: the list of follow-ups due, a child's view with the
// follow-up report embedded, the child's CORS and a GAS rating recorded through the forms, and the updated
// report as HTML and PDF (their times are measured in npm run bench); a screenshot of the child's view goes to
// docs/screenshots/.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoHost, type RunningDemoHost } from '../../plugin/demo-host/start-demo-host';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import { REPO_ROOT } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
describeWithChromium('the follow-up report in the demo host (browser)', function () {
  this.timeout(120_000);
  let demo: RunningDemoHost;
  let browser: Browser;
  let page: Page;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { file } = await sharedSeededDatabase();
    demo = await startDemoHost({ port: 0, host: '127.0.0.1', hostDatabaseFile: file, pluginDatabaseFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-fu-demo-')), 'plugin.sqlite'), logLevel: 'silent' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('lists the follow-ups due, opens a child, and shows the report embedded in the child’s view', async () => {
    await page.goto(demo.url);
    await page.getByRole('link', { name: 'Opfølgninger på anbragte børn, der skal laves' }).click();
    expect(await page.locator('h1').textContent()).to.equal('Opfølgninger, der skal laves');
    const rows = page.locator('table.host-table tbody tr');
    expect(await rows.count()).to.be.greaterThan(0);
    await rows.first().locator('a').click();
    const report = page.frameLocator('iframe.host-panel');
    expect(await report.locator('h1').textContent()).to.equal('Opfølgning på barnets udvikling');
    expect(await report.locator('svg.fu-chart').count()).to.be.greaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '23-demo-host-child-follow-up.png') });
  });

  it('hands the tablet to the child for their form (thank-you, no report), then records a GAS rating and gets the report as PDF', async () => {
    const hostUrl = page.url();
    let frame = page.frame({ url: /\/panel\/children\/[^/]+\/follow-up/ })!;
    const childPath = new URL(frame.url()).pathname;
    const childId = decodeURIComponent(childPath.split('/')[3]!);
    expect(frame.url(), 'the iframe no longer shows the launch token').to.not.contain('token=');
    await frame.getByRole('button', { name: 'Giv barnet skemaet (CORS/ORS) på tabletten' }).click();
    await frame.waitForURL(/\/panel\/child-form\?/);
    expect(await frame.locator('input.fu-step-input:checked').count()).to.equal(0);
    for (const [area, v] of [['me', 9], ['family', 8], ['school', 9], ['everything', 9]] as const) await frame.locator(`label[for="fu-${area}-${v}"]`).click();
    await frame.locator('button[type="submit"]').first().click();
    await frame.waitForURL(/\/panel\/child-form\/done/);
    expect(await frame.locator('h1').textContent()).to.equal('Tak!');
    expect(await frame.locator('a').count()).to.equal(0);

    // The caseworker takes the tablet back and opens the child's case again: a new launch.
    await page.goto(hostUrl);
    frame = page.frame({ url: /\/panel\/children\/[^/]+\/follow-up/ })!;
    await frame.waitForLoadState();
    expect(await frame.locator('.fu-voice .fu-stats dd').first().textContent()).to.contain('35 (');

    await frame.getByRole('link', { name: 'Mål og målopfyldelse' }).click();
    await frame.waitForURL(/\/follow-up\/goals\?/);
    const goals = frame.locator('fieldset[id^="fu-score_"]');
    expect(await goals.count()).to.be.greaterThan(0);
    await goals.first().locator('input[value="2"]').check();
    await frame.locator('button[type="submit"]').click();
    await frame.waitForURL(/saved=goals/);
    expect(await frame.locator('.fu-goals li').first().textContent()).to.contain('+2: meget mere end forventet');

    const launch = () => mintDevelopmentToken(demo.plugin.developmentKey, { userId: 'demo-socialraadgiver', role: 'caseworker', childId, audience: 'beslutningsstotte', lifetimeSeconds: 300 });
    const html = await fetch(`${demo.url.replace(/\/$/, '')}${childPath}`, { headers: { authorization: `Bearer ${await launch()}` } });
    expect(html.status).to.equal(200);
    await html.text();
    const pdf = await fetch(`${demo.url.replace(/\/$/, '')}${childPath}/pdf`, { headers: { authorization: `Bearer ${await launch()}` } });
    expect(pdf.headers.get('content-type')).to.equal('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).to.equal('%PDF-');
  });
});
