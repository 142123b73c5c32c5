// Filing in the demo host, in real Chromium: a child's view embeds the report, whose filing section (after the
// report) says the period is not filed and offers "Journalisér"; pressing it files the period once, and the
// report then says at the top who filed it and when, and the child's next follow-up counts from today. Checked
// with axe-core (WCAG 2.1 AA: no serious or critical violations) before and after, and at desktop, tablet and
// 320 px widths (no sideways scrolling); screenshots go to docs/screenshots/. The demo host has no delivery
// configuration, so the filed report says, honestly, that the plugin does not deliver it: it is filed only.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startDemoHost, type RunningDemoHost } from '../../plugin/demo-host/start-demo-host';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium';
import { REPO_ROOT } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';
import { DeliveryOutboxRepository } from '../../plugin/storage/delivery-outbox-repository';
import { anyMunicipalityDelivery } from '../helpers/delivery-fixtures';

const SCREENSHOTS = path.join(REPO_ROOT, 'docs', 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function seriousViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(axeSource);
  const result = (await frame.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as { violations: Array<{ id: string; impact: string | null }> };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

describeWithChromium('filing a follow-up report in the demo host (browser)', function () {
  this.timeout(120_000);
  let demo: RunningDemoHost;
  let browser: Browser;
  let page: Page;
  let dir: string;

  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const { file } = await sharedSeededDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-fu-filing-'));
    // No delivery configuration, whatever the machine's environment says.
    const env = { ...process.env };
    delete env.BESLUTNINGSSTOTTE_DELIVERY_CONFIG;
    demo = await startDemoHost({ port: 0, host: '127.0.0.1', env, hostDatabaseFile: file, pluginDatabaseFile: path.join(dir, 'plugin.sqlite'), logLevel: 'silent' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('files the report with "Journalisér" after reading it, shows who filed it and when, and the next follow-up counts from today', async () => {
    const followUp = demo.plugin.ctx.followUp!;
    const today = followUp.today();
    await page.goto(`${demo.url.replace(/\/$/, '')}/opfoelgning`);
    const link = page.locator('table.host-table tbody tr a').first();
    const childId = decodeURIComponent((await link.getAttribute('href'))!.split('/').at(-1)!);
    const dueBefore = (await followUp.repo.lastFiledReports()).get(childId) ?? null;
    await link.click();
    const frame = page.frameLocator('iframe.host-panel');
    const button = frame.getByRole('button', { name: 'Journalisér' });
    await button.waitFor();
    const section = frame.locator('section.fu-filing');
    expect(await section.textContent()).to.contain('er ikke journaliseret').and.contain('At hente eller printe PDF\'en journaliserer ikke.');
    expect(await frame.locator('.fu-filed-status').count()).to.equal(0);
    const report = page.frame({ url: /\/panel\/children\/[^/]+\/follow-up/ })!;
    expect(await seriousViolations(report)).to.deep.equal([]);
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(SCREENSHOTS, '27-follow-up-filing-1280-px.png') });

    await button.click();
    const status = frame.locator('p.fu-filed-status');
    await status.waitFor();
    expect(await status.textContent()).to.match(/^Journaliseret \d{1,2}\. [a-zæøå]+ \d{4} af demo-socialraadgiver\.$/);
    expect(await frame.getByRole('status').first().textContent()).to.equal('Rapporten er journaliseret.');
    expect(await frame.getByRole('button', { name: 'Journalisér' }).count()).to.equal(0);
    const delivery = frame.locator('section.fu-filing');
    expect(await delivery.textContent()).to.contain('Levering af den journaliserede rapport').and.contain('levering med mail, SharePoint eller kalender er ikke sat op. Rapporten er kun journaliseret.');
    expect(await frame.locator('li.fu-delivery').count()).to.equal(0);
    const filed = page.frame({ url: /filed=1/ })!;
    expect(await seriousViolations(filed)).to.deep.equal([]);

    const filings = await followUp.filings.filingsFor(childId);
    expect(filings).to.have.length(1);
    expect(filings[0]).to.include({ childId, filedBy: 'demo-socialraadgiver', filedOn: today });
    expect((await followUp.repo.lastFiledReports()).get(childId)).to.equal(today).and.not.equal(dueBefore);

    for (const width of [1280, 820, 320]) {
      await page.setViewportSize({ width, height: 900 });
      await filed.evaluate('window.scrollTo(0, 0)');
      expect(await filed.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth'), `${width} px`).to.equal(true);
      await page.locator('iframe.host-panel').screenshot({ path: path.join(SCREENSHOTS, `27-follow-up-filed-${width}-px.png`) });
      if (width === 320) {
        await delivery.scrollIntoViewIfNeeded();
        await delivery.screenshot({ path: path.join(SCREENSHOTS, '28-follow-up-delivery-not-set-up-320-px.png') });
      }
    }
  });

  it('with a delivery configuration, shows each delivery of the filing waiting, then a failure with what to do', async () => {
    const configured = mkdtempSync(path.join(os.tmpdir(), 'bs-fu-delivery-'));
    const deliveryFile = path.join(configured, 'delivery.json');
    writeFileSync(deliveryFile, JSON.stringify(anyMunicipalityDelivery()));
    const { file } = await sharedSeededDatabase();
    // The demo host runs no delivery worker: the rows wait until the test marks them as a worker would.
    const withDelivery = await startDemoHost({ port: 0, host: '127.0.0.1', env: { ...process.env, BESLUTNINGSSTOTTE_DELIVERY_CONFIG: deliveryFile }, hostDatabaseFile: file, pluginDatabaseFile: path.join(configured, 'plugin.sqlite'), logLevel: 'silent' });
    const tab = await browser.newPage({ viewport: { width: 320, height: 900 }, locale: 'da-DK' });
    try {
      await tab.goto(`${withDelivery.url.replace(/\/$/, '')}/opfoelgning`);
      await tab.locator('table.host-table tbody tr a').first().click();
      const frame = tab.frameLocator('iframe.host-panel');
      await frame.getByRole('button', { name: 'Journalisér' }).click();
      const items = frame.locator('li.fu-delivery');
      await items.first().waitFor();
      expect(await items.allTextContents()).to.deep.equal(['Mail til sagsbehandleren: Venter på at blive sendt.', 'Upload til SharePoint: Venter på at blive sendt.']);

      const repo = new DeliveryOutboxRepository(withDelivery.plugin.pluginDb);
      const claimed = await repo.claimDue('demo-worker', new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), 10);
      const upload = claimed.find((r) => r.kind === 'upload')!;
      await repo.markFailed(upload.deliveryId, 'demo-worker', '403 (accessDenied): the application lacks the permission Files.ReadWrite.All (or Sites.Selected with write access to the site) (grant it and give admin consent); Access denied');
      await repo.markDelivered(claimed.find((r) => r.kind === 'mail')!.deliveryId, 'demo-worker', 'AAMkAD-1', new Date().toISOString());
      await tab.reload();
      await items.first().waitFor();
      const texts = await items.allTextContents();
      expect(texts[0]).to.match(/^Mail til sagsbehandleren: Leveret \d{1,2}\. [a-zæøå]+ \d{4} kl\. \d{2}\.\d{2}\.$/);
      expect(texts[1]).to.equal('Upload til SharePoint: Kunne ikke leveres. Kontakt kommunens IT: programmet mangler tilladelsen Files.ReadWrite.All / Sites.Selected i Microsoft 365.');
      const report = tab.frame({ url: /\/panel\/children\/[^/]+\/follow-up/ })!;
      expect(await seriousViolations(report)).to.deep.equal([]);
      expect(await report.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).to.equal(true);
      const section = frame.locator('section.fu-filing');
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: path.join(SCREENSHOTS, '28-follow-up-delivery-failed-320-px.png') });
    } finally {
      await tab.close();
      await withDelivery.close();
      rmSync(configured, { recursive: true, force: true });
    }
  });
});
