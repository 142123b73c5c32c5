// The use case behind every view of the risk panel: fetch the referral's data, score it with the model loaded
// at start-up, score the child's earlier referrals for the timeline, and read the flags. Returns either a
// score or a state that is not a score (never throws for those); the routes audit and render the outcome.
import { FeatureInputError, isBeslutningsstotteError, type ErrorCode } from '../errors';
import type { LoadedModelPackage } from '../scoring/model-package-loader';
import { packReferrals, referralScoreAt, scoreBatch, scoreMatrix, type ReferralScore } from '../scoring/referral-scorer';
import type { DataFlag, FlagRepository } from '../storage/flag-repository';
import type { ReferralDataSource, ReferralSnapshot } from './referral-data-source';

export interface InputProblem {
  readonly feature: string;
  readonly code: ErrorCode;
  /** FEATURE_UNKNOWN_CODE: the code the host data held, and where. */
  readonly unknownCode?: { readonly code: string; readonly column: string };
}

export interface HistoryPoint {
  readonly referralId: string;
  readonly receivedAt: string;
  readonly score: number | null;
}

export type PanelOutcome =
  | {
      readonly kind: 'score';
      readonly referral: ReferralSnapshot;
      readonly score: ReferralScore;
      readonly history: readonly HistoryPoint[];
      readonly flags: readonly DataFlag[];
    }
  | { readonly kind: 'input-problem'; readonly referral: ReferralSnapshot; readonly problems: readonly InputProblem[]; readonly flags: readonly DataFlag[] }
  | { readonly kind: 'age-outside-model'; readonly referral: ReferralSnapshot; readonly flags: readonly DataFlag[] }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'model-unavailable'; readonly modelErrorCode: string }
  | { readonly kind: 'database-unavailable'; readonly cause: unknown }
  /** 18 or older when the referral was received: outside the model's age range, never scored. */
  | { readonly kind: 'adult-at-referral'; readonly referral: ReferralSnapshot; readonly flags: readonly DataFlag[] }
  /** No readable birth date (a missing or replacement CPR number) and nothing that says the child was unborn. */
  | { readonly kind: 'age-unknown'; readonly referral: ReferralSnapshot; readonly flags: readonly DataFlag[] };

export type PanelStateKind = Exclude<PanelOutcome['kind'], 'score'>;

/** The state's error code (for the audit, the log and the JSON API). */
export const STATE_CODES: Record<PanelStateKind, ErrorCode> = {
  'input-problem': 'FEATURE_MISSING',
  'age-outside-model': 'AGE_OUTSIDE_MODEL',
  'not-found': 'REFERRAL_NOT_FOUND',
  'model-unavailable': 'MODEL_UNAVAILABLE',
  'database-unavailable': 'DATABASE_UNAVAILABLE',
  'adult-at-referral': 'AGE_ADULT_AT_REFERRAL',
  'age-unknown': 'AGE_UNKNOWN',
};

export interface RiskPanelDeps {
  /** Null when the package failed to load at start-up; `modelErrorCode` then says why. */
  readonly model: LoadedModelPackage | null;
  readonly modelErrorCode: string | null;
  readonly data: ReferralDataSource;
  readonly flags: FlagRepository;
}

async function scoreHistory(model: LoadedModelPackage, earlier: readonly ReferralSnapshot[]): Promise<HistoryPoint[]> {
  if (earlier.length === 0) return [];
  const outcomes = await scoreBatch(model, earlier.map((r) => ({ id: r.referralId, features: r.features })), { explain: false });
  return earlier.map((r, i) => {
    const o = outcomes[i]!;
    return { referralId: r.referralId, receivedAt: r.receivedAt, score: o.ok ? o.result.score : null };
  });
}

export async function buildRiskPanel(deps: RiskPanelDeps, referralId: string): Promise<PanelOutcome> {
  const model = deps.model;
  if (!model) return { kind: 'model-unavailable', modelErrorCode: deps.modelErrorCode ?? 'MODEL_PACKAGE_INVALID' };
  let found: Awaited<ReturnType<ReferralDataSource['referralWithHistory']>>;
  let flags: DataFlag[];
  try {
    [found, flags] = await Promise.all([deps.data.referralWithHistory(referralId), deps.flags.forReferral(referralId)]);
  } catch (error) {
    if (isBeslutningsstotteError(error) && error.code === 'REFERRAL_NOT_FOUND') return { kind: 'not-found' };
    return { kind: 'database-unavailable', cause: error };
  }
  if (!found) return { kind: 'not-found' };
  const { referral, earlier } = found;
  // The age comes first: an adult is never scored, and an unknown age is never taken for an unborn child.
  if (referral.age?.state === 'adult') return { kind: 'adult-at-referral', referral, flags };
  if (referral.age?.state === 'unknown') return { kind: 'age-unknown', referral, flags };

  const packed = packReferrals(model, [{ id: referral.referralId, features: referral.features }]);
  const problems = packed.problems[0]!;
  if (problems.length > 0) {
    if (problems.some((p) => p.code === 'AGE_ADULT_AT_REFERRAL')) return { kind: 'adult-at-referral', referral, flags };
    if (problems.some((p) => p.code === 'AGE_OUTSIDE_MODEL')) return { kind: 'age-outside-model', referral, flags };
    const unknownOf = (feature: string) => referral.unknownCodes?.find((u) => u.feature === feature);
    return {
      kind: 'input-problem',
      referral,
      flags,
      problems: problems.map((p: FeatureInputError): InputProblem => {
        const unknown = unknownOf(p.feature ?? '');
        return unknown && p.code === 'FEATURE_MISSING'
          ? { feature: unknown.feature, code: 'FEATURE_UNKNOWN_CODE', unknownCode: { code: unknown.code, column: `${unknown.table}.${unknown.column}` } }
          : { feature: p.feature ?? '', code: p.code };
      }),
    };
  }
  const scored = await scoreMatrix(model, packed.matrix, packed.rows);
  const score = referralScoreAt(model, packed.matrix, scored, 0, referral.referralId);
  const history = await scoreHistory(model, earlier);
  return { kind: 'score', referral, score, history, flags };
}
