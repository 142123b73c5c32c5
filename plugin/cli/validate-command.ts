// `beslutningsstotte validate --from DATE --to DATE --out report.html [--json report.json]`: the municipality's
// own validation, fairness and drift report. Reads the batch scores of the period (run `batch` first), what
// later happened to each referral in the host (through the mapping's outcome part), the sex the child's CPR
// number holds and the evaluation-only groups, and writes one self-contained HTML page and, if asked, its JSON
// twin, in Danish or English (`--lang`). Only figures about groups leave this command: it prints counts and the
// overall AUC, never a child. Every run is in the one audit trail (extension point `validation`): who made which
// report, when, with which model, over which period, and whether it was written or refused (with the code).
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../adapters/database-config';
import { latestHostDate, readHostEvaluationData } from '../../adapters/mapping/evaluation-outcome-reader';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { assertDay, assertPeriod } from '../batch/batch-scoring';
import { BeslutningsstotteError, isBeslutningsstotteError } from '../errors';
import { readApprovalList } from '../scoring/model-approval';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';
import { loadModelPackage } from '../scoring/model-package-loader';
import type { ModelPackageManifest } from '../scoring/model-package-schema';
import { readServerConfig } from '../server/server-config';
import { AuditRepository, type AuditOutcome, type AuditRecord } from '../storage/audit-repository';
import { readBatchScores } from '../storage/batch-results-reading';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { computeValidationFigures, DEFAULT_RESAMPLES, DEFAULT_SEED, type ModelReference } from '../validation/validation-figures';
import { loadValidationTemplates, renderValidationHtml } from '../validation/validation-html';
import { asValidationLocale, loadDimensionLabels, loadValidationMessages } from '../validation/validation-locale';
import { buildValidationView } from '../validation/validation-view-model';
import type { CliIo } from './cli-io';
import { operatingSystemUser } from '../operating-system-user';

export interface ValidateCommandOptions {
  readonly from: string;
  readonly to: string;
  readonly out: string;
  readonly json?: string;
  readonly asOf?: string;
  readonly seed?: string;
  readonly resamples?: string;
  readonly config?: string;
  /** The report's language: da (default) or en. The JSON twin is the same in both. */
  readonly locale?: string;
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

/** Codes of the validation run's audit records (outcome `validation-run`; a typed refusal has outcome `refused` and its own code). */
export const VALIDATION_AUDIT_CODES = { started: 'VALIDATION_RUN_STARTED', written: 'VALIDATION_REPORT_WRITTEN', failed: 'VALIDATION_RUN_FAILED' } as const;

export async function runValidateCommand(options: ValidateCommandOptions, io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  // Arguments are checked before anything is read: a mistyped command leaves no record, as it opens nothing.
  const period = assertPeriod({ from: options.from, to: options.to });
  if (options.asOf !== undefined) assertDay(options.asOf, '--as-of');
  const seed = wholeNumber(options.seed, '--seed', DEFAULT_SEED, 0);
  const resamples = wholeNumber(options.resamples, '--resamples', DEFAULT_RESAMPLES, 100);
  const locale = asValidationLocale(options.locale);
  const config = readServerConfig(options.config);
  let pluginDb: ReturnType<typeof openPluginDatabase>;
  try {
    pluginDb = openPluginDatabase(config.pluginDatabase);
  } catch (cause) {
    throw new BeslutningsstotteError('VALIDATION_AUDIT_UNAVAILABLE', {}, { cause });
  }
  let hostDb: ReturnType<typeof openDatabase> | null = null;
  const audit = new AuditRepository(pluginDb);
  const runId = randomUUID();
  const userId = operatingSystemUser();
  let model: { id: string; version: string } | null = null;
  const record = (outcome: AuditOutcome, code: string): AuditRecord => ({
    occurredAt: now().toISOString(),
    requestId: runId,
    userId,
    userRole: null,
    extensionPoint: 'validation',
    view: 'report',
    referralId: null,
    modelId: model?.id ?? null,
    modelVersion: model?.version ?? null,
    score: null,
    outcome,
    code,
    periodFrom: period.from,
    periodTo: period.to,
  });
  /** No report without its record: a record that cannot be written stops the run. */
  const writeRecord = async (outcome: AuditOutcome, code: string): Promise<void> => {
    try {
      await audit.write(record(outcome, code));
    } catch (cause) {
      throw new BeslutningsstotteError('VALIDATION_AUDIT_UNAVAILABLE', {}, { cause });
    }
  };
  let started = false;
  try {
    try {
      await migratePluginDatabase(pluginDb);
    } catch (cause) {
      throw new BeslutningsstotteError('VALIDATION_AUDIT_UNAVAILABLE', {}, { cause });
    }
    const messages = loadValidationMessages(locale);
    const { features } = modelFeatureRequirements(config.modelDir);
    const loaded = await loadModelPackage(config.modelDir, { approvals: readApprovalList(config.approvedModelsFile) });
    await loaded.runtime.release();
    model = loaded.identity;
    await writeRecord('validation-run', VALIDATION_AUDIT_CODES.started);
    started = true;
    hostDb = openDatabase(config.hostDatabase);
    const mapping = await loadMapping(config.mappingFile, hostDb, features);
    const { scored, refused } = await readBatchScores(pluginDb, loaded.identity, period);
    if (scored.length === 0) throw new BeslutningsstotteError('VALIDATION_NO_SCORES', { from: period.from, to: period.to, modelId: loaded.identity.id, version: loaded.identity.version });
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
      model: modelReferenceOf(loaded.manifest),
      period,
      asOf,
      attributes: host.attributes,
      sexKnown: host.sexKnown,
      dimensionLabels: loadDimensionLabels(),
      seed,
      resamples,
    });
    const view = await buildValidationView(figures, {
      generatedAt: now().toISOString(),
      syntheticWarning: loaded.manifest.modelCard.syntheticDataWarning?.[locale] ?? null,
      messages,
    });
    writeFileSync(options.out, renderValidationHtml(view, figures, loadValidationTemplates()));
    if (options.json) writeFileSync(options.json, `${JSON.stringify(figures, null, 2)}\n`);
    await writeRecord('validation-run', VALIDATION_AUDIT_CODES.written);

    const c = figures.counts;
    const d = figures.discrimination;
    io.out(
      `Validation ${period.from} to ${period.to} of ${figures.model.id} ${figures.model.version} (host data as of ${asOf}): ${c.scored} scored referrals, ` +
        `${c.withOutcome} with a 12-month outcome (${c.placed} placed), ${c.tooRecent} too recent, ${c.refused} not scored.`,
    );
    io.out(
      d
        ? `AUC ${d.auc.toFixed(3)} (95% interval ${d.aucInterval.low.toFixed(3)}-${d.aucInterval.high.toFixed(3)}); model card ${d.cardAuc.toFixed(3)}, ${d.cardWithinInterval ? 'within' : 'outside'} the interval.`
        : `No outcome figures (${figures.outcomeMissing}); distribution and drift only.`,
    );
    const groupFlags = (figures.fairness?.dimensions ?? []).reduce((n, dim) => n + dim.groups.filter((g) => !g.tooSmall && g.flags.length > 0).length, 0);
    io.out(`Drift flags: ${figures.distribution.flagged.length}; groups beyond the fairness limits: ${groupFlags}. Report (${locale}): ${options.out}${options.json ? `; JSON: ${options.json}` : ''}`);
    return 0;
  } catch (error) {
    // The run's end, refused with the typed error's code or failed; unless the audit itself is what failed.
    if (!(isBeslutningsstotteError(error) && error.code === 'VALIDATION_AUDIT_UNAVAILABLE') || started) {
      const ending = isBeslutningsstotteError(error) && error.code !== 'VALIDATION_AUDIT_UNAVAILABLE' ? record('refused', error.code) : record('validation-run', VALIDATION_AUDIT_CODES.failed);
      await audit.write(ending).catch(() => undefined);
    }
    throw error;
  } finally {
    await hostDb?.destroy();
    await pluginDb.destroy();
  }
}
