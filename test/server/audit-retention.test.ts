// Audit records are kept for audit.retentionDays and then deleted: `audit --prune` and the server's daily run
// delete exactly the records older than the configured days, and the value is checked where it enters.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { runAuditCommand } from '../../plugin/cli/audit-command';
import { keepAuditRetention, retentionCutoff } from '../../plugin/server/audit-retention';
import { DEFAULT_AUDIT_RETENTION_DAYS, resolveServerConfig } from '../../plugin/server/server-config';
import { AuditRepository, type AuditRecord } from '../../plugin/storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';
import { caught } from '../helpers/model-packages';

const DAY = 86_400_000;
const recordAt = (daysAgo: number, id: string): AuditRecord => ({
  occurredAt: new Date(Date.now() - daysAgo * DAY).toISOString(),
  requestId: id,
  userId: 'u',
  userRole: 'caseworker',
  extensionPoint: 'risk-panel',
  view: 'page',
  referralId: '77',
  modelId: 'm',
  modelVersion: '1',
  score: 5,
  outcome: 'shown',
  code: null,
});

describe('audit retention (audit.retentionDays)', () => {
  let work: string;
  beforeEach(() => (work = mkdtempSync(path.join(os.tmpdir(), 'bs-retention-'))));
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  async function seeded() {
    const filename = path.join(work, 'plugin.sqlite');
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename } });
    await migratePluginDatabase(db);
    await new AuditRepository(db).write([recordAt(400, 'old-400'), recordAt(95, 'old-95'), recordAt(85, 'kept-85'), recordAt(0, 'kept-0')]);
    return { db, filename };
  }

  it('is five years unless configured, and only from 30 days to ten years', async () => {
    expect(resolveServerConfig({}).audit.retentionDays).to.equal(DEFAULT_AUDIT_RETENTION_DAYS).and.to.equal(1826);
    expect(resolveServerConfig({ audit: { retentionDays: 90 } }).audit.retentionDays).to.equal(90);
    for (const bad of [0, 29, 3654, 1.5, '90']) expect((await caught(() => resolveServerConfig({ audit: { retentionDays: bad } }))).code, String(bad)).to.equal('SERVER_CONFIG_INVALID');
  });

  it('`audit --prune` deletes the records older than the configured days, and no others', async () => {
    const { db, filename } = await seeded();
    await db.destroy();
    const config = path.join(work, 'server.json');
    writeFileSync(config, JSON.stringify({ pluginDatabase: { client: 'better-sqlite3', connection: { filename } }, audit: { retentionDays: 90 } }));
    const out: string[] = [];
    expect(await runAuditCommand({ prune: true, format: 'csv', config }, { out: (s) => out.push(s), err: () => {} })).to.equal(0);
    expect(out.join('\n')).to.match(/^Deleted 2 audit record\(s\) from before \d{4}-/);
    const json: string[] = [];
    await runAuditCommand({ referral: '77', format: 'json', config }, { out: (s) => json.push(s), err: () => {} });
    expect((JSON.parse(json.join('\n')) as Array<{ requestId: string }>).map((r) => r.requestId)).to.deep.equal(['kept-85', 'kept-0']);
    expect((await caught(() => runAuditCommand({ prune: true, referral: '77', format: 'csv', config }, { out: () => {}, err: () => {} }))).code).to.equal('INPUT_INVALID');
  });

  it('the server deletes what is past retention when it starts', async () => {
    const { db } = await seeded();
    try {
      const stop = keepAuditRetention(new AuditRepository(db), 90, pino({ level: 'silent' }));
      for (let i = 0; i < 50 && (await db('bs_audit_event').count({ n: '*' }))[0]!.n !== 2; i++) await new Promise((r) => setTimeout(r, 20));
      stop();
      expect((await db('bs_audit_event').orderBy('audit_id').pluck('request_id')) as string[]).to.deep.equal(['kept-85', 'kept-0']);
      expect(retentionCutoff(90, new Date('2026-04-01T00:00:00Z'))).to.equal('2026-01-01T00:00:00.000Z');
    } finally {
      await db.destroy();
    }
  });
});
