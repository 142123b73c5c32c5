// `beslutningsstotte batch` on a small seeded database: everything in the period scored once, with its
// explanation, into the plugin's own tables; a second run does nothing; a run killed midway (SIGKILL, a real
// child process) and started again ends with every referral scored exactly once; a live claim of another run
// is respected and an expired one taken over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';
import { runCli } from '../helpers/cli';
import { BatchResultsRepository } from '../../plugin/storage/batch-results-repository';
import { PRODUCT_ROOT } from '../../plugin/product-paths';

const FROM = '1980-01-01';
const TO = '2030-12-31';

interface ResultRow {
  referral_id: string;
  status: string;
  run_id: string;
  score: number | null;
  probability: number | null;
  explanation: string | null;
  features_digest: string | null;
  scored_at: string | null;
  model_version: string;
}

describe('beslutningsstotte batch', function () {
  this.timeout(180_000);
  let dir: string;
  let config: string;
  let hostFile: string;
  let pluginFile: string;
  let hostIds: string[];

  const results = async (): Promise<ResultRow[]> => {
    const db = openSqlite(pluginFile);
    try {
      return (await db('bs_batch_result').select('*').orderBy('referral_id')) as ResultRow[];
    } finally {
      await db.destroy();
    }
  };

  beforeEach(async () => {
    hostFile = (await sharedSeededDatabase()).file;
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-batch-'));
    pluginFile = path.join(dir, 'plugin.sqlite');
    config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: hostFile } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: pluginFile } } }));
    const host = openSqlite(hostFile);
    try {
      hostIds = ((await host('underretning').where('modtaget_tid', '>=', FROM).andWhere('modtaget_tid', '<', '2031-01-01').pluck('underretning_id')) as unknown[]).map(String).sort();
    } finally {
      await host.destroy();
    }
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('scores every referral of the period once, with probability, score, digest and explanation; a second run does nothing', async () => {
    const first = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--no-progress']);
    expect(first.err).to.equal('');
    expect(first.code).to.equal(0);
    expect(first.out).to.match(new RegExp(`${hostIds.length} referrals in the period; ${hostIds.length} scored, 0 could not be scored`));
    const rows = await results();
    expect(rows.map((r) => r.referral_id).sort()).to.deep.equal(hostIds);
    for (const r of rows) {
      expect(r.status).to.equal('scored');
      expect(r.score).to.be.within(1, 10);
      expect(r.probability).to.be.within(0, 1);
      expect(r.features_digest).to.match(/^[0-9a-f]{64}$/);
      const explanation = JSON.parse(r.explanation!) as { additiveSpace: string; baseValue: number; features: Record<string, [number, number]> };
      // Every feature's value and exact contribution: they add up to the model's margin of the stored probability.
      const margin = explanation.baseValue + Object.values(explanation.features).reduce((sum, [, c]) => sum + c, 0);
      expect(Object.keys(explanation.features).length).to.be.greaterThan(10);
      expect(explanation.additiveSpace).to.equal('log-odds');
      expect(1 / (1 + Math.exp(-margin))).to.be.closeTo(r.probability!, 1e-5);
    }
    // The scores are nowhere in what the command prints.
    expect(first.out).not.to.match(/score\W+\d/i);

    const second = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--no-progress']);
    expect(second.code).to.equal(0);
    expect(second.out).to.match(new RegExp(`0 scored, 0 could not be scored \\(reason stored\\), ${hostIds.length} already done`));
    expect(await results()).to.deep.equal(rows);

    const db = openSqlite(pluginFile);
    try {
      const audit = await db('bs_audit_event').where({ extension_point: 'batch' }).orderBy('audit_id');
      expect(audit.map((a: { code: string }) => a.code)).to.deep.equal(['BATCH_RUN_STARTED', 'BATCH_RUN_FINISHED', 'BATCH_RUN_STARTED', 'BATCH_RUN_FINISHED']);
      expect(audit.every((a: { referral_id: unknown; score: unknown; outcome: string }) => a.referral_id === null && a.score === null && a.outcome === 'batch-run')).to.equal(true);
    } finally {
      await db.destroy();
    }
  });

  it('scores only the referrals received within the period, both days included', async () => {
    const host = openSqlite(hostFile);
    let expected: string[];
    try {
      expected = ((await host('underretning').where('modtaget_tid', '>=', '2023-01-01').andWhere('modtaget_tid', '<', '2024-01-01').pluck('underretning_id')) as unknown[]).map(String).sort();
    } finally {
      await host.destroy();
    }
    expect(expected.length).to.be.greaterThan(0);
    // In one thread (--workers 0) as with worker threads: the same referrals.
    const run = await runCli(['batch', '--from', '2023-01-01', '--to', '2023-12-31', '--config', config, '--no-progress', '--workers', '0']);
    expect(run.code).to.equal(0);
    expect((await results()).map((r) => r.referral_id).sort()).to.deep.equal(expected);
  });

  it('refuses a number of worker threads that is not one', async () => {
    for (const workers of ['-1', 'two', '1.5', '']) {
      const run = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--workers', workers]);
      expect(run.code, workers).to.equal(2);
      expect(run.err, workers).to.match(/INPUT_INVALID.*--workers must be a whole number/);
    }
    expect(existsSync(pluginFile), 'nothing was opened').to.equal(false);
  });

  it('refuses a period that is not one', async () => {
    const reversed = await runCli(['batch', '--from', '2024-01-01', '--to', '2023-01-01', '--config', config]);
    expect(reversed.code).to.equal(2);
    expect(reversed.err).to.match(/INPUT_INVALID.*--from \(2024-01-01\) is after --to/);
    const notADay = await runCli(['batch', '--from', '2023-02-30', '--to', '2023-03-01', '--config', config]);
    expect(notADay.code).to.equal(2);
    expect(notADay.err).to.match(/--from must be a calendar day/);
  });

  it('waits for another run\'s live claim and takes over a claim that has lapsed, scoring each referral once', async () => {
    // A run that died after claiming a few referrals: its claim lapses in a second.
    const plugin = openSqlite(pluginFile);
    let claimedByDeadRun: string[];
    try {
      await runCli(['batch', '--from', '1900-01-01', '--to', '1900-01-01', '--config', config, '--no-progress']); // migrates, scores nothing
      const repo = new BatchResultsRepository(plugin);
      const model = await modelIdentity(plugin);
      const now = new Date();
      claimedByDeadRun = await repo.claim(model, hostIds.slice(0, 7), 'dead-run', now.toISOString(), new Date(now.getTime() + 1500).toISOString());
      expect(claimedByDeadRun).to.have.length(7);
      // A live claim is not taken by someone else.
      expect(await repo.claim(model, hostIds.slice(0, 10), 'other-run', now.toISOString(), now.toISOString())).to.deep.equal(hostIds.slice(7, 10));
      await plugin('bs_batch_result').where({ run_id: 'other-run' }).delete();
    } finally {
      await plugin.destroy();
    }
    const run = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--no-progress']);
    expect(run.code).to.equal(0);
    expect(run.out).to.match(new RegExp(`${hostIds.length} scored`));
    const rows = await results();
    expect(rows.map((r) => r.referral_id).sort()).to.deep.equal(hostIds);
    expect(rows.filter((r) => r.status !== 'scored')).to.deep.equal([]);
    expect(new Set(rows.map((r) => r.run_id)).size).to.equal(1);
  });

  it('killed midway (SIGKILL) and started again, ends with every referral scored exactly once', async () => {
    const child = spawn(process.execPath, [path.join(PRODUCT_ROOT, 'bin', 'beslutningsstotte.js'), 'batch', '--from', FROM, '--to', TO, '--config', config, '--chunk-size', '5', '--claim-lease', '1', '--no-progress'], {
      cwd: PRODUCT_ROOT,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let scoredAtKill = 0;
    try {
      for (;;) {
        await new Promise((r) => setTimeout(r, 25));
        scoredAtKill = await countScored(pluginFile);
        if (scoredAtKill >= 20 || child.exitCode !== null) break;
      }
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(child.signalCode, 'the run was killed, not finished').to.equal('SIGKILL');
    const before = await results();
    const scoredBefore = before.filter((r) => r.status === 'scored');
    expect(scoredBefore.length).to.be.greaterThan(0).and.lessThan(hostIds.length);

    const again = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--no-progress', '--claim-lease', '1']);
    expect(again.code).to.equal(0);
    const scoredNow = Number(/(\d+) scored/.exec(again.out)![1]);
    expect(scoredNow + scoredBefore.length).to.equal(hostIds.length);
    const after = await results();
    expect(after.map((r) => r.referral_id).sort()).to.deep.equal(hostIds);
    expect(after.filter((r) => r.status !== 'scored')).to.deep.equal([]);
    // What the killed run finished is kept as it was, not scored again.
    const byId = new Map(after.map((r) => [r.referral_id, r]));
    for (const r of scoredBefore) expect(byId.get(r.referral_id)).to.deep.equal(r);
  });
});

async function countScored(file: string): Promise<number> {
  let db: Knex | null = null;
  try {
    db = openSqlite(file);
    const row = await db('bs_batch_result').count({ n: '*' }).where({ status: 'scored' }).first();
    return Number(row?.n ?? 0);
  } catch {
    return 0; // not created yet
  } finally {
    await db?.destroy();
  }
}

async function modelIdentity(db: Knex): Promise<{ id: string; version: string }> {
  const run = await db('bs_batch_run').first();
  return { id: String(run.model_id), version: String(run.model_version) };
}
