// Benchmarks of the scoring core on the demo model packages: one referral at a time (p50/p99, with explanation)
// and batches of 10,000 with and without explanation, each beside onnxruntime's raw session.run of the same
// batch as the limit. Printed, never asserted. Referrals come from the synthetic generator with a seed the
// models were not trained on.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_APPROVALS_FILE, PRODUCT_ROOT } from '../plugin/product-paths';
import { readApprovalList } from '../plugin/scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../plugin/scoring/model-package-loader';
import { checkFeatureMatrix, packReferrals, scoreBatch, scoreMatrix, scoreReferral, type ReferralInput } from '../plugin/scoring/referral-scorer';
import { generateSyntheticReferrals } from '../plugin/synthetic/referral-generator';

const BATCH = 10_000;
const SINGLES = 3_000;

export interface ScoringCoreFigures {
  readonly model: string;
  readonly singleP50us: number;
  readonly singleP99us: number;
  readonly rawRowsPerSecond: number;
  readonly objectsNoExplainPerSecond: number;
  readonly objectsExplainPerSecond: number;
  readonly matrixNoExplainPerSecond: number;
  readonly matrixExplainPerSecond: number;
}

async function seconds(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** Best time of each function over `rounds` rounds, taken in turn so that drift in the machine's speed hits all alike. */
async function bestInTurn(rounds: number, fns: ReadonlyArray<() => Promise<unknown>>): Promise<number[]> {
  const best = fns.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < fns.length; k++) best[k] = Math.min(best[k]!, await seconds(fns[k]!));
  }
  return best;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export function benchReferrals(count: number, seed = 424242): ReferralInput[] {
  return generateSyntheticReferrals({ seed, referralCount: count }).map((r) => ({ id: String(r.id), features: { ...r.features } }));
}

export async function benchScoringCore(model: LoadedModelPackage, referrals: readonly ReferralInput[]): Promise<ScoringCoreFigures> {
  const batch = referrals.slice(0, BATCH);
  const packed = packReferrals(model, batch);
  if (packed.rows !== batch.length) throw new Error('benchmark referrals failed validation');

  // Warm up the session and the JIT before timing.
  for (let k = 0; k < 3; k++) await scoreBatch(model, batch.slice(0, 500));

  const matrixPath = (explain: boolean) => async () => {
    const checked = checkFeatureMatrix(model, packed.matrix, packed.rows);
    return scoreMatrix(model, checked.matrix, checked.rows, { explain });
  };
  const [raw, matrixNoExplain, matrixExplain, objectsNoExplain, objectsExplain] = (await bestInTurn(7, [
    () => model.runtime.predict(packed.matrix, packed.rows),
    matrixPath(false),
    matrixPath(true),
    () => scoreBatch(model, batch, { explain: false }),
    () => scoreBatch(model, batch),
  ])) as [number, number, number, number, number];

  const singles = new Float64Array(SINGLES);
  for (let i = 0; i < SINGLES; i++) {
    const start = performance.now();
    await scoreReferral(model, referrals[i % referrals.length]!);
    singles[i] = (performance.now() - start) * 1000;
  }
  singles.sort();

  return {
    model: model.identity.id,
    singleP50us: percentile(singles, 0.5),
    singleP99us: percentile(singles, 0.99),
    rawRowsPerSecond: batch.length / raw,
    objectsNoExplainPerSecond: batch.length / objectsNoExplain,
    objectsExplainPerSecond: batch.length / objectsExplain,
    matrixNoExplainPerSecond: batch.length / matrixNoExplain,
    matrixExplainPerSecond: batch.length / matrixExplain,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function printScoringCoreFigures(f: ScoringCoreFigures, print: (line: string) => void = console.log): void {
  const ofRaw = (n: number) => `${((100 * n) / f.rawRowsPerSecond).toFixed(1)} % of raw`;
  print(`\n${f.model}`);
  print(`  one referral with explanation         p50 ${f.singleP50us.toFixed(0)} µs, p99 ${f.singleP99us.toFixed(0)} µs`);
  print(`  raw session.run, batch of ${BATCH}     ${fmt(f.rawRowsPerSecond)} rows/s (the limit)`);
  print('  batch path (feature matrix in: checked, scored, columnar results)');
  print(`    without explanation                 ${fmt(f.matrixNoExplainPerSecond)} referrals/s (${ofRaw(f.matrixNoExplainPerSecond)})`);
  print(`    with explanation                    ${fmt(f.matrixExplainPerSecond)} referrals/s (${ofRaw(f.matrixExplainPerSecond)})`);
  print('  object path (named values in, result objects with sorted contributions out: API and command line)');
  print(`    without explanation                 ${fmt(f.objectsNoExplainPerSecond)} referrals/s`);
  print(`    with explanation                    ${fmt(f.objectsExplainPerSecond)} referrals/s`);
}

export async function runScoringCoreBench(print: (line: string) => void = console.log): Promise<ScoringCoreFigures[]> {
  const approvals = readApprovalList(DEFAULT_APPROVALS_FILE);
  const referrals = benchReferrals(Math.max(BATCH, SINGLES));
  const figures: ScoringCoreFigures[] = [];
  for (const name of ['logistic', 'boosted-trees']) {
    const model = await loadModelPackage(path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', name), { approvals });
    try {
      const f = await benchScoringCore(model, referrals);
      printScoringCoreFigures(f, print);
      figures.push(f);
    } finally {
      await model.runtime.release();
    }
  }
  return figures;
}
