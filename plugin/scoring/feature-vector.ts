// Checks one referral's features against the model package and packs them, in package order, into a row of
// the input matrix. Every problem is reported with the feature it concerns; nothing unchecked reaches the model.
import { FeatureInputError } from '../errors';
import type { FeatureSpec } from './model-package-schema';

export type FeatureRecord = Readonly<Record<string, unknown>>;

export interface FeatureLayout {
  readonly modelId: string;
  readonly features: readonly FeatureSpec[];
  /** Feature name → column. */
  readonly index: ReadonlyMap<string, number>;
  /** One-hot groups: group name → its columns. */
  readonly groups: ReadonlyMap<string, readonly number[]>;
  /** Column of the age feature whose own range check the age-band check replaces, or -1. */
  readonly ageColumn: number;
}

export function createFeatureLayout(modelId: string, features: readonly FeatureSpec[], ageFeature?: string): FeatureLayout {
  const index = new Map(features.map((f, i) => [f.name, i] as const));
  const groups = new Map<string, number[]>();
  features.forEach((f, i) => {
    if (f.kind === 'category' && f.group) groups.set(f.group, [...(groups.get(f.group) ?? []), i]);
  });
  return { modelId, features, index, groups, ageColumn: ageFeature ? (index.get(ageFeature) ?? -1) : -1 };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return value === null ? 'null' : typeof value;
}

function checkValue(spec: FeatureSpec, column: number, value: unknown, ageColumn: number): FeatureInputError | null {
  const feature = spec.name;
  if (value === undefined || value === null) return new FeatureInputError('FEATURE_MISSING', { feature });
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return new FeatureInputError('FEATURE_NOT_NUMERIC', { feature, value: describe(value) });
  }
  if (column !== ageColumn && (value < spec.range.min || value > spec.range.max)) {
    return new FeatureInputError('FEATURE_OUT_OF_RANGE', { feature, value, min: spec.range.min, max: spec.range.max });
  }
  if (spec.kind === 'count' && (!Number.isInteger(value) || value < 0)) {
    return new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', { feature, value, kind: 'count', allowed: 'a whole number, 0 or more' });
  }
  if ((spec.kind === 'binary' || spec.kind === 'category') && value !== 0 && value !== 1) {
    return new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', { feature, value, kind: spec.kind, allowed: '0 or 1' });
  }
  return null;
}

/**
 * Validates `record` and writes its values into `row` (length = number of features). Returns every problem
 * found; the row is only meaningful when none was.
 */
export function packFeatures(layout: FeatureLayout, record: FeatureRecord, row: Float32Array | Float64Array): FeatureInputError[] {
  const problems: FeatureInputError[] = [];
  for (const key of Object.keys(record)) {
    if (!layout.index.has(key)) problems.push(new FeatureInputError('FEATURE_UNKNOWN', { feature: key, modelId: layout.modelId }));
  }
  const features = layout.features;
  for (let j = 0; j < features.length; j++) {
    const spec = features[j]!;
    const value = record[spec.name];
    const problem = checkValue(spec, j, value, layout.ageColumn);
    if (problem) problems.push(problem);
    else row[j] = value as number;
  }
  for (const [group, columns] of layout.groups) {
    let ones = 0;
    for (const c of columns) if (row[c] === 1) ones++;
    if (ones > 1) {
      const names = columns.map((c) => features[c]!.name);
      problems.push(
        new FeatureInputError('FEATURE_NOT_ALLOWED_VALUE', {
          feature: names.filter((_, k) => row[columns[k]!] === 1).join(', '),
          value: ones,
          kind: `one-hot group "${group}"`,
          allowed: `1 in at most one of ${names.join(', ')}`,
        }),
      );
    }
  }
  return problems;
}
