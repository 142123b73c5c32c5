// `beslutningsstotte score --referral ID`: extracts the referral's features from the host database with the
// field mapping (the shipped reference mapping and the embedded database by default), scores them with the
// model, and prints one JSON object: the score, the contributions and, per feature, its provenance. A score for a
// real referral is a score a person sees: its audit record (view "cli", the operating-system user) is written to
// the plugin's database of the server configuration (--config) before anything is printed.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { openDatabase, readDatabaseConfig } from '../../adapters/database-config';
import { ageRefusal } from '../../adapters/child-age';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { BeslutningsstotteError } from '../errors';
import { readApprovalList } from '../scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../scoring/model-package-loader';
import { scoreBatch } from '../scoring/referral-scorer';
import type { CliIo } from './cli-io';
import { loadMapping } from '../../adapters/mapping/mapping-file';
import { modelFeatureRequirements } from '../scoring/model-feature-requirements';
import { readServerConfig } from '../server/server-config';
import { AuditRepository, type AuditRecord } from '../storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { operatingSystemUser } from '../operating-system-user';

/** Writes the command's audit record; nothing is printed when it cannot be written (AUDIT_UNAVAILABLE). */
async function auditCommandLineScore(configFile: string | undefined, model: LoadedModelPackage, referralId: string, score: number | null, code: string | null): Promise<void> {
  const config = readServerConfig(configFile);
  let db: Knex | null = null;
  try {
    db = openPluginDatabase(config.pluginDatabase);
    await migratePluginDatabase(db);
    const record: AuditRecord = {
      occurredAt: new Date().toISOString(),
      requestId: randomUUID(),
      userId: operatingSystemUser(),
      userRole: null,
      extensionPoint: 'risk-panel',
      view: 'cli',
      referralId,
      modelId: model.identity.id,
      modelVersion: model.identity.version,
      score,
      outcome: score === null ? 'no-score' : 'shown',
      code,
    };
    await new AuditRepository(db).write(record);
  } catch (cause) {
    throw new BeslutningsstotteError('AUDIT_UNAVAILABLE', {}, { cause });
  } finally {
    await db?.destroy();
  }
}

export interface ReferralScoreOptions {
  readonly referral: string;
  readonly mapping: string;
  readonly dbConfig?: string;
  readonly model: string;
  readonly approved: string;
  /** The server configuration naming the plugin database the audit record goes to. */
  readonly config?: string;
}

export async function runReferralScoreCommand(options: ReferralScoreOptions, io: CliIo): Promise<number> {
  const { features } = modelFeatureRequirements(options.model);
  const db = openDatabase(readDatabaseConfig(options.dbConfig));
  let extracted;
  try {
    const mapping = await loadMapping(options.mapping, db, features);
    const id = /^\d+$/.test(options.referral) ? Number(options.referral) : options.referral;
    extracted = await new FeatureExtractor(db, mapping).extract(id);
  } finally {
    await db.destroy();
  }
  // An adult, or a child of unknown age, is never scored: said before any model is consulted.
  const refusal = ageRefusal(extracted.age);
  if (refusal) {
    io.err(`${refusal.code} referral ${extracted.referralId}: ${refusal.message}`);
    io.out(JSON.stringify({ referralId: extracted.referralId, receivedAt: extracted.receivedAt, scored: false, code: refusal.code, missing: extracted.missing, provenance: extracted.provenance }, null, 2));
    return 1;
  }
  const model = await loadModelPackage(options.model, { approvals: readApprovalList(options.approved) });
  try {
    const [outcome] = await scoreBatch(model, [{ id: extracted.referralId, features: extracted.features }]);
    if (!outcome || !outcome.ok) {
      const errors = outcome && !outcome.ok ? outcome.errors : [];
      await auditCommandLineScore(options.config, model, extracted.referralId, null, errors[0]?.code ?? null);
      for (const error of errors) {
        const unknown = extracted.unknownCodes.find((u) => u.feature === error.feature && error.code === 'FEATURE_MISSING');
        const shown = unknown ? new BeslutningsstotteError('FEATURE_UNKNOWN_CODE', { ...unknown }) : error;
        io.err(`${shown.code} referral ${extracted.referralId}: ${shown.message}`);
      }
      io.out(JSON.stringify({ referralId: extracted.referralId, receivedAt: extracted.receivedAt, scored: false, missing: extracted.missing, unknownCodes: extracted.unknownCodes, provenance: extracted.provenance }, null, 2));
      return 1;
    }
    await auditCommandLineScore(options.config, model, extracted.referralId, outcome.result.score, null);
    const { explanationUnavailable, ...result } = outcome.result;
    io.out(
      JSON.stringify(
        {
          referralId: extracted.referralId,
          receivedAt: extracted.receivedAt,
          ...result,
          ...(explanationUnavailable ? { explanationUnavailable } : {}),
          features: extracted.features,
          provenance: extracted.provenance,
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await model.runtime.release();
  }
}

export function assertReferralId(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--referral must be a referral id (letters, digits, - and _)' });
  }
  return value;
}
