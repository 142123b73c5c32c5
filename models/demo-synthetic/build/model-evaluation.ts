// Everything a demo package states about its model's behaviour: the age-band cut-points (from the reference
// split, every referral) and the card's metrics and fairness rows (from the validation split's referrals with a known
// outcome), all from ONNX probabilities.

import {
  auc,
  calibrationByDecile,
  decileCutPoints,
  groupMetric,
  riskScore,
  type CalibrationRow,
  type GroupMetric,
} from './evaluation-metrics';
import { AGE_BANDS, type Dataset, type FeatureRows } from './training-data';

/** Per AGE_BANDS entry, the 9 deciles of the probability among the rows of that band, ascending. */
export function ageBandCutPoints(probabilities: ArrayLike<number>, data: FeatureRows): number[][] {
  return AGE_BANDS.map((band, b) => {
    const inBand: number[] = [];
    for (let i = 0; i < data.rows; i++) if (data.ageBand[i] === b) inBand.push(probabilities[i]!);
    if (inBand.length < 100) throw new Error(`too few reference rows in age band ${band.id} (${inBand.length})`);
    return decileCutPoints(inBand);
  });
}

export interface OutcomeByScore {
  score: number;
  children: number;
  placed: number;
  meanPredicted: number;
}

/**
 * Per AGE_BANDS entry, for scores 1–10: how many rows of the band had the score and how many of them were placed.
 * The panel shows these as "of 100 children with this score, N were placed" (what happened, not a prediction).
 */
export function outcomesByScore(probabilities: ArrayLike<number>, data: Dataset, scores: ArrayLike<number>): OutcomeByScore[][] {
  return AGE_BANDS.map((band, b) => {
    const rows = Array.from({ length: 10 }, (_, k) => ({ score: k + 1, children: 0, placed: 0, predicted: 0 }));
    for (let i = 0; i < data.rows; i++) {
      if (data.ageBand[i] !== b) continue;
      const row = rows[scores[i]! - 1]!;
      row.children++;
      row.placed += data.y[i]!;
      row.predicted += probabilities[i]!;
    }
    for (const r of rows) if (r.children === 0) throw new Error(`no validation rows with score ${r.score} in age band ${band.id}`);
    return rows.map((r) => ({ score: r.score, children: r.children, placed: r.placed, meanPredicted: r.predicted / r.children }));
  });
}

export interface ValidationReport {
  auc: number;
  baseRate: number;
  calibrationByDecile: CalibrationRow[];
  byAgeBand: GroupMetric[];
  bySex: GroupMetric[];
  /** Share placed among rows with score 10 (the top decile within each age band). */
  placedRateInScore10: number;
  /** Share placed among the 10 % of rows with the highest probability overall. */
  placedRateInTopDecile: number;
  /** Per age band, the absolute figures per score (see outcomesByScore). */
  outcomesByScore: OutcomeByScore[][];
}

export function evaluateOnValidation(
  probabilities: ArrayLike<number>,
  data: Dataset,
  cutPoints: readonly number[][],
): ValidationReport {
  const scores = Int32Array.from({ length: data.rows }, (_, i) => riskScore(probabilities[i]!, cutPoints[data.ageBand[i]!]!));
  const overall = groupMetric('all', () => true, probabilities, data.y, scores);
  const calibration = calibrationByDecile(probabilities, data.y);
  return {
    auc: overall.auc ?? Number.NaN,
    baseRate: overall.observedRate,
    calibrationByDecile: calibration,
    byAgeBand: AGE_BANDS.map((band, b) => groupMetric(band.id, (i) => data.ageBand[i] === b, probabilities, data.y, scores)),
    bySex: (['male', 'female'] as const).map((sex) => groupMetric(sex, (i) => data.sex[i] === sex, probabilities, data.y, scores)),
    placedRateInScore10: overall.placedRateInScore10 ?? 0,
    placedRateInTopDecile: calibration[9]!.observedRate,
    outcomesByScore: outcomesByScore(probabilities, data, scores),
  };
}
