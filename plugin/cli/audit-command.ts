// `beslutningsstotte audit --referral ID [--format csv|json]`: the audit trail of one referral from the
// plugin's database, for an administrator: who saw which score (or was refused), when, with which model.
import { BeslutningsstotteError } from '../errors';
import { AuditRepository, type StoredAuditRecord } from '../storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../storage/plugin-database';
import { readServerConfig } from '../server/server-config';
import type { CliIo } from './cli-io';
import { csvCell } from './csv-cell';

const COLUMNS: ReadonlyArray<keyof StoredAuditRecord> = [
  'auditId', 'occurredAt', 'requestId', 'userId', 'userRole', 'extensionPoint', 'view', 'referralId', 'modelId', 'modelVersion', 'score', 'outcome', 'code',
];

export async function runAuditCommand(options: { referral: string; format: string; config?: string }, io: CliIo): Promise<number> {
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(options.referral)) throw new BeslutningsstotteError('INPUT_INVALID', { detail: '--referral must be a referral id' });
  const config = readServerConfig(options.config);
  const db = openPluginDatabase(config.pluginDatabase);
  try {
    await migratePluginDatabase(db);
    const records = await new AuditRepository(db).forReferral(options.referral);
    if (options.format === 'json') io.out(JSON.stringify(records, null, 2));
    else {
      io.out(COLUMNS.join(','));
      for (const r of records) io.out(COLUMNS.map((c) => csvCell(r[c])).join(','));
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
