// The validation report in real Chromium (playwright-core), made as a municipality would make it (`batch`, then
// `validate`, on the small seeded database): no serious or critical axe-core violation (WCAG 2.1 AA), the page's
// own CSP lets its threshold switch run and nothing else load, the switch shows the chosen threshold's tables,
// and screenshots at desktop and 320 px go to docs/screenshots/.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describeWithChromium('the validation report in Chromium (browser)', function () {
  this.timeout(180_000);
  let dir: string;
  let report: string;
  let browser: Browser;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { file } = await sharedSeededDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-validate-browser-'));
    const config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } } }));
    expect((await runCli(['batch', '--from', '2017-01-01', '--to', '2024-12-31', '--config', config, '--no-progress'])).code).to.equal(0);
    report = path.join(dir, 'report.html');
    const run = await runCli(['validate', '--from', '2017-01-01', '--to', '2024-12-31', '--config', config, '--out', report]);
    expect(run.code, run.err).to.equal(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no serious or critical axe-core violations, runs its switch under its own CSP and loads nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) requests.push(r.url());
    });
    await page.goto(pathToFileURL(report).href);
    await page.evaluate(axeSource);
    const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as {
      violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }>;
    };
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} (${v.impact}): ${v.help} ×${v.nodes.length}`)).to.deep.equal([]);

    const visible = () => page.$$eval('.threshold-table:not([hidden])', (els) => [...new Set(els.map((e) => e.getAttribute('data-threshold')))]);
    expect(await visible()).to.deep.equal(['8']);
    await page.selectOption('#threshold', '5');
    expect(await visible()).to.deep.equal(['5']);
    expect(problems).to.deep.equal([]);
    expect(requests).to.deep.equal([]);
    await page.selectOption('#threshold', '8');
    await page.screenshot({ path: path.join(SCREENSHOTS, '30-validation-report.png') });
    const fairness = await page.$eval('#retfaerdighed', (e) => (e as unknown as { offsetTop: number }).offsetTop);
    await page.screenshot({ path: path.join(SCREENSHOTS, '31-validation-report-fairness.png'), clip: { x: 0, y: fairness, width: 1280, height: 1000 }, fullPage: true });
    await page.close();
  });

  it('reads at 320 px without the page itself scrolling sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(pathToFileURL(report).href);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow).to.be.at.most(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, '32-validation-report-320-px.png') });
    await page.close();
  });
});
