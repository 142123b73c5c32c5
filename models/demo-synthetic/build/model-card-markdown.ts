// Renders a model package's card (model.json) as MODEL_CARD.md for people to read: the Danish card, then the
// English. Everything shown comes from the manifest; the headings come from the texts file.

import { outOfHundred } from '../../../plugin/scoring/absolute-figures';
import type { ModelPackageManifest } from '../../../plugin/scoring/model-package-schema';
import { fill } from './demo-texts';

type Language = 'da' | 'en';
export type MarkdownHeadings = Record<Language, Record<string, string>>;

type GroupRow = ModelPackageManifest['modelCard']['fairness']['byAgeBand'][number];

const percent = (x: number | null | undefined, lang: Language, digits = 1): string =>
  x === null || x === undefined ? '–' : decimal(x * 100, digits, lang) + ' %';

function decimal(x: number, digits: number, lang: Language): string {
  const s = x.toFixed(digits);
  return lang === 'da' ? s.replace('.', ',') : s;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `|${header.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function groupTable(
  rows: readonly GroupRow[],
  groupName: (group: string) => string,
  h: Record<string, string>,
  lang: Language,
): string {
  return table(
    [h.group!, h.n!, h.observedRate!, h.meanPredicted!, h.auc!, h.shareInScore10!, h.placedRateInScore10!],
    rows.map((r) => [
      groupName(r.group),
      String(r.n),
      percent(r.observedRate, lang),
      percent(r.meanPredicted, lang),
      r.auc === null ? '–' : decimal(r.auc, 3, lang),
      percent(r.shareInScore10, lang),
      percent(r.placedRateInScore10, lang),
    ]),
  );
}

/**
 * What the figures were computed on, in the section's language: the texts' template filled with the number of
 * rows the calibration table counts (every evaluation row falls in one decile). The Danish is the manifest's.
 */
function evaluatedOn(m: ModelPackageManifest, h: Record<string, string>, lang: Language): string {
  const rows = m.modelCard.metrics.calibrationByDecile.reduce((sum, r) => sum + r.n, 0);
  return fill(h.evaluatedOnValue!, { validationRows: rows }, lang);
}

function cardSection(m: ModelPackageManifest, h: Record<string, string>, lang: Language): string {
  const card = m.modelCard;
  const parts: string[] = [];
  parts.push(`## ${h.title}: ${m.name[lang]}`);
  if (card.syntheticDataWarning) parts.push(`> **${card.syntheticDataWarning[lang]}**`);
  parts.push(
    `### ${h.identity}`,
    table(
      [h.id!, h.version!, h.createdAt!, h.explanation!],
      [[m.id, m.version, m.createdAt, `${m.explanation.method} (${m.explanation.additiveSpace})`]],
    ),
    `${h.onnxSha256}: \`${m.onnx.sha256}\``,
  );
  for (const key of ['intendedUse', 'intendedUsers', 'outOfScope', 'outcome', 'trainingData', 'evaluationData'] as const) {
    parts.push(`### ${h[key]}`, card[key][lang]);
  }
  parts.push(
    `### ${h.metrics}`,
    table(
      [h.evaluatedOn!, h.auc!, h.baseRate!],
      [[evaluatedOn(m, h, lang), decimal(card.metrics.auc, 3, lang), percent(card.metrics.baseRate, lang)]],
    ),
    `#### ${h.calibration}`,
    table(
      [h.decile!, h.n!, h.meanPredicted!, h.observedRate!],
      card.metrics.calibrationByDecile.map((r) => [
        String(r.decile),
        String(r.n),
        percent(r.meanPredicted, lang),
        percent(r.observedRate, lang),
      ]),
    ),
    `### ${h.fairness}`,
    card.fairness.note[lang],
    `#### ${h.byAgeBand}`,
    groupTable(card.fairness.byAgeBand, (id) => m.scoreScale.bands.find((b) => b.id === id)?.label[lang] ?? id, h, lang),
    `#### ${h.bySex}`,
    groupTable(card.fairness.bySex, (sex) => h[`sex_${sex}`] ?? sex, h, lang),
    `### ${h.ageBands}`,
    table(
      [h.band!, h.cutPoints!],
      m.scoreScale.bands.map((b) => [b.label[lang], b.cutPoints.map((c) => percent(c, lang, 2)).join(', ')]),
    ),
    `### ${h.absoluteFigures}`,
    ...m.scoreScale.bands.flatMap((b) =>
      b.outcomesByScore
        ? [
            `#### ${b.label[lang]}`,
            table(
              [h.score!, h.children!, h.placedPer100!, h.notPlacedPer100!],
              b.outcomesByScore.map((o) => {
                const f = outOfHundred(o);
                return [String(f.score), String(f.children), String(f.placedOf100), String(f.notPlacedOf100)];
              }),
            ),
          ]
        : [],
    ),
    `### ${h.features}`,
    table(
      [h.feature!, h.label!, h.kind!, h.range!, h.referenceValue!],
      m.features.map((f) => [
        `\`${f.name}\``,
        f.label[lang] + (f.unit ? ` (${f.unit[lang]})` : ''),
        f.group ? `${f.kind} (${f.group})` : f.kind,
        `${f.range.min}–${f.range.max}`,
        decimal(f.referenceValue, 3, lang),
      ]),
    ),
    `### ${h.limitations}`,
    card.limitations[lang],
    `### ${h.contact}`,
    card.contact,
  );
  return parts.join('\n\n');
}

export function renderModelCardMarkdown(manifest: ModelPackageManifest, headings: MarkdownHeadings): string {
  return [
    `# ${manifest.name.da} / ${manifest.name.en}`,
    `<!-- ${headings.en.generated} -->`,
    cardSection(manifest, headings.da, 'da'),
    cardSection(manifest, headings.en, 'en'),
  ]
    .join('\n\n')
    .concat('\n');
}
