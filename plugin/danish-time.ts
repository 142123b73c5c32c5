// The municipality's calendar: "today", the day a report is filed and the time a delivery is shown in are Danish
// local time (Europe/Copenhagen, with summer time), never the server's zone or UTC, so a report filed at 00:30
// on the 1st is filed on the 1st. The host's own times are Danish wall-clock times already. Pure.
export const MUNICIPALITY_TIME_ZONE = 'Europe/Copenhagen';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: MUNICIPALITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Danish calendar day (YYYY-MM-DD) of an instant; default now. */
export function danishDay(instant: Date = new Date()): string {
  return dayFormat.format(instant);
}
