// The validation report in its two locales (Danish first, English second), from the same figures: the locale
// files have the same keys and placeholders, every section renders in both with nothing left unfilled, the English
// report holds no Danish sentence of the Danish one (and the reverse), numbers, dates and quarters are written each
// language's way, and the figures (the JSON twin) do not depend on the locale. Pure: no database, no browser.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validationFormat } from '../../plugin/validation/number-format';
import { computeValidationFigures, type ModelReference, type ValidationFigures, type ValidationReferral } from '../../plugin/validation/validation-figures';
import { loadValidationTemplates, renderValidationHtml } from '../../plugin/validation/validation-html';
import { asValidationLocale, loadValidationMessages, VALIDATION_LOCALES, VALIDATION_LOCALES_DIR, type ValidationLocale } from '../../plugin/validation/validation-locale';
import { buildValidationView } from '../../plugin/validation/validation-view-model';
import { loadDimensionLabels } from '../../plugin/validation/validation-locale';

const outcomes = (band: string, meanPredicted: number) => Array.from({ length: 10 }, (_, i) => ({ score: i + 1, children: 200, placed: 4 * (i + 1), meanPredicted: meanPredicted * (i + 1) }));

const MODEL: ModelReference = {
  id: 'test-model',
  version: '2.1.0',
  name: { da: 'Prøvemodel for kommunen', en: 'Trial model for the municipality' },
  bands: [
    { id: 'young', label: { da: 'Små børn', en: 'Young children' }, outcomesByScore: outcomes('young', 0.02) },
    { id: 'older', label: { da: 'Større børn', en: 'Older children' }, outcomesByScore: outcomes('older', 0.015) },
    { id: 'rare', label: { da: 'Sjælden gruppe', en: 'Rare band' } },
  ],
  card: {
    evaluatedOn: 'test split',
    auc: 0.81,
    baseRate: 0.07,
    byAgeBand: [
      { group: 'young', n: 2000, observedRate: 0.08, meanPredicted: 0.08, auc: 0.8 },
      { group: 'older', n: 2000, observedRate: 0.06, meanPredicted: 0.06, auc: 0.82 },
    ],
    bySex: [
      { group: 'male', n: 2000, observedRate: 0.07, meanPredicted: 0.07, auc: 0.81 },
      { group: 'female', n: 2000, observedRate: 0.07, meanPredicted: 0.07, auc: 0.8 },
    ],
  },
};

/** A small deterministic generator (mulberry32), so the figures are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Referrals over three years in two full bands and one tiny one, with districts (one of them tiny). */
function referrals(options: { outcomes: boolean }): ValidationReferral[] {
  const next = random(7);
  const list: ValidationReferral[] = [];
  const days = ['2020-02-10', '2020-05-12', '2020-08-20', '2020-11-03', '2021-02-15', '2021-06-01', '2021-09-09', '2021-12-01', '2022-03-03', '2022-07-07', '2022-10-10', '2022-12-12'];
  for (const [band, n, shift] of [['young', 600, 0], ['older', 600, 2], ['rare', 6, 0]] as const) {
    for (let i = 0; i < n; i++) {
      const score = Math.min(10, Math.max(1, Math.ceil(next() * 10) + (next() < 0.3 ? shift : 0)));
      const probability = Math.min(0.95, score * 0.02 + next() * 0.02);
      const day = days[i % days.length]!;
      const placed = next() < probability * 1.4;
      list.push({
        receivedAt: `${day} 09:30:00`,
        ageBand: band,
        score,
        probability,
        placementStarts: options.outcomes ? (placed ? [`${day.slice(0, 4)}-12-28`] : []) : null,
        sex: i % 2 === 0 ? 'male' : 'female',
        groups: { district: i % 50 === 0 ? 'Østerby' : i % 2 === 0 ? 'Nordby' : 'Sønderby' },
      });
    }
  }
  return list;
}

function figuresOf(options: { outcomes: boolean }): ValidationFigures {
  return computeValidationFigures({
    referrals: referrals(options),
    refused: 3,
    model: MODEL,
    period: { from: '2020-01-01', to: '2022-12-31' },
    asOf: '2023-06-30',
    attributes: [{ name: 'district', label: { da: 'Bydel', en: 'District' } }],
    sexKnown: true,
    dimensionLabels: loadDimensionLabels(),
    seed: 11,
    resamples: 200,
  });
}

const templates = loadValidationTemplates();

async function render(figures: ValidationFigures, locale: ValidationLocale): Promise<string> {
  const view = await buildValidationView(figures, { generatedAt: '2026-06-30T22:30:00.000Z', syntheticWarning: null, messages: loadValidationMessages(locale) });
  return renderValidationHtml(view, figures, templates);
}

/** What a reader reads: text between tags, alt texts (aria-label), the charts' text; no style, script or markup. */
function readable(html: string): string[] {
  const labels = [...html.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]!);
  const body = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style[\s\S]*?<\/style>/g, '');
  const texts = body.split(/<[^>]+>/);
  const decode = (t: string) => t.replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x3D;/g, '=').replace(/&#x60;/g, '`').replace(/&amp;/g, '&');
  return [...texts, ...labels].map((t) => decode(t).trim()).filter((t) => t.length > 0);
}

/** A sentence or phrase: three words or more of letters (a lone "Score", "AUC" or figure is the same in both). */
const phrases = (lines: readonly string[]) => [...new Set(lines.filter((l) => (l.match(/\p{L}{2,}/gu) ?? []).length >= 3))];

/** Every leaf of a locale file by path: strings (with their placeholders) and arrays' lengths. */
function shape(value: unknown, at = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(at, [...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(','));
  else if (Array.isArray(value)) value.forEach((v, i) => shape(v, `${at}[${i}]`).forEach((s, k) => out.set(k, s)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) shape(v, at ? `${at}.${k}` : k).forEach((s, key) => out.set(key, s));
  else out.set(at, `(${typeof value})`);
  return out;
}

describe('the validation report in Danish and English', function () {
  this.timeout(60_000);
  const withOutcomes = figuresOf({ outcomes: true });
  const distributionOnly = figuresOf({ outcomes: false });
  const html: Record<string, string> = {};

  before(async () => {
    for (const [name, figures] of [['outcomes', withOutcomes], ['distribution', distributionOnly]] as const) {
      for (const locale of VALIDATION_LOCALES) html[`${name}-${locale}`] = await render(figures, locale);
    }
  });

  it('says when it was made in Danish time, in the report\'s language (00:30 summer time is already the 1st of July)', () => {
    expect(html['outcomes-da']).to.contain('1. juli 2026 kl. 00.30');
    expect(html['outcomes-en']).to.contain('1 July 2026, 00:30');
  });

  it('has the same keys, array lengths and placeholders in both locale files, each naming its own language', () => {
    const files = Object.fromEntries(VALIDATION_LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(VALIDATION_LOCALES_DIR, `${l}.json`), 'utf8')) as { lang: string }]));
    const da = shape(files.da);
    const en = shape(files.en);
    expect([...en.keys()].sort()).to.deep.equal([...da.keys()].sort());
    const placeholdersDiffer = [...da.keys()].filter((k) => k !== 'lang' && da.get(k) !== en.get(k));
    expect(placeholdersDiffer).to.deep.equal([]);
    for (const l of VALIDATION_LOCALES) expect(files[l]!.lang).to.equal(l);
    expect(da.size).to.be.above(100);
  });

  it('renders every section in both locales, with the page\'s lang, and leaves no placeholder or undefined value', () => {
    expect(withOutcomes.discrimination).to.not.equal(null);
    expect(withOutcomes.fairness!.dimensions.map((d) => d.key)).to.deep.equal(['ageBand', 'sex', 'attribute:district']);
    for (const [key, page] of Object.entries(html)) {
      const locale = key.endsWith('-en') ? 'en' : 'da';
      expect(page, key).to.match(new RegExp(`<html lang="${locale}">`));
      for (const id of ['sammenfatning', 'datagrundlag', 'skelneevne', 'kalibrering', 'fordeling', 'retfaerdighed', 'modelkort', 'metode']) {
        expect(page, `${key}: ${id}`).to.match(new RegExp(`<h2 id="h-${id}">[^<]+</h2>`));
      }
      const text = readable(page).join('\n');
      expect(text, key).to.not.match(/\{\w+\}|undefined|NaN|\[object/);
    }
    // With outcomes: five charts before the groups (ROC, placement, calibration, heatmap, drift), one per group kind.
    for (const locale of VALIDATION_LOCALES) expect(html[`outcomes-${locale}`]!.match(/<svg /g)).to.have.length(8);
  });

  it('holds no Danish sentence in the English report, and no English sentence in the Danish one', () => {
    for (const name of ['outcomes', 'distribution']) {
      const da = readable(html[`${name}-da`]!);
      const en = readable(html[`${name}-en`]!);
      const daPhrases = phrases(da);
      const enPhrases = phrases(en);
      expect(daPhrases.length, name).to.be.above(name === 'outcomes' ? 100 : 40);
      const enSet = new Set(en);
      const daSet = new Set(da);
      expect(daPhrases.filter((p) => enSet.has(p)), `${name}: Danish in English`).to.deep.equal([]);
      expect(enPhrases.filter((p) => daSet.has(p)), `${name}: English in Danish`).to.deep.equal([]);
      // Danish letters only in what the municipality named in Danish: here the district names.
      const danishLetters = en.filter((l) => /[æøåÆØÅ]/.test(l) && !/Østerby|Sønderby/.test(l));
      expect(danishLetters, name).to.deep.equal([]);
    }
    // The model's and the bands' names in the reader's language.
    const en = readable(html['outcomes-en']!).join('\n');
    const da = readable(html['outcomes-da']!).join('\n');
    expect(en).to.include('Trial model for the municipality').and.include('Young children').and.not.include('Prøvemodel');
    expect(da).to.include('Prøvemodel for kommunen').and.include('Små børn').and.not.include('Trial model');
  });

  it('writes numbers, dates and quarters each language\'s way, in the text and in the charts', () => {
    const en = html['outcomes-en']!;
    const da = html['outcomes-da']!;
    expect(en).to.include('1 January 2020 – 31 December 2022').and.include('Q1 2020');
    expect(da).to.include('1. januar 2020 – 31. december 2022').and.include('1. kvt. 2020');
    expect(en).to.match(/based on 1,206 referrals/);
    expect(da).to.match(/bygger på 1\.206 underretninger/);
    // Chart axes: English "10%", Danish "10 %".
    expect(en).to.match(/<text[^>]*>10%<\/text>/);
    expect(da).to.match(/<text[^>]*>10 %<\/text>/);
    const f = validationFormat('en', loadValidationMessages('en'));
    expect([f.integer(1234567), f.decimal(-0.0456, 3), f.percent(0.1234), f.percentWithInterval(0.5, { low: 0.25, high: 0.75 }), f.date('2024-03-01'), f.quarter('2024-Q3')]).to.deep.equal([
      '1,234,567', '−0.046', '12.3%', '50.0% (25.0–75.0%)', '1 March 2024', 'Q3 2024',
    ]);
    const g = validationFormat('da', loadValidationMessages('da'));
    expect([g.integer(1234567), g.decimal(-0.0456, 3), g.percent(0.1234), g.percentWithInterval(0.5, { low: 0.25, high: 0.75 }), g.date('2024-03-01'), g.quarter('2024-Q3')]).to.deep.equal([
      '1.234.567', '−0,046', '12,3 %', '50,0 % (25,0–75,0 %)', '1. marts 2024', '3. kvt. 2024',
    ]);
  });

  it('embeds the same figures in both (the JSON twin does not depend on the locale and holds labels in both languages)', () => {
    const embedded = (page: string) => /<script type="application\/json" id="validation-figures">([\s\S]*?)<\/script>/.exec(page)![1];
    expect(embedded(html['outcomes-en']!)).to.equal(embedded(html['outcomes-da']!));
    const dimension = withOutcomes.fairness!.dimensions[0]!;
    expect(dimension.label).to.deep.equal({ da: 'Aldersgruppe', en: 'Age group' });
  });

  it('refuses a locale it does not have, rather than writing Danish silently', () => {
    expect(asValidationLocale(undefined)).to.equal('da');
    expect(asValidationLocale('en')).to.equal('en');
    expect(() => asValidationLocale('fr')).to.throw().with.property('code', 'INPUT_INVALID');
  });
});
