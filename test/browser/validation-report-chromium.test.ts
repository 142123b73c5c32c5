// The validation report in real Chromium (playwright-core), made as a municipality would make it (`batch`, then
// `validate`, on the small seeded database): no serious or critical axe-core violation (WCAG 2.1 AA), the page's
// own CSP lets its threshold switch run and nothing else load, the switch shows the chosen threshold's tables,
// and screenshots at desktop and 320 px go to docs/screenshots/.
import { expect } from 'chai';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium, seriousAccessibilityViolations, watchedPage } from '../helpers/chromium';
import { seededValidationReport } from '../helpers/validation-report';
import { REPO_ROOT } from '../helpers/model-packages';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');

describeWithChromium('the validation report in Chromium (browser)', function () {
  this.timeout(180_000);
  let dir: string;
  let report: string;
  let browser: Browser;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    ({ dir, report } = await seededValidationReport('bs-validate-browser-', 'report.html', []));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no serious or critical axe-core violations, runs its switch under its own CSP and loads nothing', async () => {
    const { page, problems, requests } = await watchedPage(browser, { width: 1280, height: 1000 });
    await page.goto(pathToFileURL(report).href);
    expect(await seriousAccessibilityViolations(page)).to.deep.equal([]);

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
