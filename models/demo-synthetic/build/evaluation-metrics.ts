// The figures of a model card, computed from predicted probabilities and observed outcomes: AUC, calibration by
// decile, age-band cut-points and the risk score they give, and per-group fairness rows.

/** Area under the ROC curve (Mann–Whitney, ties counted half); null when a class is absent. */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]! || a - b);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]!] === scores[order[start]!]) end++;
    const midRank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) {
      if (labels[order[k]!] === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    start = end + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The q-quantile of ascending `sorted` by linear interpolation between order statistics (R type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** The 9 deciles of `values`, ascending. */
export function decileCutPoints(values: ArrayLike<number>): number[] {
  const sorted = Float64Array.from(values).sort();
  return [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => quantileSorted(sorted, k / 10));
}

/** The risk score 1–10: 1 + the number of cut-points at or below the probability. */
export function riskScore(probability: number, cutPoints: readonly number[]): number {
  let score = 1;
  for (const c of cutPoints) if (c <= probability) score++;
  return score;
}

export interface CalibrationRow {
  decile: number;
  n: number;
  meanPredicted: number;
  observedRate: number;
}

/** Rows sorted by predicted probability and cut into ten groups of (nearly) equal size. */
export function calibrationByDecile(predicted: ArrayLike<number>, labels: ArrayLike<number>): CalibrationRow[] {
  const n = predicted.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => predicted[a]! - predicted[b]! || a - b);
  const rows: CalibrationRow[] = [];
  for (let d = 0; d < 10; d++) {
    const from = Math.floor((d * n) / 10);
    const to = Math.floor(((d + 1) * n) / 10);
    let p = 0;
    let y = 0;
    for (let k = from; k < to; k++) {
      p += predicted[order[k]!]!;
      y += labels[order[k]!]!;
    }
    const size = to - from;
    rows.push({ decile: d + 1, n: size, meanPredicted: size ? p / size : 0, observedRate: size ? y / size : 0 });
  }
  return rows;
}

export interface GroupMetric {
  group: string;
  n: number;
  observedRate: number;
  meanPredicted: number;
  auc: number | null;
  shareInScore10: number;
  placedRateInScore10: number | null;
}

/** One fairness row for the rows where `member[i]` is true. */
export function groupMetric(
  group: string,
  member: (i: number) => boolean,
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
): GroupMetric {
  const p: number[] = [];
  const y: number[] = [];
  let inTop = 0;
  let placedInTop = 0;
  for (let i = 0; i < predicted.length; i++) {
    if (!member(i)) continue;
    p.push(predicted[i]!);
    y.push(labels[i]!);
    if (scores[i] === 10) {
      inTop++;
      placedInTop += labels[i]!;
    }
  }
  const n = p.length;
  const sum = (a: number[]) => a.reduce((s, v) => s + v, 0);
  return {
    group,
    n,
    observedRate: n ? sum(y) / n : 0,
    meanPredicted: n ? sum(p) / n : 0,
    auc: auc(p, y),
    shareInScore10: n ? inTop / n : 0,
    placedRateInScore10: inTop ? placedInTop / inTop : null,
  };
}
