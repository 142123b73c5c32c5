// Drift: the population stability index (PSI) between a reference distribution of scores and a local one.
// PSI = Σ (actual − expected) · ln(actual / expected) over the score categories. Thresholds (documented in
// docs/validation-report.md, the usual credit-scoring convention): below 0.10 stable, 0.10–0.25 a moderate
// shift worth looking into, 0.25 or more a major shift. An empty category is counted at a floor share of
// 0.0001 so the index stays finite; the floor is reported with the result. Pure; no I/O.

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

/** The 95th percentile of the chi-square distribution with 9 degrees of freedom (ten scores). */
export const CHI_SQUARE_95_9DF = 16.918977604620448;

/**
 * The PSI that chance alone stays below 95 % of the time when nothing has shifted, for ten scores: PSI is then
 * about a chi-square statistic divided by the sample size, so the bound is χ²₉(0.95) · (1/n) against a fixed
 * reference, or χ²₉(0.95) · (1/n + 1/m) between two samples of n and m referrals. With 60 referrals a quarter the
 * bound is 0.28, above both thresholds: such a quarter's PSI is not flagged, however large, as it says nothing.
 */
export function psiNoiseBound(n: number, referenceN: number | null = null): number {
  if (n <= 0 || (referenceN !== null && referenceN <= 0)) return Infinity;
  return CHI_SQUARE_95_9DF * (1 / n + (referenceN === null ? 0 : 1 / referenceN));
}
