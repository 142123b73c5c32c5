// Batch extraction in worker threads: the workers extract exactly what the main thread's extractor does, a batch
// through them stores the very rows a batch in one thread stores (chunks claimed ahead and answered out of
// order included), and a worker that fails fails the run with its error (audited), leaving no thread behind.
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { DatabaseConfig } from '../../adapters/database-config';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { runBatchScoring } from '../../plugin/batch/batch-scoring';
import { ExtractionWorkers } from '../../plugin/batch/extraction-workers';
import { BeslutningsstotteError } from '../../plugin/errors';
import { DEFAULT_APPROVALS_FILE, DEMO_MODEL_DIR } from '../../plugin/product-paths';
import { readApprovalList } from '../../plugin/scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';
import { referenceMapping } from '../helpers/reference-mapping';

const PERIOD = { from: '1980-01-01', to: '2030-12-31' };

describe('batch extraction in worker threads', function () {
  this.timeout(120_000);
  let hostFile: string;
  let hostDatabase: DatabaseConfig;
  let model: LoadedModelPackage;
  const open: Knex[] = [];

  const database = (file: string): Knex => {
    const db = openSqlite(file);
    open.push(db);
    return db;
  };
  const pluginDatabase = async (): Promise<Knex> => {
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-workers-')), 'plugin.sqlite') } });
    open.push(db);
    await migratePluginDatabase(db);
    return db;
  };

  before(async () => {
    hostFile = (await sharedSeededDatabase()).file;
    hostDatabase = { client: 'better-sqlite3', connection: { filename: hostFile } };
    model = await loadModelPackage(DEMO_MODEL_DIR, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) });
  });

  after(async () => {
    await model.runtime.release();
    await Promise.all(open.map((db) => db.destroy()));
  });

  it('extracts in the workers exactly what the main thread extracts, for ids in any order and ids the host lacks', async () => {
    const hostDb = database(hostFile);
    const ids = ((await hostDb('underretning').orderBy('underretning_id', 'desc').pluck('underretning_id')) as unknown[]).map(String);
    const asked = [...ids.slice(0, 120), 'no-such-referral', ...ids.slice(300, 330)];
    const workers = new ExtractionWorkers({ hostDatabase, mapping: referenceMapping(), workers: 2, sliceSize: 40 });
    try {
      const [inWorkers, again] = await Promise.all([workers.extract(asked).result, workers.extract(asked.slice(0, 10)).result]);
      const inThread = await new FeatureExtractor(hostDb, referenceMapping()).extractBatch(asked.map((id) => (/^\d+$/.test(id) ? Number(id) : id)), { sliceSize: 40 });
      expect(inWorkers).to.have.length(150);
      expect(inWorkers).to.deep.equal(inThread);
      expect(again).to.deep.equal(inThread.slice(0, 10));
    } finally {
      await workers.close();
    }
  });

  it('gives a job back that no worker has begun (the run then extracts it itself), and never one begun', async () => {
    const hostDb = database(hostFile);
    const ids = ((await hostDb('underretning').orderBy('underretning_id').limit(30).pluck('underretning_id')) as unknown[]).map(String);
    const workers = new ExtractionWorkers({ hostDatabase, mapping: referenceMapping(), workers: 1, sliceSize: 10 });
    try {
      // Just started, the worker is not ready yet: nothing has been sent to it.
      const early = workers.extract(ids);
      expect(early.takeBack()).to.equal(true);
      expect(early.takeBack()).to.equal(false);
      const later = workers.extract(ids.slice(0, 5));
      expect(await later.result).to.have.length(5);
      expect(later.takeBack()).to.equal(false);
    } finally {
      await workers.close();
    }
  });

  it('stores through the workers the very rows a batch in one thread stores', async () => {
    const hostDb = database(hostFile);
    const mapping = referenceMapping();
    const [alone, threaded] = [await pluginDatabase(), await pluginDatabase()];
    await runBatchScoring({ hostDb, pluginDb: alone, mapping, model }, { period: PERIOD, chunkSize: 37 });
    const workers = new ExtractionWorkers({ hostDatabase, mapping, workers: 2, sliceSize: 37 });
    expect(workers.running).to.equal(2);
    const summary = await runBatchScoring({ hostDb, pluginDb: threaded, mapping, model, extractor: workers }, { period: PERIOD, chunkSize: 37 }).finally(() => workers.close());
    expect(workers.running).to.equal(0);

    const columns = ['referral_id', 'status', 'received_at', 'probability', 'score', 'age_band', 'features_digest', 'explanation', 'refusal_codes'];
    const rows = (db: Knex) => db('bs_batch_result').select(columns).orderBy('referral_id');
    const expected = await rows(alone);
    expect(expected.length).to.be.greaterThan(500);
    expect(summary.scored + summary.refused).to.equal(expected.length);
    expect(await rows(threaded)).to.deep.equal(expected);
  });

  it('fails the run with a worker\'s error, audits the failure, stores nothing of the chunks in flight and ends every thread', async () => {
    // A host copy without a table the mapping reads: the main thread pages the referrals, the workers cannot extract.
    const broken = path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-workers-host-')), 'host.sqlite');
    copyFileSync(hostFile, broken);
    const hostDb = database(broken);
    await hostDb.schema.dropTable('adresse_historik');
    const pluginDb = await pluginDatabase();
    const mapping = referenceMapping();
    const workers = new ExtractionWorkers({ hostDatabase: { client: 'better-sqlite3', connection: { filename: broken } }, mapping, workers: 2, sliceSize: 50 });
    const failure = await runBatchScoring({ hostDb, pluginDb, mapping, model, extractor: workers }, { period: PERIOD, chunkSize: 50 })
      .then(() => null, (error: Error) => error)
      .finally(() => workers.close());
    expect(failure?.message).to.match(/adresse_historik/);
    expect(workers.running).to.equal(0);
    const codes = (await pluginDb('bs_audit_event').where({ extension_point: 'batch' }).orderBy('audit_id').pluck('code')) as string[];
    expect(codes).to.deep.equal(['BATCH_RUN_STARTED', 'BATCH_RUN_FAILED']);
    const statuses = (await pluginDb('bs_batch_result').distinct('status').pluck('status')) as string[];
    expect(statuses).to.deep.equal(['claimed']);
  });

  it('turns a worker that cannot start into BATCH_WORKER_FAILED for every request, and closes cleanly', async () => {
    const missing: DatabaseConfig = { client: 'better-sqlite3', connection: { filename: path.join(os.tmpdir(), 'bs-no-such-dir', 'host.sqlite') } };
    const workers = new ExtractionWorkers({ hostDatabase: missing, mapping: referenceMapping(), workers: 1, sliceSize: 10 });
    try {
      const first = await workers.extract(['1']).result.then(() => null, (error: unknown) => error);
      expect(first).to.be.instanceOf(BeslutningsstotteError);
      expect((first as BeslutningsstotteError).code).to.equal('BATCH_WORKER_FAILED');
      expect((first as Error).message).to.match(/does not exist/);
      const second = await workers.extract(['2']).result.then(() => null, (error: unknown) => error);
      expect((second as BeslutningsstotteError).code).to.equal('BATCH_WORKER_FAILED');
    } finally {
      await workers.close();
    }
    expect(workers.running).to.equal(0);
  });
});
