// GAS (Goal Attainment Scaling): each goal agreed for the child is scored −2 (much less than expected) … 0
// (the expected level) … +2 (much more than expected), and the goals are combined into a T-score with mean 50
// and standard deviation 10. Pure.
//
// Kiresuk & Sherman (1968), "Goal attainment scaling: a general method for evaluating comprehensive community
// mental health programs", Community Mental Health Journal 4(6):443–453:
//     T = 50 + 10 Σ wᵢxᵢ / √((1 − ρ) Σ wᵢ² + ρ (Σ wᵢ)²)
// with xᵢ the attainment score of goal i, wᵢ its weight (1 unless weighted) and ρ the assumed correlation
// between goal scores, by convention 0.3 (Kiresuk & Sherman 1968; Kiresuk, Smith & Cardillo 1994). GAS
// defines no reliable change index.

export const GAS_MIN = -2;
export const GAS_MAX = 2;
export const GAS_DEFAULT_RHO = 0.3;

export interface GasGoalScore {
  readonly goalId: string;
  /** −2 … +2, or null when the goal was not scored at this follow-up. */
  readonly score: number | null;
  readonly weight?: number;
}

export function isGasScore(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= GAS_MIN && v <= GAS_MAX;
}

export interface GasTScore {
  /** Rounded to one decimal; null when no goal was scored. */
  readonly tScore: number | null;
  readonly scoredGoals: number;
  readonly unscoredGoals: readonly string[];
}

/** The Kiresuk–Sherman T-score over the scored goals (unscored goals are left out and named). */
export function gasTScore(goals: readonly GasGoalScore[], rho = GAS_DEFAULT_RHO): GasTScore {
  const scored = goals.filter((g) => g.score !== null);
  const unscoredGoals = goals.filter((g) => g.score === null).map((g) => g.goalId);
  if (scored.length === 0) return { tScore: null, scoredGoals: 0, unscoredGoals };
  let weighted = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (const g of scored) {
    if (!isGasScore(g.score)) throw new RangeError(`GAS goal ${g.goalId}: score must be a whole number from −2 to +2`);
    const w = g.weight ?? 1;
    if (!(w > 0)) throw new RangeError(`GAS goal ${g.goalId}: weight must be positive`);
    weighted += w * g.score;
    sumW += w;
    sumW2 += w * w;
  }
  const t = 50 + (10 * weighted) / Math.sqrt((1 - rho) * sumW2 + rho * sumW * sumW);
  return { tScore: Math.round(t * 10) / 10, scoredGoals: scored.length, unscoredGoals };
}
