// `beslutningsstotte demo` (what `npm start` runs until the server exists): scores the synthetic demo cases
// with the demo model and prints each score with what raised and lowered it, in Danish.
import { readApprovalList } from '../scoring/model-approval';
import { loadModelPackage } from '../scoring/model-package-loader';
import { scoreBatch, type FeatureContribution } from '../scoring/referral-scorer';
import type { CliIo } from './cli-io';
import { DEFAULT_APPROVALS_FILE, DEMO_CASES_FILE, DEMO_MODEL_DIR } from '../product-paths';
import { readReferralInput } from './referral-input-file';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;

export async function runDemoCommand(io: CliIo, modelDir = DEMO_MODEL_DIR): Promise<number> {
  const model = await loadModelPackage(modelDir, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) });
  try {
    const labels = new Map(model.manifest.features.map((f) => [f.name, f.label.da]));
    const bands = new Map(model.manifest.scoreScale.bands.map((b) => [b.id, b.label.da]));
    const describe = (c: FeatureContribution) => `${labels.get(c.name)}: ${c.value} (${signed(c.contribution)})`;
    const outcomes = await scoreBatch(model, readReferralInput(DEMO_CASES_FILE));

    io.out(`Beslutningsstøtte · demo på syntetiske data (ikke til brug på rigtige børn)`);
    io.out(`Model: ${model.manifest.name.da}, version ${model.identity.version}\n`);
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        io.out(`Underretning ${outcome.id ?? '?'}: ingen score. ${outcome.errors.map((e) => e.message).join(' ')}\n`);
        continue;
      }
      const r = outcome.result;
      io.out(`Underretning ${r.id}: risikoscore ${r.score} af 10 (aldersgruppe ${bands.get(r.ageBand)})`);
      const contributions = r.contributions ?? [];
      const up = contributions.filter((c) => c.contribution > 0).slice(0, 3);
      const down = contributions.filter((c) => c.contribution < 0).slice(0, 3);
      if (up.length > 0) io.out(`  Trak scoren op:   ${up.map(describe).join('; ')}`);
      if (down.length > 0) io.out(`  Trak scoren ned:  ${down.map(describe).join('; ')}`);
      io.out('');
    }
    io.out('Scoren er ét element i socialrådgiverens egen faglige vurdering. Den er ikke en afgørelse eller en anbefaling.');
    return 0;
  } finally {
    await model.runtime.release();
  }
}
