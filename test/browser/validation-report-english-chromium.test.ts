// The English validation report (`validate --lang en`) in real Chromium, as the Danish one is tested beside it:
// lang="en" on the page, no serious or critical axe-core violation (WCAG 2.1 AA), the threshold switch runs under
// the page's own CSP and nothing loads, the switch's options in English, and it reads at 320 px without the page
// scrolling sideways. Screenshots go to a temporary folder (docs/screenshots keeps the Danish ones).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';
import { runCli } from '../helpers/cli';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describeWithChromium('the English validation report in Chromium (browser)', function () {
  this.timeout(180_000);
  let dir: string;
  let report: string;
  let browser: Browser;

  before(async () => {
    const { file } = await sharedSeededDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-validate-en-browser-'));
    const config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } } }));
    expect((await runCli(['batch', '--from', '2017-01-01', '--to', '2024-12-31', '--config', config, '--no-progress'])).code).to.equal(0);
    report = path.join(dir, 'report-en.html');
    const run = await runCli(['validate', '--from', '2017-01-01', '--to', '2024-12-31', '--config', config, '--out', report, '--lang', 'en', '--resamples', '200']);
    expect(run.code, run.err).to.equal(0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is English to the browser, has no serious or critical axe-core violations, runs its switch under its own CSP and loads nothing', async () => {
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
    expect(await page.evaluate('document.documentElement.lang')).to.equal('en');
    await page.evaluate(axeSource);
    const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as {
      violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }>;
    };
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} (${v.impact}): ${v.help} ×${v.nodes.length}`)).to.deep.equal([]);

    expect(await page.$eval('label[for="threshold"]', (e) => e.textContent)).to.equal('Flagged means a score of');
    expect(await page.$$eval('#threshold option', (els) => els.map((e) => e.textContent))).to.include('8 or more');
    const visible = () => page.$$eval('.threshold-table:not([hidden])', (els) => [...new Set(els.map((e) => e.getAttribute('data-threshold')))]);
    expect(await visible()).to.deep.equal(['8']);
    await page.selectOption('#threshold', '6');
    expect(await visible()).to.deep.equal(['6']);
    expect(await page.$eval('.threshold-table:not([hidden]) caption', (e) => e.textContent)).to.match(/error rates when a score of 6 or more counts as flagged/);
    expect(problems).to.deep.equal([]);
    expect(requests).to.deep.equal([]);
    await page.screenshot({ path: path.join(dir, 'validation-report-en.png') });
    await page.close();
  });

  it('reads at 320 px without the page itself scrolling sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
    await page.goto(pathToFileURL(report).href);
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow).to.be.at.most(0);
    await page.screenshot({ path: path.join(dir, 'validation-report-en-320-px.png') });
    await page.close();
  });
});
