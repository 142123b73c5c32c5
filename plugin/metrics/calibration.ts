// Calibration: predicted probability against the observed placement rate, with Wilson score intervals for the
// observed rate. Pure: arrays in, numbers out; no I/O.

export interface RateInterval {
  readonly low: number;
  readonly high: number;
}

/** Wilson score interval for `successes` of `n` (z = 1.96 for 95 %); null when n is 0. */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): RateInterval | null {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || successes > n) throw new RangeError(`not a count: ${successes} of ${n}`);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface CalibrationBin {
  /** Which bin (0-based) or group key. */
  readonly key: number;
  readonly n: number;
  readonly placed: number;
  /** Mean predicted probability in the bin. */
  readonly predicted: number;
  /** Observed placement rate in the bin. */
  readonly observed: number;
  readonly interval: RateInterval;
}

function bins(keys: ArrayLike<number>, probabilities: ArrayLike<number>, outcomes: ArrayLike<boolean>): CalibrationBin[] {
  if (keys.length !== probabilities.length || keys.length !== outcomes.length) throw new RangeError('keys, probabilities and outcomes differ in length');
  const acc = new Map<number, { n: number; placed: number; sum: number }>();
  for (let i = 0; i < keys.length; i++) {
    const a = acc.get(keys[i]!) ?? { n: 0, placed: 0, sum: 0 };
    a.n++;
    a.sum += probabilities[i]!;
    if (outcomes[i]) a.placed++;
    acc.set(keys[i]!, a);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, a]) => ({ key, n: a.n, placed: a.placed, predicted: a.sum / a.n, observed: a.placed / a.n, interval: wilsonInterval(a.placed, a.n)! }));
}

/**
 * Calibration in `nBins` equal-width bins of predicted probability over [0, 1], the non-empty ones in order. A
 * probability on a bin edge belongs to the lower bin (as scikit-learn's calibration_curve, strategy "uniform").
 */
export function calibrationByProbability(probabilities: ArrayLike<number>, outcomes: ArrayLike<boolean>, nBins = 10): CalibrationBin[] {
  const keys = new Int32Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probability ${p} is outside [0, 1]`);
    let k = 0;
    while (k < nBins - 1 && (k + 1) / nBins < p) k++;
    keys[i] = k;
  }
  return bins(keys, probabilities, outcomes);
}

/** Calibration per score (1–10, within the age band): mean predicted probability against observed rate. */
export function calibrationByScore(scores: ArrayLike<number>, probabilities: ArrayLike<number>, outcomes: ArrayLike<boolean>): CalibrationBin[] {
  return bins(scores, probabilities, outcomes);
}
