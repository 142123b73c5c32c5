// Framing in real Chromium (playwright-core): a host page on another origin frames the panel. With no embedding
// origin configured the plugin answers frame-ancestors 'none' and X-Frame-Options: DENY, and Chromium shows
// nothing of the panel in the frame; with the host's origin configured, the panel renders there.
import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { loadDemoModel, scorableReferralIds, startTestPluginServer, type TestPluginServer } from '../server/helpers/test-plugin-server';

const CHROMIUM = '/usr/bin/chromium';
const describeIfChromium = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) {
  describe('framing in Chromium (browser)', () => {
    it('pending: /usr/bin/chromium is not installed, so framing cannot be tried in a real browser');
  });
}

describeIfChromium('framing in Chromium (browser)', function () {
  this.timeout(120_000);
  let model: LoadedModelPackage;
  let browser: Browser;
  let host: Server;
  let hostOrigin: string;
  let frameSrc = '';

  before(async () => {
    model = await loadDemoModel();
    host = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html lang="da"><title>Sag</title><h1>Sagen</h1><iframe id="panel" title="Risikopanel" src="${frameSrc}" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://localhost:${(host.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve()));
    await model?.runtime.release();
  });

  async function frameText(plugin: TestPluginServer): Promise<{ text: string; xfo: string | null }> {
    const [referralId] = await scorableReferralIds(plugin.hostDb, 1);
    frameSrc = `${plugin.url}/panel/referrals/${referralId}?token=${encodeURIComponent(await plugin.token(referralId!))}`;
    const page = await browser.newPage();
    try {
      const framed = page.waitForResponse((r) => r.url().startsWith(`${plugin.url}/panel/`));
      await page.goto(hostOrigin);
      const response = await framed;
      await page.waitForTimeout(500);
      const frame = page.frames().find((f) => f !== page.mainFrame());
      let text = '';
      try {
        text = frame ? await frame.evaluate('document.body ? document.body.innerText : ""') as string : '';
      } catch {
        text = '';
      }
      return { text, xfo: response.headers()['x-frame-options'] ?? null };
    } finally {
      await page.close();
    }
  }

  it('shows nothing of the panel in a frame when no host origin may embed it (frame-ancestors none, X-Frame-Options DENY)', async () => {
    const plugin = await startTestPluginServer({ model, allowedOrigins: [] });
    try {
      const { text, xfo } = await frameText(plugin);
      expect(xfo).to.equal('DENY');
      expect(text).to.not.match(/Risikoscore|Trak scoren/);
    } finally {
      await plugin.close();
    }
  });

  it('renders the panel in a frame on the configured host origin', async () => {
    const plugin = await startTestPluginServer({ model, allowedOrigins: [hostOrigin] });
    try {
      const { text, xfo } = await frameText(plugin);
      expect(xfo).to.equal(null);
      expect(text).to.match(/Risikoscore/);
    } finally {
      await plugin.close();
    }
  });
});
