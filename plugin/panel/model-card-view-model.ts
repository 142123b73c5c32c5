// The model card as a page: built from model.json's modelCard in one locale (the same source as MODEL_CARD.md).
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

export function buildModelCardView(manifest: ModelPackageManifest, lang: Locale, t: Messages, justifications: readonly RecordedJustification[] = []) {
  const card = manifest.modelCard;
  const decimal = new Intl.NumberFormat(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 });
  const pct = (x: number) => decimal.format(Math.round(x * 1000) / 10);
  const section = (title: string, text: { da: string; en: string }) => ({ title, text: text[lang] });
  return {
    lang,
    t,
    name: manifest.name[lang],
    versionText: fill(t.cardVersion, { version: manifest.version, date: formatDate(lang, manifest.createdAt) ?? manifest.createdAt }),
    warning: card.syntheticDataWarning?.[lang] ?? null,
    sections: [
      section(t.cardIntendedUse, card.intendedUse),
      section(t.cardIntendedUsers, card.intendedUsers),
      section(t.cardOutOfScope, card.outOfScope),
      section(t.cardOutcome, card.outcome),
      section(t.cardTrainingData, card.trainingData),
      section(t.cardEvaluationData, card.evaluationData),
    ],
    aucText: fill(t.cardAuc, { auc: card.metrics.auc.toFixed(3) }),
    baseRateText: fill(t.cardBaseRate, { rate: pct(card.metrics.baseRate) }),
    calibration: card.metrics.calibrationByDecile.map((r) => ({ decile: r.decile, n: r.n, predicted: `${pct(r.meanPredicted)} %`, observed: `${pct(r.observedRate)} %` })),
    fairnessNote: card.fairness.note[lang],
    fairness: [...card.fairness.byAgeBand, ...card.fairness.bySex].map((g) => ({
      group: g.group,
      n: g.n,
      predicted: `${pct(g.meanPredicted)} %`,
      observed: `${pct(g.observedRate)} %`,
      auc: g.auc === null ? '–' : g.auc.toFixed(3),
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
