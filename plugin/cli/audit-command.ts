// `beslutningsstotte audit --referral ID | --child ID [--format csv|json]`: the one audit trail of a referral (the
// risk panel, including its score shown in a later referral's timeline) or of a child (the follow-up report),
// from the plugin's database, for an administrator: who saw or stored what (or was refused), when, with which
// model. `audit --runs [--kind batch|validation]` lists the runs of `batch` and `validate` (who ran which model over
// which period, when, and how it ended). `audit --prune` deletes the records older than the configured retention (audit.retentionDays).
import { BeslutningsstotteError } from '../errors';
import { AuditRepository, RUN_EXTENSION_POINTS, type RunExtensionPoint, type StoredAuditRecord } from '../storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { readServerConfig } from '../server/server-config';
import { retentionCutoff } from '../server/audit-retention';
import type { CliIo } from './cli-io';
import { csvCell } from './csv-cell';

const COLUMNS: ReadonlyArray<keyof StoredAuditRecord> = [
  'auditId', 'occurredAt', 'requestId', 'userId', 'userRole', 'extensionPoint', 'view', 'referralId', 'modelId', 'modelVersion', 'score', 'outcome', 'code', 'childId', 'panelReferralId',
];

/** A run has no referral, child or score: its own columns, with the period it covered. */
const RUN_COLUMNS: ReadonlyArray<keyof StoredAuditRecord> = [
  'auditId', 'occurredAt', 'requestId', 'userId', 'userRole', 'extensionPoint', 'view', 'modelId', 'modelVersion', 'periodFrom', 'periodTo', 'outcome', 'code',
];

const CASE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

export interface AuditOptions {
  readonly referral?: string;
  readonly child?: string;
  readonly prune?: boolean;
  readonly runs?: boolean;
  /** With --runs: only batch runs or only validation runs. */
  readonly kind?: string;
  readonly format: string;
  readonly config?: string;
}

export async function runAuditCommand(options: AuditOptions, io: CliIo): Promise<number> {
  const given = [options.referral !== undefined, options.child !== undefined, options.prune === true, options.runs === true].filter(Boolean).length;
  if (given !== 1) throw new BeslutningsstotteError('INPUT_INVALID', { detail: 'give exactly one of --referral ID, --child ID, --runs or --prune' });
  if (options.kind !== undefined && (options.runs !== true || !(RUN_EXTENSION_POINTS as readonly string[]).includes(options.kind))) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--kind goes with --runs and is one of ${RUN_EXTENSION_POINTS.join(', ')}` });
  }
  for (const [flag, id] of [['--referral', options.referral], ['--child', options.child]] as const) {
    if (id !== undefined && !CASE_ID.test(id)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: `${flag} must be an id` });
  }
  const config = readServerConfig(options.config);
  const db = openPluginDatabase(config.pluginDatabase);
  try {
    await migratePluginDatabase(db);
    const repo = new AuditRepository(db);
    if (options.prune) {
      const before = retentionCutoff(config.audit.retentionDays);
      const deleted = await repo.deleteOlderThan(before);
      io.out(`Deleted ${deleted} audit record(s) from before ${before} (retention ${config.audit.retentionDays} days).`);
      return 0;
    }
    const records = options.runs
      ? await repo.runs(options.kind ? [options.kind as RunExtensionPoint] : RUN_EXTENSION_POINTS)
      : options.referral !== undefined
        ? await repo.forReferral(options.referral)
        : await repo.forChild(options.child!);
    const columns = options.runs ? RUN_COLUMNS : COLUMNS;
    if (options.format === 'json') io.out(JSON.stringify(options.runs ? records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]]))) : records, null, 2));
    else {
      io.out(columns.join(','));
      for (const r of records) io.out(columns.map((c) => csvCell(r[c])).join(','));
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
