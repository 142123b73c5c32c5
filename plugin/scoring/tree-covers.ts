// Covers for a tree ensemble that ships without them: the number of reference rows that reach each node.
// TreeSHAP weighs the branches a row's unknown features could take by these counts, so a model package without
// training covers can still be explained exactly if it ships a reference sample.
//
// A node no reference row reaches gets cover 0. That is valid: its cover fraction is 0, so the path-dependent
// expectation (and so the base value) skips its subtree, and a row that does reach it credits the whole leaf
// value to the features on its path. Only a root with no rows at all is refused.
import { ModelPackageError } from '../errors';
import { type DecisionTree, type TreeEnsemble, isLeaf, goesTrue } from './tree-ensemble';

/** Relative tolerance of "a node's cover is the sum of its children's" (covers are float sums of weights). */
const COVER_TOLERANCE = 1e-6;

/**
 * Refuses declared covers that do not fit together: every node reached from a root has a positive cover, and
 * each internal node's cover equals the sum of its two children's. Wrong covers give explanations off by whole
 * log-odds that still sum to the right total, so nothing else would notice.
 */
export function assertCoversConsistent(ensemble: TreeEnsemble, modelId: string): void {
  ensemble.trees.forEach((tree, t) => {
    const refuse = (node: number, detail: string): never => {
      throw new ModelPackageError('MODEL_COVERS_INCONSISTENT', { modelId, tree: t, node, detail });
    };
    const stack = [0];
    const visited = new Set<number>();
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (visited.has(node)) refuse(node, 'the node is reached twice');
      visited.add(node);
      const cover = tree.cover[node];
      if (cover === undefined || !Number.isFinite(cover) || !(cover > 0)) refuse(node, `its cover is ${cover}, not a positive number`);
      if (isLeaf(tree, node)) continue;
      const a = tree.trueChild[node]!;
      const b = tree.falseChild[node]!;
      const sum = (tree.cover[a] ?? Number.NaN) + (tree.cover[b] ?? Number.NaN);
      if (!(Math.abs(cover! - sum) <= COVER_TOLERANCE * Math.max(1, Math.abs(cover!)))) {
        refuse(node, `its cover is ${cover}, but its children's covers sum to ${sum}`);
      }
      stack.push(a, b);
    }
  });
}

/**
 * A copy of `ensemble` whose covers count the rows of `rows` reaching each node. `rows` is either an array of
 * rows or one Float32Array of rows of `ensemble.featureCount` values each, one after another.
 */
export function estimateCovers(ensemble: TreeEnsemble, rows: readonly ArrayLike<number>[] | Float32Array): TreeEnsemble {
  const width = ensemble.featureCount;
  const sample: ArrayLike<number>[] = [];
  if (rows instanceof Float32Array) {
    if (width <= 0 || rows.length % width !== 0) {
      throw new Error(`the reference sample has ${rows.length} values, not a whole number of rows of ${width} features`);
    }
    for (let at = 0; at < rows.length; at += width) sample.push(rows.subarray(at, at + width));
  } else {
    rows.forEach((row, i) => {
      if (row.length < width) throw new Error(`reference row ${i} has ${row.length} values, the model needs ${width}`);
      sample.push(row);
    });
  }
  if (sample.length === 0) throw new Error('the reference sample has no rows, so every tree would have zero cover at its root');

  const trees = ensemble.trees.map((tree): DecisionTree => {
    const cover = new Float64Array(tree.feature.length);
    for (const row of sample) {
      let node = 0;
      cover[0]! += 1;
      while (!isLeaf(tree, node)) {
        node = goesTrue(tree, node, row) ? tree.trueChild[node]! : tree.falseChild[node]!;
        cover[node]! += 1;
      }
    }
    return { ...tree, cover };
  });
  return { ...ensemble, trees };
}
