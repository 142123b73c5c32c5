// Gradient-boosted trees with logistic loss and histogram splits (second-order, as XGBoost/LightGBM), grown
// depth-first so node ids are in preorder like scikit-learn's. Each node keeps its training cover (row count) for
// exact TreeSHAP. Thresholds are float32 values taken from the data, so a row's path under ONNX's float32
// BRANCH_LEQ comparison is exactly its path in training. Deterministic: no sampling, sums in a fixed order.

import type { BranchMode, DecisionTree, TreeEnsemble } from '../../../plugin/scoring/tree-ensemble';

export interface GradientBoostingOptions {
  readonly trees?: number;
  readonly maxDepth?: number;
  readonly learningRate?: number;
  /** Most histogram bins per feature (≤ 256). */
  readonly maxBins?: number;
  /** Fewest training rows in a child of a split. */
  readonly minChildRows?: number;
  /** L2 penalty on leaf values. */
  readonly l2?: number;
  /** Called after each tree, e.g. to print progress. */
  readonly onTree?: (treeIndex: number, trainLogLoss: number) => void;
}

/** Per feature, the ascending float32 upper edges of its bins: bin b holds edges[b−1] < v ≤ edges[b]. */
export function binEdges(x: Float32Array, rows: number, featureCount: number, maxBins: number): Float32Array[] {
  const edges: Float32Array[] = [];
  const column = new Float32Array(rows);
  for (let j = 0; j < featureCount; j++) {
    for (let i = 0; i < rows; i++) column[i] = x[i * featureCount + j]!;
    const sorted = column.slice().sort();
    const distinct: number[] = [];
    for (let i = 0; i < rows; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
    if (distinct.length <= maxBins) {
      edges.push(Float32Array.from(distinct));
      continue;
    }
    const chosen: number[] = [];
    for (let k = 1; k < maxBins; k++) {
      const v = sorted[Math.min(rows - 1, Math.floor((k * rows) / maxBins))]!;
      if (chosen.length === 0 || v > chosen[chosen.length - 1]!) chosen.push(v);
    }
    const max = sorted[rows - 1]!;
    if (chosen[chosen.length - 1] !== max) chosen.push(max);
    edges.push(Float32Array.from(chosen));
  }
  return edges;
}

function binOf(edges: Float32Array, v: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

interface Histogram {
  readonly g: Float64Array;
  readonly h: Float64Array;
  readonly n: Int32Array;
}

interface GrowingTree {
  feature: number[];
  threshold: number[];
  trueChild: number[];
  falseChild: number[];
  leafValue: number[];
  cover: number[];
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Trains the ensemble on row-major float32 features `x` and 0/1 outcomes `y`. */
export function trainGradientBoosting(
  x: Float32Array,
  y: ArrayLike<number>,
  rows: number,
  featureCount: number,
  options: GradientBoostingOptions = {},
): TreeEnsemble {
  const treeCount = options.trees ?? 150;
  const maxDepth = options.maxDepth ?? 4;
  const learningRate = options.learningRate ?? 0.1;
  const maxBins = Math.min(256, options.maxBins ?? 64);
  const minChildRows = options.minChildRows ?? 20;
  const lambda = options.l2 ?? 1;

  const edges = binEdges(x, rows, featureCount, maxBins);
  const binCount = edges.map((e) => e.length);
  const stride = maxBins;
  const binned = new Uint8Array(featureCount * rows); // column-major
  for (let j = 0; j < featureCount; j++) {
    for (let i = 0; i < rows; i++) binned[j * rows + i] = binOf(edges[j]!, x[i * featureCount + j]!);
  }

  let positives = 0;
  for (let i = 0; i < rows; i++) positives += y[i]!;
  const baseValue = Math.fround(Math.log(positives / (rows - positives)));
  const margin = new Float64Array(rows).fill(baseValue);
  const grad = new Float64Array(rows);
  const hess = new Float64Array(rows);
  const index = new Int32Array(rows);
  const scratch = new Int32Array(rows);

  const histogramOf = (lo: number, hi: number): Histogram => {
    const hist: Histogram = {
      g: new Float64Array(featureCount * stride),
      h: new Float64Array(featureCount * stride),
      n: new Int32Array(featureCount * stride),
    };
    for (let j = 0; j < featureCount; j++) {
      const col = j * rows;
      const off = j * stride;
      for (let k = lo; k < hi; k++) {
        const i = index[k]!;
        const b = off + binned[col + i]!;
        hist.g[b] = hist.g[b]! + grad[i]!;
        hist.h[b] = hist.h[b]! + hess[i]!;
        hist.n[b] = hist.n[b]! + 1;
      }
    }
    return hist;
  };

  const subtract = (parent: Histogram, child: Histogram): Histogram => {
    const out: Histogram = {
      g: new Float64Array(parent.g.length),
      h: new Float64Array(parent.h.length),
      n: new Int32Array(parent.n.length),
    };
    for (let k = 0; k < parent.g.length; k++) {
      out.g[k] = parent.g[k]! - child.g[k]!;
      out.h[k] = parent.h[k]! - child.h[k]!;
      out.n[k] = parent.n[k]! - child.n[k]!;
    }
    return out;
  };

  const trees: DecisionTree[] = [];
  for (let t = 0; t < treeCount; t++) {
    for (let i = 0; i < rows; i++) {
      const p = sigmoid(margin[i]!);
      grad[i] = p - y[i]!;
      hess[i] = p * (1 - p);
      index[i] = i;
    }
    const tree: GrowingTree = { feature: [], threshold: [], trueChild: [], falseChild: [], leafValue: [], cover: [] };

    const grow = (lo: number, hi: number, depth: number, hist: Histogram): number => {
      const node = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.trueChild.push(-1);
      tree.falseChild.push(-1);
      tree.leafValue.push(0);
      tree.cover.push(hi - lo);

      // Totals from feature 0's histogram (every row falls in exactly one of its bins).
      let gSum = 0;
      let hSum = 0;
      for (let b = 0; b < binCount[0]!; b++) {
        gSum += hist.g[b]!;
        hSum += hist.h[b]!;
      }

      let bestGain = 1e-9;
      let bestFeature = -1;
      let bestBin = -1;
      if (depth < maxDepth && hi - lo >= 2 * minChildRows) {
        const parentScore = (gSum * gSum) / (hSum + lambda);
        for (let j = 0; j < featureCount; j++) {
          const off = j * stride;
          let gl = 0;
          let hl = 0;
          let nl = 0;
          for (let b = 0; b < binCount[j]! - 1; b++) {
            gl += hist.g[off + b]!;
            hl += hist.h[off + b]!;
            nl += hist.n[off + b]!;
            const nr = hi - lo - nl;
            if (nl < minChildRows) continue;
            if (nr < minChildRows) break;
            const gr = gSum - gl;
            const hr = hSum - hl;
            const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
            if (gain > bestGain) {
              bestGain = gain;
              bestFeature = j;
              bestBin = b;
            }
          }
        }
      }

      if (bestFeature < 0) {
        const value = Math.fround((-gSum / (hSum + lambda)) * learningRate);
        tree.leafValue[node] = value;
        for (let k = lo; k < hi; k++) {
          const i = index[k]!;
          margin[i] = margin[i]! + value;
        }
        return node;
      }

      // Stable partition of the node's rows: bin ≤ bestBin goes to the true (left) child.
      const col = bestFeature * rows;
      let left = lo;
      let right = 0;
      for (let k = lo; k < hi; k++) {
        const i = index[k]!;
        if (binned[col + i]! <= bestBin) index[left++] = i;
        else scratch[right++] = i;
      }
      index.set(scratch.subarray(0, right), left);

      tree.feature[node] = bestFeature;
      tree.threshold[node] = edges[bestFeature]![bestBin]!;
      const leftRows = left - lo;
      const rightRows = hi - left;
      let leftHist: Histogram;
      let rightHist: Histogram;
      if (leftRows <= rightRows) {
        leftHist = histogramOf(lo, left);
        rightHist = subtract(hist, leftHist);
      } else {
        rightHist = histogramOf(left, hi);
        leftHist = subtract(hist, rightHist);
      }
      tree.trueChild[node] = grow(lo, left, depth + 1, leftHist);
      tree.falseChild[node] = grow(left, hi, depth + 1, rightHist);
      return node;
    };

    grow(0, rows, 0, histogramOf(0, rows));
    trees.push(freeze(tree));

    if (options.onTree) {
      let loss = 0;
      for (let i = 0; i < rows; i++) {
        const m = margin[i]!;
        loss += Math.log1p(Math.exp(-Math.abs(m))) + Math.max(m, 0) - y[i]! * m;
      }
      options.onTree(t, loss / rows);
    }
  }
  return { trees, baseValue, featureCount };
}

function freeze(tree: GrowingTree): DecisionTree {
  const n = tree.feature.length;
  const mode: Array<BranchMode | null> = tree.feature.map((f) => (f < 0 ? null : 'BRANCH_LEQ'));
  return {
    feature: Int32Array.from(tree.feature),
    threshold: Float32Array.from(tree.threshold),
    mode,
    trueChild: Int32Array.from(tree.trueChild),
    falseChild: Int32Array.from(tree.falseChild),
    missingGoesTrue: new Uint8Array(n),
    leafValue: Float64Array.from(tree.leafValue),
    cover: Float64Array.from(tree.cover),
  };
}
