// The panel's texts live in templates/locales/<lang>.json (Danish default, English second); this module loads
// them once and fills their {placeholders}. Code never holds a sentence a user reads.
import path from 'node:path';
import { PRODUCT_ROOT } from '../product-paths';
import { readJsonFile } from '../json-file';

export const LOCALES = ['da', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'da';

export type Messages = typeof import('../../templates/locales/da.json');

export const LOCALES_DIR = path.join(PRODUCT_ROOT, 'templates', 'locales');

export function loadMessages(dir = LOCALES_DIR): Record<Locale, Messages> {
  const read = (lang: Locale) => readJsonFile(path.join(dir, `${lang}.json`)) as Messages;
  return { da: read('da'), en: read('en') };
}

export function asLocale(value: unknown): Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value) ? (value as Locale) : DEFAULT_LOCALE;
}

/** A message with its {name} placeholders filled (values are plain text; templates escape them). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
