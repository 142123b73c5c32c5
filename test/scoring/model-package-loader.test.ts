// What the loader refuses, and why: every refusal is a typed error with a stable code.
import { expect } from 'chai';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModelPackage } from '../../plugin/scoring/model-package-loader';
import { alteredPackage, caught, fixtureApprovals, fixturePackage } from '../helpers/model-packages';

const LOGISTIC = fixturePackage('sklearn-logistic-binary');
const TREES = fixturePackage('sklearn-gradient-boosting-binary');

describe('loading a model package', () => {
  it('when the model file changed on disk after it was recorded, the package is refused as tampered', async () => {
    const pkg = alteredPackage(LOGISTIC, (_, dir) => {
      const bytes = readFileSync(path.join(dir, 'model.onnx'));
      bytes[bytes.length - 5]! ^= 0x01;
      writeFileSync(path.join(dir, 'model.onnx'), bytes);
    }, { keepSha: true });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_INTEGRITY');
    expect(error.message).to.match(/does not match its recorded sha256/);
  });

  it('when model.json and model.onnx agree but nobody approved them, the package is refused as unknown', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.version = '1.0.1';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: fixtureApprovals() }));
    expect(error.code).to.equal('MODEL_UNKNOWN');
    expect(error.message).to.contain('fixture-sklearn-logistic-binary 1.0.1');
  });

  it('when an approved model.json is edited (cut-points moved), the package is no longer approved', async () => {
    const original = alteredPackage(LOGISTIC);
    const edited = alteredPackage(original.dir, (m) => {
      m.scoreScale.bands[0]!.cutPoints[8] = 0.95;
    });
    const error = await caught(() => loadModelPackage(edited.dir, { approvals: original.approvals }));
    expect(error.code).to.equal('MODEL_UNKNOWN');
  });

  it('a folder without model.onnx is reported as missing, naming the file', async () => {
    const pkg = alteredPackage(LOGISTIC);
    rmSync(path.join(pkg.dir, 'model.onnx'));
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PACKAGE_MISSING');
    expect(error.message).to.contain('model.onnx is missing');
  });

  it('a model.json that breaks the schema is refused with the path of each problem', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      (m as unknown as Record<string, unknown>).extra = true;
      m.scoreScale.bands[0]!.cutPoints = [0.1, 0.2];
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PACKAGE_INVALID');
    expect(error.message).to.contain('unknown property "extra"');
    expect(error.message).to.contain('/scoreScale/bands/0/cutPoints');
  });

  it('cut-points that are not ascending are refused', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.scoreScale.bands[0]!.cutPoints = [0.1, 0.2, 0.3, 0.5, 0.4, 0.6, 0.7, 0.8, 0.9];
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PACKAGE_INVALID');
    expect(error.message).to.contain('not ascending at position 4');
  });

  const tenScores = (placed: (score: number) => number) =>
    Array.from({ length: 10 }, (_, k) => ({ score: k + 1, children: 100, placed: placed(k + 1), meanPredicted: 0.01 * (k + 1) }));

  it('absolute figures per score that are consistent load, and the package keeps them', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.scoreScale.bands[0]!.outcomesByScore = tenScores((s) => s * 3);
    });
    const loaded = await loadModelPackage(pkg.dir, { approvals: pkg.approvals });
    try {
      expect(loaded.manifest.scoreScale.bands[0]!.outcomesByScore![9]).to.deep.equal({ score: 10, children: 100, placed: 30, meanPredicted: 0.1 });
    } finally {
      await loaded.runtime.release();
    }
  });

  it('absolute figures with more placed than children, or scores out of order, are refused naming the row', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      const rows = tenScores(() => 5);
      rows[9] = { ...rows[9]!, placed: 101 };
      rows[2] = { ...rows[2]!, score: 4 };
      m.scoreScale.bands[0]!.outcomesByScore = rows;
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PACKAGE_INVALID');
    expect(error.message).to.contain('/scoreScale/bands/0/outcomesByScore/9/placed');
    expect(error.message).to.contain('/scoreScale/bands/0/outcomesByScore/2/score');
  });

  it('absolute figures for fewer than all ten scores are refused by the schema', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.scoreScale.bands[0]!.outcomesByScore = tenScores(() => 1).slice(0, 9);
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PACKAGE_INVALID');
    expect(error.message).to.contain('/scoreScale/bands/0/outcomesByScore');
  });

  it('levels of an ordered category must lie in the range and ascend', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      const f = m.features.find((x) => x.kind === 'continuous' || x.kind === 'count')!;
      f.levels = [
        { value: f.range.max + 1, label: { da: 'for høj', en: 'too high' } },
        { value: f.range.min, label: { da: 'lav', en: 'low' } },
      ];
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PACKAGE_INVALID');
    expect(error.message).to.match(/levels\/0: .* is outside the range/);
    expect(error.message).to.contain('levels/1: values must be ascending');
  });

  for (const [word, name] of [
    ['ethnicity', 'mother_ethnicity'],
    ['nationality', 'countryOfOrigin'],
    ['income', 'household_income'],
    ['gender', 'child_gender'],
    ['the CPR number', 'cpr_last_digit'],
  ] as const) {
    it(`a feature named ${name} is refused as a protected attribute (${word})`, async () => {
      const pkg = alteredPackage(LOGISTIC, (m) => {
        m.features[0]!.name = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      });
      const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
      expect(error.code).to.equal('MODEL_PROTECTED_ATTRIBUTE');
    });
  }

  it('a package naming an input the graph does not have is refused', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.onnx.inputName = 'features';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
    expect(error.message).to.contain('"features"');
  });

  it('a package listing more features than the graph takes is refused', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.features.push({ ...m.features[0]!, name: 'x4' });
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
    expect(error.message).to.contain('[N, 4]');
  });

  it('a package that calls a tree ensemble linear is refused', async () => {
    const pkg = alteredPackage(TREES, (m) => {
      m.explanation = { method: 'linear', additiveSpace: 'log-odds' };
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
    expect(error.message).to.contain('TreeEnsembleClassifier');
  });

  it('a package whose additive space contradicts the graph is refused', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.explanation.additiveSpace = 'probability';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
  });

  it('a positive class the model does not have is refused', async () => {
    const pkg = alteredPackage(TREES, (m) => {
      m.onnx.positiveClass = 'C';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
    expect(error.message).to.contain('"C"');
  });

  it('a package saying the output is a plain tensor when it is a ZipMap is refused', async () => {
    const pkg = alteredPackage(LOGISTIC, (m) => {
      m.onnx.probabilityFormat = 'tensor';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
    expect(error.message).to.contain('zipmap');
  });

  it('a file that is not ONNX is refused', async () => {
    const pkg = alteredPackage(LOGISTIC, () => {}, { onnx: Buffer.from('not a model at all') });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_CONTRACT');
  });
});
