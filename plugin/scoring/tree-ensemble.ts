// A decision-tree ensemble in flat arrays, as read from an ONNX TreeEnsembleClassifier/Regressor.
// Shared by the ONNX reader, the exact explainer (TreeSHAP) and the demo model's exporter.

/** How a branch node compares the input with its threshold (the ONNX `nodes_modes`). */
export type BranchMode = 'BRANCH_LEQ' | 'BRANCH_LT' | 'BRANCH_GTE' | 'BRANCH_GT' | 'BRANCH_EQ' | 'BRANCH_NEQ';

export interface DecisionTree {
  /** Per node (indexed by ONNX node id): the feature index compared at a branch; -1 at a leaf. */
  readonly feature: Int32Array;
  /** Per node: the threshold, as the float32 value ONNX stores. */
  readonly threshold: Float32Array;
  /** Per node: the comparison; null at a leaf. */
  readonly mode: ReadonlyArray<BranchMode | null>;
  /** Per node: the child taken when the comparison is true; -1 at a leaf. */
  readonly trueChild: Int32Array;
  /** Per node: the child taken when the comparison is false; -1 at a leaf. */
  readonly falseChild: Int32Array;
  /** Per node: whether a missing (NaN) input follows the true branch. */
  readonly missingGoesTrue: Uint8Array;
  /** Per node: the additive value of a leaf for the positive class (0 at branches). */
  readonly leafValue: Float64Array;
  /** Per node: the training cover (number or weight of training rows reaching the node). */
  readonly cover: Float64Array;
}

export interface TreeEnsemble {
  readonly trees: readonly DecisionTree[];
  /** Added to the sum of the trees' leaf values (ONNX `base_values` for the positive class). */
  readonly baseValue: number;
  readonly featureCount: number;
}

/** True when row `x` takes the node's true branch. Compares in float32, as onnxruntime does. */
export function goesTrue(tree: DecisionTree, node: number, x: ArrayLike<number>): boolean {
  const raw = x[tree.feature[node]!]!;
  if (Number.isNaN(raw)) return tree.missingGoesTrue[node] === 1;
  const v = Math.fround(raw);
  const t = tree.threshold[node]!;
  switch (tree.mode[node]) {
    case 'BRANCH_LEQ':
      return v <= t;
    case 'BRANCH_LT':
      return v < t;
    case 'BRANCH_GTE':
      return v >= t;
    case 'BRANCH_GT':
      return v > t;
    case 'BRANCH_EQ':
      return v === t;
    case 'BRANCH_NEQ':
      return v !== t;
    default:
      throw new Error(`node ${node} is a leaf`);
  }
}

export function isLeaf(tree: DecisionTree, node: number): boolean {
  return tree.trueChild[node]! < 0;
}

/** The leaf a row reaches, from the root (node 0). */
export function leafOf(tree: DecisionTree, x: ArrayLike<number>): number {
  let node = 0;
  while (!isLeaf(tree, node)) node = goesTrue(tree, node, x) ? tree.trueChild[node]! : tree.falseChild[node]!;
  return node;
}

/** The ensemble's raw additive output (before any logistic transform) for one row. */
export function ensembleMargin(ensemble: TreeEnsemble, x: ArrayLike<number>): number {
  let sum = ensemble.baseValue;
  for (const tree of ensemble.trees) sum += tree.leafValue[leafOf(tree, x)]!;
  return sum;
}
