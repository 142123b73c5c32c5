// Scores referrals with a loaded model package: probability from onnxruntime, the age-band risk score, and the
// exact explanation. Works on one referral or a batch of any size; a referral with bad input gets its errors,
// the rest of the batch is still scored. Knows nothing of HTTP, SQL or templates.
import { FeatureInputError } from '../errors';
import { ageBandIndex, decileScore } from './age-band-score';
import { packFeatures, type FeatureRecord } from './feature-vector';
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

/** Validates and packs referrals; returns the matrix of valid rows and each referral's problems. */
export function packReferrals(model: LoadedModelPackage, inputs: readonly ReferralInput[]) {
  const width = model.layout.features.length;
  const matrix = new Float32Array(inputs.length * width);
  const problems: FeatureInputError[][] = [];
  const rowOf = new Int32Array(inputs.length).fill(-1);
  let rows = 0;
  const scratch = new Float64Array(width);
  for (let i = 0; i < inputs.length; i++) {
    const found = packFeatures(model.layout, inputs[i]!.features, scratch);
    if (found.length === 0) {
      try {
        ageBandIndex(model.scale, scratch);
      } catch (error) {
        if (!(error instanceof FeatureInputError)) throw error;
        found.push(error);
      }
    }
    problems.push(found);
    if (found.length === 0) {
      matrix.set(scratch, rows * width);
      rowOf[i] = rows++;
    }
  }
  return { matrix, rows, rowOf, problems };
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
const asEntered = (value: number) => Number(value.toPrecision(7));

/** The result object of row `i` of a score matrix. */
export function referralScoreAt(model: LoadedModelPackage, matrix: Float32Array, scored: ScoreMatrix, i: number, id?: string): ReferralScore {
  const features = model.layout.features;
  const width = features.length;
  let contributions: FeatureContribution[] | null = null;
  if (scored.contributions) {
    const offset = i * width;
    const order = Array.from({ length: width }, (_, j) => j);
    const c = scored.contributions;
    order.sort((a, b) => Math.abs(c[offset + b]!) - Math.abs(c[offset + a]!) || a - b);
    contributions = order.map((j) => ({ name: features[j]!.name, value: asEntered(matrix[offset + j]!), contribution: c[offset + j]! }));
  }
  const explainer = model.explainer;
  return {
    ...(id === undefined ? {} : { id }),
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
