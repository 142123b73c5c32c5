// The one onnxruntime session of a model package, and the call that turns a feature matrix into the positive
// class's probabilities. Created once per package and reused for every score.
import * as ort from 'onnxruntime-node';
import { ModelPackageError } from '../errors';
import type { PreparedOnnxModel } from './onnx-graph';

export interface OnnxRuntimeModel {
  readonly featureCount: number;
  /** Probabilities of the positive class for `rows` rows of `matrix` (row-major, featureCount wide). */
  predict(matrix: Float32Array, rows: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export interface RuntimeOptions {
  /** Threads onnxruntime may use inside one run; 1 keeps a server's requests from competing. */
  readonly intraOpThreads?: number;
}

export async function createOnnxRuntimeModel(
  prepared: PreparedOnnxModel,
  featureCount: number,
  options: RuntimeOptions = {},
): Promise<OnnxRuntimeModel> {
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(prepared.bytes, {
      intraOpNumThreads: options.intraOpThreads ?? 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    });
  } catch (cause) {
    throw new ModelPackageError('MODEL_CONTRACT', { detail: `onnxruntime could not load the graph (${String((cause as Error).message ?? cause).slice(0, 200)})` }, { cause });
  }
  const { inputName, probabilityTensor, positiveClassIndex, classCount } = prepared;
  const fetches = [probabilityTensor];

  return {
    featureCount,
    async predict(matrix: Float32Array, rows: number): Promise<Float32Array> {
      const input = new ort.Tensor('float32', matrix.subarray(0, rows * featureCount), [rows, featureCount]);
      const output = await session.run({ [inputName]: input }, fetches);
      const data = output[probabilityTensor]!.data as Float32Array;
      const probabilities = new Float32Array(rows);
      for (let i = 0; i < rows; i++) probabilities[i] = data[i * classCount + positiveClassIndex]!;
      return probabilities;
    },
    async release(): Promise<void> {
      await session.release();
    },
  };
}
