// Turns the synthetic referrals into the matrices the demo models are trained and evaluated on, split by family
// (siblings and repeated referrals of one child never straddle two splits).

import { REFERRAL_FEATURE_NAMES } from '../../../plugin/synthetic/referral-features';
import type { ChildSex, SyntheticReferral } from '../../../plugin/synthetic/referral-generator';
import { SeededRandom } from '../../../plugin/synthetic/seeded-random';

export const SPLITS = ['train', 'validation', 'reference'] as const;
export type SplitName = (typeof SPLITS)[number];

/** Shares of families in each split. */
export const SPLIT_SHARES: Readonly<Record<SplitName, number>> = { train: 0.6, validation: 0.2, reference: 0.2 };

export interface AgeBandDefinition {
  readonly id: string;
  readonly unborn: boolean;
  /** Inclusive lower and exclusive upper age in years (born children only). */
  readonly minAgeYears: number;
  readonly maxAgeYears: number;
}

export const AGE_BANDS: readonly AgeBandDefinition[] = [
  { id: 'unborn', unborn: true, minAgeYears: 0, maxAgeYears: 0 },
  { id: '0-2', unborn: false, minAgeYears: 0, maxAgeYears: 3 },
  { id: '3-5', unborn: false, minAgeYears: 3, maxAgeYears: 6 },
  { id: '6-9', unborn: false, minAgeYears: 6, maxAgeYears: 10 },
  { id: '10-13', unborn: false, minAgeYears: 10, maxAgeYears: 14 },
  { id: '14-17', unborn: false, minAgeYears: 14, maxAgeYears: 18 },
];

export function ageBandIndex(unborn: number, ageYears: number): number {
  if (unborn === 1) return 0;
  for (let b = 1; b < AGE_BANDS.length; b++) if (ageYears < AGE_BANDS[b]!.maxAgeYears) return b;
  return AGE_BANDS.length - 1;
}

/** Rows of one split: features as float32 (what ONNX sees), the outcome, and the grouping columns. */
export interface Dataset {
  readonly rows: number;
  readonly featureCount: number;
  /** Row-major, rows × featureCount. */
  readonly x: Float32Array;
  readonly y: Uint8Array;
  readonly ageBand: Uint8Array;
  readonly sex: readonly ChildSex[];
}

export function toDataset(referrals: readonly SyntheticReferral[]): Dataset {
  const featureCount = REFERRAL_FEATURE_NAMES.length;
  const x = new Float32Array(referrals.length * featureCount);
  const y = new Uint8Array(referrals.length);
  const ageBand = new Uint8Array(referrals.length);
  const sex: ChildSex[] = [];
  referrals.forEach((r, i) => {
    REFERRAL_FEATURE_NAMES.forEach((name, j) => {
      x[i * featureCount + j] = r.features[name];
    });
    y[i] = r.placedWithin12Months ? 1 : 0;
    ageBand[i] = ageBandIndex(r.features.unborn, r.features.age_years);
    sex.push(r.sex);
  });
  return { rows: referrals.length, featureCount, x, y, ageBand, sex };
}

/** Assigns each family to a split with its own seeded stream, so the assignment is stable and reproducible. */
export function splitByFamily(
  referrals: readonly SyntheticReferral[],
  seed: number,
): Record<SplitName, SyntheticReferral[]> {
  const rng = new SeededRandom(seed, 0x5b117);
  const splitOfFamily = new Map<number, SplitName>();
  const out: Record<SplitName, SyntheticReferral[]> = { train: [], validation: [], reference: [] };
  for (const r of referrals) {
    let split = splitOfFamily.get(r.familyId);
    if (!split) {
      const u = rng.uniform();
      split = u < SPLIT_SHARES.train ? 'train' : u < SPLIT_SHARES.train + SPLIT_SHARES.validation ? 'validation' : 'reference';
      splitOfFamily.set(r.familyId, split);
    }
    out[split].push(r);
  }
  return out;
}

/** One row of a dataset (a view, not a copy). */
export function rowOf(data: Dataset, i: number): Float32Array {
  return data.x.subarray(i * data.featureCount, (i + 1) * data.featureCount);
}
