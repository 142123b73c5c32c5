// The follow-up report's texts live in templates/follow-up/locales/<lang>.json (Danish default, English second);
// loaded once. Dates and numbers are written the way each language writes them.
import path from 'node:path';
import { PRODUCT_ROOT } from '../product-paths';
import { readJsonFile } from '../json-file';

export const REPORT_LOCALES = ['da', 'en'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];
export type ReportMessages = typeof import('../../templates/follow-up/locales/da.json');

export const REPORT_TEMPLATES_DIR = path.join(PRODUCT_ROOT, 'templates', 'follow-up');

export function loadReportMessages(dir = path.join(REPORT_TEMPLATES_DIR, 'locales')): Record<ReportLocale, ReportMessages> {
  const read = (lang: ReportLocale) => readJsonFile(path.join(dir, `${lang}.json`)) as ReportMessages;
  return { da: read('da'), en: read('en') };
}

export function asReportLocale(value: unknown): ReportLocale {
  return value === 'en' ? 'en' : 'da';
}

export function fillText(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export interface ReportFormat {
  date(iso: string): string;
  month(iso: string): string;
  tick(iso: string): string;
  number(x: number): string;
  signed(x: number): string;
}

export function reportFormat(lang: ReportLocale, t: ReportMessages): ReportFormat {
  const nf = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });
  const parts = (iso: string) => iso.split('-').map(Number) as [number, number, number];
  return {
    date(iso) {
      const [y, m, d] = parts(iso);
      return lang === 'da' ? `${d}. ${t.months[m - 1]} ${y}` : `${d} ${t.months[m - 1]} ${y}`;
    },
    month(iso) {
      const [y, m] = parts(iso);
      return `${t.months[m - 1]} ${y}`;
    },
    tick(iso) {
      const [y, m] = parts(iso);
      return `${t.monthsShort[m - 1]} ${y}`;
    },
    number: (x) => nf.format(x).replace('-', '−'),
    signed: (x) => (x > 0 ? `+${nf.format(x)}` : x < 0 ? `−${nf.format(-x)}` : nf.format(0)),
  };
}
