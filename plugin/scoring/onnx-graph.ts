// Reads an ONNX classifier as researchers' tools export it (skl2onnx above all) and prepares it for
// onnxruntime-node: checks the graph against the package's contract, removes a ZipMap (which onnxruntime-node
// cannot return), frees the batch dimension, and finds the classifier node whose parameters the exact
// explainers need. Pure: bytes in, bytes and plain data out.
import onnxProto from 'onnx-proto';
import { ModelPackageError } from '../errors';

const { onnx } = onnxProto;
type ModelProto = onnxProto.onnx.ModelProto;
type NodeProto = onnxProto.onnx.INodeProto;
type AttributeProto = onnxProto.onnx.IAttributeProto;

const FLOAT = 1;

export interface OnnxContractSpec {
  readonly inputName: string;
  readonly probabilityOutput: string;
  readonly probabilityFormat: 'tensor' | 'zipmap';
  readonly positiveClass: string | number;
}

export interface PreparedOnnxModel {
  /** The model to hand to onnxruntime: ZipMap removed, batch dimension symbolic. */
  readonly bytes: Uint8Array;
  readonly inputName: string;
  /** The float tensor [N, classes] to fetch. */
  readonly probabilityTensor: string;
  readonly classLabels: ReadonlyArray<string | number>;
  readonly positiveClassIndex: number;
  readonly classCount: number;
  /** The classifier node, for explainers; null if the graph has none we recognise. */
  readonly classifier: NodeProto | null;
  /** True when the classifier reads the graph input directly (no preprocessing nodes in between). */
  readonly classifierReadsInput: boolean;
}

function contractError(detail: string): ModelPackageError {
  return new ModelPackageError('MODEL_CONTRACT', { detail });
}

export function decodeOnnx(bytes: Uint8Array): ModelProto {
  try {
    const model = onnx.ModelProto.decode(bytes);
    if (!model.graph || (model.graph.node ?? []).length === 0) throw new Error('no graph');
    return model;
  } catch (cause) {
    throw new ModelPackageError('MODEL_CONTRACT', { detail: 'model.onnx is not a readable ONNX model' }, { cause });
  }
}

export function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function floatsAttribute(node: NodeProto, name: string): number[] {
  return Array.from(attribute(node, name)?.floats ?? []);
}

export function intsAttribute(node: NodeProto, name: string): number[] {
  return Array.from(attribute(node, name)?.ints ?? [], (v) => Number(v));
}

export function stringsAttribute(node: NodeProto, name: string): string[] {
  return Array.from(attribute(node, name)?.strings ?? [], (v) => Buffer.from(v).toString('utf8'));
}

export function stringAttribute(node: NodeProto, name: string): string | undefined {
  const s = attribute(node, name)?.s;
  return s && s.length > 0 ? Buffer.from(s).toString('utf8') : undefined;
}

function classLabelsOf(node: NodeProto): Array<string | number> {
  const strings = stringsAttribute(node, 'classlabels_strings');
  if (strings.length > 0) return strings;
  const ints = intsAttribute(node, 'classlabels_int64s');
  if (ints.length > 0) return ints;
  return intsAttribute(node, 'classlabels_ints');
}

const CLASSIFIER_OPS = new Set(['LinearClassifier', 'TreeEnsembleClassifier']);

/** The node that produces `tensorName`, following pass-through steps (Normalizer, Cast, Identity) back to a classifier. */
function classifierBehind(nodes: NodeProto[], tensorName: string): NodeProto | null {
  let name = tensorName;
  for (let guard = 0; guard < nodes.length; guard++) {
    const producer = nodes.find((n) => (n.output ?? []).includes(name));
    if (!producer) return null;
    if (CLASSIFIER_OPS.has(producer.opType ?? '')) return producer;
    if (!['Normalizer', 'Cast', 'Identity'].includes(producer.opType ?? '')) return null;
    name = producer.input?.[0] ?? '';
  }
  return null;
}

function freeBatchDimension(valueInfo: onnxProto.onnx.IValueInfoProto): void {
  const dims = valueInfo.type?.tensorType?.shape?.dim;
  if (dims && dims.length > 0) dims[0] = onnx.TensorShapeProto.Dimension.create({ dimParam: 'N' });
}

/**
 * Checks the graph against the contract and returns a runnable copy. `featureCount` is the number of features
 * the package declares; the input's second dimension must equal it.
 */
export function prepareOnnxModel(bytes: Uint8Array, contract: OnnxContractSpec, featureCount: number): PreparedOnnxModel {
  const model = decodeOnnx(bytes);
  const graph = model.graph as onnxProto.onnx.GraphProto;
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = graph.input.filter((i) => !initializerNames.has(i.name));

  if (inputs.length !== 1) {
    throw contractError(
      `the graph has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); the plugin needs one float tensor input holding all features`,
    );
  }
  const input = inputs[0]!;
  if (input.name !== contract.inputName) {
    throw contractError(`model.json names the input "${contract.inputName}", the graph's input is "${input.name}"`);
  }
  const inputType = input.type?.tensorType;
  if (!inputType || inputType.elemType !== FLOAT) {
    throw contractError(`the input "${input.name}" must be a float tensor`);
  }
  const inputDims = inputType.shape?.dim ?? [];
  const width = inputDims[1]?.dimValue;
  if (inputDims.length !== 2 || width === undefined || width === null || Number(width) !== featureCount) {
    throw contractError(
      `the input "${input.name}" must have shape [N, ${featureCount}] (model.json lists ${featureCount} features), the graph says [${inputDims
        .map((d) => (d.dimValue !== undefined && d.dimValue !== null && Number(d.dimValue) > 0 ? String(d.dimValue) : d.dimParam || '?'))
        .join(', ')}]`,
    );
  }

  const outputIndex = graph.output.findIndex((o) => o.name === contract.probabilityOutput);
  if (outputIndex < 0) {
    throw contractError(
      `model.json names the probability output "${contract.probabilityOutput}", the graph's outputs are ${graph.output.map((o) => `"${o.name}"`).join(', ')}`,
    );
  }
  const output = graph.output[outputIndex]!;
  let probabilityTensor = contract.probabilityOutput;
  let classLabels: Array<string | number> = [];

  if (contract.probabilityFormat === 'zipmap') {
    const zipIndex = graph.node.findIndex((n) => n.opType === 'ZipMap' && (n.output ?? []).includes(contract.probabilityOutput));
    if (zipIndex < 0) throw contractError(`the output "${output.name}" is not produced by a ZipMap node, but model.json says "zipmap"`);
    const zipMap = graph.node[zipIndex]!;
    classLabels = classLabelsOf(zipMap);
    probabilityTensor = zipMap.input?.[0] ?? '';
    graph.node.splice(zipIndex, 1);
    graph.output.splice(
      outputIndex,
      1,
      onnx.ValueInfoProto.create({
        name: probabilityTensor,
        type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: classLabels.length }] } } },
      }),
    );
  } else {
    if (output.type?.tensorType?.elemType !== FLOAT) {
      throw contractError(`the output "${output.name}" is not a float tensor; if it is a ZipMap, set probabilityFormat to "zipmap"`);
    }
  }

  const classifier = classifierBehind(graph.node, probabilityTensor);
  if (classLabels.length === 0 && classifier) classLabels = classLabelsOf(classifier);
  if (classLabels.length !== 2) {
    throw contractError(`the model must be a binary classifier; it has ${classLabels.length || 'no readable'} class labels`);
  }
  const positiveClassIndex = classLabels.findIndex((label) => String(label) === String(contract.positiveClass));
  if (positiveClassIndex < 0) {
    throw contractError(`the positive class "${contract.positiveClass}" is not one of the model's classes (${classLabels.join(', ')})`);
  }

  freeBatchDimension(input);
  for (const o of graph.output) freeBatchDimension(o);

  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    inputName: input.name,
    probabilityTensor,
    classLabels,
    positiveClassIndex,
    classCount: classLabels.length,
    classifier,
    classifierReadsInput: classifier !== null && classifier.input?.[0] === input.name,
  };
}
