// A model package whose feature names, groups or labels (Danish or English) point at a protected attribute is
// refused, by meaning and not by spelling; the demo models pass.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseModelManifest } from '../../plugin/scoring/model-manifest';
import { loadModelPackage } from '../../plugin/scoring/model-package-loader';
import { alteredPackage, caught, fixturePackage, REPO_ROOT } from '../helpers/model-packages';

const DEMO = path.join(REPO_ROOT, 'models', 'demo-synthetic', 'boosted-trees', 'model.json');
const demo = () => JSON.parse(readFileSync(DEMO, 'utf8'));

const refusal = (m: unknown) => {
  try {
    parseModelManifest(JSON.stringify(m), 'pkg');
    return null;
  } catch (error) {
    return (error as { code?: string; message: string });
  }
};

describe('protected attributes in a model package', () => {
  it('passes the demo models, names and labels in both languages', () => {
    expect(refusal(demo())).to.equal(null);
    expect(refusal(JSON.parse(readFileSync(DEMO.replace('boosted-trees', 'logistic'), 'utf8')))).to.equal(null);
  });

  for (const name of ['ikke_vestlig', 'born_abroad', 'welfare_benefits', 'mother_tongue', 'boys', 'wage', 'arbejdsloes', 'koenskode', 'herkomstkode', 'indkomstgruppe', 'cprnummer', 'landekode']) {
    it(`refuses a feature named ${name}`, () => {
      const m = demo();
      m.features[2].name = name;
      expect(refusal(m)).to.include({ code: 'MODEL_PROTECTED_ATTRIBUTE' });
    });
  }

  for (const [where, change] of [
    ['a Danish label', (m: any) => { m.features[2].label.da = 'Barnets køn'; }],
    ['an English label', (m: any) => { m.features[2].label.en = 'Mother tongue is not Danish'; }],
    ['an English label with a two-word phrase', (m: any) => { m.features[2].label.en = 'The child was born abroad'; }],
    ['a one-hot group', (m: any) => { m.features[2].kind = 'category'; m.features[2].group = 'statsborgerskaB'; }],
  ] as const) {
    it(`refuses a protected attribute in ${where}`, () => {
      const m = demo();
      change(m);
      expect(refusal(m)).to.include({ code: 'MODEL_PROTECTED_ATTRIBUTE' });
    });
  }

  it('refuses such a package when it is loaded, before the model runs', async () => {
    const pkg = alteredPackage(fixturePackage('sklearn-logistic-binary'), (m) => {
      m.features[0]!.label.da = 'Forældrenes indkomstgruppe';
    });
    const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
    expect(error.code).to.equal('MODEL_PROTECTED_ATTRIBUTE');
  });
});
