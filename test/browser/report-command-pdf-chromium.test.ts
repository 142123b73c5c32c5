// `beslutningsstotte report --format pdf` in real Chromium: an A4 PDF, and --mark-filed moves the child's next
// due date (the schedule counts from the report filed to the journal).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../plugin/cli/main';
import { sharedSeededDatabase } from '../helpers/seeded-database';
import { describeWithChromium } from '../helpers/chromium';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describeWithChromium('the report command printing a PDF (browser)', () => {
  const today = '2025-06-30';
  let dir: string;
  let config: string;
  before(async () => {
    const { file } = await sharedSeededDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-report-pdf-'));
    config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } } }));
    expect(await main(['report', '--seed-demo', '--today', today, '--config', config], captureIo().io)).to.equal(0);
  });

  it('--format pdf writes an A4 PDF with Chromium, and --mark-filed moves the child’s next due date', async function () {
    this.timeout(60000);
    const list = captureIo();
    await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], list.io);
    const first = (JSON.parse(list.out.join('\n')) as Array<{ childId: string; dueDate: string }>)[0]!;
    const out = path.join(dir, 'r.pdf');
    expect(await main(['report', '--child', first.childId, '--format', 'pdf', '--out', out, '--mark-filed', '--today', today, '--config', config], captureIo().io)).to.equal(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(pdf.toString('latin1')).to.match(/\/MediaBox \[0 0 595\.9\d* 842\.\d+\]/);
    const again = captureIo();
    await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], again.io);
    expect((JSON.parse(again.out.join('\n')) as Array<{ childId: string }>).some((d) => d.childId === first.childId)).to.equal(false);
  });
});
