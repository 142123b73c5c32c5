// The validation report's view model: the figures (./validation-figures) in plain Danish, every number formatted,
// every chart rendered to SVG, every table laid out with its caption and headers. The template only places what
// is here. Pure apart from the chart rendering (Vega, in memory): no CLI, database, server or file.
import type { GroupFigures } from '../metrics/group-metrics';
import {
  calibrationChartSpec,
  distributionChartSpec,
  driftChartSpec,
  groupAucChartSpec,
  placementByScoreChartSpec,
  renderChartSvg,
  rocChartSpec,
} from './validation-charts';
import { danishDate, danishDecimal, danishInteger, danishPercent, danishQuarter, percentWithInterval } from './number-format';
import type { FairnessDimension, PsiFigure, ScoreRow, ValidationFigures } from './validation-figures';

export interface Cell {
  readonly text: string;
  /** Beyond a documented limit: highlighted, and said in words. */
  readonly flagged?: boolean;
  /** Under the minimum size: no number is shown. */
  readonly muted?: boolean;
}

export interface TableView {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<{ readonly header: string; readonly cells: readonly Cell[] }>;
}

export interface ValidationView {
  readonly lang: 'da';
  readonly title: string;
  readonly modelName: string;
  readonly modelVersion: string;
  readonly periodText: string;
  readonly asOfText: string;
  readonly generatedText: string;
  readonly syntheticWarning: string | null;
  readonly summary: readonly string[];
  readonly notShown: readonly string[];
  readonly counts: TableView;
  readonly outcomeNote: string | null;
  readonly discrimination: null | { readonly aucText: string; readonly rocSvg: string; readonly rocTable: TableView; readonly placementSvg: string; readonly placementTable: TableView };
  readonly calibration: null | { readonly text: string; readonly svg: string; readonly tables: readonly TableView[] };
  readonly distribution: { readonly text: string; readonly heatmapSvg: string | null; readonly sharesTable: TableView; readonly driftSvg: string | null; readonly driftTables: readonly TableView[] };
  readonly fairness: null | {
    readonly text: string;
    readonly thresholds: ReadonlyArray<{ readonly value: number; readonly selected: boolean }>;
    readonly dimensions: ReadonlyArray<{
      readonly id: string;
      readonly heading: string;
      readonly unknownText: string | null;
      readonly svg: string | null;
      readonly table: TableView;
      readonly byThreshold: ReadonlyArray<{ readonly threshold: number; readonly hidden: boolean; readonly table: TableView }>;
    }>;
  };
  readonly card: TableView;
  readonly method: readonly string[];
}

const FLAG = ' ⚠';
const tooSmallText = (min: number) => `færre end ${min}`;
const ratioText = (r: number | null) => (r === null ? '–' : danishDecimal(r, 2));

function scoreTable(caption: string, rows: readonly ScoreRow[], min: number): TableView {
  return {
    caption,
    headers: ['Score', 'Underretninger', 'Beregnet risiko', 'Andel anbragt (95 %-interval; ⚠ afviger: den beregnede risiko ligger uden for intervallet)', 'Modelkortets andel anbragt'],
    rows: rows.map((r) => ({
      header: String(r.score),
      cells:
        'tooSmall' in r.figures
          ? [{ text: tooSmallText(min), muted: true }, { text: '–', muted: true }, { text: '–', muted: true }, { text: r.reference ? danishPercent(r.reference.rate) : '–' }]
          : [
              { text: danishInteger(r.figures.n) },
              { text: danishPercent(r.figures.predicted) },
              {
                text: percentWithInterval(r.figures.rate, r.figures.interval) + (r.figures.predicted < r.figures.interval.low || r.figures.predicted > r.figures.interval.high ? `${FLAG} afviger` : ''),
                flagged: r.figures.predicted < r.figures.interval.low || r.figures.predicted > r.figures.interval.high,
              },
              { text: r.reference ? danishPercent(r.reference.rate) : '–' },
            ],
    })),
  };
}

function levelText(level: 'stable' | 'moderate' | 'major'): string {
  return level === 'stable' ? 'stabil' : level === 'moderate' ? 'moderat skift' : 'stort skift';
}

function psiCell(p: PsiFigure | null): Cell {
  if (!p) return { text: '–', muted: true };
  if (p.flagged) return { text: `${danishDecimal(p.psi, 3)} (${levelText(p.level)})${FLAG}`, flagged: true };
  if (p.level !== 'stable') return { text: `${danishDecimal(p.psi, 3)} (inden for tilfældig variation ved så få, under ${danishDecimal(p.noiseBound, 2)})` };
  return { text: `${danishDecimal(p.psi, 3)} (stabil)` };
}

function groupBaseTable(d: FairnessDimension, min: number, limits: ValidationFigures['limits']): TableView {
  const headers = ['Underretninger', 'Med kendt udfald', 'AUC (95 %-interval)', 'Modelkortets AUC', 'Andel anbragt (95 %-interval)', 'Beregnet risiko', `Andel med score ${limits.highScoreFrom}–10 (95 %-interval)`, 'Forhold til største gruppe'];
  return {
    caption: `${d.label.da}: antal, AUC, kalibrering og andel med høj score`,
    headers: ['Gruppe', ...headers],
    rows: d.groups.map((g) => {
      if (g.tooSmall) return { header: g.label.da, cells: [{ text: `${tooSmallText(min)} – vises ikke`, muted: true }, ...headers.slice(1).map(() => ({ text: '–', muted: true }))] };
      const card = d.reference.find((r) => r.group === g.group);
      const aucFlag = g.flags.includes('auc');
      const highFlag = g.flags.includes('highShare');
      return {
        header: g.label.da,
        cells: [
          { text: danishInteger(g.n) },
          { text: g.outcomeTooSmall ? `${tooSmallText(min)}` : danishInteger(g.withOutcome), muted: g.outcomeTooSmall },
          g.auc
            ? { text: `${danishDecimal(g.auc.value, 3)}${g.auc.interval ? ` (${danishDecimal(g.auc.interval.low, 3)}–${danishDecimal(g.auc.interval.high, 3)})` : ''}${aucFlag ? `${FLAG} ${danishDecimal(g.aucGap!, 3)} under` : ''}`, flagged: aucFlag }
            : { text: '–', muted: true },
          { text: card && card.auc !== null ? danishDecimal(card.auc, 3) : '–' },
          g.placementRate ? { text: percentWithInterval(g.placementRate.value, g.placementRate.interval) } : { text: '–', muted: true },
          { text: g.meanPredictedWithOutcome !== null ? danishPercent(g.meanPredictedWithOutcome) : danishPercent(g.meanPredicted) },
          { text: percentWithInterval(g.highShare.value, g.highShare.interval) },
          { text: g.highShareRatio === null ? 'største gruppe (sammenligningsgrundlag)' : `${ratioText(g.highShareRatio)}${highFlag ? `${FLAG} afviger` : ''}`, flagged: highFlag },
        ],
      };
    }),
  };
}

function thresholdTable(d: FairnessDimension, threshold: number, min: number, limits: ValidationFigures['limits']): TableView {
  const rate = (g: Extract<GroupFigures, { tooSmall: false }>, which: 'fpr' | 'fnr'): Cell[] => {
    const t = g.byThreshold[threshold];
    const r = t?.[which] ?? null;
    if (!r) return [{ text: '–', muted: true }, { text: '–', muted: true }];
    const flagged = t!.flags.includes(which);
    const ratio = t!.ratios?.[which] ?? null;
    return [
      { text: percentWithInterval(r.value, r.interval) },
      { text: t!.ratios === null ? 'største gruppe' : `${ratioText(ratio)}${flagged ? `${FLAG} afviger` : ''}`, flagged },
    ];
  };
  return {
    caption: `${d.label.da}: fejlrater, når score ${threshold} eller derover tæller som markeret`,
    headers: ['Gruppe', 'Falsk positiv-rate (95 %-interval)', 'Forhold til største gruppe', 'Falsk negativ-rate (95 %-interval)', 'Forhold til største gruppe'],
    rows: d.groups.map((g) =>
      g.tooSmall
        ? { header: g.label.da, cells: [{ text: `${tooSmallText(min)} – vises ikke`, muted: true }, { text: '–', muted: true }, { text: '–', muted: true }, { text: '–', muted: true }] }
        : { header: g.label.da, cells: [...rate(g, 'fpr'), ...rate(g, 'fnr')] },
    ),
  };
}

function summaryOf(f: ValidationFigures): { summary: string[]; notShown: string[] } {
  const c = f.counts;
  const min = f.limits.minGroupSize;
  const summary: string[] = [
    `Rapporten bygger på ${danishInteger(c.scored)} underretninger modtaget fra ${danishDate(f.period.from)} til ${danishDate(f.period.to)}, som batchscoringen har givet en score med modellen ${f.model.name.da} (version ${f.model.version}).${c.refused > 0 ? ` ${danishInteger(c.refused)} underretninger i perioden kunne ikke scores (fx manglende oplysninger) og er ikke med.` : ''}`,
  ];
  if (f.outcomeMissing === 'no-outcome-part') summary.push('Feltmappingen siger ikke, hvor anbringelser står. Derfor viser rapporten kun, hvordan scorerne fordeler sig og flytter sig over tid – ikke hvor godt de har ramt.');
  else {
    summary.push(
      `For ${danishInteger(c.withOutcome)} underretninger er de 12 måneder gået, så vi ved, om barnet blev anbragt; ${danishInteger(c.placed)} af dem (${c.withOutcome > 0 ? danishPercent(c.placed / c.withOutcome) : '–'}) blev anbragt. ${danishInteger(c.tooRecent)} underretninger er for nye til at have et udfald (modtaget mindre end 12 måneder før ${danishDate(f.asOf)}, den dag data går til) og indgår ikke i tallene om udfald.`,
    );
  }
  if (f.outcomeMissing === 'too-few' || f.outcomeMissing === 'all-too-recent') summary.push(`Der er for få underretninger med kendt udfald (under ${min}) til at vise tal om, hvor godt modellen rammer.`);
  if (f.outcomeMissing === 'one-outcome-only') summary.push('Alle underretninger med kendt udfald har samme udfald, så modellens evne til at skelne kan ikke måles.');
  const d = f.discrimination;
  if (d) {
    summary.push(
      `Modellens evne til at skelne: AUC er ${danishDecimal(d.auc, 3)} (95 %-interval ${danishDecimal(d.aucInterval.low, 3)}–${danishDecimal(d.aucInterval.high, 3)}). Det betyder, at et barn, der blev anbragt, i ${danishPercent(d.auc, 0)} af sammenligningerne havde en højere beregnet risiko end et barn, der ikke blev anbragt. Modelkortet angiver ${danishDecimal(d.cardAuc, 3)}, som ligger ${d.cardWithinInterval ? 'inden for' : 'uden for'} intervallet.`,
    );
  }
  if (f.calibration) {
    summary.push(
      f.calibration.cellsOutsideInterval === 0
        ? `Kalibrering: i alle ${f.calibration.cellsReported} viste kombinationer af aldersgruppe og score ligger den beregnede risiko inden for intervallet for den faktiske andel anbragt.`
        : `Kalibrering: i ${f.calibration.cellsOutsideInterval} af ${f.calibration.cellsReported} viste kombinationer af aldersgruppe og score ligger den beregnede risiko uden for intervallet for den faktiske andel anbragt (markeret med ⚠).`,
    );
  }
  const flagged = f.distribution.flagged;
  const major = flagged.filter((x) => x.level === 'major').length;
  summary.push(
    flagged.length === 0
      ? `Fordeling og drift: scorernes fordeling inden for aldersgrupperne afviger ikke ud over grænsen (PSI ${danishDecimal(f.limits.psiModerate, 2)}) fra modellens reference eller fra første kvartal.`
      : `Fordeling og drift: ${flagged.length} sammenligninger af aldersgruppe og kvartal viser et skift i scorernes fordeling (PSI ${danishDecimal(f.limits.psiModerate, 2)} eller mere)${major > 0 ? `, heraf ${major} et stort skift (${danishDecimal(f.limits.psiMajor, 2)} eller mere)` : ''}. Se afsnittet om fordeling.`,
  );
  if (f.fairness) {
    const groupFlags = f.fairness.dimensions.flatMap((dim) => dim.groups.filter((g) => !g.tooSmall && g.flags.length > 0).map((g) => `${g.label.da} (${dim.label.da.split(' (')[0]!.toLowerCase()})`));
    summary.push(
      groupFlags.length === 0
        ? `Retfærdighed: ingen gruppe afviger ud over grænserne i AUC eller i andelen med score ${f.limits.highScoreFrom}–10. Fejlraterne ved den tærskel, du vælger, står i afsnittet om retfærdighed.`
        : `Retfærdighed: ${groupFlags.join(', ')} afviger ud over grænserne i AUC eller i andelen med score ${f.limits.highScoreFrom}–10. Se afsnittet om retfærdighed, også for fejlraterne ved den tærskel, du vælger.`,
    );
  }
  const notShown = [
    'Tallene siger, hvordan modellen har ramt for kommunens børn som helhed. De siger intet om det enkelte barn, og en score er aldrig en afgørelse.',
    'En anbringelse er kommunens egen beslutning og kun et tegn på alvorlig mistrivsel. Børn, der havde brug for hjælp, men ikke blev anbragt, tæller som "ikke anbragt", så tallene afspejler også kommunens egen praksis.',
    'Scoren blev vist for socialrådgiverne i perioden (hvis værktøjet var i brug), og det kan have påvirket, hvad der skete. Det kan rapporten ikke skille ad.',
    `Små grupper har brede intervaller: en forskel mellem grupper er kun sikker, når intervallerne ikke overlapper. Grupper med færre end ${min} underretninger vises ikke som tal, så ingen kan genkende enkelte børn.`,
    'Køn er udledt af barnets CPR-nummer alene til denne rapport. Det er aldrig en oplysning, modellen bruger, og det gemmes ikke.',
  ];
  return { summary, notShown };
}

export interface ViewOptions {
  /** When the report was made (ISO instant), shown as-is in the footer. */
  readonly generatedAt: string;
  readonly syntheticWarning?: string | null;
}

export async function buildValidationView(f: ValidationFigures, options: ViewOptions): Promise<ValidationView> {
  const min = f.limits.minGroupSize;
  const c = f.counts;
  const { summary, notShown } = summaryOf(f);

  const counts: TableView = {
    caption: 'Underretninger i perioden',
    headers: ['', 'Antal'],
    rows: [
      { header: 'Scoret af batchscoringen', cells: [{ text: danishInteger(c.scored) }] },
      { header: 'Kunne ikke scores (årsagen er gemt)', cells: [{ text: danishInteger(c.refused) }] },
      { header: 'Med kendt udfald (12 måneder er gået)', cells: [{ text: danishInteger(c.withOutcome) }] },
      { header: '… heraf anbragt inden for 12 måneder', cells: [{ text: danishInteger(c.placed) }] },
      { header: 'For nye til at have et udfald (udeladt af tallene om udfald)', cells: [{ text: danishInteger(c.tooRecent) }] },
      ...(c.noOutcomeData > 0 ? [{ header: 'Uden udfaldsdata (feltmappingen har ingen anbringelser)', cells: [{ text: danishInteger(c.noOutcomeData) }] }] : []),
    ],
  };
  const outcomeNote =
    f.outcomeMissing === 'no-outcome-part'
      ? 'Feltmappingen har ingen del "outcome", så ingen udfald kendes: rapporten viser kun fordeling og drift. IT kan tilføje delen (adapters/README.md).'
      : f.outcomeMissing === null
        ? null
        : f.outcomeMissing === 'one-outcome-only'
          ? 'Alle underretninger med kendt udfald har samme udfald; tal om træfsikkerhed kan ikke gives.'
          : `For få underretninger har et kendt udfald (færre end ${min}); tal om træfsikkerhed vises ikke.`;

  let discrimination: ValidationView['discrimination'] = null;
  const d = f.discrimination;
  if (d) {
    discrimination = {
      aucText: `AUC for den beregnede risiko: ${danishDecimal(d.auc, 3)} (95 %-interval ${danishDecimal(d.aucInterval.low, 3)}–${danishDecimal(d.aucInterval.high, 3)}, bootstrap med ${danishInteger(f.resamples)} gentagelser). Modelkortet: ${danishDecimal(d.cardAuc, 3)} (${d.cardWithinInterval ? 'inden for' : 'uden for'} intervallet). AUC for scoren 1–10 inden for aldersgruppen: ${danishDecimal(d.aucOfScore, 3)}. Andel anbragt i alt: ${percentWithInterval(d.baseRate.rate, d.baseRate.interval)}; modelkortet: ${danishPercent(d.cardBaseRate)}.`,
      rocSvg: await renderChartSvg(rocChartSpec(d.roc)),
      rocTable: {
        caption: 'ROC-kurvens punkter: markeret er score ved tærsklen eller derover',
        headers: ['Tærskel', 'Andel anbragte markeret', 'Andel ikke-anbragte markeret'],
        rows: d.roc.filter((p) => p.threshold !== null).map((p) => ({ header: `score ${p.threshold} eller derover`, cells: [{ text: danishPercent(p.tpr) }, { text: danishPercent(p.fpr) }] })),
      },
      placementSvg: await renderChartSvg(placementByScoreChartSpec(d.placementByScore)),
      placementTable: scoreTable('Andel anbragt inden for 12 måneder for hver score (alle aldersgrupper)', d.placementByScore, min),
    };
  }

  let calibration: ValidationView['calibration'] = null;
  if (f.calibration) {
    calibration = {
      text: `For hver score inden for hver aldersgruppe: den gennemsnitlige beregnede risiko og den andel, der faktisk blev anbragt, med 95 %-interval (Wilson). Ligger den beregnede risiko uden for intervallet, er det markeret med ⚠. Modelkortets andel for samme aldersgruppe og score står ved siden af. Celler med færre end ${min} underretninger vises ikke.`,
      svg: await renderChartSvg(calibrationChartSpec(f.calibration.byBand)),
      tables: f.calibration.byBand.map((b) => scoreTable(`Kalibrering, ${b.label.da}`, b.rows, min)),
    };
  }

  const bands = f.distribution.bands;
  const withShares = bands.filter((b) => b.shares);
  const distribution: ValidationView['distribution'] = {
    text: `Inden for hver aldersgruppe er scoren lagt, så hver score 1–10 rummer 10 % af modellens referencebefolkning. Ligner kommunens børn den, ligger hver andel nær 10 %. Befolkningsstabilitetsindekset (PSI) måler afstanden: under ${danishDecimal(f.limits.psiModerate, 2)} er fordelingen stabil, fra ${danishDecimal(f.limits.psiModerate, 2)} er der et moderat skift, som er værd at se på, og fra ${danishDecimal(f.limits.psiMajor, 2)} et stort skift. Hvert kvartal sammenlignes med modellens reference og med periodens første kvartal. Kvartaler med færre end ${min} underretninger i aldersgruppen får ingen PSI. Med få underretninger svinger PSI meget af ren tilfældighed; et skift markeres derfor kun (⚠), når PSI også er større end det, tilfældig variation giver i 95 % af tilfældene ved det antal (beregnet ved at trække lige så mange underretninger fra referencefordelingen mange gange).`,
    heatmapSvg: withShares.length > 0 ? await renderChartSvg(distributionChartSpec(withShares)) : null,
    sharesTable: {
      caption: 'Andel af hver score i hver aldersgruppe, hele perioden, og PSI mod modellens reference',
      headers: ['Aldersgruppe', 'Underretninger', ...Array.from({ length: 10 }, (_, i) => `Score ${i + 1}`), 'PSI mod reference'],
      rows: bands.map((b) => ({
        header: b.label.da,
        cells: b.shares
          ? [{ text: danishInteger(b.n) }, ...b.shares.map((s) => ({ text: danishPercent(s, 0) })), psiCell(b.psiReference)]
          : [{ text: tooSmallText(min), muted: true }, ...Array.from({ length: 11 }, () => ({ text: '–', muted: true }))],
      })),
    },
    driftSvg: bands.some((b) => b.quarters.some((q) => q.psiReference)) ? await renderChartSvg(driftChartSpec(bands, f.limits)) : null,
    driftTables: bands.map((b) => ({
      caption: `Drift, ${b.label.da}: PSI for hvert kvartal${b.firstQuarter ? ` (første kvartal: ${danishQuarter(b.firstQuarter)})` : ''}`,
      headers: ['Kvartal', 'Underretninger', 'Andel med score 8–10', 'PSI mod modellens reference', 'PSI mod første kvartal'],
      rows: b.quarters.map((q) => ({
        header: danishQuarter(q.quarter),
        cells: q.shares
          ? [{ text: danishInteger(q.n) }, { text: danishPercent(q.shares[7]! + q.shares[8]! + q.shares[9]!, 0) }, psiCell(q.psiReference), q.quarter === b.firstQuarter ? { text: 'første kvartal' } : psiCell(q.psiFirstQuarter)]
          : [{ text: tooSmallText(min), muted: true }, { text: '–', muted: true }, { text: '–', muted: true }, { text: '–', muted: true }],
      })),
    })),
  };

  let fairness: ValidationView['fairness'] = null;
  if (f.fairness) {
    const dims = [];
    for (const [i, dim] of f.fairness.dimensions.entries()) {
      const spec = groupAucChartSpec(dim);
      dims.push({
        id: `gruppe-${i + 1}`,
        heading: dim.label.da,
        unknownText: dim.unknown > 0 ? `${danishInteger(dim.unknown)} underretninger, hvor gruppen ikke kendes, er ikke med her.` : null,
        svg: spec ? await renderChartSvg(spec) : null,
        table: groupBaseTable(dim, min, f.limits),
        byThreshold: f.limits.thresholds.map((t) => ({ threshold: t, hidden: t !== f.limits.defaultThreshold, table: thresholdTable(dim, t, min, f.limits) })),
      });
    }
    fairness = {
      text: `De samme tal for hver gruppe. Hver gruppe sammenlignes med den største: et forhold uden for ${danishDecimal(f.limits.ratioLow, 2)}–${danishDecimal(f.limits.ratioHigh, 2)} (firefemtedelsreglen, begge veje) og en AUC ${danishDecimal(f.limits.aucGapLimit, 2)} eller mere under den største gruppes er markeret med ⚠. Grupper med færre end ${min} underretninger vises ikke som tal; med få børn er intervallerne brede, og en forskel er kun sikker, når intervallerne ikke overlapper. Fejlraterne afhænger af, hvilken score der tæller som markeret: vælg tærsklen herunder.`,
      thresholds: f.limits.thresholds.map((t) => ({ value: t, selected: t === f.limits.defaultThreshold })),
      dimensions: dims,
    };
  }

  const local = (band: string) => f.fairness?.dimensions.find((x) => x.key === 'ageBand')?.groups.find((g) => g.group === band);
  const card: TableView = {
    caption: 'Modelkortets tal (modellens afprøvningsdata) ved siden af kommunens egne',
    headers: ['', 'Modelkortet: AUC', 'Kommunen: AUC', 'Modelkortet: andel anbragt', 'Kommunen: andel anbragt'],
    rows: [
      {
        header: 'Alle',
        cells: [{ text: danishDecimal(f.card.auc, 3) }, { text: d ? danishDecimal(d.auc, 3) : '–' }, { text: danishPercent(f.card.baseRate) }, { text: d ? danishPercent(d.baseRate.rate) : '–' }],
      },
      ...f.card.byAgeBand.map((r) => {
        const g = local(r.group);
        const ok = g && !g.tooSmall ? g : null;
        return {
          header: f.distribution.bands.find((b) => b.band === r.group)?.label.da ?? r.group,
          cells: [
            { text: r.auc === null ? '–' : danishDecimal(r.auc, 3) },
            { text: ok?.auc ? danishDecimal(ok.auc.value, 3) : '–', muted: !ok?.auc },
            { text: danishPercent(r.observedRate) },
            { text: ok?.placementRate ? danishPercent(ok.placementRate.value) : '–', muted: !ok?.placementRate },
          ],
        };
      }),
    ],
  };

  const method = [
    `Udfaldet er en anbringelse uden for hjemmet, der begynder på underretningens dag eller inden for de følgende 12 måneder, som feltmappingens del "outcome" viser den. En underretning er for ny, når de 12 måneder ikke er gået den ${danishDate(f.asOf)}, den dag værtssystemets data går til.`,
    `AUC er beregnet på den beregnede risiko som på modelkortet (uafgjorte tæller halvt); intervallet er et percentil-bootstrap med ${danishInteger(f.resamples)} gentagelser og fast frø ${f.seed}, så samme data giver samme rapport. Andeles intervaller er Wilson-intervaller (95 %).`,
    `Mindste gruppestørrelse: ${min} underretninger. Grænser: PSI ${danishDecimal(f.limits.psiModerate, 2)} og ${danishDecimal(f.limits.psiMajor, 2)}; forhold mellem grupper ${danishDecimal(f.limits.ratioLow, 2)}–${danishDecimal(f.limits.ratioHigh, 2)}; AUC-forskel ${danishDecimal(f.limits.aucGapLimit, 2)}. Se docs/validation-report.md.`,
  ];

  return {
    lang: 'da',
    title: 'Validering, retfærdighed og drift',
    modelName: f.model.name.da,
    modelVersion: `${f.model.id} ${f.model.version}`,
    periodText: `${danishDate(f.period.from)} – ${danishDate(f.period.to)}`,
    asOfText: danishDate(f.asOf),
    generatedText: options.generatedAt,
    syntheticWarning: options.syntheticWarning ?? null,
    summary,
    notShown,
    counts,
    outcomeNote,
    discrimination,
    calibration,
    distribution,
    fairness,
    card,
    method,
  };
}
