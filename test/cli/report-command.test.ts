// `beslutningsstotte report` through main(args, io): seed the demo follow-up data, list due and overdue
// follow-ups as JSON, and render one child's report as HTML (the PDF is in test/browser/report-command-pdf-chromium.test.ts).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../plugin/cli/main';
import { sharedSeededDatabase } from '../helpers/seeded-database';
import { anyMunicipalityDelivery } from '../helpers/delivery-fixtures';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe('the report command', () => {
  const today = '2025-06-30';
  let dir: string;
  let config: string;
  before(async () => {
    const { file } = await sharedSeededDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-report-'));
    config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } } }));
    const seeded = captureIo();
    expect(await main(['report', '--seed-demo', '--today', today, '--config', config], seeded.io)).to.equal(0);
    expect(seeded.out[0]).to.match(/^Seeded follow-up data for \d+ children in care/);
  });

  it('--list-due --format json lists child id, due date and whether it is overdue, most overdue first', async () => {
    const { io, out } = captureIo();
    expect(await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], io)).to.equal(0);
    const due = JSON.parse(out.join('\n')) as Array<{ childId: string; dueDate: string; overdue: boolean; daysOverdue: number }>;
    expect(due.length).to.be.greaterThan(0);
    for (const d of due) {
      expect(d.dueDate <= '2025-07-30').to.equal(true);
      expect(d.overdue).to.equal(d.dueDate < today);
    }
    expect(due.map((d) => d.dueDate)).to.deep.equal([...due.map((d) => d.dueDate)].sort());
  });

  it('--list-due prints a table by default', async () => {
    const { io, out } = captureIo();
    expect(await main(['report', '--list-due', '--today', today, '--config', config], io)).to.equal(0);
    expect(out[0]).to.equal('childId\tdueDate\toverdue\tdaysOverdue');
  });

  it('--child ID --format html --out FILE writes the report (Danish by default, English with --lang en)', async () => {
    const list = captureIo();
    await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], list.io);
    const childId = (JSON.parse(list.out.join('\n')) as Array<{ childId: string }>)[0]!.childId;
    const out = path.join(dir, 'r.html');
    const run = captureIo();
    expect(await main(['report', '--child', childId, '--format', 'html', '--out', out, '--today', today, '--config', config], run.io)).to.equal(0);
    const html = readFileSync(out, 'utf8');
    expect(html).to.contain('Opfølgning på barnets udvikling').and.contain(`barn-id ${childId}`).and.contain('<svg');
    const en = path.join(dir, 'r-en.html');
    await main(['report', '--child', childId, '--format', 'html', '--lang', 'en', '--out', en, '--today', today, '--config', config], captureIo().io);
    expect(readFileSync(en, 'utf8')).to.contain('Follow-up on the child');
  });

  it('--import stores SDQ and ORS rows from a licensed service whole, or refuses the file naming each row and field', async () => {
    const list = captureIo();
    await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], list.io);
    const childId = (JSON.parse(list.out.join('\n')) as Array<{ childId: string }>)[0]!.childId;
    const items = Array.from({ length: 25 }, (_, i) => `item${i + 1}`);
    const header = ['child_id', 'instrument', 'measured_on', 'respondent', ...items, 'me', 'family', 'school', 'everything'].join(',');
    const sdqRow = [childId, 'SDQ', '2025-06-01', 'teacher', ...items.map((_, i) => String(i % 3)), '', '', '', ''].join(',');
    const orsRow = [childId, 'ORS', '2025-06-02', 'child', ...items.map(() => ''), '6.5', '7', '5', '6'].join(',');
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, [header, sdqRow, orsRow].join('\n'));
    const ok = captureIo();
    expect(await main(['report', '--import', good, '--entered-by', 'sr-9', '--today', today, '--config', config], ok.io)).to.equal(0);
    expect(ok.out[0]).to.equal('Imported 2 measurements.');

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, [header, sdqRow.replace(`${childId},SDQ,2025-06-01,teacher,0,1,2`, `${childId},SDQ,2025-06-01,teacher,0,1,7`), orsRow.replace('6.5', '12')].join('\n'));
    const { openPluginDatabase } = await import('../../plugin/storage/plugin-database');
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } });
    const count = async () => Number((await db('bs_fu_measurement').count({ n: '*' }))[0]!.n);
    const before = await count();
    const refused = captureIo();
    expect(await main(['report', '--import', bad, '--entered-by', 'sr-9', '--today', today, '--config', config], refused.io)).to.equal(2);
    expect(refused.err).to.include('row 1: item3 range (0–2)').and.include('row 2: me range (0–10)');
    expect(refused.err.at(-1)).to.match(/^MEASUREMENT_INVALID/);
    expect(await count()).to.equal(before); // the good row of the refused file was not stored either
    await db.destroy();
  });

  it('--child ID --mark-filed files the period through the same filing as the report page: once, audited, and the child leaves the due list', async () => {
    const dueNow = async () => {
      const list = captureIo();
      await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], list.io);
      return JSON.parse(list.out.join('\n')) as Array<{ childId: string }>;
    };
    const childId = (await dueNow()).at(-1)!.childId;
    const period = ['--from', '2025-01-01', '--to', today];
    const first = captureIo();
    expect(await main(['report', '--child', childId, ...period, '--mark-filed', '--entered-by', 'sr-9', '--today', today, '--config', config], first.io)).to.equal(0);
    expect(first.out).to.have.length(1);
    expect(first.out[0]).to.match(new RegExp(`^Filed the report for 2025-01-01 – ${today} \\(filing \\d+\\); the next follow-up counts from ${today}\\.$`));
    const again = captureIo();
    expect(await main(['report', '--child', childId, ...period, '--mark-filed', '--today', today, '--config', config], again.io)).to.equal(0);
    expect(again.out).to.deep.equal([`The report for 2025-01-01 – ${today} was filed on ${today} by sr-9; nothing changed.`]);
    expect((await dueNow()).some((d) => d.childId === childId)).to.equal(false);
    const { openPluginDatabase } = await import('../../plugin/storage/plugin-database');
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } });
    try {
      expect(await db('bs_fu_filing').where({ child_id: childId }).select('filed_by', 'filed_by_role', 'period_from', 'period_to')).to.deep.equal([{ filed_by: 'sr-9', filed_by_role: 'command-line', period_from: '2025-01-01', period_to: today }]);
      const trail = await db('bs_audit_event').where({ child_id: childId, view: 'file' }).orderBy('audit_id').select('user_id', 'outcome', 'extension_point');
      expect(trail).to.have.length(2);
      expect(trail.map((r: { outcome: string }) => r.outcome)).to.deep.equal(['stored', 'shown']);
      expect(trail[0]).to.include({ user_id: 'sr-9', extension_point: 'follow-up-report' });
      expect(trail[1].user_id).to.match(/^os:/);
    } finally {
      await db.destroy();
    }
  });

  it('--mark-filed with a delivery configuration writes the outbox rows with the filing, once', async () => {
    const dueNow = captureIo();
    await main(['report', '--list-due', '--format', 'json', '--today', today, '--config', config], dueNow.io);
    const childId = (JSON.parse(dueNow.out.join('\n')) as Array<{ childId: string }>)[0]!.childId;
    const deliveryFile = path.join(dir, 'delivery.json');
    writeFileSync(deliveryFile, JSON.stringify(anyMunicipalityDelivery({ mode: 'mail', upload: undefined })));
    const before = process.env.BESLUTNINGSSTOTTE_DELIVERY_CONFIG;
    process.env.BESLUTNINGSSTOTTE_DELIVERY_CONFIG = deliveryFile;
    try {
      for (let i = 0; i < 2; i += 1) {
        const run = captureIo();
        expect(await main(['report', '--child', childId, '--from', '2025-01-01', '--to', today, '--mark-filed', '--entered-by', 'sr-12', '--today', today, '--config', config], run.io)).to.equal(0);
      }
    } finally {
      if (before === undefined) delete process.env.BESLUTNINGSSTOTTE_DELIVERY_CONFIG;
      else process.env.BESLUTNINGSSTOTTE_DELIVERY_CONFIG = before;
    }
    const { openPluginDatabase } = await import('../../plugin/storage/plugin-database');
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } });
    try {
      const filings = await db('bs_fu_filing').where({ child_id: childId }).select('filing_id');
      expect(filings).to.have.length(1);
      const rows = await db('bs_delivery_outbox').where({ filing_id: String(filings[0].filing_id) }).select('kind', 'status');
      expect(rows.map((r: { kind: string }) => r.kind)).to.include('mail');
      expect(rows.filter((r: { kind: string }) => r.kind === 'mail')).to.have.length(1);
    } finally {
      await db.destroy();
    }
  });

  it('refuses an unknown child (CHILD_NOT_FOUND), a bad date and a missing mode', async () => {
    const a = captureIo();
    expect(await main(['report', '--child', '999999999', '--format', 'html', '--out', path.join(dir, 'x.html'), '--config', config], a.io)).to.equal(2);
    expect(a.err[0]).to.match(/^CHILD_NOT_FOUND/);
    const b = captureIo();
    expect(await main(['report', '--list-due', '--today', '2025-13-45', '--config', config], b.io)).to.equal(2);
    expect(b.err[0]).to.match(/^INPUT_INVALID/);
    const c = captureIo();
    expect(await main(['report', '--config', config], c.io)).to.equal(2);
  });

});
