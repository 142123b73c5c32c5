// Drift: the population stability index (PSI) between a reference distribution of scores and a local one.
// PSI = Σ (actual − expected) · ln(actual / expected) over the score categories. Thresholds (documented in
// docs/validation-report.md, the usual credit-scoring convention): below 0.10 stable, 0.10–0.25 a moderate
// shift worth looking into, 0.25 or more a major shift. An empty category is counted at a floor share of
// 0.0001 so the index stays finite; the floor is reported with the result. Pure; no I/O.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export const PSI_MODERATE = 0.1;
export const PSI_MAJOR = 0.25;
export const PSI_EMPTY_SHARE_FLOOR = 1e-4;

export type DriftLevel = 'stable' | 'moderate' | 'major';

export interface PsiResult {
  readonly psi: number;
  readonly level: DriftLevel;
  /** Categories where either side was empty and the floor share was used. */
  readonly flooredCategories: number;
}

/** Shares (summing to 1) from counts; null when there are no counts at all. */
export function sharesOf(counts: readonly number[]): number[] | null {
  const total = counts.reduce((a, b) => a + b, 0);
  return total === 0 ? null : counts.map((c) => c / total);
}

export function driftLevel(psi: number): DriftLevel {
  return psi >= PSI_MAJOR ? 'major' : psi >= PSI_MODERATE ? 'moderate' : 'stable';
}

/** PSI between expected and actual shares over the same categories (each list sums to 1). */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): PsiResult {
  if (expected.length !== actual.length || expected.length === 0) throw new RangeError('expected and actual must share their categories');
  let psi = 0;
  let floored = 0;
  for (let i = 0; i < expected.length; i++) {
    let e = expected[i]!;
    let a = actual[i]!;
    if (e < 0 || a < 0) throw new RangeError('a share cannot be negative');
    if (e === 0 || a === 0) floored++;
    e = Math.max(e, PSI_EMPTY_SHARE_FLOOR);
    a = Math.max(a, PSI_EMPTY_SHARE_FLOOR);
    psi += (a - e) * Math.log(a / e);
  }
  return { psi, level: driftLevel(psi), flooredCategories: floored };
}

/**
 * The PSI that chance alone stays below 95 % of the time when nothing has shifted: `draws` samples of n referrals
 * drawn from the expected shares (and, for a comparison between two samples, a second sample of referenceN),
 * each sample's PSI against the expected shares (or between the two samples), and their 95th percentile. Seeded,
 * so the same input gives the same bound. With a few dozen referrals a quarter, an empty score alone gives a PSI
 * above both thresholds; this bound is what tells such noise from a shift.
 */
export function psiChanceBound(expected: readonly number[], n: number, referenceN: number | null, options: { seed: number; draws?: number }): number {
  if (n <= 0 || (referenceN !== null && referenceN <= 0)) return Infinity;
  const draws = options.draws ?? 400;
  const rng = xoroshiro128plus(options.seed);
  const cumulative: number[] = [];
  let sum = 0;
  for (const e of expected) cumulative.push((sum += e));
  const sample = (size: number): number[] => {
    const counts = new Array<number>(expected.length).fill(0);
    for (let i = 0; i < size; i++) {
      const u = uniformInt(rng, 0, 0xfffffff) / 0x10000000;
      let k = 0;
      while (k < cumulative.length - 1 && u >= cumulative[k]! / sum) k++;
      counts[k]!++;
    }
    return counts.map((c) => c / size);
  };
  const values: number[] = [];
  for (let d = 0; d < draws; d++) {
    const a = sample(n);
    values.push(populationStabilityIndex(referenceN === null ? expected : sample(referenceN), a).psi);
  }
  values.sort((x, y) => x - y);
  return values[Math.min(values.length - 1, Math.ceil(0.95 * values.length) - 1)]!;
}
