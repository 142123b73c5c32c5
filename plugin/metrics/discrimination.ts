// Discrimination metrics on scored referrals with a known outcome: the ROC curve, its area (AUC, ties counted
// half, as scikit-learn's roc_auc_score), a seeded percentile-bootstrap interval for the AUC, and the confusion
// counts at a score threshold. Pure: arrays in, numbers out; no I/O.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** One point of the ROC curve: flagging every referral scored at or above `threshold`. */
export interface RocPoint {
  readonly threshold: number;
  readonly fpr: number;
  readonly tpr: number;
}

function assertSameLength(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): void {
  if (scores.length !== outcomes.length) throw new RangeError(`scores (${scores.length}) and outcomes (${outcomes.length}) differ in length`);
}

/** Positives and negatives, or null when either is absent (no AUC can be given then). */
function counts(outcomes: ArrayLike<boolean>): { pos: number; neg: number } {
  let pos = 0;
  for (let i = 0; i < outcomes.length; i++) if (outcomes[i]) pos++;
  return { pos, neg: outcomes.length - pos };
}

/** The ROC curve from (0,0) to (1,1), one point per distinct score, highest first. Null without both outcomes. */
export function rocCurve(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): RocPoint[] | null {
  assertSameLength(scores, outcomes);
  const { pos, neg } = counts(outcomes);
  if (pos === 0 || neg === 0) return null;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; ) {
    const s = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === s) {
      if (outcomes[order[k]!]) tp++;
      else fp++;
      k++;
    }
    points.push({ threshold: s, fpr: fp / neg, tpr: tp / pos });
  }
  return points;
}

/**
 * Area under the ROC curve: the chance that a placed child's referral scores above a not-placed one's, ties
 * counting half (Mann–Whitney). Null when the outcomes are all one kind.
 */
export function auc(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>): number | null {
  assertSameLength(scores, outcomes);
  const { pos, neg } = counts(outcomes);
  if (pos === 0 || neg === 0) return null;
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  // Sum of the positives' mid-ranks.
  let rankSum = 0;
  for (let k = 0; k < order.length; ) {
    let end = k;
    let positives = 0;
    while (end < order.length && scores[order[end]!] === scores[order[k]!]) {
      if (outcomes[order[end]!]) positives++;
      end++;
    }
    rankSum += positives * ((k + 1 + end) / 2);
    k = end;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export interface Interval {
  readonly low: number;
  readonly high: number;
}

export interface BootstrapOptions {
  readonly seed: number;
  /** Resamples (default 1,000). */
  readonly resamples?: number;
  /** Coverage (default 0.95). */
  readonly level?: number;
}

/**
 * Percentile bootstrap interval for the AUC: `resamples` resamples of the referrals with replacement, drawn by
 * a seeded generator (the same input and seed give the same interval). Resamples with one outcome only are
 * drawn again. Null when the AUC itself is not defined.
 */
export function bootstrapAucInterval(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>, options: BootstrapOptions): Interval | null {
  if (auc(scores, outcomes) === null) return null;
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const rng = xoroshiro128plus(options.seed);
  const n = scores.length;
  // Sorted once: a resample is then the referrals' multiplicities, and its AUC one pass over the tie groups
  // (the same Mann–Whitney count as auc(), exact in floating point, so the interval is the one the resampled
  // arrays would give, in time linear in n per resample).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const groupEnd: number[] = [];
  for (let k = 0; k < n; ) {
    let end = k;
    while (end < n && scores[order[end]!] === scores[order[k]!]) end++;
    groupEnd.push(end);
    k = end;
  }
  const times = new Int32Array(n);
  const values: number[] = [];
  while (values.length < resamples) {
    times.fill(0);
    for (let i = 0; i < n; i++) times[uniformInt(rng, 0, n - 1)]!++;
    let pos = 0;
    let neg = 0;
    let favourable = 0;
    let start = 0;
    for (const end of groupEnd) {
      let p = 0;
      let q = 0;
      for (let k = start; k < end; k++) {
        const j = order[k]!;
        if (outcomes[j]) p += times[j]!;
        else q += times[j]!;
      }
      favourable += p * neg + 0.5 * p * q;
      pos += p;
      neg += q;
      start = end;
    }
    if (pos > 0 && neg > 0) values.push(favourable / (pos * neg));
  }
  values.sort((a, b) => a - b);
  return { low: quantile(values, (1 - level) / 2), high: quantile(values, 1 - (1 - level) / 2) };
}

/** Linear-interpolation quantile of sorted values (NumPy's default). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
  /** fp / (fp + tn); null without negatives. */
  readonly fpr: number | null;
  /** fn / (fn + tp); null without positives. */
  readonly fnr: number | null;
}

/** Confusion counts when every referral scored at or above `threshold` is counted as flagged. */
export function confusionAt(scores: ArrayLike<number>, outcomes: ArrayLike<boolean>, threshold: number): Confusion {
  assertSameLength(scores, outcomes);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const flagged = scores[i]! >= threshold;
    if (outcomes[i]) flagged ? tp++ : fn++;
    else flagged ? fp++ : tn++;
  }
  return { tp, fp, tn, fn, fpr: fp + tn === 0 ? null : fp / (fp + tn), fnr: fn + tp === 0 ? null : fn / (fn + tp) };
}
