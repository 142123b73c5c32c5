// Checks one referral's features against the model package and packs them, in package order, into a row of
// the input matrix. Every problem is reported with the feature it concerns; nothing unchecked reaches the model.
// Two ways in: a record of named values (one referral, the API, the command line) and an already packed numeric
// row (batch paths that extract features column by column); both end in the same numeric check.
import { FeatureInputError } from '../errors';
import type { FeatureSpec } from './model-package-schema';

export type FeatureRecord = Readonly<Record<string, unknown>>;

const KIND_CONTINUOUS = 0;
const KIND_COUNT = 1;
const KIND_ZERO_ONE = 2;

export interface FeatureLayout {
  readonly modelId: string;
  readonly features: readonly FeatureSpec[];
  readonly names: readonly string[];
  /** Feature name → column. */
  readonly index: ReadonlyMap<string, number>;
  /** One-hot groups: group name → its columns. */
  readonly groups: ReadonlyMap<string, readonly number[]>;
  /** Column of the age feature, or -1. Its declared range is enforced like every other's. */
  readonly ageColumn: number;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly kind: Uint8Array;
}

export function createFeatureLayout(modelId: string, features: readonly FeatureSpec[], ageFeature?: string): FeatureLayout {
  const index = new Map(features.map((f, i) => [f.name, i] as const));
  const groups = new Map<string, number[]>();
  features.forEach((f, i) => {
    if (f.kind === 'category' && f.group) groups.set(f.group, [...(groups.get(f.group) ?? []), i]);
  });
  const ageColumn = ageFeature ? (index.get(ageFeature) ?? -1) : -1;
  return {
    modelId,
    features,
    names: features.map((f) => f.name),
    index,
    groups,
    ageColumn,
    // Every declared range is enforced, the age feature's included: a value outside is refused, never clamped.
    min: Float64Array.from(features, (f) => f.range.min),
    max: Float64Array.from(features, (f) => f.range.max),
    kind: Uint8Array.from(features, (f) => (f.kind === 'count' ? KIND_COUNT : f.kind === 'continuous' ? KIND_CONTINUOUS : KIND_ZERO_ONE)),
  };
}

/** Shared by every row without problems, so the common case allocates nothing. */
const NO_PROBLEMS: readonly FeatureInputError[] = Object.freeze([]);

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

function problemWith(layout: FeatureLayout, j: number, value: number): FeatureInputError | null {
  const spec = layout.features[j]!;
  const feature = spec.name;
  if (!Number.isFinite(value)) return new FeatureInputError('FEATURE_NOT_NUMERIC', { feature, value: describe(value) });
  if (value < layout.min[j]! || value > layout.max[j]!) {
    return new FeatureInputError('FEATURE_OUT_OF_RANGE', { feature, value, min: spec.range.min, max: spec.range.max });
  }
  const kind = layout.kind[j];
  if (kind === KIND_COUNT && (!Number.isInteger(value) || value < 0)) {
    return new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', { feature, value, kind: 'count', allowed: 'a whole number, 0 or more' });
  }
  if (kind === KIND_ZERO_ONE && value !== 0 && value !== 1) {
    return new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', { feature, value, kind: spec.kind, allowed: '0 or 1' });
  }
  return null;
}

function groupProblems(layout: FeatureLayout, row: ArrayLike<number>, problems: FeatureInputError[]): void {
  for (const [group, columns] of layout.groups) {
    let ones = 0;
    for (const c of columns) if (row[c] === 1) ones++;
    if (ones <= 1) continue;
    const names = columns.map((c) => layout.names[c]!);
    problems.push(
      new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', {
        feature: columns.filter((c) => row[c] === 1).map((c) => layout.names[c]!).join(', '),
        value: ones,
        kind: `one-hot group "${group}"`,
        allowed: `1 in at most one of ${names.join(', ')}`,
      }),
    );
  }
}

/**
 * Checks a packed numeric row: finite, within range, of its kind, one-hot groups with at most one 1.
 * `skip` marks columns already reported (by the record path) so they are not reported twice.
 */
export function checkRow(layout: FeatureLayout, row: ArrayLike<number>, skip?: Uint8Array): readonly FeatureInputError[] {
  const { min, max, kind } = layout;
  const width = min.length;
  let problems: FeatureInputError[] | null = null;
  for (let j = 0; j < width; j++) {
    const v = row[j]!;
    // One comparison chain settles the common case; NaN fails it too and is reported below.
    if (v >= min[j]! && v <= max[j]! && (kind[j] === KIND_CONTINUOUS ? v - v === 0 : kind[j] === KIND_COUNT ? v === Math.floor(v) : v === 0 || v === 1)) {
      continue;
    }
    if (skip?.[j]) continue;
    const problem = problemWith(layout, j, v);
    if (problem) (problems ??= []).push(problem);
  }
  if (layout.groups.size > 0) {
    const found: FeatureInputError[] = problems ?? [];
    const before = found.length;
    groupProblems(layout, row, found);
    if (found.length > before) problems = found;
  }
  return problems ?? NO_PROBLEMS;
}

/**
 * Validates `record` and writes its values into `row` (length = number of features). Returns every problem
 * found; the row is only meaningful when none was.
 */
export function packFeatures(layout: FeatureLayout, record: FeatureRecord, row: Float32Array | Float64Array): readonly FeatureInputError[] {
  const names = layout.names;
  const width = names.length;
  let problems: FeatureInputError[] | null = null;
  let skip: Uint8Array | undefined;
  let present = 0;
  for (let j = 0; j < width; j++) {
    const value = record[names[j]!];
    if (typeof value === 'number') {
      row[j] = value;
      present++;
      continue;
    }
    skip ??= new Uint8Array(width);
    skip[j] = 1;
    row[j] = 0;
    if (value === undefined || value === null) {
      (problems ??= []).push(new FeatureInputError('FEATURE_MISSING', { feature: names[j]! }));
    } else {
      present++;
      (problems ??= []).push(new FeatureInputError('FEATURE_NOT_NUMERIC', { feature: names[j]!, value: describe(value) }));
    }
  }
  // Any key beyond the features found is unknown; only then is it worth naming which.
  let keys = 0;
  for (const key in record) if (Object.prototype.hasOwnProperty.call(record, key) && record[key] !== undefined) keys++;
  if (keys > present) {
    for (const key of Object.keys(record)) {
      if (!layout.index.has(key) && record[key] !== undefined) {
        (problems ??= []).push(new FeatureInputError('FEATURE_UNKNOWN', { feature: key, modelId: layout.modelId }));
      }
    }
  }
  const numeric = checkRow(layout, row, skip);
  if (!problems) return numeric;
  return numeric.length > 0 ? [...problems, ...numeric] : problems;
}
