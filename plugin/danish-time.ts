// The municipality's calendar: "today", the day a report is filed and the time a delivery is shown in are Danish
// local time (Europe/Copenhagen, with summer time), never the server's zone or UTC, so a report filed at 00:30
// on the 1st is filed on the 1st. The host's own times are Danish wall-clock times already. Pure.
export const MUNICIPALITY_TIME_ZONE = 'Europe/Copenhagen';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: MUNICIPALITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Danish calendar day (YYYY-MM-DD) of an instant; default now. */
export function danishDay(instant: Date = new Date()): string {
  return dayFormat.format(instant);
}

const clockFormats = {
  da: new Intl.DateTimeFormat('da-DK', { timeZone: MUNICIPALITY_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: MUNICIPALITY_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
} as const;

/** The Danish wall-clock time of an instant, written the way the language writes it ("05.30" / "05:30"). */
export function danishClockTime(instant: Date, lang: 'da' | 'en'): string {
  return clockFormats[lang].format(instant);
}
