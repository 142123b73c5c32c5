// The outcome of each generated referral as a municipality's host data would show it, by the one rule the model's
// outcome has everywhere (plugin/validation/outcome-window): the child has a placement outside the home beginning
// on the referral's day or within the following 12 months, among all the placements generated for the child,
// whichever referral's handling led to them. This, not a referral's own draw from the stated model
// (SyntheticReferral.placedWithin12Months), is what the demo models are trained on and their cards report, because
// it is what `validate` measures on a seeded database: a child referred again is placed through a later referral's
// draw, and a draw of "placed" while the child is already placed or due records no new placement.
// The generated data end the day before the study window's end; a referral whose 12 months are not all over by
// then is too recent, and its outcome unknown (never "not placed"). Pure.

import { outcomeOf, type OutcomeStatus } from '../validation/outcome-window';
import { dayToIso, isoToDay } from './calendar-days';
import type { SyntheticMeasure, SyntheticPopulation, SyntheticReferral } from './referral-generator';

/** The outcome of a generated referral: its child's generated placements always count as the host's data. */
export type SyntheticOutcome = Exclude<OutcomeStatus, 'no-outcome-data'>;

/** The last day the generated data hold: the day before the study window's (exclusive) end. */
export const generatedDataAsOf = (population: Pick<SyntheticPopulation, 'windowEnd'>): string =>
  dayToIso(isoToDay(population.windowEnd) - 1);

/** The start days of every generated placement, by child, ascending. */
export function placementStartsByChild(measures: readonly SyntheticMeasure[]): Map<number, string[]> {
  const starts = new Map<number, string[]>();
  for (const m of measures) {
    if (m.kind !== 'placement') continue;
    const list = starts.get(m.childId);
    if (list) list.push(m.start);
    else starts.set(m.childId, [m.start]);
  }
  for (const list of starts.values()) list.sort();
  return starts;
}

/**
 * The host-defined outcome of each of `referrals` (default: the study referrals), in their order, from the
 * population's placements and as of the generated data's last day.
 */
export function hostOutcomes(
  population: SyntheticPopulation,
  referrals: readonly SyntheticReferral[] = population.studyReferrals,
): SyntheticOutcome[] {
  const starts = placementStartsByChild(population.measures);
  const asOf = generatedDataAsOf(population);
  return referrals.map((r) => outcomeOf(r.date, starts.get(r.childId) ?? [], asOf) as SyntheticOutcome);
}
