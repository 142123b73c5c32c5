// The real files that scikit-learn's ONNX converter emits, scored through packages written for them.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModelPackage, type LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { rawMarginsFromRuntime } from '../../plugin/scoring/onnx-raw-margin';
import { scoreBatch } from '../../plugin/scoring/referral-scorer';
import { alteredPackage, caught, fixtureApprovals, fixturePackage, ONNX_FIXTURES } from '../helpers/model-packages';

interface Expected {
  input: number[][];
  expectedProbabilities: number[][];
}

const cases = [
  { pkg: 'sklearn-logistic-binary', expected: 'SklearnLogitisticRegressionBinary.expected.json', positive: 1 },
  { pkg: 'sklearn-gradient-boosting-binary', expected: 'SklearnBinGradientBoostingClassifier.expected.json', positive: 1 },
  { pkg: 'sklearn-random-forest-binary', expected: 'SklearnBinRandomForestClassifier.expected.json', positive: 1 },
];


describe('scoring skl2onnx exports (ZipMap outputs, string and integer labels)', () => {
  for (const c of cases) {
    describe(c.pkg, () => {
      let model: LoadedModelPackage;
      const expected = JSON.parse(readFileSync(path.join(ONNX_FIXTURES, c.expected), 'utf8')) as Expected;
      const records = () =>
        expected.input.map((row, i) => ({ id: `r${i}`, features: Object.fromEntries(model.layout.features.map((f, j) => [f.name, row[j]!])) }));

      before(async () => {
        model = await loadModelPackage(fixturePackage(c.pkg), { approvals: fixtureApprovals() });
      });
      after(async () => model?.runtime.release());

      it("matches the probabilities scikit-learn computed to 1e-5", async () => {
        const outcomes = await scoreBatch(model, records());
        outcomes.forEach((o, i) => {
          if (!o.ok) throw o.errors[0];
          expect(o.result.probability).to.be.closeTo(expected.expectedProbabilities[i]![c.positive]!, 1e-5);
        });
      });

      it("explains each score exactly: base value plus contributions give onnxruntime's own margin to 1e-4", async () => {
        const inputs = records();
        const outcomes = await scoreBatch(model, inputs);
        const matrix = Float32Array.from(expected.input.flat());
        const margins = await rawMarginsFromRuntime(model.prepared, model.layout.features.length, matrix, inputs.length);
        outcomes.forEach((o, i) => {
          if (!o.ok) throw o.errors[0];
          const r = o.result;
          expect(r.contributions, 'contributions').to.not.equal(null);
          const total = r.baseValue! + r.contributions!.reduce((s, x) => s + x.contribution, 0);
          expect(total).to.be.closeTo(margins[i]!, 1e-4);
          const probability = r.additiveSpace === 'log-odds' ? 1 / (1 + Math.exp(-total)) : total;
          expect(probability).to.be.closeTo(r.probability, 1e-6);
        });
      });
    });
  }

  it('scores a tree package with neither covers nor a reference sample, and says why it cannot explain', async () => {
    const pkg = alteredPackage(fixturePackage('sklearn-gradient-boosting-binary'), (m) => {
      delete m.explanation.referenceSample;
    });
    const model = await loadModelPackage(pkg.dir, { approvals: pkg.approvals });
    try {
      const [outcome] = await scoreBatch(model, [{ features: { x1: 1, x2: 1 } }]);
      if (!outcome!.ok) throw outcome!.errors[0];
      expect(outcome!.result.probability).to.be.closeTo(0.5176473, 1e-5);
      expect(outcome!.result.contributions).to.equal(null);
      expect(outcome!.result.explanationUnavailable?.en).to.match(/neither node covers nor a reference sample/);
    } finally {
      await model.runtime.release();
    }
  });

  it('refuses a pipeline with several inputs of mixed types, naming them', async () => {
    const pkg = alteredPackage(
      fixturePackage('sklearn-logistic-binary'),
      (m) => {
        m.onnx.inputName = 'age';
        m.onnx.probabilityOutput = 'probabilities';
        m.onnx.probabilityFormat = 'tensor';
      },
      { onnx: readFileSync(path.join(ONNX_FIXTURES, 'pipeline_titanic_nozipmap.onnx')) },
    );
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
    expect(error.message).to.contain('5 inputs (pclass, sex, age, fare, embarked)');
  });

  it('refuses a package that declares sex as a feature before looking at the graph', async () => {
    const pkg = alteredPackage(fixturePackage('sklearn-logistic-binary'), (m) => {
      m.features[1]!.name = 'sex';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PROTECTED_ATTRIBUTE');
    expect(error.message).to.contain('"sex"');
  });
});
