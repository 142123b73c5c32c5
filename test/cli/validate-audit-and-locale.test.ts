// `beslutningsstotte validate` as a municipality runs it, for the two things a report that leaves the building
// needs: a record in the one audit trail of every run (who made it, when, with which model, over which period, and
// whether it was written or refused, with the code), listed by `audit --runs` beside the batch runs; and the
// report in English (`--lang en`) as complete as the Danish one, with the same JSON twin.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openPluginDatabase } from '../../plugin/storage/plugin-database';
import { runCli } from '../helpers/cli';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const FROM = '2017-01-01';
const TO = '2024-12-31';

interface RunRow {
  auditId: number;
  occurredAt: string;
  requestId: string;
  userId: string | null;
  userRole: string | null;
  extensionPoint: string;
  view: string;
  modelId: string | null;
  modelVersion: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  outcome: string;
  code: string | null;
}

/** The text a reader reads: no markup, style, script (nor the embedded figures, which carry both languages). */
function readable(html: string): string[] {
  const body = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  return body
    .split(/<[^>]+>/)
    .map((t) => t.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim())
    .filter((t) => t.length > 0);
}

describe('beslutningsstotte validate: audit record of every run, and the English report', function () {
  this.timeout(300_000);
  let dir: string;
  let config: string;
  const out = (name: string) => path.join(dir, name);

  const runs = async (...extra: string[]): Promise<RunRow[]> => {
    const listed = await runCli(['audit', '--runs', '--format', 'json', '--config', config, ...extra]);
    expect(listed.code, listed.err).to.equal(0);
    return JSON.parse(listed.out) as RunRow[];
  };

  before(async () => {
    const { file } = await sharedSeededDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-validate-audit-'));
    config = out('server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: out('plugin.sqlite') } } }));
    const batch = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--no-progress']);
    expect(batch.code, batch.err).to.equal(0);
    for (const locale of ['da', 'en']) {
      const run = await runCli(['validate', '--from', FROM, '--to', TO, '--config', config, '--out', out(`report-${locale}.html`), '--json', out(`report-${locale}.json`), '--lang', locale, '--resamples', '200']);
      expect(run.code, run.err).to.equal(0);
      expect(run.out).to.include(`Report (${locale})`);
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the English report whole: lang="en", every section, no Danish sentence of the Danish report; the JSON twin is the same', () => {
    const en = readFileSync(out('report-en.html'), 'utf8');
    const da = readFileSync(out('report-da.html'), 'utf8');
    expect(en).to.match(/<html lang="en">/);
    expect(da).to.match(/<html lang="da">/);
    for (const heading of ['Summary', 'Data', 'Ability to tell apart', 'Calibration', 'Distribution and drift', 'Fairness', "The model card's figures", 'Method and limits', 'What the figures do not show']) {
      expect(readable(en), heading).to.include(heading);
    }
    const enText = new Set(readable(en));
    // Sentences and phrases (three words or more); the model's id and version are the same in every language.
    const danishSentences = readable(da).filter((l) => (l.match(/\p{L}{2,}/gu) ?? []).length >= 3 && !l.includes('demo-synthetic-boosted-trees'));
    expect(danishSentences.length).to.be.above(100);
    expect(danishSentences.filter((l) => enText.has(l))).to.deep.equal([]);
    expect([...enText].filter((l) => /[æøåÆØÅ]/.test(l))).to.deep.equal([]);
    expect(readFileSync(out('report-en.json'), 'utf8')).to.equal(readFileSync(out('report-da.json'), 'utf8'));
  });

  it('records each run in the audit trail: started and written, by the OS user, with the model and the period, and no referral, child or score', async () => {
    const plugin = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: out('plugin.sqlite') } });
    try {
      const rows = await plugin('bs_audit_event').where({ extension_point: 'validation' }).orderBy('audit_id');
      expect(rows.map((r: { code: string; outcome: string }) => [r.outcome, r.code])).to.deep.equal([
        ['validation-run', 'VALIDATION_RUN_STARTED'],
        ['validation-run', 'VALIDATION_REPORT_WRITTEN'],
        ['validation-run', 'VALIDATION_RUN_STARTED'],
        ['validation-run', 'VALIDATION_REPORT_WRITTEN'],
      ]);
      for (const r of rows) {
        expect(r).to.include({ view: 'report', referral_id: null, child_id: null, panel_referral_id: null, score: null, model_id: 'demo-synthetic-boosted-trees', period_from: FROM, period_to: TO });
        expect(r.user_id).to.equal(`os:${os.userInfo().username}`);
      }
      // One run, one request id; two runs, two.
      expect(rows[0].request_id).to.equal(rows[1].request_id);
      expect(rows[2].request_id).to.equal(rows[3].request_id);
      expect(rows[0].request_id).to.not.equal(rows[2].request_id);
    } finally {
      await plugin.destroy();
    }
  });

  it('lists batch and validation runs with `audit --runs`, one kind with --kind, and refuses --kind without --runs', async () => {
    const all = await runs();
    expect(all.map((r) => `${r.extensionPoint}:${r.code}`)).to.deep.equal([
      'batch:BATCH_RUN_STARTED', 'batch:BATCH_RUN_FINISHED',
      'validation:VALIDATION_RUN_STARTED', 'validation:VALIDATION_REPORT_WRITTEN',
      'validation:VALIDATION_RUN_STARTED', 'validation:VALIDATION_REPORT_WRITTEN',
    ]);
    expect(Object.keys(all[0]!)).to.deep.equal(['auditId', 'occurredAt', 'requestId', 'userId', 'userRole', 'extensionPoint', 'view', 'modelId', 'modelVersion', 'periodFrom', 'periodTo', 'outcome', 'code']);
    expect(all.filter((r) => r.extensionPoint === 'validation').every((r) => r.periodFrom === FROM && r.periodTo === TO)).to.equal(true);
    // Batch and validation runs alike: who ran it as the operating system names them, no role, and the period.
    expect(all.every((r) => /^os:/.test(String(r.userId)) && r.userRole === null)).to.equal(true);
    expect(all.filter((r) => r.extensionPoint === 'batch').every((r) => r.periodFrom !== null && r.periodTo !== null)).to.equal(true);
    expect((await runs('--kind', 'validation')).map((r) => r.extensionPoint)).to.deep.equal(['validation', 'validation', 'validation', 'validation']);
    expect((await runs('--kind', 'batch')).map((r) => r.code)).to.deep.equal(['BATCH_RUN_STARTED', 'BATCH_RUN_FINISHED']);
    const csv = await runCli(['audit', '--runs', '--kind', 'validation', '--config', config]);
    expect(csv.out.split('\n')[0]).to.equal('auditId,occurredAt,requestId,userId,userRole,extensionPoint,view,modelId,modelVersion,periodFrom,periodTo,outcome,code');
    expect(csv.out.split('\n')[2]).to.contain(`,validation,report,demo-synthetic-boosted-trees,`).and.contain(`,${FROM},${TO},validation-run,VALIDATION_REPORT_WRITTEN`);
    const wrong = await runCli(['audit', '--referral', '4711', '--kind', 'batch', '--config', config]);
    expect(wrong.code).to.equal(2);
    expect(wrong.err).to.contain('INPUT_INVALID');
  });

  it('records a refused run with the refusal\'s code, and writes no report', async () => {
    const before = (await runs('--kind', 'validation')).length;
    const run = await runCli(['validate', '--from', '2030-01-01', '--to', '2030-06-30', '--config', config, '--out', out('none.html'), '--lang', 'en']);
    expect(run.code).to.not.equal(0);
    expect(run.err).to.contain('VALIDATION_NO_SCORES');
    expect(existsSync(out('none.html'))).to.equal(false);
    const added = (await runs('--kind', 'validation')).slice(before);
    expect(added.map((r) => [r.outcome, r.code, r.periodFrom, r.periodTo, r.modelId])).to.deep.equal([
      ['validation-run', 'VALIDATION_RUN_STARTED', '2030-01-01', '2030-06-30', 'demo-synthetic-boosted-trees'],
      ['refused', 'VALIDATION_NO_SCORES', '2030-01-01', '2030-06-30', 'demo-synthetic-boosted-trees'],
    ]);
    expect(added[0]!.requestId).to.equal(added[1]!.requestId);
  });

  it('records a run refused because the model package is not approved, with its code and no model named', async () => {
    const { file } = await sharedSeededDatabase();
    const approvals = out('approved-none.json');
    writeFileSync(approvals, JSON.stringify({ approved: [] }));
    const unapproved = out('unapproved.json');
    writeFileSync(unapproved, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: out('plugin.sqlite') } }, model: { dir: 'models/demo-synthetic/boosted-trees', approvedModelsFile: approvals } }));
    const before = (await runs('--kind', 'validation')).length;
    const run = await runCli(['validate', '--from', FROM, '--to', TO, '--config', unapproved, '--out', out('unapproved.html')]);
    expect(run.code).to.not.equal(0);
    expect(run.err).to.contain('MODEL_UNKNOWN');
    expect(existsSync(out('unapproved.html'))).to.equal(false);
    const added = (await runs('--kind', 'validation')).slice(before);
    expect(added.map((r) => [r.outcome, r.code, r.modelId, r.periodFrom, r.periodTo])).to.deep.equal([['refused', 'MODEL_UNKNOWN', null, FROM, TO]]);
  });

  it('leaves no record for a command refused before it reads anything (a bad date, an unknown locale)', async () => {
    const before = (await runs()).length;
    const badDay = await runCli(['validate', '--from', '2023-02-30', '--to', TO, '--config', config, '--out', out('x.html')]);
    expect(badDay.code).to.equal(2);
    expect(badDay.err).to.contain('INPUT_INVALID');
    const badLocale = await runCli(['validate', '--from', FROM, '--to', TO, '--config', config, '--out', out('x.html'), '--lang', 'fr']);
    expect(badLocale.code).to.equal(2);
    expect(badLocale.err).to.match(/--lang/);
    expect((await runs()).length).to.equal(before);
    expect(existsSync(out('x.html'))).to.equal(false);
  });

  it('writes no report when its audit record cannot be written (VALIDATION_AUDIT_UNAVAILABLE)', async () => {
    const { file } = await sharedSeededDatabase();
    writeFileSync(out('not-a-folder'), 'a file where the plugin database\'s folder should be');
    const broken = out('broken.json');
    writeFileSync(broken, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(out('not-a-folder'), 'plugin.sqlite') } } }));
    const run = await runCli(['validate', '--from', FROM, '--to', TO, '--config', broken, '--out', out('unaudited.html')]);
    expect(run.code).to.not.equal(0);
    expect(run.err).to.contain('VALIDATION_AUDIT_UNAVAILABLE');
    expect(existsSync(out('unaudited.html'))).to.equal(false);
  });
});
