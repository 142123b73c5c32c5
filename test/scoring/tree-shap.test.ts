import { expect } from 'chai';
import { type BranchMode, type DecisionTree, type TreeEnsemble, ensembleMargin, goesTrue, isLeaf } from '../../plugin/scoring/tree-ensemble';
import { createTreeShapExplainer, treeExpectedValue } from '../../plugin/scoring/tree-shap';
import { estimateCovers } from '../../plugin/scoring/tree-covers';
import { SeededRandom } from '../../plugin/synthetic/seeded-random';

// ---- helpers: random ensembles that reproduce from their seed ----

/** A seeded stream of uniform numbers in [0, 1), from the product's own PRNG. */
function seededUniform(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.uniform();
}

const MODES: BranchMode[] = ['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT', 'BRANCH_EQ', 'BRANCH_NEQ'];
// Inputs and thresholds share this grid, so equality modes are sometimes true; 0.1 and 0.3 are not float32 values,
// so they also check that the comparison happens in float32.
const GRID = [-2, -1, -0.5, 0, 0.1, 0.3, 1, 2.5];
// Thresholds also at the edges of float32: infinities, −0, and NaN (which every comparison but ≠ fails).
const THRESHOLDS = [...GRID, Infinity, -Infinity, -0, NaN];

interface TreeShape {
  maxDepth: number;
  /** The features branches may split on; a small pool repeats features on a path. */
  features: readonly number[];
  /** Chance that a child of a branch gets cover 0. */
  zeroCoverRate?: number;
}

interface NodeSpec {
  feature: number;
  threshold: number;
  mode: BranchMode | null;
  trueChild: number;
  falseChild: number;
  missingGoesTrue: boolean;
  value: number;
  cover: number;
}

function treeFromNodes(nodes: readonly NodeSpec[]): DecisionTree {
  return {
    feature: Int32Array.from(nodes, (n) => n.feature),
    threshold: Float32Array.from(nodes, (n) => n.threshold),
    mode: nodes.map((n) => n.mode),
    trueChild: Int32Array.from(nodes, (n) => n.trueChild),
    falseChild: Int32Array.from(nodes, (n) => n.falseChild),
    missingGoesTrue: Uint8Array.from(nodes, (n) => (n.missingGoesTrue ? 1 : 0)),
    leafValue: Float64Array.from(nodes, (n) => n.value),
    cover: Float64Array.from(nodes, (n) => n.cover),
  };
}

function randomTree(rand: () => number, shape: TreeShape): DecisionTree {
  const nodes: NodeSpec[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const grow = (depth: number, cover: number): number => {
    const id = nodes.length;
    const leaf = depth === shape.maxDepth || (depth > 0 && rand() < 0.15);
    nodes.push({
      feature: leaf ? -1 : pick(shape.features),
      threshold: leaf ? 0 : rand() < 0.9 ? pick(GRID) : pick(THRESHOLDS),
      mode: leaf ? null : pick(MODES),
      trueChild: -1,
      falseChild: -1,
      missingGoesTrue: rand() < 0.5,
      value: leaf ? rand() * 4 - 2 : 0,
      cover,
    });
    if (!leaf) {
      let share = 0.05 + 0.9 * rand();
      if (rand() < (shape.zeroCoverRate ?? 0)) share = rand() < 0.5 ? 0 : 1;
      const trueCover = Math.round(cover * share);
      nodes[id]!.trueChild = grow(depth + 1, trueCover);
      nodes[id]!.falseChild = grow(depth + 1, cover - trueCover);
    }
    return id;
  };
  grow(0, 100 + Math.floor(rand() * 1000));

  // Node ids as an ONNX file may number them: the root is 0, the others in any order.
  const order = nodes.map((_, i) => i);
  for (let i = order.length - 1; i > 1; i--) {
    const j = 1 + Math.floor(rand() * i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const renumbered: NodeSpec[] = new Array(nodes.length);
  nodes.forEach((n, old) => {
    renumbered[order[old]!] = {
      ...n,
      trueChild: n.trueChild < 0 ? -1 : order[n.trueChild]!,
      falseChild: n.falseChild < 0 ? -1 : order[n.falseChild]!,
    };
  });
  return treeFromNodes(renumbered);
}

function randomEnsemble(rand: () => number, trees: number, featureCount: number, shape: TreeShape): TreeEnsemble {
  return {
    trees: Array.from({ length: trees }, () => randomTree(rand, shape)),
    baseValue: rand() - 0.5,
    featureCount,
  };
}

function randomRow(rand: () => number, featureCount: number, nanRate = 0.1): Float64Array {
  return Float64Array.from({ length: featureCount }, () => {
    const r = rand();
    if (r < nanRate) return NaN;
    if (r < nanRate + 0.02) return rand() < 0.5 ? Infinity : -Infinity;
    return r < 0.7 ? GRID[Math.floor(rand() * GRID.length)]! : rand() * 6 - 3;
  });
}

function features(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

// ---- the reference: Shapley values of the path-dependent expectation, by enumerating every coalition ----

/** E[f(x) | x_S] as path-dependent TreeSHAP defines it: follow x where the feature is known, else average by cover. */
function conditionalExpectation(tree: DecisionTree, x: ArrayLike<number>, known: (feature: number) => boolean): number {
  const descend = (node: number): number => {
    if (isLeaf(tree, node)) return tree.leafValue[node]!;
    if (known(tree.feature[node]!)) return descend(goesTrue(tree, node, x) ? tree.trueChild[node]! : tree.falseChild[node]!);
    const cover = tree.cover[node]!;
    if (cover === 0) return 0;
    const t = tree.trueChild[node]!;
    const f = tree.falseChild[node]!;
    return (tree.cover[t]! / cover) * descend(t) + (tree.cover[f]! / cover) * descend(f);
  };
  return descend(0);
}

function bruteForceShapley(ensemble: TreeEnsemble, x: ArrayLike<number>): { phi: Float64Array; expected: number } {
  const used = [...new Set(ensemble.trees.flatMap((t) => [...t.feature].filter((f) => f >= 0)))];
  const n = used.length;
  const value = new Float64Array(1 << n);
  for (let mask = 0; mask < 1 << n; mask++) {
    const known = (feature: number): boolean => {
      const k = used.indexOf(feature);
      return ((mask >> k) & 1) === 1;
    };
    for (const tree of ensemble.trees) value[mask]! += conditionalExpectation(tree, x, known);
  }
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const phi = new Float64Array(ensemble.featureCount);
  used.forEach((feature, i) => {
    for (let mask = 0; mask < 1 << n; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let m = mask; m > 0; m &= m - 1) size++;
      const weight = (factorial(size) * factorial(n - size - 1)) / factorial(n);
      phi[feature]! += weight * (value[mask | (1 << i)]! - value[mask]!);
    }
  });
  return { phi, expected: ensemble.baseValue + value[0]! };
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

// ---- the tests ----

describe('path-dependent TreeSHAP', () => {
  it('adds up, with the base value, to the ensemble margin on thousands of random rows over random ensembles of depth 1 to 6', () => {
    const rand = seededUniform(20240611);
    let rows = 0;
    for (let depth = 1; depth <= 6; depth++) {
      for (const pool of [2, 4, 12]) {
        const ensemble = randomEnsemble(rand, 1 + Math.floor(rand() * 8), 12, {
          maxDepth: depth,
          features: features(pool),
          zeroCoverRate: 0.1,
        });
        const explainer = createTreeShapExplainer(ensemble, 'log-odds');
        const out = new Float64Array(12);
        for (let r = 0; r < 200; r++, rows++) {
          const x = randomRow(rand, 12);
          const margin = explainer.explain(x, out);
          const sum = out.reduce((s, c) => s + c, explainer.baseValue);
          expect(Math.abs(margin - ensembleMargin(ensemble, x)), `depth ${depth}, pool ${pool}, row ${r}`).to.be.at.most(1e-9);
          expect(Math.abs(sum - margin)).to.be.at.most(1e-12);
        }
      }
    }
    expect(rows).to.equal(3600);
  });

  it('equals the brute-force Shapley values of the path-dependent expectation, so it is exact and not only additive', () => {
    const rand = seededUniform(7);
    for (let trial = 0; trial < 60; trial++) {
      const depth = 1 + (trial % 5);
      const ensemble = randomEnsemble(rand, 1 + Math.floor(rand() * 4), 10, {
        maxDepth: depth,
        features: features(2 + Math.floor(rand() * 6)),
        zeroCoverRate: 0.15,
      });
      const explainer = createTreeShapExplainer(ensemble, 'log-odds');
      const out = new Float64Array(10);
      for (let r = 0; r < 20; r++) {
        const x = randomRow(rand, 10);
        explainer.explain(x, out);
        const reference = bruteForceShapley(ensemble, x);
        expect(maxAbsDifference(out, reference.phi), `trial ${trial}, row ${r}`).to.be.at.most(1e-9);
        expect(Math.abs(explainer.baseValue - reference.expected)).to.be.at.most(1e-9);
      }
    }
  });

  it('gives the same contributions from the tables as from the recursive algorithm, also when the memory budget splits the trees between them', () => {
    const rand = seededUniform(99);
    for (let trial = 0; trial < 30; trial++) {
      const ensemble = randomEnsemble(rand, 12, 20, {
        maxDepth: 1 + (trial % 6),
        features: features(3 + (trial % 18)),
        zeroCoverRate: 0.05,
      });
      const tables = createTreeShapExplainer(ensemble, 'log-odds');
      const recursive = createTreeShapExplainer(ensemble, 'log-odds', { maxTableBytes: 0 });
      const mixed = createTreeShapExplainer(ensemble, 'log-odds', { maxTableBytes: tables.tableBytes / 2 });
      expect(tables.recursiveTreeCount).to.equal(0);
      expect(recursive.tableTreeCount + recursive.recursiveTreeCount).to.equal(12);
      if (tables.tableBytes > 0) {
        expect(recursive.recursiveTreeCount).to.be.greaterThan(0);
        expect(mixed.recursiveTreeCount).to.be.greaterThan(0);
        expect(mixed.tableTreeCount).to.be.greaterThan(0);
      }

      const [a, b, c] = [new Float64Array(20), new Float64Array(20), new Float64Array(20)];
      for (let r = 0; r < 100; r++) {
        const x = randomRow(rand, 20);
        tables.explain(x, a);
        recursive.explain(x, b);
        mixed.explain(x, c);
        expect(maxAbsDifference(a, b), `trial ${trial}, row ${r}`).to.be.at.most(1e-9);
        expect(maxAbsDifference(a, c), `trial ${trial}, row ${r}`).to.be.at.most(1e-9);
      }
    }
  });

  it('explains a tree whose path splits on more than ten features with the recursive algorithm, exactly', () => {
    // A caterpillar: each branch on a new feature has a leaf on one side and the rest of the tree on the other,
    // with a small full subtree at the bottom that repeats some features.
    const rand = seededUniform(3);
    const nodes: NodeSpec[] = [];
    const add = (spec: Partial<NodeSpec>): number => {
      nodes.push({ feature: -1, threshold: 0, mode: null, trueChild: -1, falseChild: -1, missingGoesTrue: false, value: 0, cover: 0, ...spec });
      return nodes.length - 1;
    };
    const spine: number[] = [];
    const grow = (depth: number, cover: number): number => {
      if (depth === 14) return add({ value: rand() * 2 - 1, cover });
      spine.push(nodes.length);
      const id = add({ feature: depth < 12 ? depth : depth - 12, threshold: 0.3, mode: MODES[depth % 6]!, missingGoesTrue: depth % 2 === 0, cover });
      const share = Math.round(cover * (0.2 + 0.6 * rand()));
      const leaf = add({ value: rand() * 2 - 1, cover: share });
      nodes[id]!.trueChild = depth % 2 === 0 ? leaf : -2;
      nodes[id]!.falseChild = depth % 2 === 0 ? -2 : leaf;
      const rest = grow(depth + 1, cover - share);
      if (nodes[id]!.trueChild === -2) nodes[id]!.trueChild = rest;
      else nodes[id]!.falseChild = rest;
      return id;
    };
    grow(0, 100000);
    const deep = treeFromNodes(nodes);
    const shallow = randomTree(rand, { maxDepth: 3, features: [0, 5, 13] });
    const ensemble: TreeEnsemble = { trees: [deep, shallow], baseValue: 0.25, featureCount: 14 };

    const explainer = createTreeShapExplainer(ensemble, 'log-odds');
    expect(explainer.recursiveTreeCount).to.equal(1);
    expect(explainer.tableTreeCount).to.equal(1);
    const out = new Float64Array(14);
    for (let r = 0; r < 30; r++) {
      const x = randomRow(rand, 14, 0.05);
      if (r % 3 === 0) {
        // Follow the spine through its first twelve branches.
        for (let k = 0; k < 12; k++) {
          const node = spine[k]!;
          const towardsRest = deep.trueChild[node] === spine[k + 1];
          x[k] = GRID.find((value) => goesTrue(deep, node, { [k]: value, length: 14 }) === towardsRest)!;
        }
      }
      const margin = explainer.explain(x, out);
      expect(Math.abs(margin - ensembleMargin(ensemble, x))).to.be.at.most(1e-9);
      expect(maxAbsDifference(out, bruteForceShapley(ensemble, x).phi), `row ${r}`).to.be.at.most(1e-9);
    }
  });

  it('gives exactly 0 to features no tree splits on', () => {
    const rand = seededUniform(11);
    const ensemble = randomEnsemble(rand, 20, 30, { maxDepth: 5, features: [1, 4, 9, 16, 25] });
    for (const options of [{}, { maxTableBytes: 0 }]) {
      const explainer = createTreeShapExplainer(ensemble, 'probability', options);
      const out = new Float64Array(30).fill(123);
      for (let r = 0; r < 200; r++) {
        explainer.explain(randomRow(rand, 30), out);
        out.forEach((c, f) => {
          if (![1, 4, 9, 16, 25].includes(f)) expect(Object.is(c, 0), `feature ${f}`).to.equal(true);
        });
      }
    }
  });

  it('credits a single split to its feature by the cover-weighted difference (a worked example)', () => {
    // x0 ≤ 0.5 → −1 (cover 30), else +1 (cover 70): expectation 0.4, so a row going left gets −1.4.
    const tree = treeFromNodes([
      { feature: 0, threshold: 0.5, mode: 'BRANCH_LEQ', trueChild: 1, falseChild: 2, missingGoesTrue: true, value: 0, cover: 100 },
      { feature: -1, threshold: 0, mode: null, trueChild: -1, falseChild: -1, missingGoesTrue: false, value: -1, cover: 30 },
      { feature: -1, threshold: 0, mode: null, trueChild: -1, falseChild: -1, missingGoesTrue: false, value: 1, cover: 70 },
    ]);
    expect(treeExpectedValue(tree)).to.be.closeTo(0.4, 1e-15);
    const explainer = createTreeShapExplainer({ trees: [tree], baseValue: 0.5, featureCount: 2 }, 'log-odds');
    expect(explainer.baseValue).to.be.closeTo(0.9, 1e-15);
    const out = new Float64Array(2);
    expect(explainer.explain([0, 7], out)).to.be.closeTo(-0.5, 1e-15);
    expect([...out]).to.deep.equal([-1.4, 0]);
    explainer.explain([NaN, 7], out);
    expect(out[0]).to.be.closeTo(-1.4, 1e-15);
  });

  it('refuses a tree whose root has no cover, naming estimateCovers', () => {
    const rand = seededUniform(5);
    const tree = randomTree(rand, { maxDepth: 2, features: [0, 1] });
    tree.cover.fill(0);
    expect(() => createTreeShapExplainer({ trees: [tree], baseValue: 0, featureCount: 2 }, 'log-odds')).to.throw(/estimateCovers/);
  });
});

describe('estimateCovers', () => {
  // x0 ≤ 0.5 ? leaf 1 : (x1 < 2 ? leaf 3 : leaf 4), with NaN in x1 going to the true branch.
  const handBuilt: TreeEnsemble = {
    trees: [
      treeFromNodes([
        { feature: 0, threshold: 0.5, mode: 'BRANCH_LEQ', trueChild: 1, falseChild: 2, missingGoesTrue: false, value: 0, cover: 0 },
        { feature: -1, threshold: 0, mode: null, trueChild: -1, falseChild: -1, missingGoesTrue: false, value: -1, cover: 0 },
        { feature: 1, threshold: 2, mode: 'BRANCH_LT', trueChild: 3, falseChild: 4, missingGoesTrue: true, value: 0, cover: 0 },
        { feature: -1, threshold: 0, mode: null, trueChild: -1, falseChild: -1, missingGoesTrue: false, value: 0.5, cover: 0 },
        { feature: -1, threshold: 0, mode: null, trueChild: -1, falseChild: -1, missingGoesTrue: false, value: 2, cover: 0 },
      ]),
    ],
    baseValue: 0,
    featureCount: 2,
  };
  const rows = [
    [0.5, 9], // left
    [0, 0], // left
    [1, 1.5], // right, then true
    [1, NaN], // right, NaN goes true
    [3, 2], // right, then false (2 < 2 is false)
    [NaN, 0], // NaN in x0 goes false: right, then true
  ];

  it('counts the reference rows that reach each node, whether rows come as arrays or as one Float32Array', () => {
    const fromArrays = estimateCovers(handBuilt, rows);
    expect([...fromArrays.trees[0]!.cover]).to.deep.equal([6, 2, 4, 3, 1]);
    const fromFlat = estimateCovers(handBuilt, Float32Array.from(rows.flat()));
    expect([...fromFlat.trees[0]!.cover]).to.deep.equal([6, 2, 4, 3, 1]);
    expect([...handBuilt.trees[0]!.cover]).to.deep.equal([0, 0, 0, 0, 0]);
  });

  it('leaves a node no row reaches at cover 0, which TreeSHAP skips in the expectation and which still adds up', () => {
    const ensemble = estimateCovers(handBuilt, [
      [0, 0],
      [1, 1],
    ]);
    expect([...ensemble.trees[0]!.cover]).to.deep.equal([2, 1, 1, 1, 0]);
    const explainer = createTreeShapExplainer(ensemble, 'log-odds');
    expect(explainer.baseValue).to.equal((-1 + 0.5) / 2);
    const out = new Float64Array(2);
    const x = [1, 5]; // reaches leaf 4, which no reference row reached
    expect(explainer.explain(x, out)).to.be.closeTo(ensembleMargin(ensemble, x), 1e-12);
    expect(maxAbsDifference(out, bruteForceShapley(ensemble, x).phi)).to.be.at.most(1e-12);
  });

  it('refuses an empty reference sample and a flat sample that is not whole rows', () => {
    expect(() => estimateCovers(handBuilt, [])).to.throw(/no rows/);
    expect(() => estimateCovers(handBuilt, new Float32Array(3))).to.throw(/whole number of rows/);
  });
});
