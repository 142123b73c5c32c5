// Number and date formats for the validation report, per locale. Danish: comma decimals, point thousands, a space
// before "%" ("12,3 %"), "1. marts 2024", "3. kvt. 2024". English: point decimals, comma thousands, "12.3%",
// "1 March 2024", "Q3 2024". The words (month names, the quarter's pattern) come from the locale text.
import { fill } from './validation-locale';

export type ValidationLocale = 'da' | 'en';

interface Symbols {
  readonly decimal: string;
  readonly thousands: string;
  readonly percent: string;
}

const SYMBOLS: Record<ValidationLocale, Symbols> = {
  da: { decimal: ',', thousands: '.', percent: ' %' },
  en: { decimal: '.', thousands: ',', percent: '%' },
};

/** The words a date and a quarter are written with (templates/validation/locales/<lang>.json). */
export interface DateWords {
  readonly months: readonly string[];
  /** "{day}. {month} {year}" */
  readonly date: string;
  /** "{quarter}. kvt. {year}" */
  readonly quarter: string;
}

export interface ValidationFormat {
  readonly locale: ValidationLocale;
  /** The symbols, for the charts' number format. */
  readonly symbols: Symbols;
  integer(n: number): string;
  decimal(x: number, decimals: number): string;
  percent(share: number, decimals?: number): string;
  /** "12,3 % (9,8–15,1 %)" / "12.3% (9.8–15.1%)". */
  percentWithInterval(share: number, interval: { low: number; high: number } | null): string;
  /** A day "2024-03-01". */
  date(day: string): string;
  /** A quarter "2024-Q3". */
  quarter(quarter: string): string;
}


export function validationFormat(locale: ValidationLocale, words: DateWords): ValidationFormat {
  const s = SYMBOLS[locale];
  const integer = (n: number): string => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, s.thousands);
  const decimal = (x: number, decimals: number): string => {
    const [whole, fraction] = Math.abs(x).toFixed(decimals).split('.');
    return `${x < 0 && Number(Math.abs(x).toFixed(decimals)) !== 0 ? '−' : ''}${integer(Number(whole))}${fraction ? `${s.decimal}${fraction}` : ''}`;
  };
  const percent = (share: number, decimals = 1): string => `${decimal(share * 100, decimals)}${s.percent}`;
  return {
    locale,
    symbols: s,
    integer,
    decimal,
    percent,
    percentWithInterval: (share, interval) => (interval ? `${percent(share)} (${decimal(interval.low * 100, 1)}–${percent(interval.high)})` : percent(share)),
    date: (day) => fill(words.date, { day: Number(day.slice(8, 10)), month: words.months[Number(day.slice(5, 7)) - 1] ?? day.slice(5, 7), year: day.slice(0, 4) }),
    quarter: (q) => fill(words.quarter, { quarter: q.slice(6), year: q.slice(0, 4) }),
  };
}
