// Reads the parameters of an ONNX LinearClassifier or TreeEnsembleClassifier for the positive class of a binary
// model, in the additive space the post-transform implies, following onnxruntime's binary conventions:
// with weights for one class only, that score belongs to the second class (index 1).
import onnxProto from 'onnx-proto';
import { ModelPackageError } from '../errors';
import type { AdditiveSpace } from './additive-explainer';
import type { LinearModel } from './linear-explainer';
import type { BranchMode, DecisionTree, TreeEnsemble } from './tree-ensemble';
import { floatsAttribute, intsAttribute, stringAttribute, stringsAttribute, attribute } from './onnx-graph';

type NodeProto = onnxProto.onnx.INodeProto;

function contractError(detail: string): ModelPackageError {
  return new ModelPackageError('MODEL_CONTRACT', { detail });
}

export function additiveSpaceOf(node: NodeProto): AdditiveSpace {
  const transform = stringAttribute(node, 'post_transform') ?? 'NONE';
  if (transform === 'LOGISTIC') return 'log-odds';
  if (transform === 'NONE') return 'probability';
  throw contractError(`the classifier's post_transform ${transform} has no additive explanation (LOGISTIC or NONE are supported)`);
}

export function readLinearModel(node: NodeProto, featureCount: number, positiveClassIndex: number): LinearModel {
  const coefficients = floatsAttribute(node, 'coefficients');
  const intercepts = floatsAttribute(node, 'intercepts');
  const rows = coefficients.length / featureCount;
  if (!Number.isInteger(rows) || (rows !== 1 && rows !== 2)) {
    throw contractError(`the LinearClassifier has ${coefficients.length} coefficients, which does not fit ${featureCount} features of a binary model`);
  }
  const row = rows === 1 ? 0 : positiveClassIndex;
  if (rows === 1 && positiveClassIndex !== 1) {
    throw contractError('a LinearClassifier with one coefficient row scores the second class; set positiveClass to it');
  }
  if (rows === 2) {
    // onnxruntime normalises the two logistic outputs; they are complementary only when class 0 mirrors class 1.
    for (let j = 0; j < featureCount; j++) {
      if (Math.abs(coefficients[j]! + coefficients[featureCount + j]!) > 1e-6) {
        throw contractError('the two coefficient rows of the LinearClassifier are not mirror images; only binary logistic models are supported');
      }
    }
  }
  return {
    weights: Float64Array.from(coefficients.slice(row * featureCount, (row + 1) * featureCount)),
    intercept: intercepts[row] ?? 0,
  };
}

const BRANCH_MODES = new Set<string>(['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT', 'BRANCH_EQ', 'BRANCH_NEQ']);

/**
 * Reads a TreeEnsembleClassifier into flat trees holding the positive class's leaf values.
 * `covers`, when given, is per tree the training cover of each node id; otherwise covers are left at zero
 * for the caller to estimate.
 */
export function readTreeEnsemble(
  node: NodeProto,
  featureCount: number,
  positiveClassIndex: number,
  covers?: ReadonlyArray<ReadonlyArray<number>>,
): TreeEnsemble {
  for (const name of ['nodes_values_as_tensor', 'class_weights_as_tensor', 'base_values_as_tensor', 'nodes_hitrates_as_tensor']) {
    if (attribute(node, name)) throw contractError(`the attribute ${name} (ai.onnx.ml opset 3 tensors) is not supported yet; export with float attributes`);
  }
  const treeIds = intsAttribute(node, 'nodes_treeids');
  const nodeIds = intsAttribute(node, 'nodes_nodeids');
  const featureIds = intsAttribute(node, 'nodes_featureids');
  const thresholds = floatsAttribute(node, 'nodes_values');
  const modes = stringsAttribute(node, 'nodes_modes');
  const trueIds = intsAttribute(node, 'nodes_truenodeids');
  const falseIds = intsAttribute(node, 'nodes_falsenodeids');
  const missingTrue = intsAttribute(node, 'nodes_missing_value_tracks_true');
  const classTreeIds = intsAttribute(node, 'class_treeids');
  const classNodeIds = intsAttribute(node, 'class_nodeids');
  const classIds = intsAttribute(node, 'class_ids');
  const classWeights = floatsAttribute(node, 'class_weights');
  const baseValues = floatsAttribute(node, 'base_values');

  const n = treeIds.length;
  if ([nodeIds, featureIds, thresholds, modes, trueIds, falseIds].some((a) => a.length !== n)) {
    throw contractError('the TreeEnsembleClassifier node arrays have different lengths');
  }
  // With weights for class 0 only, onnxruntime treats the score as the second class's (binary case).
  const oneScore = classIds.every((c) => c === 0);
  const scoreClass = oneScore ? 0 : positiveClassIndex;
  if (oneScore && positiveClassIndex !== 1) {
    throw contractError('this tree ensemble scores the second class only; set positiveClass to it');
  }

  const treeOrder = [...new Set(treeIds)].sort((a, b) => a - b);
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) sizes.set(treeIds[i]!, Math.max(sizes.get(treeIds[i]!) ?? 0, nodeIds[i]! + 1));
  if (covers && covers.length !== treeOrder.length) {
    throw contractError(`model.json has covers for ${covers.length} trees, the ONNX ensemble has ${treeOrder.length}`);
  }

  const trees = new Map<number, { tree: DecisionTree; modes: Array<BranchMode | null> }>();
  treeOrder.forEach((treeId, index) => {
    const size = sizes.get(treeId)!;
    const treeCovers = covers?.[index];
    if (treeCovers && treeCovers.length !== size) {
      throw contractError(`model.json has ${treeCovers.length} covers for tree ${treeId}, which has ${size} nodes`);
    }
    const mode: Array<BranchMode | null> = new Array(size).fill(null);
    trees.set(treeId, {
      modes: mode,
      tree: {
        feature: new Int32Array(size).fill(-1),
        threshold: new Float32Array(size),
        mode,
        trueChild: new Int32Array(size).fill(-1),
        falseChild: new Int32Array(size).fill(-1),
        missingGoesTrue: new Uint8Array(size),
        leafValue: new Float64Array(size),
        cover: treeCovers ? Float64Array.from(treeCovers) : new Float64Array(size),
      },
    });
  });

  for (let i = 0; i < n; i++) {
    const { tree, modes: treeModes } = trees.get(treeIds[i]!)!;
    const id = nodeIds[i]!;
    const m = modes[i]!;
    if (m === 'LEAF') continue;
    if (!BRANCH_MODES.has(m)) throw contractError(`unknown tree node mode ${m}`);
    const feature = featureIds[i]!;
    if (feature < 0 || feature >= featureCount) throw contractError(`a tree splits on feature index ${feature}, but there are ${featureCount} features`);
    treeModes[id] = m as BranchMode;
    (tree.feature as Int32Array)[id] = feature;
    (tree.threshold as Float32Array)[id] = thresholds[i]!;
    (tree.trueChild as Int32Array)[id] = trueIds[i]!;
    (tree.falseChild as Int32Array)[id] = falseIds[i]!;
    (tree.missingGoesTrue as Uint8Array)[id] = missingTrue[i] ?? 0;
  }
  for (let i = 0; i < classWeights.length; i++) {
    if (classIds[i] !== scoreClass) continue;
    const entry = trees.get(classTreeIds[i]!);
    if (!entry) throw contractError(`a class weight refers to tree ${classTreeIds[i]}, which does not exist`);
    (entry.tree.leafValue as Float64Array)[classNodeIds[i]!]! += classWeights[i]!;
  }

  return {
    trees: treeOrder.map((id) => trees.get(id)!.tree),
    baseValue: baseValues.length === 0 ? 0 : oneScore ? baseValues[0]! : (baseValues[positiveClassIndex] ?? 0),
    featureCount,
  };
}
