// The textbook path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2, as in shap's TreeExplainer and
// XGBoost's pred_contribs). The explainer uses it for trees too deep for a precomputed table, and the tests use it
// as the reference the table must agree with.
import { type DecisionTree, goesTrue, isLeaf } from './tree-ensemble';

/**
 * The share of a node's cover that goes to one child: the weight the path-dependent expectation gives that child
 * when the node's feature is unknown. A node with zero cover passes 0 to both children, so the expectation skips
 * its subtree (shap and XGBoost would divide 0 by 0 here).
 */
export function coverFraction(tree: DecisionTree, child: number, parent: number): number {
  const parentCover = tree.cover[parent]!;
  return parentCover > 0 ? tree.cover[child]! / parentCover : 0;
}

/** Adds the exact contributions of some trees to `out`; scratch is allocated once, for the deepest tree. */
export class RecursiveTreeShap {
  // The unique path of Algorithm 2, one segment per recursion level, as parallel typed arrays.
  private readonly pathFeature: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;
  private tree!: DecisionTree;
  private x!: ArrayLike<number>;
  private out!: Float64Array;

  /** `maxDepth`: the most branch nodes on any root-to-leaf path of the trees. */
  constructor(
    private readonly trees: readonly DecisionTree[],
    maxDepth: number,
  ) {
    // Level k's segment starts after the k earlier ones, each at most k + 2 long.
    const size = ((maxDepth + 4) * (maxDepth + 5)) / 2;
    this.pathFeature = new Int32Array(size);
    this.pathZero = new Float64Array(size);
    this.pathOne = new Float64Array(size);
    this.pathWeight = new Float64Array(size);
  }

  get treeCount(): number {
    return this.trees.length;
  }

  addContributions(x: ArrayLike<number>, out: Float64Array): void {
    this.x = x;
    this.out = out;
    for (const tree of this.trees) {
      this.tree = tree;
      this.recurse(0, 0, 0, 1, 1, -1);
    }
  }

  private recurse(node: number, parentAt: number, depth: number, zero: number, one: number, feature: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight, tree } = this;
    const at = parentAt + depth + 1;
    pathFeature.copyWithin(at, parentAt, at);
    pathZero.copyWithin(at, parentAt, at);
    pathOne.copyWithin(at, parentAt, at);
    pathWeight.copyWithin(at, parentAt, at);
    this.extend(at, depth, zero, one, feature);

    if (isLeaf(tree, node)) {
      const value = tree.leafValue[node]!;
      for (let i = 1; i <= depth; i++) {
        const w = this.unwoundSum(at, depth, i);
        this.out[pathFeature[at + i]!]! += w * (pathOne[at + i]! - pathZero[at + i]!) * value;
      }
      return;
    }

    const split = tree.feature[node]!;
    const trueChild = tree.trueChild[node]!;
    const falseChild = tree.falseChild[node]!;
    const toTrue = goesTrue(tree, node, this.x);
    const hot = toTrue ? trueChild : falseChild;
    const cold = toTrue ? falseChild : trueChild;

    // A feature already on the path is taken off and put back with both splits' fractions multiplied.
    let incomingZero = 1;
    let incomingOne = 1;
    let d = depth;
    let i = 0;
    while (i <= d && pathFeature[at + i] !== split) i++;
    if (i <= d) {
      incomingZero = pathZero[at + i]!;
      incomingOne = pathOne[at + i]!;
      this.unwind(at, d, i);
      d -= 1;
    }

    const hotZero = coverFraction(tree, hot, node) * incomingZero;
    const coldZero = coverFraction(tree, cold, node) * incomingZero;
    // A path element with zero and one fraction both 0 makes every leaf below contribute exactly 0; skipping it
    // also avoids the 0/0 that unwinding such an element would compute.
    if (hotZero !== 0 || incomingOne !== 0) this.recurse(hot, at, d + 1, hotZero, incomingOne, split);
    if (coldZero !== 0) this.recurse(cold, at, d + 1, coldZero, 0, split);
  }

  private extend(at: number, depth: number, zero: number, one: number, feature: number): void {
    const w = this.pathWeight;
    this.pathFeature[at + depth] = feature;
    this.pathZero[at + depth] = zero;
    this.pathOne[at + depth] = one;
    w[at + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      w[at + i + 1]! += (one * w[at + i]! * (i + 1)) / (depth + 1);
      w[at + i] = (zero * w[at + i]! * (depth - i)) / (depth + 1);
    }
  }

  private unwind(at: number, depth: number, index: number): void {
    const w = this.pathWeight;
    const one = this.pathOne[at + index]!;
    const zero = this.pathZero[at + index]!;
    let next = w[at + depth]!;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = w[at + i]!;
        w[at + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (w[at + i]! * zero * (depth - i)) / (depth + 1);
      } else {
        w[at + i] = (w[at + i]! * (depth + 1)) / (zero * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      this.pathFeature[at + i] = this.pathFeature[at + i + 1]!;
      this.pathZero[at + i] = this.pathZero[at + i + 1]!;
      this.pathOne[at + i] = this.pathOne[at + i + 1]!;
    }
  }

  /** The total weight of the path with element `index` taken out, without changing the path. */
  private unwoundSum(at: number, depth: number, index: number): number {
    const w = this.pathWeight;
    const one = this.pathOne[at + index]!;
    const zero = this.pathZero[at + index]!;
    let next = w[at + depth]!;
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (next * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        next = w[at + i]! - tmp * zero * ((depth - i) / (depth + 1));
      } else {
        total += w[at + i]! / zero / ((depth - i) / (depth + 1));
      }
    }
    return total;
  }
}
