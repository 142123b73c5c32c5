// Loads the demo packages' people-facing texts (feature labels, card texts, Markdown headings) from their data
// files beside this module, and fills their {placeholders}.

import { readFileSync } from 'node:fs';
import type { FeatureKind, LocalizedTextSpec } from '../../../plugin/scoring/model-package-schema';
import type { MarkdownHeadings } from './model-card-markdown';

export interface CatalogueFeature {
  name: string;
  label: LocalizedTextSpec;
  kind: FeatureKind;
  group?: string;
  unit?: LocalizedTextSpec;
  range: { min: number; max: number };
  levels?: Array<{ value: number; label: LocalizedTextSpec }>;
}

export type DemoModelKind = 'logistic' | 'trees';

export interface DemoTexts {
  models: Record<DemoModelKind, { name: LocalizedTextSpec; algorithm: LocalizedTextSpec }>;
  ageBands: Record<string, LocalizedTextSpec>;
  card: {
    syntheticDataWarning: LocalizedTextSpec;
    intendedUse: LocalizedTextSpec;
    intendedUsers: LocalizedTextSpec;
    outOfScope: LocalizedTextSpec;
    outcome: LocalizedTextSpec;
    trainingData: LocalizedTextSpec;
    evaluationData: LocalizedTextSpec;
    fairnessNote: LocalizedTextSpec;
    limitations: LocalizedTextSpec;
    contact: string;
  };
  markdown: MarkdownHeadings;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8'));

export function loadFeatureCatalogue(): CatalogueFeature[] {
  return (readJson('./feature-catalogue.json') as { features: CatalogueFeature[] }).features;
}

export function loadDemoTexts(): DemoTexts {
  return readJson('./model-card-texts.json') as DemoTexts;
}

export type Language = 'da' | 'en';

/** A number as people read it in each language: 100.000 / 100,000 and 5,9 / 5.9 (no Intl, so no ICU drift). */
export function formatNumber(x: number, lang: Language): string {
  const [whole, fraction] = String(x).split('.') as [string, string | undefined];
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'da' ? '.' : ',');
  return sign + grouped + (fraction === undefined ? '' : (lang === 'da' ? ',' : '.') + fraction);
}

const MONTHS: Record<Language, readonly string[]> = {
  da: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** A date ('YYYY-MM-DD') as people write it: "1. januar 2016" / "1 January 2016" (never ISO in a text people read). */
export function longDate(iso: string): LocalizedTextSpec {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { da: `${day}. ${MONTHS.da[month - 1]} ${year}`, en: `${day} ${MONTHS.en[month - 1]} ${year}` };
}

export type TextValues = Record<string, string | number | LocalizedTextSpec>;

/** Replaces each {key} with its value; an unknown key is an error, so no placeholder reaches a model card. */
export function fill(template: string, values: TextValues, lang: Language): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no value for {${key}} in "${template.slice(0, 40)}…"`);
    if (typeof value === 'number') return formatNumber(value, lang);
    return typeof value === 'string' ? value : value[lang];
  });
}

export function fillLocalized(text: LocalizedTextSpec, values: TextValues): LocalizedTextSpec {
  return { da: fill(text.da, values, 'da'), en: fill(text.en, values, 'en') };
}
