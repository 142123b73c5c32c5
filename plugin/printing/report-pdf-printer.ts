// The report as a PDF for the case journal: Chromium prints the print view to A4 with the child and period
// in every page's header and "page n of m" in the footer, tagged for screen readers. The charts are SVG, so they stay sharp at any zoom.
// One browser and one page are started on first use and kept (opening a page costs ~150 ms, a print ~250 ms),
// so prints are queued one at a time on that page. The page has no network and no JavaScript: the HTML
// carries its stylesheet and charts inline.
import { chromium, type Browser, type Page } from 'playwright-core';
import { BeslutningsstotteError } from '../errors';
import type { PdfLabels, ReportPrinter } from '../follow-up/follow-up-service';
import { escapeXml } from '../follow-up/svg-line-chart';

export const CHROMIUM_PATH = process.env.BESLUTNINGSSTOTTE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class ReportPdfPrinter implements ReportPrinter {
  private browser: Promise<Browser> | null = null;
  private page: Promise<Page> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly executablePath = CHROMIUM_PATH) {}

  private openPage(): Promise<Page> {
    this.page ??= (async () => {
      this.browser ??= chromium.launch({ executablePath: this.executablePath, args: CHROMIUM_ARGS });
      const browser = await this.browser;
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      return page;
    })().catch((error: unknown) => {
      this.page = null;
      this.browser = null;
      throw new BeslutningsstotteError('PDF_UNAVAILABLE', { reason: 'Chromium did not start' }, { cause: error });
    });
    return this.page;
  }

  /** Prints one report; prints are queued, one at a time. */
  print(html: string, labels: PdfLabels): Promise<Buffer> {
    const job = this.queue.then(() => this.printNow(html, labels));
    this.queue = job.catch(() => undefined);
    return job;
  }

  private async printNow(html: string, labels: PdfLabels): Promise<Buffer> {
    const page = await this.openPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const style = 'font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #222; width: 100%; padding: 0 14mm;';
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        // Tagged for screen readers: headings, lists, tables and the charts' titles reach assistive technology
        // (no outline: bookmarks cost print time and the report's headings serve).
        tagged: true,
        displayHeaderFooter: true,
        headerTemplate: `<div style="${style}">${escapeXml(labels.header)}</div>`,
        footerTemplate: `<div style="${style} text-align:right;">${escapeXml(labels.page)} <span class="pageNumber"></span> ${escapeXml(labels.of)} <span class="totalPages"></span></div>`,
        margin: { top: '18mm', bottom: '15mm', left: '14mm', right: '14mm' },
      });
    } catch (error) {
      // A page that failed may be broken: the next print opens a fresh one.
      this.page = null;
      await page.close().catch(() => undefined);
      throw new BeslutningsstotteError('PDF_UNAVAILABLE', { reason: 'Chromium could not print the report' }, { cause: error });
    }
  }

  async close(): Promise<void> {
    const browser = this.browser;
    this.browser = null;
    this.page = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
