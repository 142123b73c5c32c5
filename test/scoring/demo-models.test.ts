// The two demo packages as the product uses them: approved, scored through onnxruntime, explained exactly.
import { expect } from 'chai';
import path from 'node:path';
import { DEFAULT_APPROVALS_FILE, PRODUCT_ROOT } from '../../plugin/product-paths';
import { readApprovalList } from '../../plugin/scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { rawMarginsFromRuntime } from '../../plugin/scoring/onnx-raw-margin';
import { packReferrals, scoreBatch, scoreReferral, type ReferralInput } from '../../plugin/scoring/referral-scorer';
import { generateSyntheticReferrals } from '../../plugin/synthetic/referral-generator';
import { SeededRandom } from '../../plugin/synthetic/seeded-random';

/** Uniform random rows within each feature's plausible range, respecting its kind (seeded, reproducible). */
function randomInputs(model: LoadedModelPackage, count: number, seed: number): ReferralInput[] {
  const stream = new SeededRandom(seed);
  const random = () => stream.uniform();
  const features = model.manifest.features;
  const groups = [...new Set(features.filter((f) => f.kind === 'category').map((f) => f.group))];
  const ageBands = model.manifest.scoreScale.bands.filter((b) => !b.unborn);
  const maxAge = Math.max(...ageBands.map((b) => b.maxAgeYears ?? 18));
  return Array.from({ length: count }, (_, i) => {
    const record: Record<string, number> = {};
    for (const f of features) {
      const { min, max } = f.range;
      if (f.kind === 'count') record[f.name] = Math.floor(random() * Math.min(max - min + 1, 25)) + min;
      else if (f.kind === 'binary') record[f.name] = random() < 0.5 ? 0 : 1;
      else if (f.kind === 'continuous') record[f.name] = Math.round((min + random() * (max - min)) * 10) / 10;
      else record[f.name] = 0;
    }
    for (const group of groups) {
      const columns = features.filter((f) => f.group === group);
      const pick = Math.floor(random() * (columns.length + 1));
      if (pick < columns.length) record[columns[pick]!.name] = 1;
    }
    const scale = model.manifest.scoreScale;
    if (scale.ageFeature) record[scale.ageFeature] = Math.floor(random() * maxAge * 10) / 10;
    if (scale.unbornFeature) {
      record[scale.unbornFeature] = random() < 0.1 ? 1 : 0;
      if (record[scale.unbornFeature] === 1 && scale.ageFeature) record[scale.ageFeature] = 0;
    }
    return { id: `random-${i}`, features: record };
  });
}

function synthetic(count: number, seed: number): ReferralInput[] {
  return generateSyntheticReferrals({ seed, referralCount: count }).map((r) => ({ id: String(r.id), features: { ...r.features } }));
}

for (const name of ['logistic', 'boosted-trees']) {
  describe(`the demo model package ${name}`, () => {
    let model: LoadedModelPackage;
    before(async () => {
      model = await loadModelPackage(path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', name), {
        approvals: readApprovalList(DEFAULT_APPROVALS_FILE),
      });
    });
    after(async () => model?.runtime.release());

    it('is approved, says it is synthetic, and is explained exactly', () => {
      expect(model.explainer?.method).to.equal(name === 'logistic' ? 'linear' : 'tree');
      expect(model.manifest.modelCard.syntheticDataWarning?.da).to.match(/syntetisk/i);
    });

    it('reproduces onnxruntime\'s log-odds to 1e-4 with base value plus contributions, on 6,000 referrals', async () => {
      const inputs = [...synthetic(3000, 9001), ...randomInputs(model, 3000, 77)];
      const outcomes = await scoreBatch(model, inputs);
      const packed = packReferrals(model, inputs);
      expect(packed.rows).to.equal(inputs.length);
      const margins = await rawMarginsFromRuntime(model.prepared, model.layout.features.length, packed.matrix, packed.rows);
      let worst = 0;
      outcomes.forEach((o, i) => {
        if (!o.ok) throw o.errors[0];
        const r = o.result;
        const total = r.baseValue! + r.contributions!.reduce((s, c) => s + c.contribution, 0);
        worst = Math.max(worst, Math.abs(total - margins[i]!));
        expect(r.score).to.be.within(1, 10);
      });
      expect(worst).to.be.below(1e-4);
    });

    it('spreads referrals like those it was calibrated on over all ten scores in every age band', async () => {
      const outcomes = await scoreBatch(model, synthetic(20000, 31337), { explain: false });
      const counts = new Map<string, number[]>();
      for (const o of outcomes) {
        if (!o.ok) throw o.errors[0];
        const row = counts.get(o.result.ageBand) ?? new Array(10).fill(0);
        row[o.result.score - 1]++;
        counts.set(o.result.ageBand, row);
      }
      expect([...counts.keys()].sort()).to.deep.equal(model.manifest.scoreScale.bands.map((b) => b.id).sort());
      for (const [band, row] of counts) {
        const total = row.reduce((a, b) => a + b, 0);
        for (let s = 0; s < 10; s++) expect(row[s]! / total, `band ${band}, score ${s + 1}`).to.be.within(0.03, 0.2);
      }
    });

    // onnxruntime takes other float32 kernels for one row than for many, so the last bits of a probability may
    // differ; everything computed from the inputs (band, contributions) is identical.
    it('gives the same result for a referral alone as inside a batch', async () => {
      const inputs = synthetic(50, 5);
      const batch = await scoreBatch(model, inputs);
      for (let i = 0; i < inputs.length; i += 7) {
        const alone = await scoreReferral(model, inputs[i]!);
        const inBatch = batch[i]!;
        if (!inBatch.ok) throw inBatch.errors[0];
        const { probability, ...rest } = alone;
        const { probability: batchProbability, ...batchRest } = inBatch.result;
        expect(rest).to.deep.equal(batchRest);
        expect(probability).to.be.closeTo(batchProbability, 1e-6);
      }
    });

    it('scores the valid referrals of a batch and returns the errors of the others, naming the feature', async () => {
      const [good, bad] = synthetic(2, 11);
      const outcomes = await scoreBatch(model, [good!, { id: 'bad', features: { ...bad!.features, severity: Number.NaN } }, good!]);
      expect(outcomes.map((o) => o.ok)).to.deep.equal([true, false, true]);
      const failed = outcomes[1]!;
      if (failed.ok) throw new Error('expected a refusal');
      expect(failed.errors.map((e) => [e.code, e.feature])).to.deep.equal([['FEATURE_NOT_NUMERIC', 'severity']]);
    });

    it('refuses an unborn child with an age, and a child older than every band', async () => {
      const [r] = synthetic(1, 12);
      const outcomes = await scoreBatch(model, [
        { id: 'u', features: { ...r!.features, unborn: 1, age_years: 3 } },
        { id: 'old', features: { ...r!.features, unborn: 0, age_years: 18.5 } },
      ]);
      const codes = outcomes.map((o) => (o.ok ? 'scored' : o.errors[0]!.code));
      expect(codes).to.deep.equal(['FEATURE_NOT_ALLOWED_VALUE', 'AGE_OUTSIDE_MODEL']);
    });

    it('scores an empty batch as nothing, and a batch of 25,000 in one call', async () => {
      expect(await scoreBatch(model, [])).to.deep.equal([]);
      const many = await scoreBatch(model, synthetic(25000, 2024), { explain: false });
      expect(many.filter((o) => o.ok)).to.have.length(25000);
    });
  });
}
