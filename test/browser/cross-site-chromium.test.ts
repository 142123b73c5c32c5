// In real Chromium: a second loopback origin plays the attacker's site. Holding a caseworker's leaked view
// credential or an unused launch token, its page posts forms to the plugin (flag a line, launch, start the
// child's form) from the caseworker's own browser: every write is refused and nothing is stored. A launch URL
// copied out of the case view opens nothing in another browser.
import { expect } from 'chai';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { startDemoHost, type RunningDemoHost } from '../../plugin/demo-host/start-demo-host';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const CHROMIUM = '/usr/bin/chromium';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) describe('cross-site writes in Chromium (browser)', () => it('is pending: Chromium is not installed at /usr/bin/chromium'));

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

describeIfChromium('cross-site writes in Chromium (browser)', function () {
  this.timeout(120_000);
  let demo: RunningDemoHost;
  let attacker: Server;
  let attackerUrl: string;
  let attackPage = '';
  let browser: Browser;
  let victim: BrowserContext;
  let referralId: string;

  before(async () => {
    const { file } = await sharedSeededDatabase();
    demo = await startDemoHost({ port: 0, host: '127.0.0.1', hostDatabaseFile: file, pluginDatabaseFile: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-xsite-')), 'plugin.sqlite'), logLevel: 'silent' });
    const row = await demo.plugin.hostDb('underretning').select({ id: 'underretning_id' }).orderBy('modtaget_tid', 'desc').first();
    referralId = String(row.id);
    // The attacker's site: 127.0.0.1 is another site than localhost, where the plugin is.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attackPage);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    victim = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (attacker ? attacker.close(() => resolve()) : resolve()));
    await demo?.close();
  });

  /** Serves a page on the attacker's site that posts `fields` to `action` on the plugin, and submits it in the victim's browser. */
  async function attack(action: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
    attackPage = `<!doctype html><form method="post" action="${escape(action)}">${Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('')}<button>Vind en tablet</button></form>`;
    const page = await victim.newPage();
    try {
      await page.goto(attackerUrl);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.locator('button').click()]);
      return { status: response.status(), body: await response.text() };
    } finally {
      await page.close();
    }
  }

  it('refuses a flag posted from another site with the caseworker’s own view credential and cookie, and stores nothing', async () => {
    const page = await victim.newPage();
    await page.goto(`${demo.url}sager/${referralId}`);
    const panel = page.frame({ url: /\/panel\/referrals\// })!;
    await panel.waitForLoadState();
    const view = await panel.locator('input[name="view"]').first().getAttribute('value');
    expect(view).to.match(/^[A-Za-z0-9_-]{43}$/);
    const before = (await demo.plugin.ctx.flags.forReferral(referralId)).length;
    const result = await attack(`${demo.url}panel/referrals/${referralId}/flags?lang=da`, { view: view!, input: 'severity', comment: 'Indsat af en fremmed side' });
    expect(result.status).to.equal(403);
    expect(result.body).to.contain('CROSS_SITE_REQUEST').and.not.contain('bs-score');
    expect(await demo.plugin.ctx.flags.forReferral(referralId)).to.have.length(before);
    // The caseworker's own form, in the plugin's page, still works.
    await panel.locator('tr[data-input="severity"] summary').click();
    await panel.locator('#flag-severity').fill('Alvoren er registreret forkert');
    await panel.locator('tr[data-input="severity"] button[type="submit"]').click();
    await panel.waitForURL(/flagged=1/);
    expect(await demo.plugin.ctx.flags.forReferral(referralId)).to.have.length(before + 1);
    await page.close();
  });

  it('refuses a launch by form from another site with an unused token, so the token stays unused', async () => {
    const token = await mintDevelopmentToken(demo.plugin.developmentKey, { userId: 'demo-socialraadgiver', role: 'caseworker', referralId, audience: 'beslutningsstotte', lifetimeSeconds: 300 });
    const result = await attack(`${demo.url}panel/referrals/${referralId}`, { token });
    expect(result.status).to.equal(403);
    const page = await victim.newPage();
    await page.goto(`${demo.url}panel/referrals/${referralId}?token=${encodeURIComponent(token)}`);
    expect(page.url()).to.equal(`${demo.url}panel/referrals/${referralId}`);
    expect(Number(await page.locator('.bs-score-number').textContent())).to.be.within(1, 10);
    await page.close();
  });

  it('opens nothing in another browser with the launch URL copied out of the case view (401 TOKEN_REPLAYED)', async () => {
    const page = await victim.newPage();
    await page.goto(`${demo.url}sager/${referralId}`);
    const src = await page.locator('iframe.host-panel').getAttribute('src');
    const frame = page.frame({ url: /\/panel\/referrals\// })!;
    await frame.waitForLoadState();
    expect(frame.url(), 'the frame left the token-bearing URL').to.not.contain('token=');
    const other = await browser.newContext();
    try {
      const stranger = await other.newPage();
      const res = await stranger.goto(new URL(src!, demo.url).toString());
      expect(res?.status()).to.equal(401);
      expect(await stranger.content()).to.contain('TOKEN_REPLAYED').and.not.contain('bs-score-number');
    } finally {
      await other.close();
    }
    // The caseworker reloads the case view (the host launches again) and keeps working.
    await page.reload();
    const again = page.frame({ url: /\/panel\/referrals\// })!;
    await again.waitForLoadState();
    expect(await again.locator('.bs-score-number, .bs-state').count()).to.be.greaterThan(0);
    await page.close();
  });
});
