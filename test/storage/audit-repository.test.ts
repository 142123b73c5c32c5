// The audit trail's group commit: records arriving together share a transaction, and each write settles only
// when its record is committed (or fails with the batch).
import { expect } from 'chai';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditRepository, type AuditRecord } from '../../plugin/storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';

const record = (i: number): AuditRecord => ({
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  requestId: `r${i}`,
  userId: 'u',
  userRole: 'caseworker',
  extensionPoint: 'risk-panel',
  view: 'page',
  referralId: '77',
  modelId: 'm',
  modelVersion: '1.0.0',
  score: (i % 10) + 1,
  outcome: 'shown',
  code: null,
});

describe('the audit repository', () => {
  it('commits 250 concurrent writes, each settled only once its record is stored, in arrival order', async () => {
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-audit-')), 'p.sqlite') } });
    try {
      await migratePluginDatabase(db);
      const repo = new AuditRepository(db);
      const settled: number[] = [];
      await Promise.all(
        Array.from({ length: 250 }, async (_, i) => {
          await repo.write(record(i));
          const counted = (await db('bs_audit_event').where('request_id', `r${i}`).count({ n: '*' })) as Array<{ n: number }>;
          expect(Number(counted[0]?.n), `record ${i} is stored when its write settles`).to.equal(1);
          settled.push(i);
        }),
      );
      expect(settled).to.have.length(250);
      expect((await repo.forReferral('77')).map((r) => r.requestId)).to.deep.equal(Array.from({ length: 250 }, (_, i) => `r${i}`));
    } finally {
      await db.destroy();
    }
  });

  it('rejects every write of a batch that cannot be committed', async () => {
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-audit-')), 'p.sqlite') } });
    try {
      const repo = new AuditRepository(db); // not migrated: the table is missing
      const outcomes = await Promise.allSettled([repo.write(record(1)), repo.write(record(2))]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected']);
    } finally {
      await db.destroy();
    }
  });
});
