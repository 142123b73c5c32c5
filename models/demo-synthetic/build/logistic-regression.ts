// L2-regularised logistic regression by Newton's method (IRLS) on standardised features, with the
// standardisation folded back so the result is coefficients on the raw features, as an ONNX LinearClassifier
// holds them. Deterministic: every sum runs in a fixed order.

export interface LogisticModel {
  /** Per raw feature. */
  readonly coefficients: readonly number[];
  readonly intercept: number;
}

export interface LogisticTrainingOptions {
  /** Penalty λ on the standardised coefficients (not the intercept): minimises −log L + λ/2 · ‖β‖². */
  readonly l2?: number;
  readonly maxIterations?: number;
  /** Stop when no standardised parameter moves more than this. */
  readonly tolerance?: number;
}

export interface LogisticTrainingReport extends LogisticModel {
  readonly iterations: number;
}

/** Solves the symmetric positive definite system A·z = b (A is n × n, row-major) by Cholesky. */
export function solveCholesky(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new Error('matrix is not positive definite');
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * z[k]!;
    z[i] = sum / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * z[k]!;
    z[i] = sum / l[i * n + i]!;
  }
  return z;
}

/**
 * Fits P(y = 1 | x) = σ(intercept + coefficients · x). `x` is row-major (rows × featureCount).
 * A feature that never varies in the training data gets coefficient 0.
 */
export function trainLogisticRegression(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
  featureCount: number,
  options: LogisticTrainingOptions = {},
): LogisticTrainingReport {
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  const p = featureCount + 1; // parameter 0 is the intercept

  const mean = new Float64Array(featureCount);
  const sd = new Float64Array(featureCount);
  for (let i = 0; i < rows; i++) for (let j = 0; j < featureCount; j++) mean[j] = mean[j]! + x[i * featureCount + j]!;
  for (let j = 0; j < featureCount; j++) mean[j] = mean[j]! / rows;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < featureCount; j++) {
      const d = x[i * featureCount + j]! - mean[j]!;
      sd[j] = sd[j]! + d * d;
    }
  }
  for (let j = 0; j < featureCount; j++) {
    const s = Math.sqrt(sd[j]! / rows);
    sd[j] = s > 0 ? s : 0;
  }

  const z = new Float64Array(rows * p); // standardised design with a leading column of ones
  for (let i = 0; i < rows; i++) {
    z[i * p] = 1;
    for (let j = 0; j < featureCount; j++) {
      z[i * p + j + 1] = sd[j]! > 0 ? (x[i * featureCount + j]! - mean[j]!) / sd[j]! : 0;
    }
  }

  const beta = new Float64Array(p);
  let positives = 0;
  for (let i = 0; i < rows; i++) positives += y[i]!;
  beta[0] = Math.log(positives / (rows - positives));

  /** Penalised negative log-likelihood: Σ log(1 + e^η) − y·η + λ/2 · ‖β‖² (intercept unpenalised). */
  const objective = (b: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < rows; i++) {
      const o = i * p;
      let eta = 0;
      for (let k = 0; k < p; k++) eta += z[o + k]! * b[k]!;
      loss += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - y[i]! * eta;
    }
    for (let k = 1; k < p; k++) loss += (l2 / 2) * b[k]! * b[k]!;
    return loss;
  };

  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const gradient = new Float64Array(p);
    const hessian = new Float64Array(p * p);
    for (let i = 0; i < rows; i++) {
      const o = i * p;
      let eta = 0;
      for (let k = 0; k < p; k++) eta += z[o + k]! * beta[k]!;
      const mu = 1 / (1 + Math.exp(-eta));
      const w = mu * (1 - mu);
      const r = y[i]! - mu;
      for (let k = 0; k < p; k++) {
        const zk = z[o + k]!;
        if (zk === 0) continue;
        gradient[k] = gradient[k]! + zk * r;
        const wzk = w * zk;
        for (let m = 0; m <= k; m++) hessian[k * p + m] = hessian[k * p + m]! + wzk * z[o + m]!;
      }
    }
    for (let k = 0; k < p; k++) for (let m = 0; m < k; m++) hessian[m * p + k] = hessian[k * p + m]!;
    for (let k = 1; k < p; k++) {
      gradient[k] = gradient[k]! - l2 * beta[k]!;
      hessian[k * p + k] = hessian[k * p + k]! + l2;
    }
    const step = solveCholesky(hessian, gradient, p);
    // Newton's step can overshoot far from the optimum; halve it until the penalised loss falls.
    const current = objective(beta);
    const candidate = new Float64Array(p);
    let scale = 1;
    for (let halvings = 0; ; halvings++) {
      for (let k = 0; k < p; k++) candidate[k] = beta[k]! + scale * step[k]!;
      if (objective(candidate) <= current || halvings === 40) break;
      scale /= 2;
    }
    let largest = 0;
    for (let k = 0; k < p; k++) {
      largest = Math.max(largest, Math.abs(candidate[k]! - beta[k]!));
      beta[k] = candidate[k]!;
    }
    if (largest < tolerance) {
      iterations++;
      break;
    }
  }

  const coefficients: number[] = [];
  let intercept = beta[0]!;
  for (let j = 0; j < featureCount; j++) {
    const c = sd[j]! > 0 ? beta[j + 1]! / sd[j]! : 0;
    coefficients.push(c);
    intercept -= c * mean[j]!;
  }
  return { coefficients, intercept, iterations };
}

export function logisticLogOdds(model: LogisticModel, row: ArrayLike<number>): number {
  let eta = model.intercept;
  for (let j = 0; j < model.coefficients.length; j++) eta += model.coefficients[j]! * row[j]!;
  return eta;
}
