import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './test/helpers/chromium';
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto('file:///tmp/i16run/report.html');
for (const [id, name] of [['#fordeling', 'fordeling'], ['#retfaerdighed', 'retf']]) {
  const y = await page.$eval(id, (e) => (e as HTMLElement).offsetTop);
  await page.screenshot({ path: `/tmp/i16run/${name}.png`, clip: { x: 0, y, width: 1280, height: 1700 }, fullPage: true });
}
await browser.close();
