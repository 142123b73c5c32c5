// The features of one referral as the synthetic generator produces them, in the order the demo models use.
// The names are the stable feature names of the demo model packages (model.json `features[].name`).

export const REFERRAL_FEATURE_NAMES = [
  'age_years',
  'unborn',
  'prior_referrals_total',
  'prior_referrals_12m',
  'sibling_referrals_total',
  'sibling_referrals_12m',
  'source_school',
  'source_daycare',
  'source_health',
  'source_police',
  'source_family',
  'source_anonymous',
  'severity',
  'prior_preventive_measures',
  'prior_placements',
  'sibling_preventive_measures',
  'sibling_placements',
  'open_case',
  'household_moves_3y',
  'parent_age_at_birth',
  'single_parent_household',
  'ics_concerns_last_assessment',
] as const;

export type ReferralFeatureName = (typeof REFERRAL_FEATURE_NAMES)[number];
export type ReferralFeatures = Record<ReferralFeatureName, number>;

/**
 * Who sent the referral. The one-hot group `referral_source` has a column for the first six; the rest
 * (social services, the child itself, anyone else) form the reference category "other", where all columns are 0.
 */
export const REFERRAL_SOURCES = [
  'school',
  'daycare',
  'health',
  'police',
  'family',
  'anonymous',
  'social_services',
  'child',
  'other',
] as const;

export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const REFERRAL_SOURCE_GROUP = 'referral_source';

/** The one-hot column of each source; sources in the reference category "other" have none. */
export const SOURCE_COLUMN: Readonly<Partial<Record<ReferralSource, ReferralFeatureName>>> = {
  school: 'source_school',
  daycare: 'source_daycare',
  health: 'source_health',
  police: 'source_police',
  family: 'source_family',
  anonymous: 'source_anonymous',
};

/** The features of a referral as a row in REFERRAL_FEATURE_NAMES order. */
export function featureRow(features: ReferralFeatures): number[] {
  return REFERRAL_FEATURE_NAMES.map((name) => features[name]);
}
