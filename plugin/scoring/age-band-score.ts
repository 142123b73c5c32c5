// The risk score: the decile of predicted risk within the child's age band among referred children in the
// reference population. Score = 1 + the number of the band's nine cut-points at or below the probability.
// Nobody 18 or older is scored, whatever bands a model declares: the age rule is the product's (../calendar-age),
// and the age feature reaches n only on the nth birthday, so the band follows the calendar.
import { isAdultAge } from '../calendar-age';
import { FeatureInputError } from '../errors';
import type { AgeBandSpec } from './model-package-schema';

export interface AgeBandScale {
  readonly modelId: string;
  readonly bands: readonly AgeBandSpec[];
  /** Column of the age in years, or -1 when the model has a single band for all ages. */
  readonly ageColumn: number;
  readonly ageFeature: string;
  /** Column of the binary "unborn" feature, or -1. */
  readonly unbornColumn: number;
}

/** AGE_ADULT_AT_REFERRAL when the row is about a person 18 or older (not unborn), else null. */
export function adultAgeProblem(scale: AgeBandScale, row: ArrayLike<number>): FeatureInputError | null {
  if (scale.ageColumn < 0) return null;
  const age = row[scale.ageColumn]!;
  const unborn = scale.unbornColumn >= 0 && row[scale.unbornColumn] === 1;
  return !unborn && isAdultAge(age) ? new FeatureInputError('AGE_ADULT_AT_REFERRAL', { feature: scale.ageFeature, age }) : null;
}

/** The band a packed row belongs to, as an index into `scale.bands`. */
export function ageBandIndex(scale: AgeBandScale, row: ArrayLike<number>): number {
  if (scale.ageColumn < 0) return 0;
  const adult = adultAgeProblem(scale, row);
  if (adult) throw adult;
  const age = row[scale.ageColumn]!;
  const unborn = scale.unbornColumn >= 0 && row[scale.unbornColumn] === 1;
  if (unborn) {
    const index = scale.bands.findIndex((b) => b.unborn === true);
    if (index < 0) throw new FeatureInputError('AGE_OUTSIDE_MODEL', { age: 'unborn', modelId: scale.modelId });
    if (age !== 0) {
      throw new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', {
        feature: scale.ageFeature,
        value: age,
        kind: 'age for an unborn child',
        allowed: '0',
      });
    }
    return index;
  }
  for (let i = 0; i < scale.bands.length; i++) {
    const band = scale.bands[i]!;
    if (band.unborn) continue;
    if (age >= (band.minAgeYears ?? 0) && age < (band.maxAgeYears ?? Number.POSITIVE_INFINITY)) return i;
  }
  throw new FeatureInputError('AGE_OUTSIDE_MODEL', { age, modelId: scale.modelId });
}

/** 1–10: one more than the number of cut-points at or below `probability`. */
export function decileScore(cutPoints: readonly number[], probability: number): number {
  let score = 1;
  for (const cut of cutPoints) if (cut <= probability) score++;
  return score;
}
