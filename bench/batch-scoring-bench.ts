// Batch scoring end to end on the seeded reference database (run `npm run db:seed` first):
//   npx tsx bench/batch-scoring-bench.ts [--file var/beslutningsstotte.sqlite] [--referrals 50000] [--chunk 1000]
// The newest N referrals' period is extracted through the reference mapping, scored with explanations by the
// demo model and stored in a fresh plugin database (a temporary SQLite file, WAL, synchronous=FULL), as
// `beslutningsstotte batch` does. Prints the time, the rate, the CPU time and the peak memory (resident set and JS heap).
// Target (issue 16): 50,000 referrals in under 10 s on the 2-core machine.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../adapters/database-config';
import { assertValidMapping } from '../adapters/mapping/mapping-validator';
import { runBatchScoring } from '../plugin/batch/batch-scoring';
import { defaultExtractionWorkers, ExtractionWorkers } from '../plugin/batch/extraction-workers';
import { DEFAULT_APPROVALS_FILE, DEFAULT_SQLITE_FILE, DEMO_MODEL_DIR, PRODUCT_ROOT } from '../plugin/product-paths';
import { readApprovalList } from '../plugin/scoring/model-approval';
import { loadModelPackage } from '../plugin/scoring/model-package-loader';
import { migratePluginDatabase, openPluginDatabase } from '../plugin/storage/plugin-database';
import { readJsonFile } from '../plugin/json-file';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    referrals: { type: 'string', default: '50000' },
    chunk: { type: 'string', default: '1000' },
    workers: { type: 'string', default: String(defaultExtractionWorkers()) },
  },
});
const wanted = Number(values.referrals);
const mappingFile = path.join(PRODUCT_ROOT, 'adapters', 'mappings', 'reference-dubu.json');
const mapping = assertValidMapping(readJsonFile(mappingFile), mappingFile);
const hostDatabase = { client: 'better-sqlite3' as const, connection: { filename: path.resolve(values.file) } };
const hostDb = openDatabase(hostDatabase);
const workers = Number(values.workers);
const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-batch-bench-'));
const pluginDb = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } });
const model = await loadModelPackage(DEMO_MODEL_DIR, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) });
try {
  await migratePluginDatabase(pluginDb);
  // The period that holds the newest `wanted` referrals (whole days: a few more may come in on its first day).
  const first = (await hostDb('underretning').orderBy('modtaget_tid', 'desc').offset(wanted - 1).limit(1).pluck('modtaget_tid'))[0] as string | undefined;
  const last = (await hostDb('underretning').max({ t: 'modtaget_tid' }).first())!.t as string;
  const period = { from: (first ?? '1900-01-01').slice(0, 10), to: String(last).slice(0, 10) };

  // Peak memory: the resident set and JS heap sampled during the run (and after each chunk, when the event loop
  // may be too busy for the timer), besides the process's own high-water mark (maxRSS).
  let heapPeak = 0;
  let rssPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  };
  const sampler = setInterval(sample, 20);
  const rssBefore = process.memoryUsage().rss;
  const loadBefore = os.loadavg()[0]!;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  // The worker threads start (and load their modules) inside the measured time, as the command's do.
  const extractor = workers > 0 ? new ExtractionWorkers({ hostDatabase, mapping, workers, sliceSize: Number(values.chunk) }) : undefined;
  const summary = await runBatchScoring({ hostDb, pluginDb, mapping, model, ...(extractor ? { extractor } : {}) }, { period, chunkSize: Number(values.chunk), onProgress: sample }).finally(() => extractor?.close());
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  sample();
  const stored = Number((await pluginDb('bs_batch_result').count({ n: '*' }).where({ status: 'scored' }).first())!.n);
  const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
  console.log(`period ${period.from} to ${period.to}: ${summary.total} referrals; ${summary.scored} scored with explanations and stored, ${summary.refused} refused`);
  console.log(`end to end: ${seconds.toFixed(2)} s = ${Math.round(summary.total / seconds)} referrals/s (target: 50,000 in < 10 s); ${stored} rows in the plugin database`);
  // CPU time of this process (main thread and onnxruntime's): on a machine shared with others it moves less than the wall clock.
  console.log(`CPU time: ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)} s, system ${(cpu.system / 1e6).toFixed(2)} s); load average before the run ${loadBefore.toFixed(1)} on ${os.availableParallelism()} cores`);
  console.log(`peak memory: resident ${mb(rssPeak)} sampled, ${Math.round(process.resourceUsage().maxRSS / 1024)} MB high-water mark (${mb(rssBefore)} before the run), JS heap ${mb(heapPeak)}`);
  const again = performance.now();
  const second = await runBatchScoring({ hostDb, pluginDb, mapping, model }, { period, chunkSize: Number(values.chunk) });
  console.log(`second run (nothing to do): ${((performance.now() - again) / 1000).toFixed(2)} s, ${second.skipped} already done`);
} finally {
  await model.runtime.release();
  await hostDb.destroy();
  await pluginDb.destroy();
  rmSync(dir, { recursive: true, force: true });
}
