// The model card as a page for caseworkers, families and anyone else: built from model.json's modelCard and
// score scale in one locale, in plain words. It shows what the score meant per age group and score (of 100
// children with the score, how many were placed), calibration by the very score the panel shows, the age range
// and the outcome; numbers in the locale's format.
import { outOfHundred } from '../scoring/absolute-figures';
import type { ModelPackageManifest } from '../scoring/model-package-schema';
import { fill, type Locale, type Messages } from './panel-locale';
import { formatDate } from './panel-view-model';

/**
 * A strong association between an input and a protected attribute that `mapping check` measured and the
 * municipality justified in its field mapping (who, when, why). `attributeLabel` is null for the sex the CPR
 * number holds ("sex_from_cpr"), which has its own text.
 */
export interface RecordedJustification {
  readonly feature: string;
  readonly attribute: string;
  readonly attributeLabel: { readonly da: string; readonly en: string } | null;
  readonly by: string;
  readonly on: string;
  readonly why: string;
}

function ageRangeText(manifest: ModelPackageManifest, t: Messages): string | null {
  const bands = manifest.scoreScale.bands;
  const born = bands.filter((b) => !b.unborn);
  if (born.length === 0) return null;
  const min = Math.min(...born.map((b) => b.minAgeYears ?? 0));
  const maxes = born.map((b) => b.maxAgeYears);
  if (maxes.some((m) => m === undefined)) return null;
  // Bands end before maxAgeYears: the last whole year covered is one less.
  const max = Math.max(...(maxes as number[])) - 1;
  return fill(bands.some((b) => b.unborn) ? t.cardAgeRangeUnborn : t.cardAgeRangeBorn, { min, max });
}

export function buildModelCardView(manifest: ModelPackageManifest, lang: Locale, t: Messages, justifications: readonly RecordedJustification[] = []) {
  const card = manifest.modelCard;
  const intl = lang === 'da' ? 'da-DK' : 'en-GB';
  const whole = new Intl.NumberFormat(intl, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(intl, { maximumFractionDigits: 1 });
  const threeDecimals = new Intl.NumberFormat(intl, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = (x: number) => `${decimal.format(Math.round(x * 1000) / 10)} %`;
  const of100 = (x: number) => decimal.format(Math.round(x * 1000) / 10);
  const section = (title: string, text: { da: string; en: string }) => ({ title, text: text[lang] });
  const bands = manifest.scoreScale.bands;
  const bandLabel = (id: string) => bands.find((b) => b.id === id)?.label[lang] ?? id;
  const sexLabel = (group: string) => (group === 'male' ? t.cardSexMale : group === 'female' ? t.cardSexFemale : group);

  const withFigures = bands.every((b) => b.outcomesByScore !== undefined);
  const figures = withFigures
    ? bands.map((b) => ({
        caption: fill(t.cardFiguresCaption, { band: b.label[lang] }),
        rows: b.outcomesByScore!.map((o) => {
          const f = outOfHundred(o);
          return { score: f.score, children: whole.format(f.children), placed: whole.format(f.placedOf100), notPlaced: whole.format(f.notPlacedOf100) };
        }),
      }))
    : [];
  // Calibration by the within-band score the panel shows: all bands together, per score.
  const calibration = withFigures
    ? Array.from({ length: 10 }, (_, k) => {
        let children = 0;
        let placed = 0;
        let predicted = 0;
        for (const b of bands) {
          const o = b.outcomesByScore![k]!;
          children += o.children;
          placed += o.placed;
          predicted += o.meanPredicted * o.children;
        }
        return { score: k + 1, n: whole.format(children), predicted: of100(predicted / children), observed: of100(placed / children) };
      })
    : [];

  return {
    lang,
    t,
    name: manifest.name[lang],
    versionText: fill(t.cardVersion, { version: manifest.version, date: formatDate(lang, manifest.createdAt) ?? manifest.createdAt }),
    warning: card.syntheticDataWarning?.[lang] ?? null,
    ageRange: ageRangeText(manifest, t),
    sections: [
      section(t.cardIntendedUse, card.intendedUse),
      section(t.cardIntendedUsers, card.intendedUsers),
      section(t.cardOutOfScope, card.outOfScope),
      section(t.cardOutcome, card.outcome),
      section(t.cardTrainingData, card.trainingData),
      section(t.cardEvaluationData, card.evaluationData),
    ],
    figures,
    calibration,
    discriminationText: fill(t.cardDiscrimination, { auc: threeDecimals.format(card.metrics.auc) }),
    baseRateText: fill(t.cardBaseRate, { rate: decimal.format(Math.round(card.metrics.baseRate * 1000) / 10) }),
    fairnessNote: card.fairness.note[lang],
    fairness: [
      ...card.fairness.byAgeBand.map((g) => ({ ...g, label: bandLabel(g.group) })),
      ...card.fairness.bySex.map((g) => ({ ...g, label: sexLabel(g.group) })),
    ].map((g) => ({
      group: g.label,
      n: whole.format(g.n),
      observed: pct(g.observedRate),
      shareInScore10: g.shareInScore10 === undefined ? t.cardNone : pct(g.shareInScore10),
      placedInScore10: g.placedRateInScore10 === undefined || g.placedRateInScore10 === null ? t.cardNone : pct(g.placedRateInScore10),
    })),
    inputs: manifest.features.map((f) => f.label[lang]),
    limitations: card.limitations[lang],
    justifications: justifications.map((j) =>
      fill(t.cardJustificationLine, {
        feature: manifest.features.find((f) => f.name === j.feature)?.label[lang] ?? j.feature,
        attribute: j.attributeLabel?.[lang] ?? t.cardJustificationSexFromCpr,
        by: j.by,
        date: formatDate(lang, j.on) ?? j.on,
        why: j.why,
      }),
    ),
    contact: card.contact,
  };
}
