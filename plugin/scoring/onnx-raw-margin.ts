// onnxruntime's own additive output (the classifier's score before its logistic transform), used to prove that
// an explanation reproduces the model: the probability alone is float32 and saturates near 0 and 1, where a
// log-odds difference could no longer be seen. Built from the prepared graph by switching the classifier's
// post_transform to NONE and returning its score tensor.
import * as ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { ModelPackageError } from '../errors';
import type { PreparedOnnxModel } from './onnx-graph';

const { onnx } = onnxProto;

function rawScoreGraph(prepared: PreparedOnnxModel): { bytes: Uint8Array; output: string } {
  const model = onnx.ModelProto.decode(prepared.bytes);
  const graph = model.graph as onnxProto.onnx.GraphProto;
  const target = prepared.classifier;
  const node = graph.node.find((n) => n.opType === target?.opType && (n.output ?? []).join() === (target?.output ?? []).join());
  const output = node?.output?.[1];
  if (!node || !output) throw new ModelPackageError('MODEL_CONTRACT', { detail: 'the classifier has no score output' });
  const attributes = (node.attribute ?? []).filter((a) => a.name !== 'post_transform');
  attributes.push(onnx.AttributeProto.create({ name: 'post_transform', type: onnx.AttributeProto.AttributeType.STRING, s: Buffer.from('NONE') }));
  node.attribute = attributes;
  graph.output = [
    onnx.ValueInfoProto.create({
      name: output,
      type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'N' }, { dimValue: prepared.classCount }] } } },
    }),
  ];
  return { bytes: onnx.ModelProto.encode(model).finish(), output };
}

/** The positive class's raw score for `rows` rows of `matrix`, computed by onnxruntime. */
export async function rawMarginsFromRuntime(prepared: PreparedOnnxModel, featureCount: number, matrix: Float32Array, rows: number): Promise<Float32Array> {
  const { bytes, output } = rawScoreGraph(prepared);
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, logSeverityLevel: 3 });
  try {
    const input = new ort.Tensor('float32', matrix.subarray(0, rows * featureCount), [rows, featureCount]);
    const result = await session.run({ [prepared.inputName]: input }, [output]);
    const data = result[output]!.data as Float32Array;
    const width = data.length / rows;
    const column = width === 1 ? 0 : prepared.positiveClassIndex;
    return Float32Array.from({ length: rows }, (_, i) => data[i * width + column]!);
  } finally {
    await session.release();
  }
}
