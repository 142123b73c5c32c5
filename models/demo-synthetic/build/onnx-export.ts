// Writes the demo models as ONNX graphs shaped like skl2onnx's output (with zipmap=False), so the loader meets
// them exactly as it meets a researcher's file: input `input` float [N, F]; outputs `label` int64 [N] and
// `probabilities` float [N, 2].
//   logistic: ai.onnx.ml LinearClassifier (both classes' rows, class 0 negated, LOGISTIC) → Normalizer (L1);
//   trees:    ai.onnx.ml TreeEnsembleClassifier, binary as for GradientBoostingClassifier (class_ids all 0,
//             weights = the positive class's leaf values, base_values = [initial log-odds], LOGISTIC).

import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import type { TreeEnsemble } from '../../../plugin/scoring/tree-ensemble';
import type { LogisticModel } from './logistic-regression';

const { onnx } = onnxProto;

const PRODUCER = { producerName: 'beslutningsstotte-demo-build', producerVersion: '1.0.0' };
const OPSETS = [
  { domain: '', version: 15 },
  { domain: 'ai.onnx.ml', version: 1 },
];
const ML = 'ai.onnx.ml';
const { FLOAT, INT64 } = onnx.TensorProto.DataType;
const A = onnx.AttributeProto.AttributeType;

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

const attr = {
  floats: (name: string, floats: ArrayLike<number>) =>
    onnx.AttributeProto.create({ name, type: A.FLOATS, floats: Array.from(floats, (v) => Math.fround(v)) }),
  ints: (name: string, ints: ArrayLike<number>) => onnx.AttributeProto.create({ name, type: A.INTS, ints: Array.from(ints) }),
  int: (name: string, i: number) => onnx.AttributeProto.create({ name, type: A.INT, i }),
  string: (name: string, s: string) => onnx.AttributeProto.create({ name, type: A.STRING, s: bytes(s) }),
  strings: (name: string, strings: readonly string[]) =>
    onnx.AttributeProto.create({ name, type: A.STRINGS, strings: strings.map(bytes) }),
};

function tensorInfo(name: string, elemType: number, dims: Array<number | string>) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) =>
            typeof d === 'string'
              ? onnx.TensorShapeProto.Dimension.create({ dimParam: d })
              : onnx.TensorShapeProto.Dimension.create({ dimValue: d }),
          ),
        }),
      }),
    }),
  });
}

function encodeModel(graphName: string, nodes: OnnxTypes.INodeProto[], featureCount: number, docString: string): Uint8Array {
  const graph = onnx.GraphProto.create({
    name: graphName,
    node: nodes,
    input: [tensorInfo('input', FLOAT, ['N', featureCount])],
    output: [tensorInfo('label', INT64, ['N']), tensorInfo('probabilities', FLOAT, ['N', 2])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    ...PRODUCER,
    domain: 'dk.beslutningsstotte',
    modelVersion: 1,
    docString,
    graph,
    opsetImport: OPSETS.map((o) => onnx.OperatorSetIdProto.create(o)),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A binary logistic regression as LinearClassifier → Normalizer, the way skl2onnx converts LogisticRegression. */
export function logisticToOnnx(model: LogisticModel, docString: string): Uint8Array {
  const w = model.coefficients;
  const classifier = onnx.NodeProto.create({
    name: 'LinearClassifier',
    opType: 'LinearClassifier',
    domain: ML,
    input: ['input'],
    output: ['label', 'probability_tensor'],
    attribute: [
      attr.ints('classlabels_ints', [0, 1]),
      attr.floats('coefficients', [...w.map((c) => -c), ...w]),
      attr.floats('intercepts', [-model.intercept, model.intercept]),
      attr.int('multi_class', 0),
      attr.string('post_transform', 'LOGISTIC'),
    ],
  });
  const normalizer = onnx.NodeProto.create({
    name: 'Normalizer',
    opType: 'Normalizer',
    domain: ML,
    input: ['probability_tensor'],
    output: ['probabilities'],
    attribute: [attr.string('norm', 'L1')],
  });
  return encodeModel('logistic regression', [classifier, normalizer], w.length, docString);
}

/** A binary boosted ensemble as one TreeEnsembleClassifier, as skl2onnx converts GradientBoostingClassifier. */
export function treeEnsembleToOnnx(ensemble: TreeEnsemble, docString: string): Uint8Array {
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    values: [] as number[],
    hitrates: [] as number[],
    modes: [] as string[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
  };
  const leaves = { treeIds: [] as number[], nodeIds: [] as number[], classIds: [] as number[], weights: [] as number[] };
  ensemble.trees.forEach((tree, t) => {
    for (let n = 0; n < tree.feature.length; n++) {
      const leaf = tree.trueChild[n]! < 0;
      nodes.treeIds.push(t);
      nodes.nodeIds.push(n);
      nodes.featureIds.push(leaf ? 0 : tree.feature[n]!);
      nodes.values.push(leaf ? 0 : tree.threshold[n]!);
      nodes.hitrates.push(1);
      nodes.modes.push(leaf ? 'LEAF' : tree.mode[n]!);
      nodes.trueIds.push(leaf ? 0 : tree.trueChild[n]!);
      nodes.falseIds.push(leaf ? 0 : tree.falseChild[n]!);
      nodes.missingTrue.push(tree.missingGoesTrue[n]!);
      if (leaf) {
        leaves.treeIds.push(t);
        leaves.nodeIds.push(n);
        leaves.classIds.push(0);
        leaves.weights.push(tree.leafValue[n]!);
      }
    }
  });
  const classifier = onnx.NodeProto.create({
    name: 'TreeEnsembleClassifier',
    opType: 'TreeEnsembleClassifier',
    domain: ML,
    input: ['input'],
    output: ['label', 'probabilities'],
    attribute: [
      attr.floats('base_values', [ensemble.baseValue]),
      attr.ints('class_ids', leaves.classIds),
      attr.ints('class_nodeids', leaves.nodeIds),
      attr.ints('class_treeids', leaves.treeIds),
      attr.floats('class_weights', leaves.weights),
      attr.ints('classlabels_int64s', [0, 1]),
      attr.ints('nodes_falsenodeids', nodes.falseIds),
      attr.ints('nodes_featureids', nodes.featureIds),
      attr.floats('nodes_hitrates', nodes.hitrates),
      attr.ints('nodes_missing_value_tracks_true', nodes.missingTrue),
      attr.strings('nodes_modes', nodes.modes),
      attr.ints('nodes_nodeids', nodes.nodeIds),
      attr.ints('nodes_treeids', nodes.treeIds),
      attr.ints('nodes_truenodeids', nodes.trueIds),
      attr.floats('nodes_values', nodes.values),
      attr.string('post_transform', 'LOGISTIC'),
    ],
  });
  return encodeModel('gradient boosted trees', [classifier], ensemble.featureCount, docString);
}
