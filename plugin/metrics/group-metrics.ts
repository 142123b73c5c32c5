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

export type GroupFigures =
  | { readonly group: string; readonly tooSmall: true; readonly minimumSize: number }
  | {
      readonly group: string;
      readonly tooSmall: false;
      readonly n: number;
      /** With a known outcome. */
      readonly withOutcome: number;
      readonly auc: { readonly value: number; readonly interval: Interval | null } | null;
      readonly highShare: RateWithInterval;
      readonly placementRate: RateWithInterval | null;
      readonly meanPredicted: number;
      readonly fpr: RateWithInterval | null;
      readonly fnr: RateWithInterval | null;
      /** Ratios to the reference group (the largest); null for the reference itself or when undefined. */
      readonly ratios: { readonly highShare: number | null; readonly fpr: number | null; readonly fnr: number | null } | null;
      /** What exceeds the documented limits. */
      readonly flags: readonly string[];
    };

const rate = (k: number, n: number): RateWithInterval | null => (n === 0 ? null : { value: k / n, interval: wilsonInterval(k, n)! });
const ratio = (a: number | undefined, b: number | undefined): number | null => (a === undefined || b === undefined || b === 0 ? null : a / b);
const outside = (r: number | null): boolean => r !== null && (r < RATIO_LOW || r > RATIO_HIGH);

export function groupFigures(referrals: readonly EvaluatedReferral[], options: { threshold: number; seed: number; resamples?: number; minGroupSize?: number }): GroupFigures[] {
  const min = options.minGroupSize ?? MIN_GROUP_SIZE;
  const byGroup = new Map<string, EvaluatedReferral[]>();
  for (const r of referrals) byGroup.set(r.group, [...(byGroup.get(r.group) ?? []), r]);
  const raw = [...byGroup.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, rs]) => {
      if (rs.length < min) return { group, tooSmall: true as const, minimumSize: min };
      const known = rs.filter((r) => r.placed !== null);
      const scores = known.map((r) => r.score);
      const placed = known.map((r) => r.placed === true);
      const value = auc(scores, placed);
      const confusion = confusionAt(scores, placed, options.threshold);
      return {
        group,
        tooSmall: false as const,
        n: rs.length,
        withOutcome: known.length,
        auc: value === null ? null : { value, interval: bootstrapAucInterval(scores, placed, { seed: options.seed, ...(options.resamples ? { resamples: options.resamples } : {}) }) },
        highShare: rate(rs.filter((r) => r.score >= HIGH_SCORE_FROM).length, rs.length)!,
        placementRate: rate(placed.filter(Boolean).length, known.length),
        meanPredicted: rs.reduce((s, r) => s + r.probability, 0) / rs.length,
        fpr: rate(confusion.fp, confusion.fp + confusion.tn),
        fnr: rate(confusion.fn, confusion.fn + confusion.tp),
      };
    });
  const reported = raw.filter((g) => !g.tooSmall) as Array<Extract<(typeof raw)[number], { tooSmall: false }>>;
  const reference = reported.reduce<(typeof reported)[number] | null>((best, g) => (best === null || g.n > best.n ? g : best), null);
  return raw.map((g): GroupFigures => {
    if (g.tooSmall) return g;
    if (g === reference || reference === null) return { ...g, ratios: null, flags: [] };
    const ratios = {
      highShare: ratio(g.highShare.value, reference.highShare.value),
      fpr: ratio(g.fpr?.value, reference.fpr?.value),
      fnr: ratio(g.fnr?.value, reference.fnr?.value),
    };
    const flags: string[] = [];
    if (outside(ratios.highShare)) flags.push('highShare');
    if (outside(ratios.fpr)) flags.push('fpr');
    if (outside(ratios.fnr)) flags.push('fnr');
    if (g.auc && reference.auc && reference.auc.value - g.auc.value >= AUC_GAP_LIMIT) flags.push('auc');
    return { ...g, ratios, flags };
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
