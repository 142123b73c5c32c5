// `beslutningsstotte validate --from DATE --to DATE --out report.html [--json report.json]`: the municipality's
// own validation, fairness and drift report. Reads the batch scores of the period (run `batch` first), what
// later happened to each referral in the host (through the mapping's outcome part), the sex the child's CPR
// number holds and the evaluation-only groups, and writes one self-contained HTML page and, if asked, its JSON
// twin. Only figures about groups leave this command: it prints counts and the overall AUC, never a child.
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../adapters/database-config';
import { latestHostDate, readHostEvaluationData } from '../../adapters/mapping/evaluation-outcome-reader';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { assertDay, assertPeriod } from '../batch/batch-scoring';
import { BeslutningsstotteError } from '../errors';
import { readApprovalList } from '../scoring/model-approval';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';
import { loadModelPackage } from '../scoring/model-package-loader';
import type { ModelPackageManifest } from '../scoring/model-package-schema';
import { readServerConfig } from '../server/server-config';
import { readBatchScores } from '../storage/batch-results-reading';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { danishDecimal } from '../validation/number-format';
import { computeValidationFigures, DEFAULT_RESAMPLES, DEFAULT_SEED, type ModelReference } from '../validation/validation-figures';
import { loadValidationTemplates, renderValidationHtml } from '../validation/validation-html';
import { buildValidationView } from '../validation/validation-view-model';
import type { CliIo } from './cli-io';

export interface ValidateCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly out: string;
  readonly json?: string;
  readonly asOf?: string;
  readonly seed?: string;
  readonly resamples?: string;
  readonly config?: string;
}

function wholeNumber(value: string | undefined, option: string, fallback: number, least: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value) || Number(value) < least) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${option} must be a whole number of at least ${least}` });
  return Number(value);
}

/** The model package's own figures, as the report core takes them. */
export function modelReferenceOf(manifest: ModelPackageManifest): ModelReference {
  return {
    id: manifest.id,
    version: manifest.version,
    name: manifest.name,
    bands: manifest.scoreScale.bands.map((b) => ({ id: b.id, label: b.label, ...(b.outcomesByScore ? { outcomesByScore: b.outcomesByScore } : {}) })),
    card: {
      evaluatedOn: manifest.modelCard.metrics.evaluatedOn,
      auc: manifest.modelCard.metrics.auc,
      baseRate: manifest.modelCard.metrics.baseRate,
      byAgeBand: manifest.modelCard.fairness.byAgeBand,
      bySex: manifest.modelCard.fairness.bySex,
    },
  };
}

export async function runValidateCommand(options: ValidateCommandOptions, io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const period = assertPeriod({ from: options.from, to: options.to });
  if (options.asOf !== undefined) assertDay(options.asOf, '--as-of');
  const seed = wholeNumber(options.seed, '--seed', DEFAULT_SEED, 0);
  const resamples = wholeNumber(options.resamples, '--resamples', DEFAULT_RESAMPLES, 100);
  const config = readServerConfig(options.config);
  const { features } = modelFeatureRequirements(config.modelDir);
  const hostDb = openDatabase(config.hostDatabase);
  const pluginDb = openPluginDatabase(config.pluginDatabase);
  try {
    const mapping = await loadMapping(config.mappingFile, hostDb, features);
    const model = await loadModelPackage(config.modelDir, { approvals: readApprovalList(config.approvedModelsFile) });
    await model.runtime.release();
    await migratePluginDatabase(pluginDb);
    const { scored, refused } = await readBatchScores(pluginDb, model.identity, period);
    if (scored.length === 0) throw new BeslutningsstotteError('VALIDATION_NO_SCORES', { from: period.from, to: period.to, modelId: model.identity.id, version: model.identity.version });
    const asOf = options.asOf ?? (await latestHostDate(hostDb, mapping));
    if (asOf === null) throw new BeslutningsstotteError('VALIDATION_AS_OF_UNKNOWN', { detail: 'the host holds no referral with a received time' });
    const host = await readHostEvaluationData(
      hostDb,
      mapping,
      scored.map((s) => s.referralId),
    );
    const figures = computeValidationFigures({
      referrals: scored.map((s) => {
        const h = host.byReferral.get(s.referralId);
        return { receivedAt: s.receivedAt, ageBand: s.ageBand, score: s.score, probability: s.probability, placementStarts: h ? h.placementStarts : host.hasOutcome ? [] : null, sex: h?.sex ?? null, groups: h?.groups ?? {} };
      }),
      refused,
      model: modelReferenceOf(model.manifest),
      period,
      asOf,
      attributes: host.attributes,
      sexKnown: host.sexKnown,
      seed,
      resamples,
    });
    const view = await buildValidationView(figures, { generatedAt: now().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', syntheticWarning: model.manifest.modelCard.syntheticDataWarning?.da ?? null });
    writeFileSync(options.out, renderValidationHtml(view, figures, loadValidationTemplates()));
    if (options.json) writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);

    const c = figures.counts;
    const d = figures.discrimination;
    io.out(
      `Validation ${period.from} to ${period.to} of ${figures.model.id} ${figures.model.version} (host data as of ${asOf}): ${c.scored} scored referrals, ` +
        `${c.withOutcome} with a 12-month outcome (${c.placed} placed), ${c.tooRecent} too recent, ${c.refused} not scored.`,
    );
    io.out(
      d
        ? `AUC ${danishDecimal(d.auc, 3).replace(',', '.')} (95% interval ${d.aucInterval.low.toFixed(3)}-${d.aucInterval.high.toFixed(3)}); model card ${d.cardAuc.toFixed(3)}, ${d.cardWithinInterval ? 'within' : 'outside'} the interval.`
        : `No outcome figures (${figures.outcomeMissing}); distribution and drift only.`,
    );
    const groupFlags = (figures.fairness?.dimensions ?? []).reduce((n, dim) => n + dim.groups.filter((g) => !g.tooSmall && g.flags.length > 0).length, 0);
    io.out(`Drift flags: ${figures.distribution.flagged.length}; groups beyond the fairness limits: ${groupFlags}. Report: ${options.out}${options.json ? `; JSON: ${options.json}` : ''}`);
    return 0;
  } finally {
    await hostDb.destroy();
    await pluginDb.destroy();
  }
}
