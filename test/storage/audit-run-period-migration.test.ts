// The period a run covered, in the audit trail (migration 006): compiled for SQL Server (no server needed) and
// run on SQLite, where a run's record keeps its period and a case's record has none; `runs()` lists only runs.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditRepository, type AuditRecord } from '../../plugin/storage/audit-repository';
import * as auditRunPeriod from '../../plugin/storage/migrations/006-audit-run-period';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';

describe('the audit trail\'s run period (migration 006)', () => {
  it('compiles for SQL Server: two short nullable day columns and an index by extension point and time', async () => {
    const mssql = knexFactory({ client: 'mssql' });
    const statements: string[] = [];
    const recorder = { schema: { alterTable: async (name: string, build: (t: Knex.AlterTableBuilder) => void) => void statements.push(mssql.schema.alterTable(name, build).toString()) } };
    await auditRunPeriod.up(recorder as unknown as Knex);
    const sql = statements.join('\n');
    expect(sql).to.contain('ALTER TABLE [bs_audit_event] ADD [period_from] nvarchar(10), [period_to] nvarchar(10)');
    expect(sql).to.contain('CREATE INDEX [ix_bs_audit_extension] ON [bs_audit_event] ([extension_point], [occurred_at])');
    await mssql.destroy();
  });

  it('keeps a run\'s period, none for a case\'s record, and lists runs (batch, validation) apart from cases', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-audit-runs-'));
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'p.sqlite') } });
    try {
      await migratePluginDatabase(db);
      const repo = new AuditRepository(db);
      const run = (extensionPoint: string, view: string, occurredAt: string, code: string): AuditRecord => ({
        occurredAt, requestId: `run-${extensionPoint}`, userId: 'os:admin', userRole: null, extensionPoint, view, referralId: null, modelId: 'm', modelVersion: '1.0.0', score: null,
        outcome: extensionPoint === 'batch' ? 'batch-run' : 'validation-run', code, periodFrom: '2020-01-01', periodTo: '2020-12-31',
      });
      await repo.write(run('batch', 'none', '2026-01-01T10:00:00.000Z', 'BATCH_RUN_STARTED'));
      await repo.write({ occurredAt: '2026-01-01T10:01:00.000Z', requestId: 'r1', userId: 'sr-1', userRole: 'caseworker', extensionPoint: 'risk-panel', view: 'page', referralId: '4711', modelId: 'm', modelVersion: '1.0.0', score: 7, outcome: 'shown', code: null });
      await repo.write(run('validation', 'report', '2026-01-01T10:02:00.000Z', 'VALIDATION_RUN_STARTED'));
      const all = await repo.runs();
      expect(all.map((r) => [r.extensionPoint, r.code, r.periodFrom, r.periodTo])).to.deep.equal([
        ['batch', 'BATCH_RUN_STARTED', '2020-01-01', '2020-12-31'],
        ['validation', 'VALIDATION_RUN_STARTED', '2020-01-01', '2020-12-31'],
      ]);
      expect((await repo.runs(['validation'])).map((r) => r.requestId)).to.deep.equal(['run-validation']);
      const [panel] = await repo.forReferral('4711');
      expect(panel).to.include({ periodFrom: null, periodTo: null, score: 7 });
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
