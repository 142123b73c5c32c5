// The validation report's texts live in templates/validation/locales/<lang>.json (Danish default, English second),
// as the panel's and the follow-up report's live beside their templates; this module loads them and fills their
// {placeholders}. Code never holds a sentence a reader reads. The JSON twin carries no sentence: only figures,
// stable keys and labels in both languages.
import path from 'node:path';
import { readJsonFile } from '../json-file';
import { VALIDATION_TEMPLATES_DIR } from '../product-paths';
import { BeslutningsstotteError } from '../errors';
import type { ValidationLocale } from './number-format';
import type { DimensionLabels } from './validation-figures';

/** A message with its {name} placeholders filled: the panel's filler, not another copy of it. */
export { fill } from '../panel/panel-locale';

export type { ValidationLocale } from './number-format';
export const VALIDATION_LOCALES = ['da', 'en'] as const satisfies readonly ValidationLocale[];
export const DEFAULT_VALIDATION_LOCALE: ValidationLocale = 'da';

export type ValidationMessages = typeof import('../../templates/validation/locales/da.json');

export const VALIDATION_LOCALES_DIR = path.join(VALIDATION_TEMPLATES_DIR, 'locales');

export function loadValidationMessages(locale: ValidationLocale, dir = VALIDATION_LOCALES_DIR): ValidationMessages {
  return readJsonFile(path.join(dir, `${locale}.json`)) as ValidationMessages;
}

/** The locale a user asked for (`--lang`); anything else is refused, never silently Danish. */
export function asValidationLocale(value: string | undefined): ValidationLocale {
  if (value === undefined) return DEFAULT_VALIDATION_LOCALE;
  if ((VALIDATION_LOCALES as readonly string[]).includes(value)) return value as ValidationLocale;
  throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--lang must be one of ${VALIDATION_LOCALES.join(', ')}` });
}

/** The fairness dimensions' labels in both languages, for the figures (whose JSON twin carries both). */
export function loadDimensionLabels(dir = VALIDATION_LOCALES_DIR): DimensionLabels {
  const da = loadValidationMessages('da', dir).dimensions;
  const en = loadValidationMessages('en', dir).dimensions;
  const both = (key: keyof typeof da) => ({ da: da[key], en: en[key] });
  return { ageBand: both('ageBand'), sex: both('sex'), male: both('male'), female: both('female') };
}
