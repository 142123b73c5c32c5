// The report as a PDF for the case journal: Chromium prints the print view to A4 with the child and period
// in every page's header and "page n of m" in the footer. The charts are SVG, so they stay sharp at any zoom.
// One browser is started on first use and kept for later reports (a report then prints in well under a
// second); the page has no network: the HTML carries its stylesheet and charts inline.
import { chromium, type Browser } from 'playwright-core';
import { BeslutningsstotteError } from '../errors';
import { escapeXml } from './svg-line-chart';

export const CHROMIUM_PATH = process.env.BESLUTNINGSSTOTTE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface PdfLabels {
  /** Child and period, printed at the top of every page. */
  readonly header: string;
  readonly page: string;
  readonly of: string;
}

export class ReportPdfPrinter {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly executablePath = CHROMIUM_PATH) {}

  private open(): Promise<Browser> {
    this.browser ??= chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS }).catch((error: unknown) => {
      this.browser = null;
      throw error;
    });
    return this.browser;
  }

  async print(html: string, labels: PdfLabels): Promise<Buffer> {
    let browser: Browser;
    try {
      browser = await this.open();
    } catch (cause) {
      throw new BeslutningsstotteError('PDF_UNAVAILABLE', { reason: 'Chromium did not start' }, { cause });
    }
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      const style = 'font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #222; width: 100%; padding: 0 14mm;';
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="${style} display:flex; justify-content:space-between;"><span>${escapeXml(labels.header)}</span></div>`,
        footerTemplate: `<div style="${style} text-align:right;">${escapeXml(labels.page)} <span class="pageNumber"></span> ${escapeXml(labels.of)} <span class="totalPages"></span></div>`,
        margin: { top: '18mm', bottom: '15mm', left: '14mm', right: '14mm' },
      });
    } finally {
      await context.close();
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser).close();
  }
}
