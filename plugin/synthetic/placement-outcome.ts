// The stated outcome model of the synthetic data: the probability that a referral's handling leads to a
// placement outside the home within 12 months, as a known logistic function of the referral's features. Because
// the truth is written down, tests can check that the generator draws each referral's placement from exactly
// this formula. (The outcome a municipality measures, and the demo models learn, is wider: any placement of the
// child beginning within the 12 months, also one a later referral led to; ./host-outcome.) The terms below are
// the formula; placementModelFormula() prints it, and a test keeps this comment and
// models/demo-synthetic/README.md in step with it:
//
//   logit P(placed within 12 months) =
//     − 5.1
//     + 0.9 · unborn
//     + 0.6 · [born and age_years < 1]
//     − 0.08 · min(age_years, 9)
//     + 0.1 · max(age_years − 11, 0)
//     + 0.18 · ln(1 + prior_referrals_total)
//     + 0.12 · min(prior_referrals_12m, 5)
//     + 0.1 · ln(1 + sibling_referrals_total)
//     + 0.08 · min(sibling_referrals_12m, 5)
//     − 0.25 · source_school
//     − 0.35 · source_daycare
//     + 0.15 · source_health
//     + 0.3 · source_police
//     + 0.1 · source_family
//     − 0.5 · source_anonymous
//     + 0.55 · (severity − 1)
//     + 0.35 · (severity − 1) · source_police
//     + 0.5 · min(prior_placements, 3)
//     − 0.025 · min(prior_placements, 3) · age_years
//     + 0.15 · min(prior_preventive_measures, 4)
//     + 0.08 · min(sibling_preventive_measures, 4)
//     + 0.25 · min(sibling_placements, 3)
//     + 0.8 · unborn · [sibling_placements > 0]
//     + 0.45 · open_case
//     + 0.1 · min(household_moves_3y, 5)
//     − 0.03 · (parent_age_at_birth − 28)
//     + 0.3 · [parent_age_at_birth < 20]
//     + 0.25 · single_parent_household
//     + 0.14 · ics_concerns_last_assessment
//
// ([condition] is 1 when the condition holds, else 0.) The age terms make infants, unborn children and
// teenagers likelier to be placed than school children; the interactions are severity × police, prior
// placements × age and sibling placements × unborn. The child's sex does not appear: it has no direct effect.

import type { ReferralFeatures } from './referral-features';

export interface PlacementModelTerm {
  readonly coefficient: number;
  /** The term as written in the formula. */
  readonly expression: string;
  readonly value: (f: ReferralFeatures) => number;
}

/** β0 of the stated model, chosen so that about 6 % of referrals are drawn to lead to a placement. */
export const PLACEMENT_INTERCEPT = -5.1;

const flag = (condition: boolean): number => (condition ? 1 : 0);

export const PLACEMENT_MODEL_TERMS: readonly PlacementModelTerm[] = [
  { coefficient: 0.9, expression: 'unborn', value: (f) => f.unborn },
  { coefficient: 0.6, expression: '[born and age_years < 1]', value: (f) => flag(f.unborn === 0 && f.age_years < 1) },
  { coefficient: -0.08, expression: 'min(age_years, 9)', value: (f) => Math.min(f.age_years, 9) },
  { coefficient: 0.1, expression: 'max(age_years − 11, 0)', value: (f) => Math.max(f.age_years - 11, 0) },
  { coefficient: 0.18, expression: 'ln(1 + prior_referrals_total)', value: (f) => Math.log1p(f.prior_referrals_total) },
  { coefficient: 0.12, expression: 'min(prior_referrals_12m, 5)', value: (f) => Math.min(f.prior_referrals_12m, 5) },
  { coefficient: 0.1, expression: 'ln(1 + sibling_referrals_total)', value: (f) => Math.log1p(f.sibling_referrals_total) },
  { coefficient: 0.08, expression: 'min(sibling_referrals_12m, 5)', value: (f) => Math.min(f.sibling_referrals_12m, 5) },
  { coefficient: -0.25, expression: 'source_school', value: (f) => f.source_school },
  { coefficient: -0.35, expression: 'source_daycare', value: (f) => f.source_daycare },
  { coefficient: 0.15, expression: 'source_health', value: (f) => f.source_health },
  { coefficient: 0.3, expression: 'source_police', value: (f) => f.source_police },
  { coefficient: 0.1, expression: 'source_family', value: (f) => f.source_family },
  { coefficient: -0.5, expression: 'source_anonymous', value: (f) => f.source_anonymous },
  { coefficient: 0.55, expression: '(severity − 1)', value: (f) => f.severity - 1 },
  { coefficient: 0.35, expression: '(severity − 1) · source_police', value: (f) => (f.severity - 1) * f.source_police },
  { coefficient: 0.5, expression: 'min(prior_placements, 3)', value: (f) => Math.min(f.prior_placements, 3) },
  {
    coefficient: -0.025,
    expression: 'min(prior_placements, 3) · age_years',
    value: (f) => Math.min(f.prior_placements, 3) * f.age_years,
  },
  {
    coefficient: 0.15,
    expression: 'min(prior_preventive_measures, 4)',
    value: (f) => Math.min(f.prior_preventive_measures, 4),
  },
  {
    coefficient: 0.08,
    expression: 'min(sibling_preventive_measures, 4)',
    value: (f) => Math.min(f.sibling_preventive_measures, 4),
  },
  { coefficient: 0.25, expression: 'min(sibling_placements, 3)', value: (f) => Math.min(f.sibling_placements, 3) },
  {
    coefficient: 0.8,
    expression: 'unborn · [sibling_placements > 0]',
    value: (f) => f.unborn * flag(f.sibling_placements > 0),
  },
  { coefficient: 0.45, expression: 'open_case', value: (f) => f.open_case },
  { coefficient: 0.1, expression: 'min(household_moves_3y, 5)', value: (f) => Math.min(f.household_moves_3y, 5) },
  { coefficient: -0.03, expression: '(parent_age_at_birth − 28)', value: (f) => f.parent_age_at_birth - 28 },
  { coefficient: 0.3, expression: '[parent_age_at_birth < 20]', value: (f) => flag(f.parent_age_at_birth < 20) },
  { coefficient: 0.25, expression: 'single_parent_household', value: (f) => f.single_parent_household },
  { coefficient: 0.14, expression: 'ics_concerns_last_assessment', value: (f) => f.ics_concerns_last_assessment },
];

/** The log-odds of placement within 12 months under the stated model. */
export function placementLogOdds(f: ReferralFeatures): number {
  let logOdds = PLACEMENT_INTERCEPT;
  for (const term of PLACEMENT_MODEL_TERMS) logOdds += term.coefficient * term.value(f);
  return logOdds;
}

/** P(placed within 12 months) under the stated model. */
export function placementProbability(f: ReferralFeatures): number {
  return 1 / (1 + Math.exp(-placementLogOdds(f)));
}

/** The formula, one term a line, as the module comment and the demo model's README show it. */
export function placementModelFormula(): string[] {
  const signed = (c: number): string => `${c < 0 ? '−' : '+'} ${Math.abs(c)}`;
  return [
    'logit P(placed within 12 months) =',
    `  ${signed(PLACEMENT_INTERCEPT)}`,
    ...PLACEMENT_MODEL_TERMS.map((t) => `  ${signed(t.coefficient)} · ${t.expression}`),
  ];
}
