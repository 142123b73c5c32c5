// Chromium for the tests that need it (pages, PDFs), found where the plugin itself looks for it
// (BESLUTNINGSSTOTTE_CHROMIUM, else /usr/bin/chromium). On a machine without it, every such test is reported
// as pending with the reason in its title, never as failing; CI installs Chromium (.ci/run) and runs them all.
// To see a fresh machine here: BESLUTNINGSSTOTTE_CHROMIUM=/nonexistent npm test.
import { existsSync } from 'node:fs';
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
