// Fairness and distribution figures by group: per group the AUC (with a seeded bootstrap interval), the
// placement rate against the mean predicted probability, the share scored 8–10 and the false positive and
// false negative rates at a threshold (each with a Wilson interval), and each group's ratio to the largest
// group, flagged beyond the documented limits (docs/validation-report.md). A group smaller than the minimum
// size is not reported as numbers at all (only that it is too small), so no figure can point to a few children.
// Also the share of each score within each age band by quarter, for drift. Pure; no I/O.
import { wilsonInterval, type RateInterval } from './calibration';
import { auc, bootstrapAucInterval, confusionAt, type Interval } from './discrimination';

/** Groups smaller than this are not reported as numbers. */
export const MIN_GROUP_SIZE = 20;
/** A ratio to the reference group outside [RATIO_LOW, RATIO_HIGH] is flagged (the four-fifths rule, both ways). */
export const RATIO_LOW = 0.8;
export const RATIO_HIGH = 1.25;
/** An AUC this far or more below the reference group's is flagged. */
export const AUC_GAP_LIMIT = 0.05;
/** The scores counted as high. */
export const HIGH_SCORE_FROM = 8;

export interface EvaluatedReferral {
  readonly group: string;
  readonly score: number;
  readonly probability: number;
  /** Placed within 12 months; null when the outcome is not known (too recent). */
  readonly placed: boolean | null;
}

export interface RateWithInterval {
  readonly value: number;
  readonly interval: RateInterval;
}

/** What depends on the threshold (flagged = score at or above it): error rates, their ratios and flags. */
export interface ThresholdFigures {
  readonly fpr: RateWithInterval | null;
  readonly fnr: RateWithInterval | null;
  /** Ratios to the reference group (the largest); null for the reference itself or when undefined. */
  readonly ratios: { readonly fpr: number | null; readonly fnr: number | null } | null;
  /** "fpr", "fnr": the ratios beyond the documented limits. */
  readonly flags: readonly string[];
}

export type GroupFigures =
  | { readonly group: string; readonly tooSmall: true; readonly minimumSize: number }
  | {
      readonly group: string;
      readonly tooSmall: false;
      readonly n: number;
      /** With a known outcome. */
      readonly withOutcome: number;
      /**
       * Fewer than the minimum size have a known outcome: the outcome figures (AUC, placement rate, error rates)
       * are not reported for the group, only its scores.
       */
      readonly outcomeTooSmall: boolean;
      /** AUC of the predicted probability (as the model card's), with its seeded bootstrap interval. */
      readonly auc: { readonly value: number; readonly interval: Interval | null } | null;
      readonly highShare: RateWithInterval;
      readonly placementRate: RateWithInterval | null;
      readonly meanPredicted: number;
      /** Mean predicted probability of the referrals with a known outcome (to set beside the placement rate). */
      readonly meanPredictedWithOutcome: number | null;
      /** Ratio of the share scored 8–10 to the reference group's; null for the reference itself. */
      readonly highShareRatio: number | null;
      /** AUC below the reference group's (reference minus this); null for the reference or when undefined. */
      readonly aucGap: number | null;
      /** "highShare", "auc": what exceeds the documented limits whatever the threshold. */
      readonly flags: readonly string[];
      /** Per threshold asked for (1–10). */
      readonly byThreshold: Readonly<Record<number, ThresholdFigures>>;
    };

export interface GroupFigureOptions {
  /** The thresholds to compute error rates at (each a score 1–10). */
  readonly thresholds: readonly number[];
  readonly seed: number;
  readonly resamples?: number;
  readonly minGroupSize?: number;
}

const rate = (k: number, n: number): RateWithInterval | null => (n === 0 ? null : { value: k / n, interval: wilsonInterval(k, n)! });
const ratio = (a: number | undefined, b: number | undefined): number | null => (a === undefined || b === undefined || b === 0 ? null : a / b);
const outside = (r: number | null): boolean => r !== null && (r < RATIO_LOW || r > RATIO_HIGH);

/**
 * Per group (in name order): scores, outcomes and error rates at each threshold, with ratios to the largest
 * reported group and the gaps beyond the documented limits flagged.
 */
export function groupFigures(referrals: readonly EvaluatedReferral[], options: GroupFigureOptions): GroupFigures[] {
  const min = options.minGroupSize ?? MIN_GROUP_SIZE;
  const byGroup = new Map<string, EvaluatedReferral[]>();
  for (const r of referrals) {
    const list = byGroup.get(r.group);
    if (list) list.push(r);
    else byGroup.set(r.group, [r]);
  }
  const raw = [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, rs]) => {
      if (rs.length < min) return { group, tooSmall: true as const, minimumSize: min };
      const known = rs.filter((r) => r.placed !== null);
      const outcomeTooSmall = known.length < min;
      const scores = known.map((r) => r.score);
      const probabilities = known.map((r) => r.probability);
      const placed = known.map((r) => r.placed === true);
      const value = outcomeTooSmall ? null : auc(probabilities, placed);
      const confusions = new Map(options.thresholds.map((t) => [t, confusionAt(scores, placed, t)]));
      return {
        group,
        tooSmall: false as const,
        n: rs.length,
        withOutcome: known.length,
        outcomeTooSmall,
        auc: value === null ? null : { value, interval: bootstrapAucInterval(probabilities, placed, { seed: options.seed, ...(options.resamples ? { resamples: options.resamples } : {}) }) },
        highShare: rate(rs.filter((r) => r.score >= HIGH_SCORE_FROM).length, rs.length)!,
        placementRate: outcomeTooSmall ? null : rate(placed.filter(Boolean).length, known.length),
        meanPredicted: rs.reduce((s, r) => s + r.probability, 0) / rs.length,
        meanPredictedWithOutcome: outcomeTooSmall || known.length === 0 ? null : probabilities.reduce((s, p) => s + p, 0) / known.length,
        rates: new Map(
          [...confusions.entries()].map(([t, c]) => [
            t,
            { fpr: outcomeTooSmall ? null : rate(c.fp, c.fp + c.tn), fnr: outcomeTooSmall ? null : rate(c.fn, c.fn + c.tp) },
          ]),
        ),
      };
    });
  type Reported = Extract<(typeof raw)[number], { tooSmall: false }>;
  const reported = raw.filter((g): g is Reported => !g.tooSmall);
  const reference = reported.reduce<Reported | null>((best, g) => (best === null || g.n > best.n ? g : best), null);
  return raw.map((g): GroupFigures => {
    if (g.tooSmall) return g;
    const { rates, ...rest } = g;
    const isReference = g === reference || reference === null;
    const byThreshold: Record<number, ThresholdFigures> = {};
    for (const [t, r] of rates) {
      const refRates = reference?.rates.get(t);
      const ratios = isReference ? null : { fpr: ratio(r.fpr?.value, refRates?.fpr?.value), fnr: ratio(r.fnr?.value, refRates?.fnr?.value) };
      const flags: string[] = [];
      if (ratios && outside(ratios.fpr)) flags.push('fpr');
      if (ratios && outside(ratios.fnr)) flags.push('fnr');
      byThreshold[t] = { ...r, ratios, flags };
    }
    const highShareRatio = isReference ? null : ratio(g.highShare.value, reference!.highShare.value);
    const aucGap = isReference || !g.auc || !reference!.auc ? null : reference!.auc.value - g.auc.value;
    const flags: string[] = [];
    if (outside(highShareRatio)) flags.push('highShare');
    if (aucGap !== null && aucGap >= AUC_GAP_LIMIT) flags.push('auc');
    return { ...rest, highShareRatio, aucGap, flags, byThreshold };
  });
}

/** The calendar quarter of an ISO instant, e.g. "2024-Q3". */
export const quarterOf = (iso: string): string => `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;

/** Counts of each score 1–10 (index 0 is score 1) per quarter and age band, quarters and bands in order. */
export function scoreCountsByQuarterAndBand(referrals: ReadonlyArray<{ receivedAt: string; ageBand: string; score: number }>): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  for (const r of referrals) {
    if (!Number.isInteger(r.score) || r.score < 1 || r.score > 10) throw new RangeError(`score ${r.score} is not 1–10`);
    const q = quarterOf(r.receivedAt);
    const bands = out.get(q) ?? new Map<string, number[]>();
    const counts = bands.get(r.ageBand) ?? new Array<number>(10).fill(0);
    counts[r.score - 1]!++;
    bands.set(r.ageBand, counts);
    out.set(q, bands);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([q, bands]) => [q, new Map([...bands.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))]));
}
