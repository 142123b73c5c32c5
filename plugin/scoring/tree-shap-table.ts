// Path-dependent TreeSHAP from tables built once per model, in the spirit of Fast TreeSHAP v2 (Yang 2021).
//
// For a leaf with value v whose root path splits on the d distinct features U, let z_j be the product of
// cover(child)/cover(parent) over the path's nodes that split on j, and o_j = 1 when the row follows the path at
// every such node (0 otherwise). The leaf's share of feature i's contribution is
//   v · (o_i − z_i) · Σ_{S ⊆ U\{i}, o_j = 1 for j ∈ S} |S|!(d−|S|−1)!/d! · Π_{j ∈ U\{i}\S} z_j.
// Only the 0/1 pattern of o depends on the row, so the contributions of a leaf are a table of 2^d rows of d
// numbers. Explaining a row is then: evaluate every branch once, carry down the tree the set of path features
// the row has departed from, and add one table row per leaf: O(leaves · d) per tree, not O(leaves · depth²).
//
// Leaves at the bottom of a tree share tables (see Block): a quarter to a half of the lookups and fewer numbers
// to add, for about the same memory. That matters because for deep ensembles the tables outgrow the cache and
// much of the time goes to reading them.
import { type DecisionTree, isLeaf } from './tree-ensemble';
import { coverFraction } from './tree-shap-recursive';

/**
 * How a branch is evaluated without a data-dependent jump (mispredicted jumps cost more than the rest of the
 * loop): the row goes true when (lower < v ≤ upper) XOR negate, and a missing v, for which both comparisons are
 * false, is corrected by XOR-ing negate ⊕ missingGoesTrue. Values and thresholds are float32, so v < t is
 * v ≤ (the float32 below t) and v = t is (the float32 below t) < v ≤ t; a NaN lower bound is never below v.
 */
interface BranchTest {
  readonly upper: number;
  readonly lower: number;
  readonly negate: boolean;
}

function float32Below(t: number): number {
  if (Number.isNaN(t)) return t;
  if (t === -Infinity) return NaN; // nothing is below: v ≤ NaN is always false
  if (t === 0) return -(2 ** -149);
  const bits = new Int32Array(Float32Array.of(t).buffer);
  bits[0]! += t > 0 ? -1 : 1;
  return new Float32Array(bits.buffer)[0]!;
}

function branchTest(tree: DecisionTree, node: number): BranchTest {
  const t = tree.threshold[node]!;
  // Every comparison with a NaN threshold is false, so only ≠ holds (for a value that is not missing).
  if (Number.isNaN(t)) return { upper: NaN, lower: NaN, negate: tree.mode[node] === 'BRANCH_NEQ' };
  switch (tree.mode[node]) {
    case 'BRANCH_LEQ':
      return { upper: t, lower: NaN, negate: false };
    case 'BRANCH_LT':
      return { upper: float32Below(t), lower: NaN, negate: false };
    case 'BRANCH_GTE': // !(v < t)
      return { upper: float32Below(t), lower: NaN, negate: true };
    case 'BRANCH_GT': // !(v ≤ t)
      return { upper: t, lower: NaN, negate: true };
    case 'BRANCH_EQ':
      return { upper: t, lower: float32Below(t), negate: false };
    case 'BRANCH_NEQ':
      return { upper: t, lower: float32Below(t), negate: true };
    default:
      throw new Error(`node ${node} is a branch without a comparison mode`);
  }
}

/** w(s) = s!(d−s−1)!/d!, the Shapley weight of a coalition of s of the other d − 1 features. */
function shapleyWeights(d: number): Float64Array {
  const weights = new Float64Array(d);
  let binomial = 1; // C(d − 1, s)
  for (let s = 0; s < d; s++) {
    weights[s] = 1 / (d * binomial);
    binomial = (binomial * (d - 1 - s)) / (s + 1);
  }
  return weights;
}

/**
 * A leaf's 2^d × d table: row r holds the contributions of the path's features (in slot order) when the row
 * departs from the path on exactly the features whose bit is set in r.
 */
function leafTable(value: number, zero: readonly number[]): Float64Array {
  const d = zero.length;
  const table = new Float64Array(d << d);
  const weights = shapleyWeights(d);
  const others = new Int32Array(d - 1);
  const poly = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0, n = 0; j < d; j++) if (j !== i) others[n++] = j;
    // `follows` is the set of other features the row follows; the weighted sum over its subsets S is
    // Σ_s w(s) · [t^s] Π_{j ∈ follows} (z_j + t) · Π_{j ∉ follows} z_j.
    for (let follows = 0; follows < 1 << (d - 1); follows++) {
      poly.fill(0);
      poly[0] = 1;
      let degree = 0;
      let absent = 1;
      let departs = 0;
      for (let b = 0; b < d - 1; b++) {
        const j = others[b]!;
        const z = zero[j]!;
        if ((follows >> b) & 1) {
          degree++;
          for (let s = degree; s > 0; s--) poly[s] = poly[s]! * z + poly[s - 1]!;
          poly[0] = poly[0]! * z;
        } else {
          absent *= z;
          departs |= 1 << j;
        }
      }
      let sum = 0;
      for (let s = 0; s <= degree; s++) sum += weights[s]! * poly[s]!;
      const shared = value * absent * sum;
      table[departs * d + i] = (1 - zero[i]!) * shared;
      table[(departs | (1 << i)) * d + i] = -zero[i]! * shared;
    }
  }
  return table;
}

/**
 * One table, for the leaves of a small subtree: a lone leaf; two sibling leaves; or the three or four leaves
 * under a node whose children are leaves or parents of two leaves. One table for several leaves means fewer
 * lookups and fewer numbers to add per row (the leaves share most of their path's features), for about the
 * memory of the leaves' own tables.
 */
interface Block {
  /** The table index is departed[slot] | (departed[extraSlot] & extraMask). */
  readonly slot: number;
  readonly extraSlot: number;
  readonly extraMask: number;
  readonly indexBits: number;
  /** The features of the leaves' paths; each table row has one number per feature. */
  readonly features: readonly number[];
  fill(table: Float64Array, offset: number): void;
}

interface TreeVisitor {
  /**
   * A branch to evaluate for the row, with the slot its departures arrive in. Its true (false) child's slot gets
   * them with `bit` added when the row goes false (true). Returns the children's slots.
   */
  branch(node: number, slot: number, bit: number): { onTrue: number; onFalse: number };
  block(block: Block): void;
}

/** The distinct features of a root path, in order of appearance (their slots), and their zero fractions. */
interface Path {
  readonly features: readonly number[];
  readonly zero: readonly number[];
}

/** The path extended through `node` to one of its children, and the slot of the node's feature. */
function extend(tree: DecisionTree, path: Path, node: number, toTrue: boolean): { path: Path; slot: number } {
  const feature = tree.feature[node]!;
  const child = toTrue ? tree.trueChild[node]! : tree.falseChild[node]!;
  let slot = path.features.indexOf(feature);
  const features = slot < 0 ? [...path.features, feature] : path.features;
  if (slot < 0) slot = path.features.length;
  const zero = [...path.zero];
  zero[slot] = (zero[slot] ?? 1) * coverFraction(tree, child, node);
  return { path: { features, zero }, slot };
}

/** A leaf of a block and, per branch between the block's root and it, how the row's direction there matters. */
interface BlockLeaf {
  readonly value: number;
  readonly path: Path;
  /** The branch's bit in the block index (set when the row goes false), its feature's slot, and the leaf's side. */
  readonly steps: ReadonlyArray<{ readonly bit: number; readonly slot: number; readonly onTrueSide: boolean }>;
}

function blockFill(aboveBits: number, indexBits: number, features: readonly number[], leaves: readonly BlockLeaf[]) {
  return (table: Float64Array, offset: number): void => {
    const width = features.length;
    for (const leaf of leaves) {
      const d = leaf.path.features.length;
      const own = leafTable(leaf.value, leaf.path.zero);
      const column = leaf.path.features.map((f) => features.indexOf(f));
      for (let index = 0; index < 2 ** indexBits; index++) {
        let departs = index & ((1 << aboveBits) - 1);
        for (const step of leaf.steps) {
          if (((index & step.bit) !== 0) === step.onTrueSide) departs |= 1 << step.slot;
        }
        const row = offset + index * width;
        for (let s = 0; s < d; s++) table[row + column[s]!]! += own[departs * d + s]!;
      }
    }
  };
}

/**
 * Walks a tree from the root and reports the branches to evaluate and the tables to look up. Returns false,
 * having stopped, when a path has more than `maxPathFeatures` distinct features.
 */
function walkTree(tree: DecisionTree, maxPathFeatures: number, rootSlot: number, visitor: TreeVisitor): boolean {
  const leaf = (node: number): boolean => isLeaf(tree, node);
  const child = (node: number, toTrue: boolean): number => (toTrue ? tree.trueChild[node]! : tree.falseChild[node]!);
  const pair = (node: number): boolean => !leaf(node) && leaf(child(node, true)) && leaf(child(node, false));
  const blockRoot = (node: number): boolean =>
    !leaf(node) && [true, false].every((side) => leaf(child(node, side)) || pair(child(node, side)));

  const emit = (lookup: Omit<Block, 'features' | 'fill'>, aboveBits: number, leaves: BlockLeaf[]): boolean => {
    if (leaves.some((l) => l.path.features.length > maxPathFeatures)) return false;
    const contributing = leaves.filter((l) => l.value !== 0 && l.path.features.length > 0);
    if (contributing.length === 0) return true;
    const features = [...new Set(contributing.flatMap((l) => l.path.features))];
    visitor.block({ ...lookup, features, fill: blockFill(aboveBits, lookup.indexBits, features, contributing) });
    return true;
  };

  const visit = (node: number, slot: number, path: Path): boolean => {
    if (leaf(node)) {
      const d = path.features.length;
      return emit({ slot, extraSlot: slot, extraMask: 0, indexBits: d }, d, [{ value: tree.leafValue[node]!, path, steps: [] }]);
    }
    if (!blockRoot(node)) {
      const onTrue = extend(tree, path, node, true);
      const onFalse = extend(tree, path, node, false);
      if (onTrue.path.features.length > maxPathFeatures) return false;
      const slots = visitor.branch(node, slot, 1 << onTrue.slot);
      return visit(child(node, true), slots.onTrue, onTrue.path) && visit(child(node, false), slots.onFalse, onFalse.path);
    }

    // A block. Its index holds the departures above this node, then one bit per branch in the block (this
    // node's, then those of its children that are parents of two leaves), set when the row goes false there.
    // The slot reached through the true side holds all of them but the false side's own bit, fetched apart.
    const aboveBits = path.features.length;
    const rootBit = 1 << aboveBits;
    let indexBits = aboveBits + 1;
    const rootSlots = visitor.branch(node, slot, rootBit);
    let [indexSlot, extraSlot, extraMask] = [rootSlots.onTrue, rootSlots.onTrue, 0];
    const leaves: BlockLeaf[] = [];
    for (const side of [true, false]) {
      const below = child(node, side);
      const first = extend(tree, path, node, side);
      const rootStep = { bit: rootBit, slot: first.slot, onTrueSide: side };
      if (leaf(below)) {
        leaves.push({ value: tree.leafValue[below]!, path: first.path, steps: [rootStep] });
        continue;
      }
      const bit = 1 << indexBits++;
      const slots = visitor.branch(below, side ? rootSlots.onTrue : rootSlots.onFalse, bit);
      if (side) indexSlot = slots.onTrue;
      else [extraSlot, extraMask] = [slots.onTrue, bit];
      for (const last of [true, false]) {
        const second = extend(tree, first.path, below, last);
        const step = { bit, slot: second.slot, onTrueSide: last };
        leaves.push({ value: tree.leafValue[child(below, last)]!, path: second.path, steps: [rootStep, step] });
      }
    }
    return emit({ slot: indexSlot, extraSlot, extraMask, indexBits }, aboveBits, leaves);
  };
  return visit(0, rootSlot, { features: [], zero: [] });
}

/**
 * The number of table entries (float64) the tree needs, or Infinity when some root path splits on more than
 * `maxPathFeatures` distinct features (its leaf would need 2^d rows).
 */
export function tableEntries(tree: DecisionTree, maxPathFeatures: number): number {
  let entries = 0;
  const complete = walkTree(tree, maxPathFeatures, 0, {
    branch: () => ({ onTrue: 0, onFalse: 0 }),
    block(block) {
      entries += block.features.length * 2 ** block.indexBits;
    },
  });
  return complete ? entries : Infinity;
}

// The compiled trees are records in flat typed arrays: V8 checks each typed array at every access in a loop,
// so fewer arrays (and straight-line code) make the loops markedly faster.
const BRANCH_INTS = 4; // feature, flags | bit << 2, own slot, true child's slot (the false child's is the next)
const BRANCH_BOUNDS = 2; // upper, lower
const BLOCK_INTS = 6; // slot, extra slot, extra mask, width, table offset, offset of its features in blockFeatures

/** The trees that have tables, compiled into flat arrays and explained together. */
export class TreeShapTables {
  readonly treeCount: number;
  readonly tableBytes: number;
  // Branches come parents first. Each branch and table has a slot in `departed`, where the branch above writes
  // the set of path features (bits of slot numbers) the row has departed from on the way; roots stay 0.
  // Branch flags: bit 0 negate, bit 1 negate ⊕ missingGoesTrue.
  private readonly branchInts: Int32Array;
  private readonly branchBounds: Float64Array;
  private readonly blockInts: Int32Array;
  private readonly blockFeatures: Int32Array;
  private readonly table: Float64Array;
  private readonly departed: Int32Array;
  private readonly rounded: Float64Array;
  private readonly missing: Int32Array;

  /** Every tree must have `tableEntries(tree, maxPathFeatures)` finite. */
  constructor(trees: readonly DecisionTree[], featureCount: number, maxPathFeatures: number) {
    this.treeCount = trees.length;
    this.rounded = new Float64Array(featureCount);
    this.missing = new Int32Array(featureCount);

    const branchInts: number[] = [];
    const branchBounds: number[] = [];
    const blocks: Block[] = [];
    let slots = 0;
    for (const tree of trees) {
      const complete = walkTree(tree, maxPathFeatures, slots++, {
        branch(node, slot, bit) {
          const test = branchTest(tree, node);
          const negate = test.negate ? 1 : 0;
          const flags = negate | ((negate ^ tree.missingGoesTrue[node]!) << 1);
          const onTrue = slots;
          slots += 2;
          branchInts.push(tree.feature[node]!, flags | (bit << 2), slot, onTrue);
          branchBounds.push(test.upper, test.lower);
          return { onTrue, onFalse: onTrue + 1 };
        },
        block(block) {
          blocks.push(block);
        },
      });
      if (!complete) throw new Error('a tree given a table has a path with too many distinct features');
    }
    this.branchInts = Int32Array.from(branchInts);
    this.branchBounds = Float64Array.from(branchBounds);
    this.departed = new Int32Array(slots);

    const blockInts: number[] = [];
    const blockFeatures: number[] = [];
    let entries = 0;
    for (const block of blocks) {
      blockInts.push(block.slot, block.extraSlot, block.extraMask, block.features.length, entries, blockFeatures.length);
      blockFeatures.push(...block.features);
      entries += block.features.length * 2 ** block.indexBits;
    }
    this.blockInts = Int32Array.from(blockInts);
    this.blockFeatures = Int32Array.from(blockFeatures);
    this.table = new Float64Array(entries);
    this.tableBytes = entries * 8;
    blocks.forEach((block, i) => block.fill(this.table, blockInts[i * BLOCK_INTS + 4]!));
  }

  /** Adds the contributions of the tables' trees for row `x` to `out`. */
  addContributions(x: ArrayLike<number>, out: Float64Array): void {
    const { rounded, missing, departed } = this;
    for (let f = 0; f < rounded.length; f++) {
      const v = Math.fround(x[f]!);
      rounded[f] = v;
      missing[f] = +(v !== v);
    }

    // Comparison results become numbers with `+`, which compiles without a (mispredictable) jump.
    const { branchInts, branchBounds } = this;
    for (let p = 0, q = 0; p < branchInts.length; p += BRANCH_INTS, q += BRANCH_BOUNDS) {
      const f = branchInts[p]!;
      const v = rounded[f]!;
      const flagsAndBit = branchInts[p + 1]!;
      const toTrue =
        (+(v <= branchBounds[q]!) - +(v <= branchBounds[q + 1]!)) ^ (flagsAndBit & 1) ^ (missing[f]! & (flagsAndBit >> 1));
      const here = departed[branchInts[p + 2]!]!;
      const bit = flagsAndBit >> 2;
      const onTrue = branchInts[p + 3]!;
      departed[onTrue] = here | (bit & (toTrue - 1));
      departed[onTrue + 1] = here | (bit & -toTrue);
    }

    const { blockInts, blockFeatures, table } = this;
    for (let p = 0; p < blockInts.length; p += BLOCK_INTS) {
      const index = departed[blockInts[p]!]! | (departed[blockInts[p + 1]!]! & blockInts[p + 2]!);
      const width = blockInts[p + 3]!;
      const row = blockInts[p + 4]! + index * width;
      const f0 = blockInts[p + 5]!;
      // Four at a time in straight-line code, where V8 checks each array once rather than at every step.
      let k = 0;
      for (; k + 4 <= width; k += 4) {
        out[blockFeatures[f0 + k]!]! += table[row + k]!;
        out[blockFeatures[f0 + k + 1]!]! += table[row + k + 1]!;
        out[blockFeatures[f0 + k + 2]!]! += table[row + k + 2]!;
        out[blockFeatures[f0 + k + 3]!]! += table[row + k + 3]!;
      }
      for (; k < width; k++) out[blockFeatures[f0 + k]!]! += table[row + k]!;
    }
  }
}
