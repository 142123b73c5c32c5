// Chromium for the tests that need it (pages, PDFs), found where the plugin itself looks for it
// (BESLUTNINGSSTOTTE_CHROMIUM, else /usr/bin/chromium). On a machine without it, every such test is reported
// as pending with the reason in its title, never as failing; CI installs Chromium (.ci/run) and runs them all.
// To see a fresh machine here: BESLUTNINGSSTOTTE_CHROMIUM=/nonexistent npm test.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CHROMIUM_PATH } from '../../plugin/printing/report-pdf-printer';

export const CHROMIUM = CHROMIUM_PATH;
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why the Chromium tests cannot run here; null when they can. */
export const chromiumMissing: string | null = existsSync(CHROMIUM) ? null : `pending: no Chromium at ${CHROMIUM} (install it, or set BESLUTNINGSSTOTTE_CHROMIUM)`;

/** A suite that needs Chromium: pending, with the reason, where there is none. */
export function describeWithChromium(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  return chromiumMissing === null ? describe(title, fn) : describe.skip(`${title} (${chromiumMissing})`, fn);
}

/** One test that needs Chromium in a suite that otherwise does not: pending, with the reason, where there is none. */
export function itWithChromium(title: string, fn: Mocha.Func): Mocha.Test {
  return chromiumMissing === null ? it(title, fn) : it.skip(`${title} (${chromiumMissing})`, fn);
}

/** Serious and critical axe-core violations of WCAG 2.1 A/AA on the page, one line each (an empty list is a pass). */
export async function seriousAccessibilityViolations(page: import('playwright-core').Page): Promise<string[]> {
  await page.evaluate(axeSource());
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }>;
  };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} ×${v.nodes.length}`);
}

let axe: string | null = null;
const axeSource = (): string => (axe ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));

/** A new page that records its console errors and every request that leaves the file it was opened from. */
export async function watchedPage(browser: import('playwright-core').Browser, viewport: { width: number; height: number }) {
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) requests.push(r.url());
  });
  return { page, problems, requests };
}
