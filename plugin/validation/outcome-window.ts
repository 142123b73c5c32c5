// Whether a referral's outcome is known, and what it was: the model's outcome is a placement outside the home
// that begins on the referral's day or within the 12 months after it (before the same day a year later). A
// referral whose 12 months have not all passed by the day the host's data runs to ("as of") is too recent: its
// outcome is not known yet, and it is left out of every outcome figure (a placement already seen would count
// while a placement still to come could not, which would flatter or blame the model). Pure.

export type OutcomeStatus = 'placed' | 'not-placed' | 'too-recent' | 'no-outcome-data';

export const OUTCOME_MONTHS = 12;

/** The same day `months` calendar months later (31 January + 1 month is 28 or 29 February). ISO days. */
export function addCalendarMonths(day: string, months: number): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1 + months;
  const d = Number(day.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The first day after the outcome window of a referral received on `day` (the window is [day, end)). */
export const outcomeWindowEnd = (day: string): string => addCalendarMonths(day, OUTCOME_MONTHS);

/**
 * The outcome of a referral received at `receivedAt` (an ISO instant or day), given the start days of the child's
 * placements (null: the mapping says nowhere where placements are) and the day the host's data runs to.
 */
export function outcomeOf(receivedAt: string, placementStarts: readonly string[] | null, asOf: string): OutcomeStatus {
  if (placementStarts === null) return 'no-outcome-data';
  const day = receivedAt.slice(0, 10);
  const end = outcomeWindowEnd(day);
  if (end > addDay(asOf)) return 'too-recent';
  return placementStarts.some((s) => s >= day && s < end) ? 'placed' : 'not-placed';
}

/** The day after an ISO day: a window ending the day after `asOf` has every one of its days recorded. */
function addDay(day: string): string {
  const t = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1);
  return new Date(t).toISOString().slice(0, 10);
}
