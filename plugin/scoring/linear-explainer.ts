// Exact explanations for a logistic (or other linear) classifier: contribution_j = w_j · (x_j − reference_j),
// base value = w · reference + b. The weights come from the ONNX graph itself, never from a second copy.
import type { AdditiveExplainer, AdditiveSpace } from './additive-explainer';

export interface LinearModel {
  readonly weights: Float64Array;
  readonly intercept: number;
}

export function createLinearExplainer(model: LinearModel, reference: ArrayLike<number>, space: AdditiveSpace): AdditiveExplainer {
  const weights = model.weights;
  const featureCount = weights.length;
  const ref = Float64Array.from(reference);
  let baseValue = model.intercept;
  for (let j = 0; j < featureCount; j++) baseValue += weights[j]! * ref[j]!;

  return {
    method: 'linear',
    space,
    baseValue,
    featureCount,
    explain(x: ArrayLike<number>, out: Float64Array): number {
      let margin = baseValue;
      for (let j = 0; j < featureCount; j++) {
        const c = weights[j]! * (x[j]! - ref[j]!);
        out[j] = c;
        margin += c;
      }
      return margin;
    },
  };
}
