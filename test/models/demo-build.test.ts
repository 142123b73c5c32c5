// The demo model build, piece by piece on small samples (the full build takes too long for CI), and the
// committed packages checked against what those pieces produce; their cards' counts are checked against the
// regenerated data set labelled by the host-defined outcome (generating it takes seconds, training does not run).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { upsertApproved } from '../../models/demo-synthetic/build/approved-models';
import { BUILD_SETTINGS, DEMO_PACKAGES } from '../../models/demo-synthetic/build/build-demo-models';
import { loadDemoTexts, loadFeatureCatalogue } from '../../models/demo-synthetic/build/demo-texts';
import { auc, decileCutPoints, riskScore } from '../../models/demo-synthetic/build/evaluation-metrics';
import { trainGradientBoosting } from '../../models/demo-synthetic/build/gradient-boosting';
import { logisticLogOdds, trainLogisticRegression } from '../../models/demo-synthetic/build/logistic-regression';
import { renderModelCardMarkdown } from '../../models/demo-synthetic/build/model-card-markdown';
import { logisticToOnnx, treeEnsembleToOnnx } from '../../models/demo-synthetic/build/onnx-export';
import { onnxPositiveProbabilities } from '../../models/demo-synthetic/build/onnx-probabilities';
import { stableJson } from '../../models/demo-synthetic/build/stable-json';
import {
  AGE_BANDS,
  labelByHostOutcome,
  splitByFamily,
  toDataset,
  toFeatureRows,
  withKnownOutcome,
  type OutcomeLabels,
} from '../../models/demo-synthetic/build/training-data';
import { ModelPackageSchema, type ModelPackageManifest } from '../../plugin/scoring/model-package-schema';
import {
  ensembleMargin,
  type BranchMode,
  type DecisionTree,
  type TreeEnsemble,
} from '../../plugin/scoring/tree-ensemble';
import { hostOutcomes } from '../../plugin/synthetic/host-outcome';
import { REFERRAL_FEATURE_NAMES } from '../../plugin/synthetic/referral-features';
import { generateSyntheticPopulation, type SyntheticPopulation, type SyntheticReferral } from '../../plugin/synthetic/referral-generator';
import { SeededRandom } from '../../plugin/synthetic/seeded-random';

const { onnx } = onnxProto;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const modelsDir = new URL('../../models/', import.meta.url);

/** Rows from a known logistic model: x ~ N(0, 1) (one column binary), y ~ Bernoulli(σ(b + w·x)). */
function knownLogistic(rows: number, w: number[], b: number, seed: number) {
  const rng = new SeededRandom(seed);
  const f = w.length;
  const x = new Float32Array(rows * f);
  const y = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    let eta = b;
    for (let j = 0; j < f; j++) {
      const v = Math.fround(j === f - 1 ? (rng.bernoulli(0.3) ? 1 : 0) : rng.normal(j, 1 + j));
      x[i * f + j] = v;
      eta += w[j]! * v;
    }
    y[i] = rng.bernoulli(sigmoid(eta)) ? 1 : 0;
  }
  return { x, y, rows, f };
}

function checkCovers(tree: DecisionTree, label: string): void {
  for (let n = 0; n < tree.feature.length; n++) {
    if (tree.trueChild[n]! < 0) continue;
    const sum = tree.cover[tree.trueChild[n]!]! + tree.cover[tree.falseChild[n]!]!;
    expect(tree.cover[n], `${label} node ${n}`).to.equal(sum);
  }
}

/** The ensemble an ONNX TreeEnsembleClassifier holds, read back into the flat-array type. */
function ensembleFromOnnx(bytes: Uint8Array, covers: number[][]): TreeEnsemble {
  const model = onnx.ModelProto.decode(bytes);
  const node = model.graph!.node![0]!;
  const attr = (name: string) => node.attribute!.find((a) => a.name === name)!;
  const ints = (name: string) => attr(name).ints!.map(Number);
  const floats = (name: string) => attr(name).floats!;
  const treeIds = ints('nodes_treeids');
  const nodeIds = ints('nodes_nodeids');
  const modes = attr('nodes_modes').strings!.map((s) => new TextDecoder().decode(s));
  const weightOf = new Map<string, number>();
  ints('class_treeids').forEach((t, k) => weightOf.set(`${t}:${ints('class_nodeids')[k]}`, floats('class_weights')[k]!));
  const trees: DecisionTree[] = covers.map((cover, t) => {
    const idx = treeIds.map((id, k) => (id === t ? k : -1)).filter((k) => k >= 0);
    const n = idx.length;
    const tree = {
      feature: new Int32Array(n),
      threshold: new Float32Array(n),
      mode: new Array<BranchMode | null>(n).fill(null),
      trueChild: new Int32Array(n),
      falseChild: new Int32Array(n),
      missingGoesTrue: new Uint8Array(n),
      leafValue: new Float64Array(n),
      cover: Float64Array.from(cover),
    };
    for (const k of idx) {
      const id = nodeIds[k]!;
      const leaf = modes[k] === 'LEAF';
      tree.feature[id] = leaf ? -1 : ints('nodes_featureids')[k]!;
      tree.threshold[id] = floats('nodes_values')[k]!;
      tree.mode[id] = leaf ? null : (modes[k] as BranchMode);
      tree.trueChild[id] = leaf ? -1 : ints('nodes_truenodeids')[k]!;
      tree.falseChild[id] = leaf ? -1 : ints('nodes_falsenodeids')[k]!;
      tree.leafValue[id] = leaf ? weightOf.get(`${t}:${id}`)! : 0;
    }
    return tree;
  });
  return { trees, baseValue: floats('base_values')[0]!, featureCount: REFERRAL_FEATURE_NAMES.length };
}

describe('demo model build', () => {
  describe('logistic regression training', () => {
    it('recovers the coefficients of a known logistic model', () => {
      const w = [0.8, -0.5, 0.3, 1.2];
      const data = knownLogistic(40_000, w, -1.5, 11);
      const fit = trainLogisticRegression(data.x, data.y, data.rows, data.f, { l2: 0.01 });
      fit.coefficients.forEach((c, j) => expect(c, `coefficient ${j}`).to.be.closeTo(w[j]!, 0.08));
      expect(fit.intercept).to.be.closeTo(-1.5, 0.15);
    });

    it('gives a feature that never varies a coefficient of 0', () => {
      const data = knownLogistic(2_000, [0.5, 0.5], 0, 12);
      const x = new Float32Array(data.rows * 3);
      for (let i = 0; i < data.rows; i++) x.set([data.x[i * 2]!, 4, data.x[i * 2 + 1]!], i * 3);
      const fit = trainLogisticRegression(x, data.y, data.rows, 3);
      expect(fit.coefficients[1]).to.equal(0);
    });

    it('exports to an ONNX LinearClassifier whose probabilities equal the JS predictions to 1e-5', async () => {
      const data = knownLogistic(3_000, [0.8, -0.5, 0.3, 1.2], -1.5, 13);
      const fit = trainLogisticRegression(data.x, data.y, data.rows, data.f);
      const p = await onnxPositiveProbabilities(logisticToOnnx(fit, 'test'), data.x, data.rows, data.f);
      for (let i = 0; i < data.rows; i++) {
        const js = sigmoid(logisticLogOdds(fit, data.x.subarray(i * data.f, (i + 1) * data.f)));
        expect(Math.abs(p[i]! - js)).to.be.lessThan(1e-5);
      }
    });
  });

  describe('gradient-boosted trees', () => {
    const data = knownLogistic(4_000, [0.9, -0.6, 0.4, 1.5], -1, 21);
    const ensemble = trainGradientBoosting(data.x, data.y, data.rows, data.f, { trees: 20, maxDepth: 3 });

    it('keeps covers consistent: the root holds every training row, and each branch the sum of its children', () => {
      expect(ensemble.trees).to.have.length(20);
      ensemble.trees.forEach((tree, t) => {
        expect(tree.cover[0]).to.equal(data.rows);
        checkCovers(tree, `tree ${t}`);
      });
    });

    it('learns: its AUC on the training rows beats chance clearly', () => {
      const margins = Array.from({ length: data.rows }, (_, i) => ensembleMargin(ensemble, data.x.subarray(i * data.f, (i + 1) * data.f)));
      expect(auc(margins, data.y)).to.be.greaterThan(0.75);
    });

    it('exports to an ONNX TreeEnsembleClassifier whose probabilities equal the JS predictions to 1e-5', async () => {
      const p = await onnxPositiveProbabilities(treeEnsembleToOnnx(ensemble, 'test'), data.x, data.rows, data.f);
      for (let i = 0; i < data.rows; i++) {
        const js = sigmoid(ensembleMargin(ensemble, data.x.subarray(i * data.f, (i + 1) * data.f)));
        expect(Math.abs(p[i]! - js)).to.be.lessThan(1e-5);
      }
    });

    it('is the same ensemble, to the bit, when trained twice', () => {
      const again = trainGradientBoosting(data.x, data.y, data.rows, data.f, { trees: 20, maxDepth: 3 });
      expect(Buffer.from(treeEnsembleToOnnx(again, 'test'))).to.deep.equal(Buffer.from(treeEnsembleToOnnx(ensemble, 'test')));
    });
  });

  describe('metrics', () => {
    it('computes AUC like counting concordant pairs, ties counted half', () => {
      const rng = new SeededRandom(31);
      const s = Array.from({ length: 300 }, () => Math.round(rng.uniform() * 20));
      const y = s.map((v) => (rng.bernoulli(v / 25) ? 1 : 0));
      let concordant = 0;
      let pairs = 0;
      for (let i = 0; i < s.length; i++) {
        for (let j = 0; j < s.length; j++) {
          if (y[i] !== 1 || y[j] !== 0) continue;
          pairs++;
          concordant += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
      }
      expect(auc(s, y)).to.be.closeTo(concordant / pairs, 1e-12);
    });

    it('gives nine ascending cut-points and scores 1 + the number of cut-points at or below the probability', () => {
      const cuts = decileCutPoints(Array.from({ length: 1001 }, (_, i) => i / 1000));
      expect(cuts).to.have.length(9);
      expect(cuts.map((c) => Math.round(c * 1000) / 1000)).to.deep.equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
      expect(riskScore(0, cuts)).to.equal(1);
      expect(riskScore(cuts[0]!, cuts)).to.equal(2);
      expect(riskScore(0.95, cuts)).to.equal(10);
    });
  });

  describe('training data: labelled by the host-defined outcome', () => {
    const population = generateSyntheticPopulation({ seed: 77, referralCount: 3_000 });
    const labels = labelByHostOutcome(population);
    const outcomes = hostOutcomes(population);

    it('labels each referral with a known outcome by the host rule, and leaves the too recent ones out', () => {
      const known = population.studyReferrals.filter((_, i) => outcomes[i] !== 'too-recent');
      expect(labels.tooRecent).to.equal(population.studyReferrals.length - known.length);
      expect(labels.tooRecent).to.be.greaterThan(0);
      expect(labels.labelled.map((l) => l.referral)).to.deep.equal(known);
      expect(labels.labelled.map((l) => l.placed)).to.deep.equal(
        outcomes.filter((o) => o !== 'too-recent').map((o) => o === 'placed'),
      );
      // Not the draws: some labels differ from the referral's own draw.
      expect(labels.labelled.some((l) => l.placed !== l.referral.placedWithin12Months)).to.equal(true);
    });

    it('keeps a split\'s referrals with a known outcome as rows with their label, and all of them as feature rows', () => {
      const splits = splitByFamily(population.studyReferrals, 5);
      const validation = withKnownOutcome(splits.validation, labels);
      expect(validation.map((l) => l.referral)).to.deep.equal(splits.validation.filter((r) => labels.byId.has(r.id)));
      const data = toDataset(validation);
      expect(data.rows).to.equal(validation.length);
      expect(Array.from(data.y)).to.deep.equal(validation.map((l) => (l.placed ? 1 : 0)));
      const j = REFERRAL_FEATURE_NAMES.indexOf('severity');
      expect(data.x[3 * data.featureCount + j]).to.equal(validation[3]!.referral.features.severity);
      expect(toFeatureRows(splits.reference).rows).to.equal(splits.reference.length);
    });
  });

  describe('the committed cards count the host-defined outcome (regenerates the 100,000 referrals)', function () {
    this.timeout(120_000);
    let population: SyntheticPopulation;
    let labels: OutcomeLabels;
    let validation: SyntheticReferral[];
    before(() => {
      population = generateSyntheticPopulation({ seed: BUILD_SETTINGS.seed, referralCount: BUILD_SETTINGS.referralCount });
      labels = labelByHostOutcome(population);
      validation = splitByFamily(population.studyReferrals, BUILD_SETTINGS.seed).validation;
    });

    for (const kind of ['logistic', 'trees'] as const) {
      it(`${DEMO_PACKAGES[kind].id}: its figures are over the validation referrals with a known outcome, placed by the host rule`, () => {
        const dir = new URL(`demo-synthetic/${DEMO_PACKAGES[kind].folder}/`, modelsDir);
        const manifest = JSON.parse(readFileSync(new URL('model.json', dir), 'utf8')) as ModelPackageManifest;
        const known = withKnownOutcome(validation, labels);
        const placed = known.filter((l) => l.placed).length;
        const drawn = known.filter((l) => l.referral.placedWithin12Months).length;
        expect(placed - drawn, 'the host rule and the draws differ in this split').to.be.greaterThan(100);
        const byScore = manifest.scoreScale.bands.flatMap((b) => b.outcomesByScore!);
        expect(byScore.reduce((n, o) => n + o.children, 0)).to.equal(known.length);
        expect(byScore.reduce((n, o) => n + o.placed, 0)).to.equal(placed);
        const card = manifest.modelCard;
        expect(card.metrics.calibrationByDecile.reduce((n, r) => n + r.n, 0)).to.equal(known.length);
        expect(card.metrics.baseRate).to.be.closeTo(placed / known.length, 1e-6);
        expect(card.fairness.bySex.reduce((n, g) => n + g.n, 0)).to.equal(known.length);
        const count = (n: number, sep: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        expect(card.metrics.evaluatedOn).to.equal(`valideringsudsnittet: ${count(known.length, '.')} kunstigt skabte underretninger med kendt udfald om familier, modellen ikke har lært af`);
        expect(card.trainingData.da).to.include(`De ${count(labels.labelled.length, '.')} underretninger til og med 1. januar 2023 har et kendt udfald`);
        expect(card.trainingData.da).to.include(`De ${count(labels.tooRecent, '.')} nyere underretninger`);
        expect(card.trainingData.en).to.include(`The ${count(labels.labelled.length, ',')} referrals up to 1 January 2023 have a known outcome`);
        const markdown = readFileSync(new URL('MODEL_CARD.md', dir), 'utf8');
        const [da, en] = markdown.split(/^## Model card/m) as [string, string];
        expect(da).to.include(`| ${card.metrics.evaluatedOn} |`).and.not.to.match(/validation split/i);
        expect(en).to.include(`| the validation split: ${count(known.length, ',')} synthetic referrals with a known outcome`);
      });
    }
  });

  describe('files', () => {
    it('writes JSON with a fixed number format: 6 significant digits, integers as they are', () => {
      expect(stableJson({ b: 1 / 3, a: 12345, c: [2e-9 / 3, -0.0000001] })).to.equal(
        '{\n  "b": 0.333333,\n  "a": 12345,\n  "c": [\n    6.66667e-10,\n    -1e-7\n  ]\n}\n',
      );
    });

    it('replaces approval entries with the same id and keeps the others', () => {
      const other = { id: 'research-model', version: '2.0.0', onnxSha256: 'a'.repeat(64), manifestSha256: 'b'.repeat(64) };
      const old = { id: 'demo-synthetic-logistic', version: '0.9.0', onnxSha256: 'c'.repeat(64), manifestSha256: 'd'.repeat(64) };
      const fresh = { ...old, version: '1.0.0', onnxSha256: 'e'.repeat(64) };
      expect(upsertApproved({ approved: [other, old] }, [fresh]).approved).to.deep.equal([other, fresh]);
    });

    it('has a Danish and an English text for every feature, in the generator\'s feature order', () => {
      const catalogue = loadFeatureCatalogue();
      expect(catalogue.map((f) => f.name)).to.deep.equal([...REFERRAL_FEATURE_NAMES]);
      for (const f of catalogue) {
        expect(f.label.da.length, f.name).to.be.greaterThan(5);
        expect(f.label.en.length, f.name).to.be.greaterThan(5);
      }
    });
  });

  for (const kind of ['logistic', 'trees'] as const) {
    describe(`the committed ${DEMO_PACKAGES[kind].id} package`, () => {
      const dir = new URL(`demo-synthetic/${DEMO_PACKAGES[kind].folder}/`, modelsDir);
      const onnxBytes = readFileSync(new URL('model.onnx', dir));
      const manifestText = readFileSync(new URL('model.json', dir), 'utf8');
      const manifest = JSON.parse(manifestText) as ModelPackageManifest;

      it('validates against the model package schema', () => {
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(ModelPackageSchema);
        expect(validate(manifest), ajv.errorsText(validate.errors)).to.equal(true);
      });

      it('is written in the stable format, with the build settings', () => {
        expect(stableJson(manifest)).to.equal(manifestText);
        expect(manifest.id).to.equal(DEMO_PACKAGES[kind].id);
        expect(manifest.version).to.equal(BUILD_SETTINGS.version);
        expect(manifest.createdAt).to.equal(BUILD_SETTINGS.createdAt);
        expect(manifest.features.map((f) => f.name)).to.deep.equal([...REFERRAL_FEATURE_NAMES]);
      });

      it('records the sha256 of its model.onnx, and is on the approval list with the hashes of every file', () => {
        expect(manifest.onnx.sha256).to.equal(sha256(onnxBytes));
        const approved = JSON.parse(readFileSync(new URL('approved-models.json', modelsDir), 'utf8')) as {
          approved: Array<{ id: string; version: string; onnxSha256: string; manifestSha256: string; files?: Record<string, string> }>;
        };
        const card = readFileSync(new URL('MODEL_CARD.md', dir));
        expect(approved.approved.filter((a) => a.id === manifest.id)).to.deep.equal([
          { id: manifest.id, version: manifest.version, onnxSha256: sha256(onnxBytes), manifestSha256: sha256(manifestText), files: { 'MODEL_CARD.md': sha256(card) } },
        ]);
      });

      it('has the six age bands, unborn first, each with nine ascending cut-points', () => {
        expect(manifest.scoreScale.bands.map((b) => b.id)).to.deep.equal(AGE_BANDS.map((b) => b.id));
        expect(manifest.scoreScale.bands[0]!.unborn).to.equal(true);
        for (const band of manifest.scoreScale.bands) {
          expect(band.cutPoints).to.have.length(9);
          for (let k = 1; k < 9; k++) expect(band.cutPoints[k]!, band.id).to.be.at.least(band.cutPoints[k - 1]!);
        }
      });

      it('says plainly that the data are synthetic and the model is not for real children', () => {
        const warning = manifest.modelCard.syntheticDataWarning!;
        expect(warning.da).to.match(/syntetiske data/i);
        expect(warning.da).to.match(/rigtige børn/);
        expect(warning.en).to.match(/synthetic data/i);
        expect(warning.en).to.match(/must not be used about real children/);
      });

      it('has a MODEL_CARD.md generated from its model.json', () => {
        const markdown = readFileSync(new URL('MODEL_CARD.md', dir), 'utf8');
        expect(markdown).to.equal(renderModelCardMarkdown(manifest, loadDemoTexts().markdown));
      });

      it('is an ONNX graph shaped like skl2onnx output: input [N, F] float, label int64 [N], probabilities float [N, 2]', () => {
        const graph = onnx.ModelProto.decode(onnxBytes).graph!;
        const dims = (v: OnnxTypes.IValueInfoProto) =>
          v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
        expect(graph.input!.map((i) => i.name)).to.deep.equal(['input']);
        expect(dims(graph.input![0]!)).to.deep.equal(['N', REFERRAL_FEATURE_NAMES.length]);
        expect(graph.output!.map((o) => [o.name, o.type!.tensorType!.elemType, dims(o)])).to.deep.equal([
          ['label', onnx.TensorProto.DataType.INT64, ['N']],
          ['probabilities', onnx.TensorProto.DataType.FLOAT, ['N', 2]],
        ]);
        const ops = graph.node!.map((n) => n.opType);
        expect(ops).to.deep.equal(kind === 'logistic' ? ['LinearClassifier', 'Normalizer'] : ['TreeEnsembleClassifier']);
      });

      if (kind === 'logistic') {
        it('is byte for byte what the exporter writes for the coefficients it holds', () => {
          const node = onnx.ModelProto.decode(onnxBytes).graph!.node![0]!;
          const floats = (name: string) => node.attribute!.find((a) => a.name === name)!.floats!;
          const f = REFERRAL_FEATURE_NAMES.length;
          const coefficients = floats('coefficients').slice(f);
          expect(floats('coefficients').slice(0, f)).to.deep.equal(coefficients.map((c) => -c));
          const rebuilt = logisticToOnnx({ coefficients, intercept: floats('intercepts')[1]! }, onnx.ModelProto.decode(onnxBytes).docString!);
          expect(Buffer.from(rebuilt)).to.deep.equal(onnxBytes);
        });
      } else {
        it('has covers for every tree, consistent with the ONNX trees, and is byte for byte what the exporter writes', async () => {
          const covers = manifest.explanation.covers!;
          expect(manifest.explanation.method).to.equal('tree');
          expect(covers.length).to.be.at.least(100);
          const ensemble = ensembleFromOnnx(onnxBytes, covers);
          ensemble.trees.forEach((tree, t) => {
            expect(tree.feature.length, `tree ${t} node count`).to.equal(covers[t]!.length);
            checkCovers(tree, `tree ${t}`);
            expect(tree.cover[0]).to.equal(covers[0]![0]);
          });
          const rebuilt = treeEnsembleToOnnx(ensemble, onnx.ModelProto.decode(onnxBytes).docString!);
          expect(Buffer.from(rebuilt)).to.deep.equal(onnxBytes);

          const rng = new SeededRandom(41);
          const rows = 200;
          const x = new Float32Array(rows * ensemble.featureCount);
          manifest.features.forEach((feature, j) => {
            for (let i = 0; i < rows; i++) {
              const span = Math.min(feature.range.max, feature.referenceValue * 4 + 2) - feature.range.min;
              const v = feature.range.min + rng.uniform() * span;
              x[i * ensemble.featureCount + j] = feature.kind === 'continuous' ? v : Math.round(Math.min(v, feature.range.max));
            }
          });
          const p = await onnxPositiveProbabilities(onnxBytes, x, rows, ensemble.featureCount);
          for (let i = 0; i < rows; i++) {
            const js = sigmoid(ensembleMargin(ensemble, x.subarray(i * ensemble.featureCount, (i + 1) * ensemble.featureCount)));
            expect(Math.abs(p[i]! - js)).to.be.lessThan(1e-5);
          }
        });
      }
    });
  }
});
