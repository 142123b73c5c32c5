// Turns the synthetic referrals into the matrices the demo models are trained and evaluated on, split by family
// (siblings and repeated referrals of one child never straddle two splits). The label of a training or evaluation
// row is the host-defined outcome (plugin/synthetic/host-outcome: a placement of the child beginning within 12
// months of the referral, whichever referral led to it), the outcome `validate` measures in a municipality; a
// referral too recent to have its 12 months in the generated data has no label and is never a training or
// evaluation row (it still counts where no outcome is needed: the reference split's score scale).

import { hostOutcomes, type SyntheticOutcome } from '../../../plugin/synthetic/host-outcome';
import { REFERRAL_FEATURE_NAMES } from '../../../plugin/synthetic/referral-features';
import type { ChildSex, SyntheticPopulation, SyntheticReferral } from '../../../plugin/synthetic/referral-generator';
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

/** Rows of referrals: features as float32 (what ONNX sees) and the grouping columns. */
export interface FeatureRows {
  readonly rows: number;
  readonly featureCount: number;
  /** Row-major, rows × featureCount. */
  readonly x: Float32Array;
  readonly ageBand: Uint8Array;
  readonly sex: readonly ChildSex[];
}

/** Rows with a known outcome: 1 when the child was placed within the referral's 12 months (host definition). */
export interface Dataset extends FeatureRows {
  readonly y: Uint8Array;
}

/** A referral with its known host-defined outcome. */
export interface LabelledReferral {
  readonly referral: SyntheticReferral;
  readonly placed: boolean;
}

export function toFeatureRows(referrals: readonly SyntheticReferral[]): FeatureRows {
  const featureCount = REFERRAL_FEATURE_NAMES.length;
  const x = new Float32Array(referrals.length * featureCount);
  const ageBand = new Uint8Array(referrals.length);
  const sex: ChildSex[] = [];
  referrals.forEach((r, i) => {
    REFERRAL_FEATURE_NAMES.forEach((name, j) => {
      x[i * featureCount + j] = r.features[name];
    });
    ageBand[i] = ageBandIndex(r.features.unborn, r.features.age_years);
    sex.push(r.sex);
  });
  return { rows: referrals.length, featureCount, x, ageBand, sex };
}

export function toDataset(examples: readonly LabelledReferral[]): Dataset {
  const y = Uint8Array.from(examples, (e) => (e.placed ? 1 : 0));
  return { ...toFeatureRows(examples.map((e) => e.referral)), y };
}

/** The study referrals with their host-defined outcome, and how many were left out as too recent. */
export interface OutcomeLabels {
  readonly labelled: readonly LabelledReferral[];
  /** Labelled referrals by id, for the splits. */
  readonly byId: ReadonlyMap<number, LabelledReferral>;
  readonly tooRecent: number;
}

export function labelByHostOutcome(population: SyntheticPopulation): OutcomeLabels {
  const outcomes: SyntheticOutcome[] = hostOutcomes(population);
  const labelled: LabelledReferral[] = [];
  let tooRecent = 0;
  population.studyReferrals.forEach((referral, i) => {
    const outcome = outcomes[i]!;
    if (outcome === 'too-recent') tooRecent++;
    else labelled.push({ referral, placed: outcome === 'placed' });
  });
  return { labelled, byId: new Map(labelled.map((l) => [l.referral.id, l])), tooRecent };
}

/** The referrals of `referrals` that have a known outcome, labelled, in their order. */
export function withKnownOutcome(referrals: readonly SyntheticReferral[], labels: OutcomeLabels): LabelledReferral[] {
  const out: LabelledReferral[] = [];
  for (const r of referrals) {
    const l = labels.byId.get(r.id);
    if (l) out.push(l);
  }
  return out;
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
export function rowOf(data: FeatureRows, i: number): Float32Array {
  return data.x.subarray(i * data.featureCount, (i + 1) * data.featureCount);
}
