// Runs an exported demo model in onnxruntime-node and returns the positive class's probability per row: every
// figure in the model cards is computed from these, i.e. from what the product will really run.

import * as ort from 'onnxruntime-node';

export async function onnxPositiveProbabilities(
  onnxBytes: Uint8Array,
  x: Float32Array,
  rows: number,
  featureCount: number,
): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(onnxBytes, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'disabled',
  });
  try {
    const out = await session.run({ input: new ort.Tensor('float32', x, [rows, featureCount]) }, ['probabilities']);
    const probabilities = out.probabilities;
    if (!probabilities || probabilities.type !== 'float32') throw new Error('the model gave no float probabilities');
    const data = probabilities.data as Float32Array;
    const positive = new Float32Array(rows);
    for (let i = 0; i < rows; i++) positive[i] = data[i * 2 + 1]!;
    return positive;
  } finally {
    await session.release();
  }
}
