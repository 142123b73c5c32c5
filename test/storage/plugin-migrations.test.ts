// The plugin's own tables: the same knex migration on SQLite (embedded, run here) and SQL Server (compiled here;
// no server needed), with the indexes the audit command and the panel read by.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as auditAndFlags from '../../plugin/storage/migrations/001-audit-and-flags';
import * as oneAuditTrail from '../../plugin/storage/migrations/002-one-audit-trail';
import * as viewSessions from '../../plugin/storage/migrations/003-view-sessions';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';

describe('the plugin database migrations', () => {
  it('compile for SQL Server: identity keys, nvarchar columns within limits, the referral indexes', async () => {
    const mssql = knexFactory({ client: 'mssql' });
    const statements: string[] = [];
    const recorder = { schema: { createTable: async (name: string, build: (t: Knex.CreateTableBuilder) => void) => void statements.push(mssql.schema.createTable(name, build).toString()) } };
    await auditAndFlags.up(recorder as unknown as Knex);
    const sql = statements.join('\n');
    expect(sql).to.contain('CREATE TABLE [bs_audit_event] ([audit_id] bigint identity(1,1) not null primary key');
    expect(sql).to.contain('CREATE INDEX [ix_bs_audit_referral] ON [bs_audit_event] ([referral_id], [occurred_at])');
    expect(sql).to.contain('CREATE INDEX [ix_bs_data_flag_referral] ON [bs_data_flag] ([referral_id])');
    expect(sql).to.contain('[comment] nvarchar(2000) not null');
    expect(sql).to.not.match(/nvarchar\((\d{5,}|[5-9]\d{3})\)/);
    await mssql.destroy();
  });

  it('compile the one audit trail (002) for SQL Server: child and panel columns, the child and retention indexes', async () => {
    const mssql = knexFactory({ client: 'mssql' });
    const statements: string[] = [];
    const recorder = { schema: { alterTable: async (name: string, build: (t: Knex.AlterTableBuilder) => void) => void statements.push(mssql.schema.alterTable(name, build).toString()) } };
    await oneAuditTrail.up(recorder as unknown as Knex);
    const sql = statements.join('\n');
    expect(sql).to.contain('ALTER TABLE [bs_audit_event] ADD [child_id] nvarchar(100), [panel_referral_id] nvarchar(100)');
    expect(sql).to.contain('CREATE INDEX [ix_bs_audit_child] ON [bs_audit_event] ([child_id], [occurred_at])');
    expect(sql).to.contain('CREATE INDEX [ix_bs_audit_occurred] ON [bs_audit_event] ([occurred_at])');
    await mssql.destroy();
  });

  it('compile the launches and views (003) for SQL Server: hashed keys as primary keys, expiry indexes for pruning', async () => {
    const mssql = knexFactory({ client: 'mssql' });
    const statements: string[] = [];
    const recorder = { schema: { createTable: async (name: string, build: (t: Knex.CreateTableBuilder) => void) => void statements.push(mssql.schema.createTable(name, build).toString()) } };
    await viewSessions.up(recorder as unknown as Knex);
    const sql = statements.join('\n');
    expect(sql).to.contain('CREATE TABLE [bs_view_session] ([credential_hash] nvarchar(64)');
    expect(sql).to.contain('CREATE TABLE [bs_launch_use] ([jti_hash] nvarchar(64)');
    expect(sql).to.match(/primary key \(\[credential_hash\]\)|\[credential_hash\] nvarchar\(64\)[^,]*primary key/i);
    expect(sql).to.contain('CREATE INDEX [ix_bs_launch_use_expiry] ON [bs_launch_use] ([expires_at])');
    await mssql.destroy();
  });

  it('run on SQLite, twice without harm (several instances may start at once), in WAL mode with synchronous=FULL', async () => {
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-mig-')), 'p.sqlite') } });
    try {
      await migratePluginDatabase(db);
      await migratePluginDatabase(db);
      expect(await db.schema.hasTable('bs_audit_event')).to.equal(true);
      expect(await db.schema.hasTable('bs_data_flag')).to.equal(true);
      expect(await db.schema.hasTable('bs_view_session')).to.equal(true);
      expect(await db.schema.hasTable('bs_launch_use')).to.equal(true);
      const [mode] = (await db.raw('PRAGMA journal_mode')) as Array<{ journal_mode: string }>;
      const [sync] = (await db.raw('PRAGMA synchronous')) as Array<{ synchronous: number }>;
      expect(mode!.journal_mode).to.equal('wal');
      expect(sync!.synchronous).to.equal(2);
    } finally {
      await db.destroy();
    }
  });
});
