// The absolute figures beside a score: of 100 referred children of the same age band who had this score in the
// model's evaluation data, how many were placed outside the home within a year and how many were not. This is
// what happened to a group, never a probability for one child. One rounding rule, used by the panel, the
// family letter, the model card page and MODEL_CARD.md, so they never disagree.
import type { AgeBandSpec, OutcomeByScoreSpec } from './model-package-schema';

export interface OutOfHundred {
  readonly score: number;
  /** Children of the band with this score in the evaluation data. */
  readonly children: number;
  readonly placed: number;
  /** Of 100 such children, how many were placed (rounded) and how many were not (100 minus that). */
  readonly placedOf100: number;
  readonly notPlacedOf100: number;
}

export function outOfHundred(row: OutcomeByScoreSpec): OutOfHundred {
  const placedOf100 = Math.round((100 * row.placed) / row.children);
  return { score: row.score, children: row.children, placed: row.placed, placedOf100, notPlacedOf100: 100 - placedOf100 };
}

/** The band's figures for one score, or null when the package carries no figures. */
export function absoluteFigures(band: AgeBandSpec, score: number): OutOfHundred | null {
  const row = band.outcomesByScore?.find((o) => o.score === score);
  return row ? outOfHundred(row) : null;
}
