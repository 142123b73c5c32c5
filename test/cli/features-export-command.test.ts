// `beslutningsstotte features export`, run through main(args, io) on the small seeded database: every referral
// of the period with each feature's value and provenance, as CSV (a file) or JSON lines (standard output).
import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, tempFile } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const SHIPPED = path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json');

describe('the features export command', () => {
  let dbConfig: string;
  let seeded: Awaited<ReturnType<typeof sharedSeededDatabase>>['seeded'];
  let dir: string;
  before(async () => {
    const shared = await sharedSeededDatabase();
    seeded = shared.seeded;
    dbConfig = tempFile('db.json', { client: 'better-sqlite3', connection: { filename: shared.file } });
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-export-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const inPeriod = (from: string, to: string) => seeded.population.referrals.filter((r) => r.date >= from && r.date <= to);

  it('writes every referral of the period as JSON lines: the generator\'s features, nothing missing, provenance for each', async () => {
    const { code, out, err } = await runCli(['features', 'export', '--from', '2023-01-01', '--to', '2023-06-30', '--format', 'jsonl', '--db-config', dbConfig]);
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const lines = out.split('\n').map((l) => JSON.parse(l));
    const expected = inPeriod('2023-01-01', '2023-06-30');
    expect(expected.length).to.be.greaterThan(10);
    expect(lines.map((l) => l.referralId).sort()).to.deep.equal(expected.map((r) => String(r.id)).sort());
    const byId = new Map(expected.map((r) => [String(r.id), r.features]));
    for (const line of lines) {
      expect(line.features, line.referralId).to.deep.equal(byId.get(line.referralId));
      expect(line.missing).to.deep.equal([]);
      expect(line.unknownCodes).to.deep.equal([]);
      expect(line.provenance.map((p: { feature: string }) => p.feature)).to.have.members(Object.keys(line.features));
      expect(line.receivedAt >= '2023-01-01' && line.receivedAt < '2023-07-01').to.equal(true);
    }
    expect(lines.map((l) => l.receivedAt), 'oldest first').to.deep.equal([...lines.map((l) => l.receivedAt)].sort());
  });

  it('writes CSV to a file: one line per referral and feature, with the rule and the records that counted', async () => {
    const file = path.join(dir, 'features.csv');
    const { code, err } = await runCli(['features', 'export', '--from', '2024-03-01', '--to', '2024-03-31', '--out', file, '--mapping', SHIPPED, '--db-config', dbConfig]);
    expect(code).to.equal(0);
    const expected = inPeriod('2024-03-01', '2024-03-31');
    expect(err).to.equal(`Exported ${expected.length} referrals received 2024-03-01 – 2024-03-31 to ${file} (csv).`);
    const rows: Array<Record<string, string>> = parse(readFileSync(file, 'utf8'), { columns: true });
    expect(rows).to.have.length(expected.length * 22);
    for (const r of expected) {
      for (const [name, value] of Object.entries(r.features)) {
        const row = rows.find((x) => x.referral_id === String(r.id) && x.feature === name)!;
        expect(Number(row.value), `${r.id} ${name}`).to.equal(value);
        expect(row.state).to.equal('value');
        if (name === 'prior_referrals_total') {
          expect(row.table).to.equal('underretning');
          expect(row.rule).to.match(/^count of underretning records of the child, before /);
          expect(JSON.parse(row.records!)).to.have.length(value);
        }
      }
    }
    expect(readFileSync(file, 'utf8')).to.not.match(/\d{6}-\d{4}/); // never a CPR number
  });

  it('names an unknown code in the export instead of a value', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    mapping.codeLists.source_other.codes = mapping.codeLists.source_other.codes.filter((c: string) => c !== 'BORGER');
    const { code, out } = await runCli(['features', 'export', '--from', '2017-01-01', '--to', '2024-12-31', '--mapping', tempFile('m.json', mapping), '--db-config', dbConfig]);
    expect(code).to.equal(0);
    const rows: Array<Record<string, string>> = parse(out, { columns: true });
    const unknown = rows.filter((r) => r.state === 'unknown-code');
    expect(unknown.length).to.be.greaterThan(0);
    expect(unknown[0]).to.include({ unknown_code: 'underretning.kilde_kode=BORGER', value: '' });
  });

  it('refuses a period that is not two dates in order, with INPUT_INVALID', async () => {
    for (const args of [['--from', '2024-02-30', '--to', '2024-03-01'], ['--from', '2024-03-01', '--to', '2024-01-01']]) {
      const { code, err } = await runCli(['features', 'export', ...args, '--db-config', dbConfig]);
      expect(code).to.equal(2);
      expect(err).to.match(/^INPUT_INVALID: /);
    }
  });
});
