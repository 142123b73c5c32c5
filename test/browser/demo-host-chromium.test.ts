// In real Chromium (playwright-core): the demo host's case view embeds the panel in an iframe; the test reads the
// score, flags a data line with the keyboard, runs axe-core (WCAG 2.1 AA: no serious or critical violations) on
// the case view, the panel, the print view and the model card, and saves screenshots to docs/screenshots/.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startDemoHost, type RunningDemoHost } from '../../plugin/demo-host/start-demo-host';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import { REPO_ROOT } from '../helpers/model-packages';
import { scoredReferralWithEarlier } from '../helpers/demo-host-referrals';
import { sharedSeededDatabase } from '../helpers/seeded-database';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

async function seriousViolations(target: Page | Frame): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP (no script) does not stop it.
  await target.evaluate(axeSource);
  const result = (await target.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

describeWithChromium('the demo host in Chromium (browser)', function () {
  this.timeout(120_000);
  let demo: RunningDemoHost;
  let browser: Browser;
  let page: Page;
  let referralId: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { file } = await sharedSeededDatabase();
    demo = await startDemoHost({
      port: 0,
      host: '127.0.0.1',
      hostDatabaseFile: file,
      pluginDatabaseFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-browser-')), 'plugin.sqlite'),
      logLevel: 'silent',
    });
    // A referral that scores, whose child has earlier referrals (so the timeline shows).
    referralId = (await scoredReferralWithEarlier(demo, { minEarlier: 2, among: 300 }))!;
    expect(referralId).to.be.a('string');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('lists referrals in the simulated case system', async () => {
    await page.goto(demo.url);
    expect(await page.locator('h1').textContent()).to.equal('Underretninger');
    expect(await page.locator('table.host-table tbody tr').count()).to.be.greaterThan(10);
    await page.screenshot({ path: path.join(SCREENSHOTS, '01-referral-list.png') });
  });

  it('opens a case, with the panel embedded in an iframe, and reads the score', async () => {
    await page.goto(`${demo.url}sager/${referralId}`);
    const frame = page.frameLocator('iframe.host-panel');
    const score = await frame.locator('.bs-score-number').textContent();
    expect(Number(score)).to.be.within(1, 10);
    expect(await frame.locator('.bs-scale').getAttribute('aria-label')).to.equal(`Risikoscore ${score} på en skala fra 1 til 10`);
    expect(await frame.locator('.bs-cell-current').textContent()).to.equal(score);
    expect(await frame.locator('.bs-timeline-item').count()).to.be.greaterThan(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, '02-case-view-with-panel.png'), fullPage: false });
  });

  it('flags a data line as wrong with the keyboard, and shows it as flagged', async () => {
    const panel = page.frame({ url: /\/panel\/referrals\// })!;
    const summary = panel.locator('tr[data-input="household_moves_3y"] summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const textarea = panel.locator('#flag-household_moves_3y');
    await textarea.focus();
    await page.keyboard.type('Familien er ikke flyttet; adressen er registreret to gange.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await panel.waitForURL(/flagged=1/);
    const row = panel.locator('tr[data-input="household_moves_3y"]');
    expect(await row.getAttribute('class')).to.contain('bs-flagged');
    expect(await row.locator('.bs-flag-note').textContent()).to.contain('Familien er ikke flyttet');
    expect(await panel.locator('.bs-notice').textContent()).to.equal('Markeringen er gemt. Den står nu ved linjen i oversigten.');
    // Focus moves to the confirmation, and the confirmation is in view.
    await panel.waitForFunction(`document.activeElement && document.activeElement.id === 'bs-flag-saved'`);
    expect(await panel.locator('#bs-flag-saved').isVisible()).to.equal(true);
    const notice = await panel.locator('#bs-flag-saved').boundingBox();
    expect(notice, 'confirmation box').to.not.equal(null);
    expect(notice!.y, 'confirmation top within the window').to.be.within(0, 900 - notice!.height);
  });

  it('sizes the iframe to the panel from the panel\'s height message, so nothing scrolls inside it', async () => {
    await page.goto(`${demo.url}sager/${referralId}`);
    const panel = page.frame({ url: /\/panel\/referrals\// })!;
    await panel.waitForLoadState();
    await page.waitForFunction(`(() => { const f = document.querySelector('iframe.host-panel'); return f && f.style.height !== ''; })()`);
    const contentHeight = (await panel.evaluate('document.documentElement.scrollHeight')) as number;
    const frameHeight = (await page.evaluate(`document.querySelector('iframe.host-panel').clientHeight`)) as number;
    expect(frameHeight, 'iframe height').to.be.at.least(contentHeight);
    expect(frameHeight - contentHeight, 'iframe height beyond the content').to.be.below(40);
  });

  it('has no serious or critical axe-core violations in the case view and the panel', async () => {
    expect(await seriousViolations(page), 'case view').to.deep.equal([]);
    const panel = page.frame({ url: /\/panel\/referrals\// })!;
    expect(await seriousViolations(panel), 'panel').to.deep.equal([]);
  });

  it('shows the whole panel page, its print view and the model card, each without serious violations', async () => {
    const token = await mintDevelopmentToken(demo.plugin.developmentKey, { userId: 'demo-socialraadgiver', role: 'caseworker', referralId, audience: 'beslutningsstotte', lifetimeSeconds: 300 });
    const panelPage = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    try {
      await panelPage.goto(`${demo.url}panel/referrals/${referralId}?lang=da&token=${encodeURIComponent(token)}`);
      expect(panelPage.url(), 'the launch leaves the token-bearing URL at once').to.equal(`${demo.url}panel/referrals/${referralId}?lang=da`);
      expect(await seriousViolations(panelPage), 'panel page').to.deep.equal([]);
      await panelPage.screenshot({ path: path.join(SCREENSHOTS, '03-panel-page.png'), fullPage: true });
      // The print button opens a new tab by posting the view's credential: no token in its URL or history.
      const [printTab] = await Promise.all([panelPage.context().waitForEvent('page'), panelPage.locator('.bs-print-form button').first().click()]);
      await printTab.waitForLoadState();
      expect(printTab.url()).to.equal(`${demo.url}panel/referrals/${referralId}/print?lang=da`);
      await printTab.reload();
      expect(await printTab.locator('h1').textContent()).to.equal('Brev til familien om risikoscoren');
      expect(await seriousViolations(printTab), 'print view').to.deep.equal([]);
      await printTab.screenshot({ path: path.join(SCREENSHOTS, '04-print-view.png'), fullPage: true });
      await printTab.close();
      await panelPage.goto(`${demo.url}panel/referrals/${referralId}?lang=en`);
      expect(await panelPage.locator('#bs-score-title').textContent()).to.equal('Risk score');
      expect(await seriousViolations(panelPage), 'panel page in English').to.deep.equal([]);
      await panelPage.screenshot({ path: path.join(SCREENSHOTS, '08-panel-page-english.png'), fullPage: true });
      await panelPage.goto(`${demo.url}model-card?lang=da`);
      expect(await seriousViolations(panelPage), 'model card').to.deep.equal([]);
      await panelPage.screenshot({ path: path.join(SCREENSHOTS, '05-model-card.png'), fullPage: true });
    } finally {
      await panelPage.close();
    }
  });

  it('shows hostile text literally, and the layout holds (no horizontal scroll) with a very long word and right-to-left text', async () => {
    await page.goto(`${demo.url}sager/${referralId}`);
    const panel = page.frame({ url: /\/panel\/referrals\// })!;
    await panel.waitForLoadState();
    const hostile = `<script>alert(1)</script> "quoted" \u202Eمرحبا بالعالم\u202C ${'Underretningsoplysningsfejl'.repeat(120)}`;
    await panel.locator('tr[data-input="severity"] summary').click();
    await panel.locator('#flag-severity').fill(hostile);
    await panel.locator('tr[data-input="severity"] button[type="submit"]').click();
    await panel.waitForURL(/flagged=1/);
    const note = panel.locator('tr[data-input="severity"] .bs-flag-note');
    expect(await note.textContent()).to.contain('<script>alert(1)</script> "quoted"');
    const overflow = await panel.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, 'horizontal overflow in px').to.be.at.most(0);
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, '09-hostile-flag-comment.png') });
  });

  it('shows a state that is not a score in words (an unknown referral), and the server keeps serving', async () => {
    const token = await mintDevelopmentToken(demo.plugin.developmentKey, { userId: 'demo', role: 'caseworker', referralId: '999999999', audience: 'beslutningsstotte', lifetimeSeconds: 120 });
    const statePage = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    try {
      const res = await statePage.goto(`${demo.url}panel/referrals/999999999?token=${encodeURIComponent(token)}`);
      expect(res?.status()).to.equal(404);
      expect(await statePage.locator('.bs-state h3').textContent()).to.equal('Underretningen blev ikke fundet');
      expect(await seriousViolations(statePage), 'state').to.deep.equal([]);
      await statePage.screenshot({ path: path.join(SCREENSHOTS, '06-state-not-found.png'), fullPage: true });
      const refused = await statePage.goto(`${demo.url}panel/referrals/${referralId}`);
      expect(refused?.status()).to.equal(401);
      expect(await statePage.locator('h1').textContent()).to.equal('Panelet kan ikke åbnes');
      await statePage.screenshot({ path: path.join(SCREENSHOTS, '07-refused-without-token.png'), fullPage: true });
    } finally {
      await statePage.close();
    }
  });

  it('refuses to run any inline script in the panel (the CSP holds)', async () => {
    const panel = page.frame({ url: /\/panel\/referrals\// })!;
    const blocked = await panel.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__ran = true';
      document.body.appendChild(s);
      setTimeout(() => resolve(!window.__ran), 500);
    })`);
    expect(blocked).to.equal(true);
  });
});
