// Feature extraction speed on the seeded reference database (run `npm run db:seed` first):
//   npx tsx bench/adapter-extraction-bench.ts [--file var/beslutningsstotte.sqlite] [--single 2000] [--batch 10000]
// Prints single-referral latency (with provenance) p50/p99, the panel's data step (one referral with the
// child's earlier referrals, with provenance) p50/p99 and queries per referral, and batch throughput
// (set-based, no provenance) in referrals per second. Targets: p99 ≤ 5 ms, ≥ 5,000 referrals/s.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../adapters/database-config';
import { DEFAULT_SQLITE_FILE, PRODUCT_ROOT } from '../plugin/product-paths';
import { FeatureExtractor } from '../adapters/extraction/feature-extractor';
import { assertValidMapping } from '../adapters/mapping/mapping-validator';
import { readJsonFile } from '../plugin/json-file';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_SQLITE_FILE },
    single: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '10000' },
  },
});
const mappingFile = path.join(PRODUCT_ROOT, 'adapters', 'mappings', 'reference-dubu.json');
const db = openDatabase({ client: 'better-sqlite3', connection: { filename: path.resolve(values.file) } });
try {
  const extractor = new FeatureExtractor(db, assertValidMapping(readJsonFile(mappingFile), mappingFile));
  const ids = (await db('underretning').where('modtaget_tid', '>=', '2017-01-01').orderBy('underretning_id').pluck('underretning_id')) as number[];
  // A fixed spread of referrals over the whole window (deterministic, no RNG).
  const spread = (n: number) => Array.from({ length: Math.min(n, ids.length) }, (_, i) => ids[Math.floor((i * ids.length) / Math.min(n, ids.length))]!);

  const single = spread(Number(values.single));
  for (const id of single.slice(0, 200)) await extractor.extract(id); // warm-up
  const times: number[] = [];
  for (const id of single) {
    const t = performance.now();
    await extractor.extract(id);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;

  for (const id of single.slice(0, 200)) await extractor.extractWithEarlier(id, { maxEarlier: 20, provenance: true }); // warm-up
  const panel: number[] = [];
  let queries = 0;
  const count = () => queries++;
  db.on('query', count);
  for (const id of single) {
    const t = performance.now();
    await extractor.extractWithEarlier(id, { maxEarlier: 20, provenance: true });
    panel.push(performance.now() - t);
  }
  db.off('query', count);
  panel.sort((a, b) => a - b);
  const qp = (p: number) => panel[Math.min(panel.length - 1, Math.floor(p * panel.length))]!;

  const batch = spread(Number(values.batch));
  await extractor.extractBatch(batch.slice(0, 1000)); // warm-up
  const t = performance.now();
  const extracted = await extractor.extractBatch(batch);
  const seconds = (performance.now() - t) / 1000;

  console.log(`database: ${values.file} (${ids.length} referrals from 2017 on)`);
  console.log(`single referral with provenance, ${times.length} referrals: p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms`);
  console.log(`panel data step (referral + the child's earlier ones, with provenance), ${panel.length} referrals: p50 ${qp(0.5).toFixed(2)} ms, p99 ${qp(0.99).toFixed(2)} ms, ${(queries / panel.length).toFixed(1)} queries each`);
  console.log(`batch without provenance: ${extracted.length} referrals in ${seconds.toFixed(2)} s = ${Math.round(extracted.length / seconds)} referrals/s`);
} finally {
  await db.destroy();
}
