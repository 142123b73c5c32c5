// Covers for a tree ensemble that ships without them: the number of reference rows that reach each node.
// TreeSHAP weighs the branches a row's unknown features could take by these counts, so a model package without
// training covers can still be explained exactly if it ships a reference sample.
//
// A node no reference row reaches gets cover 0. That is valid: its cover fraction is 0, so the path-dependent
// expectation (and so the base value) skips its subtree, and a row that does reach it credits the whole leaf
// value to the features on its path. Only a root with no rows at all is refused.
import { type DecisionTree, type TreeEnsemble, isLeaf, goesTrue } from './tree-ensemble';

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
