// The contract every exact explainer meets: contributions that, with the base value, add up to the model's
// own additive output (log-odds or probability) for the same row.

export type AdditiveSpace = 'log-odds' | 'probability';

export interface AdditiveExplainer {
  readonly method: 'linear' | 'tree';
  readonly space: AdditiveSpace;
  /** The expected output the contributions are measured from. */
  readonly baseValue: number;
  readonly featureCount: number;
  /**
   * Writes each feature's contribution for row `x` (features in package order) into `out` (length featureCount,
   * overwritten) and returns the margin the explanation reproduces: baseValue + the sum of `out`.
   */
  explain(x: ArrayLike<number>, out: Float64Array): number;
}
