// `npm run bench`: every benchmark of the product, each in its own process so one does not warm or load another.
// Printed beside the limits in ../shared/BENCHMARKS.md and the issues' targets; nothing is asserted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function run(title: string, args: string[]): void {
  console.log(`\n## ${title}\n`);
  const result = spawnSync(tsx, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) console.log(`(${title}: exited with ${result.status ?? result.signal})`);
}

console.log('Beslutningsstøtte benchmarks: 2 cores, one onnxruntime thread; figures vary from run to run.');
if (!existsSync(path.join(root, 'var', 'beslutningsstotte.sqlite'))) run('Seeding the embedded database', ['adapters/reference-schema/seed-command.ts']);
run('Scoring core (targets: one referral p99 ≤ 1 ms linear, ≤ 5 ms trees; batch ≥ 2,000,000/s linear and ≥ 80 % of raw for trees without explanation; ≥ 500,000/s linear and ≥ 5,000/s trees with)', ['bench/scoring-core-main.ts']);
run('Exact tree explanations against XGBoost pred_contribs (bar: at least 2× its rate)', ['bench/tree-shap-bench.ts']);
run('Feature extraction on the seeded database (targets: p99 ≤ 5 ms for one referral, ≥ 5,000 referrals/s in batch)', ['bench/adapter-extraction-bench.ts']);
run('Risk panel end to end over loopback HTTP (targets: one at a time p50 ≤ 5 ms, p99 ≤ 15 ms; ≥ 400 panels/s at 50 concurrent, zero errors)', ['bench/panel-bench.ts']);
run('Follow-up report: HTML and PDF for children in care on the seeded database (target: the updated report as HTML and PDF in under a second)', ['bench/follow-up-report-bench.ts']);
run('Batch scoring end to end: 50,000 referrals extracted, scored with explanations and stored (target: < 10 s on 2 cores; peak memory reported)', ['bench/batch-scoring-bench.ts']);
