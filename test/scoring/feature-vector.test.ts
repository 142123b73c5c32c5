// Bad input never reaches the model: each problem is a typed error naming the feature.
import { expect } from 'chai';
import { createFeatureLayout, packFeatures } from '../../plugin/scoring/feature-vector';
import type { FeatureSpec } from '../../plugin/scoring/model-package-schema';

const label = { da: 'x', en: 'x' };
const features: FeatureSpec[] = [
  { name: 'age_years', label, kind: 'continuous', range: { min: 0, max: 18 }, referenceValue: 8 },
  { name: 'prior_referrals_12m', label, kind: 'count', range: { min: 0, max: 30 }, referenceValue: 1 },
  { name: 'open_case', label, kind: 'binary', range: { min: 0, max: 1 }, referenceValue: 0.3 },
  { name: 'source_school', label, kind: 'category', group: 'referral_source', range: { min: 0, max: 1 }, referenceValue: 0.3 },
  { name: 'source_police', label, kind: 'category', group: 'referral_source', range: { min: 0, max: 1 }, referenceValue: 0.2 },
];
const layout = createFeatureLayout('test-model', features);
const valid = { age_years: 7.5, prior_referrals_12m: 2, open_case: 1, source_school: 1, source_police: 0 };

function problemsFor(record: Record<string, unknown>) {
  return packFeatures(layout, record, new Float64Array(features.length)).map((p) => ({ code: p.code, feature: p.feature }));
}

describe('checking and packing a referral\'s features', () => {
  it('packs a valid record in the package\'s feature order', () => {
    const row = new Float64Array(features.length);
    expect(packFeatures(layout, valid, row)).to.deep.equal([]);
    expect(Array.from(row)).to.deep.equal([7.5, 2, 1, 1, 0]);
  });

  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['a missing value', { ...valid, open_case: undefined }, 'FEATURE_MISSING', 'open_case'],
    ['a null value', { ...valid, open_case: null }, 'FEATURE_MISSING', 'open_case'],
    ['an unknown feature', { ...valid, shoe_size: 38 }, 'FEATURE_UNKNOWN', 'shoe_size'],
    ['a numeric string', { ...valid, prior_referrals_12m: '2' }, 'FEATURE_NOT_NUMERIC', 'prior_referrals_12m'],
    ['NaN', { ...valid, age_years: Number.NaN }, 'FEATURE_NOT_NUMERIC', 'age_years'],
    ['Infinity', { ...valid, age_years: Number.POSITIVE_INFINITY }, 'FEATURE_NOT_NUMERIC', 'age_years'],
    ['a value above the plausible range', { ...valid, prior_referrals_12m: 31 }, 'FEATURE_OUT_OF_RANGE', 'prior_referrals_12m'],
    ['a negative age', { ...valid, age_years: -1 }, 'FEATURE_OUT_OF_RANGE', 'age_years'],
    ['a fractional count', { ...valid, prior_referrals_12m: 1.5 }, 'FEATURE_NOT_ALLOWED_VALUE', 'prior_referrals_12m'],
    ['a binary value of 0.5', { ...valid, open_case: 0.5 }, 'FEATURE_NOT_ALLOWED_VALUE', 'open_case'],
    ['two sources at once in a one-hot group', { ...valid, source_police: 1 }, 'FEATURE_NOT_ALLOWED_VALUE', 'source_school, source_police'],
  ];
  for (const [what, record, code, feature] of cases) {
    it(`refuses ${what} with ${code} naming ${feature}`, () => {
      expect(problemsFor(record)).to.deep.equal([{ code, feature }]);
    });
  }

  it('lists every problem of a record, not just the first', () => {
    const problems = problemsFor({ age_years: 7 });
    expect(problems.map((p) => p.feature)).to.deep.equal(['prior_referrals_12m', 'open_case', 'source_school', 'source_police']);
    expect(new Set(problems.map((p) => p.code))).to.deep.equal(new Set(['FEATURE_MISSING']));
  });

  it('does not echo a long hostile string back whole in the message', () => {
    const [problem] = packFeatures(layout, { ...valid, open_case: `<script>${'x'.repeat(500)}</script>` }, new Float64Array(5));
    expect(problem!.message.length).to.be.below(200);
  });

  it('enforces the declared range of the age feature too, naming it, never clamping', () => {
    const withAge = createFeatureLayout('test-model', [{ ...features[0]!, range: { min: 0, max: 12 } }, ...features.slice(1)], 'age_years');
    const row = new Float64Array(features.length);
    const problems = packFeatures(withAge, { ...valid, age_years: 12.5 }, row);
    expect(problems.map((p) => [p.code, p.feature])).to.deep.equal([['FEATURE_OUT_OF_RANGE', 'age_years']]);
    expect(row[0]).to.equal(12.5);
    expect(packFeatures(withAge, { ...valid, age_years: 12 }, row)).to.deep.equal([]);
  });
});
