// How fast the tree explainer is, against the bar in BENCHMARKS.md: at least twice XGBoost's own C++
// path-dependent TreeSHAP (predict(pred_contribs=True), one thread) on ensembles of the same shape.
//
//   npx tsx bench/tree-shap-bench.ts
//
// It explains 10,000 rows with random ensembles grown on random data (150 trees of depth 4, 200 of depth 6,
// 40 features, covers counted from the data), and — when Python with XGBoost is installed — runs
// bench/xgboost-pred-contribs.py, explains XGBoost's very trees and rows too, checks our contributions against
// XGBoost's, and prints the ratios. `benchTreeShap` is exported for the main benchmark runner.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type DecisionTree, type TreeEnsemble, ensembleMargin } from '../plugin/scoring/tree-ensemble';
import { type TreeShapOptions, createTreeShapExplainer } from '../plugin/scoring/tree-shap';
import { SeededRandom } from '../plugin/synthetic/seeded-random';

export interface TreeShapBenchResult {
  /** Rows explained per second, one thread, best of three passes over all rows. */
  readonly rowsPerSecond: number;
  /** One row's explanation time, microseconds. */
  readonly p50Micros: number;
  readonly p99Micros: number;
  /** Time to build the explainer (the tables), milliseconds. */
  readonly buildMillis: number;
  readonly tableBytes: number;
  readonly tableTreeCount: number;
  readonly recursiveTreeCount: number;
  /** The largest |base value + Σ contributions − ensemble margin| over the rows. */
  readonly maxAdditivityError: number;
}

export function benchTreeShap(
  ensemble: TreeEnsemble,
  rows: readonly ArrayLike<number>[],
  options: TreeShapOptions = {},
): TreeShapBenchResult {
  const buildStart = performance.now();
  const explainer = createTreeShapExplainer(ensemble, 'log-odds', options);
  const buildMillis = performance.now() - buildStart;
  const out = new Float64Array(ensemble.featureCount);

  let maxAdditivityError = 0;
  for (const row of rows) {
    const margin = explainer.explain(row, out);
    maxAdditivityError = Math.max(maxAdditivityError, Math.abs(margin - ensembleMargin(ensemble, row)));
  }

  let best = Infinity;
  let sink = 0;
  for (let pass = 0; pass < 3; pass++) {
    const start = performance.now();
    for (const row of rows) sink += explainer.explain(row, out);
    best = Math.min(best, performance.now() - start);
  }

  const micros = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    const start = process.hrtime.bigint();
    sink += explainer.explain(row, out);
    micros[i] = Number(process.hrtime.bigint() - start) / 1000;
  });
  micros.sort();
  if (Number.isNaN(sink)) throw new Error('an explanation was NaN');

  return {
    rowsPerSecond: (rows.length / best) * 1000,
    p50Micros: micros[Math.floor(micros.length * 0.5)]!,
    p99Micros: micros[Math.floor(micros.length * 0.99)]!,
    buildMillis,
    tableBytes: explainer.tableBytes,
    tableTreeCount: explainer.tableTreeCount,
    recursiveTreeCount: explainer.recursiveTreeCount,
    maxAdditivityError,
  };
}

// ---- random ensembles grown on random data, so covers look like a trained model's ----

/** A seeded stream of uniform numbers in [0, 1), from the product's own PRNG. */
export function seededUniform(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.uniform();
}

export function randomRows(rand: () => number, count: number, featureCount: number, nanRate = 0.02): Float64Array[] {
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return Array.from({ length: count }, () =>
    Float64Array.from({ length: featureCount }, () => (rand() < nanRate ? NaN : Math.fround(normal()))),
  );
}

/** A tree of the given depth whose splits use random features at thresholds drawn from the rows reaching them. */
function growTree(rand: () => number, rows: readonly Float64Array[], featureCount: number, depth: number): DecisionTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const trueChild: number[] = [];
  const falseChild: number[] = [];
  const missingGoesTrue: number[] = [];
  const leafValue: number[] = [];
  const cover: number[] = [];
  const grow = (reaching: readonly Float64Array[], level: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    trueChild.push(-1);
    falseChild.push(-1);
    missingGoesTrue.push(rand() < 0.5 ? 1 : 0);
    leafValue.push(0);
    cover.push(reaching.length);
    const f = Math.floor(rand() * featureCount);
    const values = reaching.map((r) => r[f]!).filter((v) => !Number.isNaN(v));
    if (level === depth || values.length < 2) {
      leafValue[id] = (rand() - 0.5) * 0.2;
      return id;
    }
    const t = Math.fround(values[Math.floor(rand() * values.length)]!);
    feature[id] = f;
    threshold[id] = t;
    const goTrue = (r: Float64Array): boolean => (Number.isNaN(r[f]!) ? missingGoesTrue[id] === 1 : r[f]! < t);
    trueChild[id] = grow(reaching.filter(goTrue), level + 1);
    falseChild[id] = grow(reaching.filter((r) => !goTrue(r)), level + 1);
    return id;
  };
  grow(rows, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    mode: feature.map((f) => (f < 0 ? null : 'BRANCH_LT')),
    trueChild: Int32Array.from(trueChild),
    falseChild: Int32Array.from(falseChild),
    missingGoesTrue: Uint8Array.from(missingGoesTrue),
    leafValue: Float64Array.from(leafValue),
    cover: Float64Array.from(cover),
  };
}

export function randomEnsemble(seed: number, trees: number, depth: number, featureCount: number): TreeEnsemble {
  const rand = seededUniform(seed);
  const training = randomRows(rand, 10_000, featureCount);
  return {
    trees: Array.from({ length: trees }, () => growTree(rand, training, featureCount, depth)),
    baseValue: 0,
    featureCount,
  };
}

// ---- XGBoost's trees, read from its JSON model format ----

interface XgbTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: number[];
  sum_hessian: number[];
}

function readXgboostModel(file: string, featureCount: number): TreeEnsemble {
  const model = JSON.parse(readFileSync(file, 'utf8'));
  const learner = model.learner;
  if (learner.objective.name !== 'binary:logistic') throw new Error(`unexpected objective ${learner.objective.name}`);
  const baseScore = Number(learner.learner_model_param.base_score);
  const trees = (learner.gradient_booster.model.trees as XgbTree[]).map((t): DecisionTree => {
    const leaf = t.left_children.map((c) => c < 0);
    return {
      feature: Int32Array.from(t.split_indices, (f, i) => (leaf[i] ? -1 : f)),
      // XGBoost goes left when x < split_condition, comparing in float32 as we do.
      threshold: Float32Array.from(t.split_conditions, (c, i) => (leaf[i] ? 0 : c)),
      mode: leaf.map((l) => (l ? null : 'BRANCH_LT')),
      trueChild: Int32Array.from(t.left_children),
      falseChild: Int32Array.from(t.right_children),
      missingGoesTrue: Uint8Array.from(t.default_left),
      leafValue: Float64Array.from(t.split_conditions, (c, i) => (leaf[i] ? c : 0)),
      cover: Float64Array.from(t.sum_hessian),
    };
  });
  return { trees, baseValue: Math.log(baseScore / (1 - baseScore)), featureCount };
}

// ---- the XGBoost peer ----

interface XgboostFigures {
  ensemble: string;
  trees: number;
  depth: number;
  leavesPerTree: number;
  rowsPerSecond: number;
  maxAdditivityError: number;
  xgboost: string;
}

/** The first Python that can import xgboost (pyenv's python3 may lack Debian's package), or why none could. */
function findXgboostPython(): { python: string } | { reason: string } {
  const reasons: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import xgboost'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
    const why = probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`);
    reasons.push(`${python}: ${why}`);
  }
  return { reason: reasons.join('; ') };
}

function format(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function report(label: string, ensemble: TreeEnsemble, r: TreeShapBenchResult): void {
  const leaves = ensemble.trees.reduce((s, t) => s + t.feature.filter((f) => f < 0).length, 0) / ensemble.trees.length;
  console.log(
    `${label}: ${format(r.rowsPerSecond)} rows/s, one row p50 ${format(r.p50Micros, 1)} µs / p99 ${format(r.p99Micros, 1)} µs` +
      ` (${format(leaves, 1)} leaves/tree; tables ${format(r.tableBytes / 1048576, 1)} MiB for ${r.tableTreeCount} trees,` +
      ` ${r.recursiveTreeCount} recursive; built in ${format(r.buildMillis)} ms; additivity ≤ ${r.maxAdditivityError.toExponential(1)})`,
  );
}

function main(): void {
  const featureCount = 40;
  const rows = randomRows(seededUniform(1), 10_000, featureCount);
  const ours = new Map<string, TreeShapBenchResult>();
  for (const [trees, depth] of [
    [150, 4],
    [200, 6],
  ] as const) {
    const ensemble = randomEnsemble(trees * 100 + depth, trees, depth, featureCount);
    const result = benchTreeShap(ensemble, rows);
    ours.set(`${trees}x${depth}`, result);
    report(`random ${trees} trees × depth ${depth}`, ensemble, result);
    const textbook = benchTreeShap(ensemble, rows.slice(0, 1000), { maxTableBytes: 0 });
    console.log(
      `  the recursive algorithm alone (1,000 rows): ${format(textbook.rowsPerSecond)} rows/s;` +
        ` the tables are ${format(result.rowsPerSecond / textbook.rowsPerSecond, 1)}× faster`,
    );
  }

  const found = findXgboostPython();
  if ('reason' in found) {
    console.log(`XGBoost comparison skipped: no Python here imports xgboost (${found.reason}).`);
    console.log('Install it with: apt-get install -y python3-xgboost python3-numpy');
    return;
  }
  const exportDir = mkdtempSync(path.join(tmpdir(), 'xgboost-pred-contribs-'));
  try {
    const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'xgboost-pred-contribs.py');
    console.log(`Training XGBoost ensembles and timing pred_contribs with ${found.python} (about a minute)…`);
    const run = spawnSync(found.python, [script, '--export', exportDir], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (run.status !== 0) {
      console.log(`XGBoost comparison skipped: ${script} failed (${run.error?.message ?? run.stderr.trim().split('\n').pop()}).`);
      return;
    }
    const peers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as XgboostFigures);
    const flat = new Float32Array(readFileSync(path.join(exportDir, 'rows.f32')).buffer.slice(0));
    const xgbRows = Array.from({ length: flat.length / featureCount }, (_, i) =>
      Float64Array.from(flat.subarray(i * featureCount, (i + 1) * featureCount)),
    );

    for (const peer of peers) {
      const ensemble = readXgboostModel(path.join(exportDir, `${peer.ensemble}.model.json`), featureCount);
      const same = benchTreeShap(ensemble, xgbRows);
      report(`XGBoost's own ${peer.trees} trees × depth ${peer.depth}`, ensemble, same);

      // Our contributions against XGBoost's (which it accumulates in float32) on the first 200 rows.
      const theirs = new Float32Array(readFileSync(path.join(exportDir, `${peer.ensemble}.contribs.f32`)).buffer.slice(0));
      const explainer = createTreeShapExplainer(ensemble, 'log-odds');
      const out = new Float64Array(featureCount);
      let worst = 0;
      for (let i = 0; i < theirs.length / (featureCount + 1); i++) {
        explainer.explain(xgbRows[i]!, out);
        for (let f = 0; f < featureCount; f++) worst = Math.max(worst, Math.abs(out[f]! - theirs[i * (featureCount + 1) + f]!));
        worst = Math.max(worst, Math.abs(explainer.baseValue - theirs[i * (featureCount + 1) + featureCount]!));
      }

      const random = ours.get(peer.ensemble)!;
      console.log(
        `  XGBoost ${peer.xgboost} pred_contribs, nthread=1: ${format(peer.rowsPerSecond)} rows/s (${format(peer.leavesPerTree, 1)} leaves/tree)` +
          ` → ours/XGBoost ${format(same.rowsPerSecond / peer.rowsPerSecond, 1)}× on the same trees and rows,` +
          ` ${format(random.rowsPerSecond / peer.rowsPerSecond, 1)}× with our random ensemble of that shape (bar: 2×);` +
          ` largest difference from XGBoost's contributions ${worst.toExponential(1)}`,
      );
    }
  } finally {
    rmSync(exportDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
