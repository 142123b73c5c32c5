// Scores referrals with a loaded model package: probability from onnxruntime, the age-band risk score, and the
// exact explanation. Works on one referral or a batch of any size; a referral with bad input gets its errors,
// the rest of the batch is still scored. Knows nothing of HTTP, SQL or templates.
import { FeatureInputError } from '../errors';
import { adultAgeProblem, ageBandIndex, decileScore } from './age-band-score';
import { checkRow, packFeatures, type FeatureRecord } from './feature-vector';
import type { AdditiveSpace } from './additive-explainer';
import type { LoadedModelPackage } from './model-package-loader';
import type { LocalizedTextSpec } from './model-package-schema';

export interface FeatureContribution {
  readonly name: string;
  readonly value: number;
  readonly contribution: number;
}

export interface ReferralScore {
  readonly id?: string;
  /** Predicted probability of out-of-home placement within 12 months. */
  readonly probability: number;
  /** 1–10: the decile of `probability` within the age band. */
  readonly score: number;
  readonly ageBand: string;
  readonly additiveSpace: AdditiveSpace | null;
  /** Contributions plus this reproduce the model output in `additiveSpace`; null when no explanation exists. */
  readonly baseValue: number | null;
  /** Every feature, largest absolute contribution first; null when no explanation exists. */
  readonly contributions: readonly FeatureContribution[] | null;
  readonly explanationUnavailable: LocalizedTextSpec | null;
  readonly modelId: string;
  readonly modelVersion: string;
}

export interface ReferralInput {
  readonly id?: string;
  readonly features: FeatureRecord;
}

export type BatchOutcome =
  | { readonly ok: true; readonly result: ReferralScore }
  | { readonly ok: false; readonly id?: string; readonly errors: readonly FeatureInputError[] };

/** Columnar results for `rows` packed rows: what batch paths use without building objects. */
export interface ScoreMatrix {
  readonly rows: number;
  readonly probabilities: Float32Array;
  readonly scores: Uint8Array;
  readonly bands: Uint8Array;
  /** rows × features contributions, row-major; null when not asked for or unavailable. */
  readonly contributions: Float64Array | null;
}

export interface ScoreOptions {
  /** Compute explanations (default true). */
  readonly explain?: boolean;
}

export interface PackedReferrals {
  /** Valid rows only, row-major, in input order. */
  readonly matrix: Float32Array;
  readonly rows: number;
  /** Input position → row in `matrix`, or -1 when the referral has problems. */
  readonly rowOf: Int32Array;
  /** Input position → its problems (empty when valid). */
  readonly problems: ReadonlyArray<readonly FeatureInputError[]>;
}

/** The row's problems with the age rules first: an adult is never scored, whatever else is wrong. */
function withAgeBandProblem(model: LoadedModelPackage, row: ArrayLike<number>, found: readonly FeatureInputError[]): readonly FeatureInputError[] {
  const adult = adultAgeProblem(model.scale, row);
  if (adult) return [adult, ...found];
  if (found.length > 0) return found;
  try {
    ageBandIndex(model.scale, row);
    return found;
  } catch (error) {
    if (!(error instanceof FeatureInputError)) throw error;
    return [error];
  }
}

/** Validates and packs referrals given as named values. */
export function packReferrals(model: LoadedModelPackage, inputs: readonly ReferralInput[]): PackedReferrals {
  const width = model.layout.features.length;
  const matrix = new Float32Array(inputs.length * width);
  const problems: Array<readonly FeatureInputError[]> = new Array(inputs.length);
  const rowOf = new Int32Array(inputs.length).fill(-1);
  let rows = 0;
  const scratch = new Float64Array(width);
  for (let i = 0; i < inputs.length; i++) {
    const found = withAgeBandProblem(model, scratch, packFeatures(model.layout, inputs[i]!.features, scratch));
    problems[i] = found;
    if (found.length === 0) {
      matrix.set(scratch, rows * width);
      rowOf[i] = rows++;
    }
  }
  return { matrix, rows, rowOf, problems };
}

/**
 * Validates a feature matrix that a batch path packed itself (row-major, package feature order; NaN for a
 * missing value). Invalid rows are left out of the returned matrix, which is the input itself when all are valid.
 */
export function checkFeatureMatrix(model: LoadedModelPackage, matrix: Float32Array, rows: number): PackedReferrals {
  const width = model.layout.features.length;
  const problems: Array<readonly FeatureInputError[]> = new Array(rows);
  const rowOf = new Int32Array(rows);
  let valid = 0;
  let compacted: Float32Array | null = null;
  for (let i = 0; i < rows; i++) {
    const row = matrix.subarray(i * width, (i + 1) * width);
    const found = withAgeBandProblem(model, row, checkRow(model.layout, row));
    problems[i] = found;
    if (found.length > 0) {
      rowOf[i] = -1;
      if (!compacted) {
        compacted = new Float32Array(rows * width);
        compacted.set(matrix.subarray(0, valid * width));
      }
      continue;
    }
    if (compacted) compacted.set(row, valid * width);
    rowOf[i] = valid++;
  }
  return { matrix: compacted ?? matrix, rows: valid, rowOf, problems };
}

/** Scores `rows` already validated rows of `matrix`. */
export async function scoreMatrix(
  model: LoadedModelPackage,
  matrix: Float32Array,
  rows: number,
  options: ScoreOptions = {},
): Promise<ScoreMatrix> {
  const width = model.layout.features.length;
  const probabilities = rows === 0 ? new Float32Array(0) : await model.runtime.predict(matrix, rows);
  const scores = new Uint8Array(rows);
  const bands = new Uint8Array(rows);
  const bandSpecs = model.scale.bands;
  for (let i = 0; i < rows; i++) {
    const row = matrix.subarray(i * width, (i + 1) * width);
    const band = ageBandIndex(model.scale, row);
    bands[i] = band;
    scores[i] = decileScore(bandSpecs[band]!.cutPoints, probabilities[i]!);
  }
  let contributions: Float64Array | null = null;
  const explainer = model.explainer;
  if (explainer && options.explain !== false) {
    contributions = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) {
      explainer.explain(matrix.subarray(i * width, (i + 1) * width), contributions.subarray(i * width, (i + 1) * width));
    }
  }
  return { rows, probabilities, scores, bands, contributions };
}

/** A float32 input back in the decimal it was entered as (7.42, not 7.420000076). */
function asEntered(value: number): number {
  return Number.isInteger(value) ? value : Math.round(value * 1e6) / 1e6;
}

/** Column indices ordered by absolute contribution, largest first, ties in feature order (insertion sort: few columns). */
function orderByMagnitude(c: Float64Array, offset: number, width: number, order: Int32Array): void {
  for (let j = 0; j < width; j++) {
    const size = Math.abs(c[offset + j]!);
    let k = j;
    while (k > 0 && Math.abs(c[offset + order[k - 1]!]!) < size) {
      order[k] = order[k - 1]!;
      k--;
    }
    order[k] = j;
  }
}

/** The explanation of one scored row as stored (batch results): every feature's value and exact contribution. */
export interface StoredExplanation {
  readonly additiveSpace: AdditiveSpace | null;
  readonly baseValue: number | null;
  /** By feature name, in the model's feature order: [value as entered, contribution]; null when unavailable. */
  readonly features: Readonly<Record<string, readonly [number, number]>> | null;
  readonly explanationUnavailable?: LocalizedTextSpec;
}

/**
 * Row `i`'s explanation for storage: the same exact figures as referralScoreAt's contributions, keyed by feature
 * (a batch stores tens of thousands: no per-feature objects, no ordering; readers order by size as they need).
 */
export function storedExplanationAt(model: LoadedModelPackage, matrix: Float32Array, scored: ScoreMatrix, i: number): StoredExplanation {
  const names = model.layout.names;
  const width = names.length;
  const c = scored.contributions;
  let features: Record<string, readonly [number, number]> | null = null;
  if (c) {
    const offset = i * width;
    features = {};
    for (let j = 0; j < width; j++) features[names[j]!] = [asEntered(matrix[offset + j]!), c[offset + j]!];
  }
  const explainer = model.explainer;
  return {
    additiveSpace: explainer?.space ?? null,
    baseValue: features && explainer ? explainer.baseValue : null,
    features,
    ...(model.explanationUnavailable ? { explanationUnavailable: model.explanationUnavailable } : {}),
  };
}

/** The result object of row `i` of a score matrix. */
export function referralScoreAt(model: LoadedModelPackage, matrix: Float32Array, scored: ScoreMatrix, i: number, id?: string): ReferralScore {
  const names = model.layout.names;
  const width = names.length;
  const explainer = model.explainer;
  let contributions: FeatureContribution[] | null = null;
  const c = scored.contributions;
  if (c) {
    const offset = i * width;
    const order = new Int32Array(width);
    orderByMagnitude(c, offset, width, order);
    contributions = new Array(width);
    for (let k = 0; k < width; k++) {
      const j = order[k]!;
      contributions[k] = { name: names[j]!, value: asEntered(matrix[offset + j]!), contribution: c[offset + j]! };
    }
  }
  const result: ReferralScore = {
    probability: scored.probabilities[i]!,
    score: scored.scores[i]!,
    ageBand: model.scale.bands[scored.bands[i]!]!.id,
    additiveSpace: explainer?.space ?? null,
    baseValue: contributions && explainer ? explainer.baseValue : null,
    contributions,
    explanationUnavailable: model.explanationUnavailable,
    modelId: model.identity.id,
    modelVersion: model.identity.version,
  };
  return id === undefined ? result : { id, ...result };
}

export async function scoreBatch(model: LoadedModelPackage, inputs: readonly ReferralInput[], options: ScoreOptions = {}): Promise<BatchOutcome[]> {
  const packed = packReferrals(model, inputs);
  const scored = await scoreMatrix(model, packed.matrix, packed.rows, options);
  return inputs.map((input, i): BatchOutcome => {
    const row = packed.rowOf[i]!;
    if (row < 0) return { ok: false, ...(input.id === undefined ? {} : { id: input.id }), errors: packed.problems[i]! };
    return { ok: true, result: referralScoreAt(model, packed.matrix, scored, row, input.id) };
  });
}

/** Scores one referral; throws the first FeatureInputError when its input is not usable. */
export async function scoreReferral(model: LoadedModelPackage, input: ReferralInput, options: ScoreOptions = {}): Promise<ReferralScore> {
  const [outcome] = await scoreBatch(model, [input], options);
  if (!outcome!.ok) throw outcome!.errors[0]!;
  return outcome!.result;
}
