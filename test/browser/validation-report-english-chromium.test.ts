// The English validation report (`validate --lang en`) in real Chromium, as the Danish one is tested beside it:
// lang="en" on the page, no serious or critical axe-core violation (WCAG 2.1 AA), the threshold switch runs under
// the page's own CSP and nothing loads, the switch's options in English, and it reads at 320 px without the page
// scrolling sideways. Screenshots go to a temporary folder (docs/screenshots keeps the Danish ones).
import { expect } from 'chai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium, seriousAccessibilityViolations, watchedPage } from '../helpers/chromium';
import { seededValidationReport } from '../helpers/validation-report';


describeWithChromium('the English validation report in Chromium (browser)', function () {
  this.timeout(180_000);
  let dir: string;
  let report: string;
  let browser: Browser;

  before(async () => {
    ({ dir, report } = await seededValidationReport('bs-validate-en-browser-', 'report-en.html', ['--lang', 'en', '--resamples', '200']));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is English to the browser, has no serious or critical axe-core violations, runs its switch under its own CSP and loads nothing', async () => {
    const { page, problems, requests } = await watchedPage(browser, { width: 1280, height: 1000 });
    await page.goto(pathToFileURL(report).href);
    expect(await page.evaluate('document.documentElement.lang')).to.equal('en');
    expect(await seriousAccessibilityViolations(page)).to.deep.equal([]);

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
