// In real Chromium: the panel page, the family letter and the model card at 1280, 820 and 320 px wide and at
// 200 % zoom (a 1280 px window zoomed to 200 % lays out 640 CSS px at two device pixels each). At every size
// nothing scrolls sideways (WCAG 2.1 1.4.10), no word is broken across lines, the child's score stays visible
// on the 1–10 scale, and axe-core finds no serious or critical violation. Screenshots go to docs/screenshots/.
import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemoHost, type RunningDemoHost } from '../../plugin/demo-host/start-demo-host';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import { REPO_ROOT } from '../helpers/model-packages';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';
import { scoredReferralWithEarlier } from '../helpers/demo-host-referrals';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SIZES = [
  { name: '1280 px', viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 },
  { name: '820 px', viewport: { width: 820, height: 1000 }, deviceScaleFactor: 1 },
  { name: '320 px', viewport: { width: 320, height: 640 }, deviceScaleFactor: 1 },
  { name: '200 % zoom', viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 },
] as const;

/** Words (runs of non-space) whose glyphs lie on more than one line: a word broken inside itself. */
const BROKEN_WORDS = `(() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el) continue;
    // Text for screen readers only (clipped to 1 px) is not laid out for reading.
    let hidden = false;
    for (let a = el; a && a !== document.body; a = a.parentElement) if (a.getBoundingClientRect().width <= 1) { hidden = true; break; }
    if (hidden) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    const text = node.textContent;
    // A line may break after an explicit hyphen ("gradient-/boostede"); never inside a run of letters or digits.
    for (const m of text.matchAll(/[^\\s-]+-?/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
})()`;

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: Array<{ target: unknown[] }>;
}

async function seriousViolations(page: Page): Promise<Array<{ id: string; targets: unknown[] }>> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as { violations: AxeViolation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target) }));
}


describeWithChromium('the panel, the family letter and the model card at any width and zoom (browser)', function () {
  this.timeout(180_000);
  let demo: RunningDemoHost;
  let browser: Browser;
  let referralId: string;
  let noScoreId: string | null = null;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A copy of the shared seeded database, in which one child's birth date is unreadable (no CPR number, no
    // expected birth): its newest referral gets no score, and the panel and the letter say why.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-layout-'));
    const file = path.join(dir, 'host.sqlite');
    copyFileSync((await sharedSeededDatabase()).file, file);
    const db = openSqlite(file);
    try {
      const newest = (await db('underretning').orderBy('modtaget_tid', 'desc').first('underretning_id', 'barn_id')) as { underretning_id: number; barn_id: number };
      await db('barn').where('barn_id', newest.barn_id).update({ cpr_nr: null, termin_dato: null });
      noScoreId = String(newest.underretning_id);
    } finally {
      await db.destroy();
    }
    demo = await startDemoHost({
      port: 0,
      host: '127.0.0.1',
      hostDatabaseFile: file,
      pluginDatabaseFile: path.join(dir, 'plugin.sqlite'),
      logLevel: 'silent',
    });
    // A referral that scores, with earlier referrals (the timeline) and several records behind its lines.
    referralId = (await scoredReferralWithEarlier(demo, { minEarlier: 3, among: 400 }))!;
    expect(referralId).to.be.a('string');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  async function panelUrl(id: string, view: '' | '/print'): Promise<string> {
    const token = await mintDevelopmentToken(demo.plugin.developmentKey, { userId: 'sr-layout', role: 'caseworker', referralId: id, audience: 'beslutningsstotte', lifetimeSeconds: 300 });
    return `${demo.url}panel/referrals/${id}${view}?lang=da&token=${encodeURIComponent(token)}`;
  }

  async function checkLayout(page: Page, what: string): Promise<void> {
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
    expect(overflow, `${what}: horizontal scroll in CSS px`).to.be.at.most(0);
    expect(await page.evaluate(BROKEN_WORDS), `${what}: words broken across lines`).to.deep.equal([]);
    expect(await seriousViolations(page), `${what}: axe-core`).to.deep.equal([]);
  }

  for (const size of SIZES) {
    const slug = size.name.replace(/[^0-9a-z]+/g, '-').replace(/-$/, '');
    it(`at ${size.name}: the panel holds, keeps the child's score visible on the scale, and shows the figures`, async () => {
      const page = await browser.newPage({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, locale: 'da-DK' });
      try {
        await page.goto(await panelUrl(referralId, ''));
        await checkLayout(page, `panel at ${size.name}`);
        const score = await page.locator('.bs-score-number').textContent();
        const current = page.locator('.bs-cell-current');
        expect(await current.textContent()).to.equal(score);
        expect(await current.isVisible()).to.equal(true);
        const cell = (await current.boundingBox())!;
        expect(cell.x + cell.width, 'current cell inside the window').to.be.at.most(size.viewport.width);
        expect(await page.locator('.bs-figures-main').textContent()).to.match(/^Blandt 100 .* blev \d+ anbragt uden for hjemmet inden for et år, og \d+ blev ikke\.$/);
        await page.screenshot({ path: path.join(SCREENSHOTS, `10-panel-${slug}.png`), fullPage: size.deviceScaleFactor === 1 });
      } finally {
        await page.close();
      }
    });

    it(`at ${size.name}: the family letter and the model card hold`, async () => {
      const page = await browser.newPage({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, locale: 'da-DK' });
      try {
        await page.goto(await panelUrl(referralId, '/print'));
        expect(await page.locator('h1').textContent()).to.equal('Brev til familien om risikoscoren');
        await checkLayout(page, `letter at ${size.name}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `11-letter-${slug}.png`), fullPage: size.deviceScaleFactor === 1 });
        await page.goto(`${demo.url}model-card?lang=da`);
        await checkLayout(page, `model card at ${size.name}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `12-model-card-${slug}.png`), fullPage: size.deviceScaleFactor === 1 });
      } finally {
        await page.close();
      }
    });
  }

  for (const size of SIZES) {
    const slug = size.name.replace(/[^0-9a-z]+/g, '-').replace(/-$/, '');
    it(`at ${size.name}: without a score, the panel and the letter hold, show no score heading or score caution, and say why`, async () => {
      const page = await browser.newPage({ viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor, locale: 'da-DK' });
      try {
        await page.goto(await panelUrl(noScoreId!, ''));
        expect(await page.locator('.bs-state').getAttribute('data-code')).to.equal('AGE_UNKNOWN');
        expect(await page.locator('.bs-score, .bs-caution, .bs-figures').count()).to.equal(0);
        await checkLayout(page, `no-score panel at ${size.name}`);
        await page.goto(await panelUrl(noScoreId!, '/print'));
        expect(await page.locator('h1').textContent()).to.equal('Brev til familien om risikoscoren');
        const headings = await page.locator('h2').allTextContents();
        expect(headings).to.include('Hvorfor der ikke er en score');
        for (const scoreHeading of ['Hvad scoren er', 'Hvad scoren ikke er', 'Hvad scoren betød for andre børn', 'Det betød mest for scoren']) expect(headings).to.not.include(scoreHeading);
        expect(await page.locator('.bs-letter-score, .bs-figures-row').count()).to.equal(0);
        expect(await page.locator('main').innerText()).to.contain('Der er ingen brugbar fødselsdato for barnet');
        expect(headings).to.include('Hvis noget er forkert eller mangler').and.include('Hvem I kan kontakte');
        await checkLayout(page, `no-score letter at ${size.name}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `13-letter-no-score-${slug}.png`), fullPage: size.deviceScaleFactor === 1 });
      } finally {
        await page.close();
      }
    });
  }

  it('the model card shows every band and all ten scores, in Danish number format, without developer words', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
    try {
      await page.goto(`${demo.url}model-card?lang=da`);
      const bands = demo.plugin.ctx.model!.manifest.scoreScale.bands;
      const captions = (await page.locator('.bs-card-tables caption').allTextContents()).map((c) => c.replaceAll('\u2060', ''));
      expect(captions).to.deep.equal(bands.map((b) => b.label.da));
      for (let i = 0; i < bands.length; i++) {
        expect(await page.locator('.bs-card-tables table').nth(i).locator('tbody tr').count()).to.equal(10);
      }
      const text = (await page.locator('main').innerText()).toLowerCase();
      for (const word of ['seed', 'frø', '.ts', '.json', 'onnx', 'learning', 'læringsrate', 'model card', 'auc', 'decil', 'validation', 'split', 'training', 'gradient', 'boost', 'synthetic', 'logistic', 'tensor']) expect(text, word).to.not.contain(word);
      expect(text, 'dates in Danish, never ISO').to.not.match(/\d{4}-\d{2}-\d{2}/);
      expect(text).to.contain('modellen dækker ufødte børn og børn fra 0 til og med 17 år');
      expect(text, 'the outcome it was trained on').to.contain('om barnet blev anbragt uden for hjemmet inden for 12 måneder efter underretningen');
      expect(text).to.match(/\d+,\d/); // decimals with a comma
    } finally {
      await page.close();
    }
  });
});
