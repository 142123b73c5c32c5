// Exact explanations for a tree ensemble: path-dependent TreeSHAP (what shap's TreeExplainer computes with
// feature_perturbation="tree_path_dependent", and XGBoost with pred_contribs), weighted by each node's cover.
// Trees are explained from precomputed tables (tree-shap-table.ts) while they fit a memory budget, and by the
// textbook recursion (tree-shap-recursive.ts) otherwise; both give the same numbers.
import type { AdditiveExplainer, AdditiveSpace } from './additive-explainer';
import { type DecisionTree, type TreeEnsemble, isLeaf } from './tree-ensemble';
import { RecursiveTreeShap } from './tree-shap-recursive';
import { TreeShapTables, tableEntries } from './tree-shap-table';

export interface TreeShapOptions {
  /**
   * A tree gets a table only if no root path splits on more than this many distinct features (a leaf's table has
   * 2^d rows). Default 10; at most 20.
   */
  readonly maxPathFeatures?: number;
  /**
   * The memory all tables together may take. Trees are given tables in ensemble order while they fit; the rest
   * use the recursive algorithm. Default 64 MiB; 200 full trees of depth 6 take about 18 MiB. At most 1 GiB.
   * 0 makes every tree that splits recursive.
   */
  readonly maxTableBytes?: number;
}

export interface TreeShapExplainer extends AdditiveExplainer {
  readonly method: 'tree';
  /** How many trees are explained from tables, and how many by the recursive algorithm. */
  readonly tableTreeCount: number;
  readonly recursiveTreeCount: number;
  readonly tableBytes: number;
}

const DEFAULT_MAX_PATH_FEATURES = 10;
const DEFAULT_MAX_TABLE_BYTES = 64 * 1024 * 1024;

/**
 * The tree's expected value under its covers, Σ_leaves leafValue · cover(leaf) / cover(root): the value
 * the contributions are measured from. Nodes not reachable from the root are ignored.
 */
export function treeExpectedValue(tree: DecisionTree): number {
  const root = tree.cover[0]!;
  if (!(root > 0)) throw new Error('the tree has no cover at its root, so it has no expected value');
  let sum = 0;
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isLeaf(tree, node)) sum += (tree.leafValue[node]! * tree.cover[node]!) / root;
    else stack.push(tree.falseChild[node]!, tree.trueChild[node]!);
  }
  return sum;
}

/** Checks what both algorithms rely on and returns the most branch nodes on a root path. */
function checkTree(tree: DecisionTree, index: number, featureCount: number): number {
  const nodes = tree.feature.length;
  const problem = (detail: string): Error => new Error(`TreeSHAP cannot explain tree ${index}: ${detail}`);
  for (const [name, length] of [
    ['threshold', tree.threshold.length],
    ['mode', tree.mode.length],
    ['trueChild', tree.trueChild.length],
    ['falseChild', tree.falseChild.length],
    ['missingGoesTrue', tree.missingGoesTrue.length],
    ['leafValue', tree.leafValue.length],
    ['cover', tree.cover.length],
  ] as const) {
    if (length !== nodes) throw problem(`it has ${nodes} nodes but ${length} entries in ${name}`);
  }
  if (nodes === 0) throw problem('it has no nodes');
  if (!(tree.cover[0]! > 0)) {
    throw problem('its root has no cover; a model without covers needs a reference sample (see estimateCovers)');
  }

  const seen = new Uint8Array(nodes);
  let maxDepth = 0;
  const stack: number[] = [0, 0]; // node, depth
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const node = stack.pop()!;
    if (seen[node]) throw problem(`node ${node} is reached twice`);
    seen[node] = 1;
    const cover = tree.cover[node]!;
    if (!(cover >= 0) || cover === Infinity) throw problem(`node ${node} has cover ${cover}`);
    if (isLeaf(tree, node)) {
      if (!Number.isFinite(tree.leafValue[node]!)) throw problem(`leaf ${node} has value ${tree.leafValue[node]}`);
      maxDepth = Math.max(maxDepth, depth);
      continue;
    }
    const feature = tree.feature[node]!;
    if (feature < 0 || feature >= featureCount) throw problem(`node ${node} splits on feature ${feature} of ${featureCount}`);
    if (tree.mode[node] === null) throw problem(`branch node ${node} has no comparison mode`);
    for (const child of [tree.trueChild[node]!, tree.falseChild[node]!]) {
      if (child < 0 || child >= nodes) throw problem(`node ${node} has a child ${child} outside the tree`);
      stack.push(child, depth + 1);
    }
  }
  return maxDepth;
}

export function createTreeShapExplainer(
  ensemble: TreeEnsemble,
  space: AdditiveSpace,
  options: TreeShapOptions = {},
): TreeShapExplainer {
  const featureCount = ensemble.featureCount;
  const maxPathFeatures = Math.min(options.maxPathFeatures ?? DEFAULT_MAX_PATH_FEATURES, 20);
  let budget = Math.min(options.maxTableBytes ?? DEFAULT_MAX_TABLE_BYTES, 1024 * 1024 * 1024);

  let baseValue = ensemble.baseValue;
  const tabled: DecisionTree[] = [];
  const recursive: DecisionTree[] = [];
  let recursiveDepth = 0;
  ensemble.trees.forEach((tree, index) => {
    const depth = checkTree(tree, index, featureCount);
    baseValue += treeExpectedValue(tree);
    const bytes = tableEntries(tree, maxPathFeatures) * 8;
    if (bytes <= budget) {
      tabled.push(tree);
      budget -= bytes;
    } else {
      recursive.push(tree);
      recursiveDepth = Math.max(recursiveDepth, depth);
    }
  });

  const tables = new TreeShapTables(tabled, featureCount, maxPathFeatures);
  const recursion = new RecursiveTreeShap(recursive, recursiveDepth);

  return {
    method: 'tree',
    space,
    baseValue,
    featureCount,
    tableTreeCount: tabled.length,
    recursiveTreeCount: recursive.length,
    tableBytes: tables.tableBytes,
    explain(x: ArrayLike<number>, out: Float64Array): number {
      if (x.length < featureCount) throw new Error(`the row has ${x.length} values, the model needs ${featureCount}`);
      out.fill(0, 0, featureCount);
      if (tables.treeCount > 0) tables.addContributions(x, out);
      if (recursion.treeCount > 0) recursion.addContributions(x, out);
      let margin = baseValue;
      for (let j = 0; j < featureCount; j++) margin += out[j]!;
      return margin;
    },
  };
}
