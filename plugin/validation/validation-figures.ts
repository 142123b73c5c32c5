// The validation report's core: scored referrals (from batch scoring) and what later happened to them (from the
// host, through the mapping's outcome part) become every figure the report shows, as one plain object that is
// also the report's JSON twin. Discrimination, calibration, distribution and drift, and fairness by age band, by
// sex and by each evaluation-only group; the model card's own figures beside them. Referrals too recent to have a
// 12-month outcome are counted and left out of the outcome figures; without outcome data only the distribution
// and drift are given. A group or cell with fewer than the minimum size is never given as numbers. Pure: no
// CLI, database, server or file; the same input and seed give the same figures.
import { calibrationByScore, wilsonInterval, type RateInterval } from '../metrics/calibration';
import { auc, bootstrapAucInterval, rocCurve, type Interval } from '../metrics/discrimination';
import { AUC_GAP_LIMIT, groupFigures, HIGH_SCORE_FROM, MIN_GROUP_SIZE, quarterOf, RATIO_HIGH, RATIO_LOW, type GroupFigures } from '../metrics/group-metrics';
import { populationStabilityIndex, psiChanceBound, PSI_MAJOR, PSI_MODERATE, sharesOf, type DriftLevel } from '../metrics/population-stability';
import { outcomeOf, OUTCOME_MONTHS, type OutcomeStatus } from './outcome-window';

export const THRESHOLDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export const DEFAULT_THRESHOLD = HIGH_SCORE_FROM;
export const DEFAULT_SEED = 20240101;
export const DEFAULT_RESAMPLES = 1000;

export interface LocalText {
  readonly da: string;
  readonly en: string;
}

/** One scored referral with what the host says happened later. */
export interface ValidationReferral {
  /** ISO instant (or day) the referral was received. */
  readonly receivedAt: string;
  readonly ageBand: string;
  readonly score: number;
  readonly probability: number;
  /** Start days of the child's placements; null when the mapping has no outcome part. */
  readonly placementStarts: readonly string[] | null;
  readonly sex: 'male' | 'female' | null;
  /** Evaluation-only attributes by name (null: unknown). */
  readonly groups: Readonly<Record<string, string | null>>;
}

export interface CardGroupMetric {
  readonly group: string;
  readonly n: number;
  readonly observedRate: number;
  readonly meanPredicted: number;
  readonly auc: number | null;
  readonly shareInScore10?: number;
}

/** What the model package says about itself: its bands (with the reference population's scores) and its card. */
export interface ModelReference {
  readonly id: string;
  readonly version: string;
  readonly name: LocalText;
  readonly bands: ReadonlyArray<{
    readonly id: string;
    readonly label: LocalText;
    /** For scores 1–10: children and placed in the model's evaluation data. */
    readonly outcomesByScore?: ReadonlyArray<{ readonly score: number; readonly children: number; readonly placed: number; readonly meanPredicted: number }>;
  }>;
  readonly card: {
    readonly evaluatedOn: string;
    readonly auc: number;
    readonly baseRate: number;
    readonly byAgeBand: readonly CardGroupMetric[];
    readonly bySex: readonly CardGroupMetric[];
  };
}

export interface ValidationInput {
  readonly referrals: readonly ValidationReferral[];
  /** Referrals of the period batch scoring could not score (reason stored with them). */
  readonly refused: number;
  readonly model: ModelReference;
  readonly period: { readonly from: string; readonly to: string };
  /** The day the host's data runs to. */
  readonly asOf: string;
  readonly attributes: ReadonlyArray<{ readonly name: string; readonly label: LocalText }>;
  /** Whether the sex could be derived (child.birth holds CPR numbers). */
  readonly sexKnown: boolean;
  /** The fairness dimensions' and the sexes' labels in both languages (from the locale files: validation-locale). */
  readonly dimensionLabels: DimensionLabels;
  readonly seed?: number;
  readonly resamples?: number;
  readonly minGroupSize?: number;
}

export interface DimensionLabels {
  readonly ageBand: LocalText;
  readonly sex: LocalText;
  readonly male: LocalText;
  readonly female: LocalText;
}

export interface RateFigure {
  readonly n: number;
  readonly placed: number;
  readonly rate: number;
  readonly interval: RateInterval;
}

export type Suppressible<T> = T | { readonly tooSmall: true };

export interface ScoreRow {
  readonly score: number;
  readonly figures: Suppressible<RateFigure & { readonly predicted: number }>;
  /** The model's evaluation data for the score and band: placed of children (null without it). */
  readonly reference: { readonly children: number; readonly placed: number; readonly rate: number } | null;
}

/** A PSI with its level, the bound chance alone stays under, and whether it is flagged (beyond both). */
export interface PsiFigure {
  readonly psi: number;
  readonly level: DriftLevel;
  readonly noiseBound: number;
  readonly flagged: boolean;
}

export interface QuarterDrift {
  readonly quarter: string;
  readonly n: number;
  /** Shares of scores 1–10 (null when the cell is under the minimum size). */
  readonly shares: readonly number[] | null;
  readonly psiReference: PsiFigure | null;
  readonly psiFirstQuarter: PsiFigure | null;
}

export interface BandDistribution {
  readonly band: string;
  readonly label: LocalText;
  readonly n: number;
  readonly shares: readonly number[] | null;
  readonly referenceShares: readonly number[] | null;
  readonly psiReference: PsiFigure | null;
  /** The first quarter with enough referrals, that later quarters are compared with. */
  readonly firstQuarter: string | null;
  readonly quarters: readonly QuarterDrift[];
}

export interface FairnessDimension {
  readonly key: string;
  readonly label: LocalText;
  /** Referrals whose group is not known (left out of this dimension). */
  readonly unknown: number;
  readonly groups: ReadonlyArray<GroupFigures & { readonly label: LocalText }>;
  /** The model card's figures for the same groups (age band and sex), else empty. */
  readonly reference: readonly CardGroupMetric[];
}

export interface ValidationFigures {
  readonly formatVersion: 1;
  readonly model: { readonly id: string; readonly version: string; readonly name: LocalText };
  readonly period: { readonly from: string; readonly to: string };
  readonly asOf: string;
  readonly seed: number;
  readonly resamples: number;
  readonly limits: {
    readonly minGroupSize: number;
    readonly outcomeMonths: number;
    readonly psiModerate: number;
    readonly psiMajor: number;
    readonly ratioLow: number;
    readonly ratioHigh: number;
    readonly aucGapLimit: number;
    readonly highScoreFrom: number;
    readonly thresholds: readonly number[];
    readonly defaultThreshold: number;
  };
  readonly counts: {
    readonly scored: number;
    readonly refused: number;
    readonly withOutcome: number;
    readonly placed: number;
    readonly tooRecent: number;
    readonly noOutcomeData: number;
  };
  /** Why there are no outcome figures (null when there are). */
  readonly outcomeMissing: null | 'no-outcome-part' | 'all-too-recent' | 'too-few' | 'one-outcome-only';
  readonly discrimination: null | {
    readonly auc: number;
    readonly aucInterval: Interval;
    readonly aucOfScore: number;
    readonly cardAuc: number;
    readonly cardWithinInterval: boolean;
    /** Flagging every referral scored at or above each score. */
    readonly roc: ReadonlyArray<{ readonly threshold: number | null; readonly fpr: number; readonly tpr: number }>;
    readonly placementByScore: readonly ScoreRow[];
    readonly baseRate: RateFigure;
    readonly cardBaseRate: number;
  };
  readonly calibration: null | {
    readonly byBand: ReadonlyArray<{ readonly band: string; readonly label: LocalText; readonly rows: readonly ScoreRow[] }>;
    /** Cells (band and score) whose observed rate's interval does not hold the mean predicted probability. */
    readonly cellsOutsideInterval: number;
    readonly cellsReported: number;
  };
  readonly distribution: {
    readonly bands: readonly BandDistribution[];
    readonly flagged: ReadonlyArray<{ readonly band: string; readonly quarter: string | null; readonly against: 'reference' | 'first-quarter'; readonly level: DriftLevel }>;
  };
  readonly fairness: null | { readonly dimensions: readonly FairnessDimension[] };
  readonly card: ModelReference['card'];
}

const rateFigure = (placed: number, n: number): RateFigure => ({ n, placed, rate: placed / n, interval: wilsonInterval(placed, n)! });

/** PSI of `actual` (n referrals) against `expected` (a fixed reference, or a sample of referenceN referrals). */
function psiOf(expected: readonly number[] | null, actual: readonly number[] | null, n: number, referenceN: number | null, seed: number): PsiFigure | null {
  if (!expected || !actual) return null;
  const r = populationStabilityIndex(expected, actual);
  const noiseBound = psiChanceBound(expected, n, referenceN, { seed });
  return { psi: r.psi, level: r.level, noiseBound, flagged: r.level !== 'stable' && r.psi > noiseBound };
}

function scoreCounts(scores: readonly number[]): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const s of scores) {
    if (!Number.isInteger(s) || s < 1 || s > 10) throw new RangeError(`score ${s} is not 1–10`);
    counts[s - 1]!++;
  }
  return counts;
}

interface Classified extends ValidationReferral {
  readonly status: OutcomeStatus;
}

export function computeValidationFigures(input: ValidationInput): ValidationFigures {
  const min = input.minGroupSize ?? MIN_GROUP_SIZE;
  const seed = input.seed ?? DEFAULT_SEED;
  const resamples = input.resamples ?? DEFAULT_RESAMPLES;
  const referrals: Classified[] = input.referrals.map((r) => ({ ...r, status: outcomeOf(r.receivedAt, r.placementStarts, input.asOf) }));
  const known = referrals.filter((r) => r.status === 'placed' || r.status === 'not-placed');
  const isPlaced = (r: Classified) => r.status === 'placed';
  const placedCount = known.filter(isPlaced).length;
  const counts = {
    scored: referrals.length,
    refused: input.refused,
    withOutcome: known.length,
    placed: placedCount,
    tooRecent: referrals.filter((r) => r.status === 'too-recent').length,
    noOutcomeData: referrals.filter((r) => r.status === 'no-outcome-data').length,
  };
  const outcomeMissing: ValidationFigures['outcomeMissing'] =
    referrals.length > 0 && counts.noOutcomeData === referrals.length
      ? 'no-outcome-part'
      : known.length === 0 && counts.tooRecent > 0
        ? 'all-too-recent'
        : known.length < min
          ? 'too-few'
          : placedCount === 0 || placedCount === known.length
            ? 'one-outcome-only'
            : null;
  const bandLabel = (id: string): LocalText => input.model.bands.find((b) => b.id === id)?.label ?? { da: id, en: id };
  const bandReference = (band: string, score: number) => {
    const o = input.model.bands.find((b) => b.id === band)?.outcomesByScore?.find((x) => x.score === score);
    return o && o.children > 0 ? { children: o.children, placed: o.placed, rate: o.placed / o.children } : null;
  };

  // Discrimination and calibration, on the referrals with a known outcome.
  let discrimination: ValidationFigures['discrimination'] = null;
  let calibration: ValidationFigures['calibration'] = null;
  if (outcomeMissing === null) {
    const probabilities = known.map((r) => r.probability);
    const scores = known.map((r) => r.score);
    const placed = known.map(isPlaced);
    const value = auc(probabilities, placed)!;
    const interval = bootstrapAucInterval(probabilities, placed, { seed, resamples })!;
    const roc = rocCurve(scores, placed)!.map((p) => ({ threshold: Number.isFinite(p.threshold) ? p.threshold : null, fpr: p.fpr, tpr: p.tpr }));
    const placementByScore: ScoreRow[] = [];
    for (let score = 1; score <= 10; score++) {
      const rs = known.filter((r) => r.score === score);
      const k = rs.filter(isPlaced).length;
      const ref = input.model.bands.map((b) => b.outcomesByScore?.find((o) => o.score === score)).filter((o) => o !== undefined);
      const refChildren = ref.reduce((s, o) => s + o!.children, 0);
      const refPlaced = ref.reduce((s, o) => s + o!.placed, 0);
      placementByScore.push({
        score,
        figures: rs.length < min ? { tooSmall: true } : { ...rateFigure(k, rs.length), predicted: rs.reduce((s, r) => s + r.probability, 0) / rs.length },
        reference: refChildren > 0 ? { children: refChildren, placed: refPlaced, rate: refPlaced / refChildren } : null,
      });
    }
    discrimination = {
      auc: value,
      aucInterval: interval,
      aucOfScore: auc(scores, placed)!,
      cardAuc: input.model.card.auc,
      cardWithinInterval: input.model.card.auc >= interval.low && input.model.card.auc <= interval.high,
      roc,
      placementByScore,
      baseRate: rateFigure(placedCount, known.length),
      cardBaseRate: input.model.card.baseRate,
    };

    const byBand = input.model.bands
      .map((b) => {
        const rs = known.filter((r) => r.ageBand === b.id);
        const bins = calibrationByScore(
          rs.map((r) => r.score),
          rs.map((r) => r.probability),
          rs.map(isPlaced),
        );
        const rows: ScoreRow[] = [];
        for (let score = 1; score <= 10; score++) {
          const bin = bins.find((x) => x.key === score);
          rows.push({
            score,
            figures: !bin || bin.n < min ? { tooSmall: true } : { n: bin.n, placed: bin.placed, rate: bin.observed, interval: bin.interval, predicted: bin.predicted },
            reference: bandReference(b.id, score),
          });
        }
        return { band: b.id, label: b.label, rows, n: rs.length };
      })
      .filter((b) => b.n > 0)
      .map(({ n: _n, ...b }) => b);
    let outsideCount = 0;
    let reported = 0;
    for (const b of byBand) {
      for (const row of b.rows) {
        if ('tooSmall' in row.figures) continue;
        reported++;
        if (row.figures.predicted < row.figures.interval.low || row.figures.predicted > row.figures.interval.high) outsideCount++;
      }
    }
    calibration = { byBand, cellsOutsideInterval: outsideCount, cellsReported: reported };
  }

  // Distribution and drift, on every scored referral (an outcome is not needed).
  const quarters = [...new Set(referrals.map((r) => quarterOf(r.receivedAt)))].sort();
  const bandIds = [...input.model.bands.map((b) => b.id), ...[...new Set(referrals.map((r) => r.ageBand))].filter((id) => !input.model.bands.some((b) => b.id === id)).sort()];
  const flagged: Array<ValidationFigures['distribution']['flagged'][number]> = [];
  const bands: BandDistribution[] = [];
  for (const band of bandIds) {
    const rs = referrals.filter((r) => r.ageBand === band);
    if (rs.length === 0) continue;
    const reference = input.model.bands.find((b) => b.id === band)?.outcomesByScore;
    const referenceShares = reference ? sharesOf(reference.map((o) => o.children)) : null;
    const shares = rs.length < min ? null : sharesOf(scoreCounts(rs.map((r) => r.score)));
    const psiReference = psiOf(referenceShares, shares, rs.length, null, seed);
    if (psiReference?.flagged) flagged.push({ band, quarter: null, against: 'reference', level: psiReference.level });
    let first: readonly number[] | null = null;
    let firstN = 0;
    let firstQuarter: string | null = null;
    const quarterRows: QuarterDrift[] = [];
    for (const quarter of quarters) {
      const qs = rs.filter((r) => quarterOf(r.receivedAt) === quarter);
      if (qs.length === 0) continue;
      const qShares = qs.length < min ? null : sharesOf(scoreCounts(qs.map((r) => r.score)));
      const isFirst = first === null && qShares !== null;
      if (isFirst) {
        first = qShares;
        firstN = qs.length;
        firstQuarter = quarter;
      }
      const row: QuarterDrift = {
        quarter,
        n: qs.length,
        shares: qShares,
        psiReference: psiOf(referenceShares, qShares, qs.length, null, seed),
        psiFirstQuarter: isFirst ? null : psiOf(first, qShares, qs.length, firstN, seed),
      };
      if (row.psiReference?.flagged) flagged.push({ band, quarter, against: 'reference', level: row.psiReference.level });
      if (row.psiFirstQuarter?.flagged) flagged.push({ band, quarter, against: 'first-quarter', level: row.psiFirstQuarter.level });
      quarterRows.push(row);
    }
    bands.push({ band, label: bandLabel(band), n: rs.length, shares, referenceShares, psiReference, firstQuarter, quarters: quarterRows });
  }

  // Fairness: the same figures by age band, by sex and by each evaluation-only group.
  let fairness: ValidationFigures['fairness'] = null;
  if (referrals.length > 0) {
    const dimension = (key: string, label: LocalText, groupOf: (r: Classified) => string | null, groupLabel: (g: string) => LocalText, reference: readonly CardGroupMetric[]): FairnessDimension => {
      const evaluated = referrals.flatMap((r) => {
        const group = groupOf(r);
        return group === null ? [] : [{ group, score: r.score, probability: r.probability, placed: r.status === 'placed' ? true : r.status === 'not-placed' ? false : null }];
      });
      const figures = groupFigures(evaluated, { thresholds: THRESHOLDS, seed, resamples, minGroupSize: min });
      // Age bands in the model's own order (youngest first); other groups by name.
      const order = key === 'ageBand' ? input.model.bands.map((b) => b.id) : [];
      const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length);
      figures.sort((a, b) => rank(a.group) - rank(b.group));
      return { key, label, unknown: referrals.length - evaluated.length, groups: figures.map((g) => ({ ...g, label: groupLabel(g.group) })), reference };
    };
    const labels = input.dimensionLabels;
    const sexLabels: Record<string, LocalText> = { male: labels.male, female: labels.female };
    const dimensions = [
      dimension('ageBand', labels.ageBand, (r) => r.ageBand, bandLabel, input.model.card.byAgeBand),
      ...(input.sexKnown ? [dimension('sex', labels.sex, (r) => r.sex, (g) => sexLabels[g] ?? { da: g, en: g }, input.model.card.bySex)] : []),
      ...input.attributes.map((a) => dimension(`attribute:${a.name}`, a.label, (r) => r.groups[a.name] ?? null, (g) => ({ da: g, en: g }), [])),
    ];
    fairness = { dimensions };
  }

  return {
    formatVersion: 1,
    model: { id: input.model.id, version: input.model.version, name: input.model.name },
    period: input.period,
    asOf: input.asOf,
    seed,
    resamples,
    limits: {
      minGroupSize: min,
      outcomeMonths: OUTCOME_MONTHS,
      psiModerate: PSI_MODERATE,
      psiMajor: PSI_MAJOR,
      ratioLow: RATIO_LOW,
      ratioHigh: RATIO_HIGH,
      aucGapLimit: AUC_GAP_LIMIT,
      highScoreFrom: HIGH_SCORE_FROM,
      thresholds: THRESHOLDS,
      defaultThreshold: DEFAULT_THRESHOLD,
    },
    counts,
    outcomeMissing,
    discrimination,
    calibration,
    distribution: { bands, flagged },
    fairness,
    card: input.model.card,
  };
}
