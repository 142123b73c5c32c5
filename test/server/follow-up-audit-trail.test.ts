// The follow-up report is recorded in the same audit trail as the risk panel (one table, one writer), over real
// HTTP on loopback through the plugin's own router: every page, print, JSON, form, entry and refusal for a child
// has a record keyed by the child, `audit --child` lists them, HEAD writes nothing, a bad query after a valid
// token is a refusal with the user, and the JSON card's link comes from the configured public origin.
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { runAuditCommand } from '../../plugin/cli/audit-command';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { mintDevelopmentToken, type Role } from '../../plugin/server/launch-token';
import { AuditRepository, type StoredAuditRecord } from '../../plugin/storage/audit-repository';
import * as followUpTables from '../../plugin/storage/follow-up/migrations/001-follow-up-tables';
import * as accessLog from '../../plugin/storage/follow-up/migrations/002-follow-up-access-log';
import { migrateFollowUpTables } from '../../plugin/storage/follow-up/follow-up-database';
import { openPluginDatabase } from '../../plugin/storage/plugin-database';
import * as auditAndFlags from '../../plugin/storage/migrations/001-audit-and-flags';
import { loadDemoModel, startTestPluginServer, TEST_AUDIENCE, type TestPluginServer } from './helpers/test-plugin-server';

const PUBLIC = 'https://beslutningsstotte.kommune.example';

describe('the follow-up report in the one audit trail (server, loopback HTTP)', function () {
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let childId: string;
  let audit: AuditRepository;
  let work: string;
  const token = (child: string, o: { userId?: string; role?: Role } = {}) =>
    mintDevelopmentToken(server.key, { userId: o.userId ?? 'sr-fu', role: o.role ?? 'caseworker', childId: child, audience: TEST_AUDIENCE, lifetimeSeconds: 300 });
  const recordsOf = async (requestId: string | null): Promise<StoredAuditRecord[]> => (await audit.forChild(childId)).filter((r) => r.requestId === requestId);

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model, publicBaseUrl: PUBLIC });
    audit = new AuditRepository(server.pluginDb);
    childId = String((await server.hostDb('barn').orderBy('barn_id').first('barn_id')).barn_id);
    work = mkdtempSync(path.join(os.tmpdir(), 'bs-fu-audit-'));
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps no second access log: the follow-up report writes to bs_audit_event only', async () => {
    expect(await server.pluginDb.schema.hasTable('bs_fu_access')).to.equal(false);
    expect(await server.pluginDb.schema.hasColumn('bs_audit_event', 'child_id')).to.equal(true);
  });

  it('records each view of the report, each form and each entry under the child, with its own view kind', async () => {
    // Each launch token opens one view: a fresh one per request, as the host mints one each time.
    const cases: Array<[string, RequestInit, number, string, string, string | null]> = [
      [`/panel/children/${childId}/follow-up`, {}, 200, 'page', 'shown', null],
      [`/panel/children/${childId}/follow-up/print`, {}, 200, 'print', 'shown', null],
      [`/api/v1/children/${childId}/follow-up`, {}, 200, 'json', 'shown', null],
      [`/panel/children/${childId}/follow-up/ruler`, {}, 200, 'form', 'shown', null],
      [`/api/v1/children/${childId}/follow-up/entries/ruler`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ measuredOn: '2024-01-01', area_SKOLE: 0 }) }, 422, 'entry', 'refused', 'MEASUREMENT_INVALID'],
      [`/api/v1/children/${childId}/follow-up/entries/schedule`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ timesPerYear: 2, startDate: '2024-01-01' }) }, 201, 'entry', 'stored', null],
    ];
    for (const [url, init, status, view, outcome, code] of cases) {
      const t = await token(childId, { userId: 'sr-views' });
      const res = await fetch(`${server.url}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${t}` } });
      expect(res.status, url).to.equal(status);
      const records = await recordsOf(res.headers.get('x-request-id'));
      expect(records, url).to.have.length(1);
      expect(records[0], url).to.include({ extensionPoint: 'follow-up-report', view, outcome, code, userId: 'sr-views', userRole: 'caseworker', childId, referralId: null, score: null });
    }
  });

  it('records refusals under the child with who asked: a bad query after a valid token, a wrong child, a role that may not, no token', async () => {
    const cases: Array<[string, string | null, number, string, string | null, string]> = [
      [`/panel/children/${childId}/follow-up?debug=1`, await token(childId, { userId: 'sr-q' }), 400, 'REQUEST_INVALID', 'sr-q', 'page'],
      [`/api/v1/children/${childId}/follow-up?from=yesterday`, await token(childId, { userId: 'sr-q' }), 400, 'REQUEST_INVALID', 'sr-q', 'json'],
      [`/panel/children/${childId}/follow-up/print`, await token('someone-else', { userId: 'sr-other' }), 403, 'TOKEN_WRONG_CASE', 'sr-other', 'print'],
      [`/panel/children/${childId}/follow-up/cors`, await token(childId, { userId: 'sr-admin', role: 'administrator' }), 403, 'ROLE_NOT_ALLOWED', 'sr-admin', 'form'],
      [`/panel/children/${childId}/follow-up`, null, 401, 'TOKEN_MISSING', null, 'page'],
    ];
    for (const [url, t, status, code, userId, view] of cases) {
      const res = await fetch(`${server.url}${url}`, t ? { headers: { authorization: `Bearer ${t}` } } : {});
      expect(res.status, url).to.equal(status);
      const records = await recordsOf(res.headers.get('x-request-id'));
      expect(records, url).to.have.length(1);
      expect(records[0], url).to.include({ outcome: 'refused', code, userId, view, extensionPoint: 'follow-up-report' });
    }
  });

  it('writes nothing for a HEAD of the report or its PDF (405)', async () => {
    const t = await token(childId, { userId: 'sr-head' });
    for (const url of [`/panel/children/${childId}/follow-up`, `/panel/children/${childId}/follow-up/pdf`, `/api/v1/children/${childId}/follow-up`]) {
      const res = await fetch(`${server.url}${url}`, { method: 'HEAD', headers: { authorization: `Bearer ${t}` } });
      expect(res.status, url).to.equal(405);
    }
    expect((await audit.forChild(childId)).some((r) => r.userId === 'sr-head')).to.equal(false);
  });

  it('`audit --child` lists the child’s trail, as `audit --referral` does for a referral', async () => {
    const config = path.join(work, 'server.json');
    const filename = (server.pluginDb.client.config.connection as { filename: string }).filename;
    writeFileSync(config, JSON.stringify({ pluginDatabase: { client: 'better-sqlite3', connection: { filename } } }));
    const out: string[] = [];
    expect(await runAuditCommand({ child: childId, format: 'csv', config }, { out: (s) => out.push(s), err: () => {} })).to.equal(0);
    expect(out[0]).to.contain('childId');
    const rows = out.slice(1);
    expect(rows.length).to.equal((await audit.forChild(childId)).length).and.to.be.greaterThan(5);
    expect(rows.every((r) => r.includes(',follow-up-report,'))).to.equal(true);
    expect(rows.some((r) => r.includes(',sr-views,') && r.includes(',print,'))).to.equal(true);
  });

  it('the JSON card links the report at the configured public origin, whatever Host the request carries', async () => {
    const t = await token(childId);
    const body = await new Promise<string>((resolve, reject) => {
      http
        .get(`${server.url}/api/v1/children/${childId}/follow-up`, { headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', authorization: `Bearer ${t}` } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).to.not.contain('evil.example');
    expect((JSON.parse(body) as { card: { source: { url: string } } }).card.source.url).to.equal(`${PUBLIC}/panel/children/${childId}/follow-up`);
  });

  it('carries an existing access log into the audit trail when the database is migrated, and drops the old table', async () => {
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(work, 'old.sqlite') } });
    try {
      // A database as the previous release left it: the panel's first migration, the follow-up tables and access log.
      await auditAndFlags.up(db);
      await followUpTables.up(db);
      await accessLog.up(db);
      await db.schema.createTable('bs_knex_migrations', (t) => {
        t.increments('id');
        t.string('name');
        t.integer('batch');
        t.timestamp('migration_time');
      });
      await db('bs_knex_migrations').insert({ name: auditAndFlags.name, batch: 1, migration_time: new Date() });
      await db.schema.createTable('bs_fu_knex_migrations', (t) => {
        t.increments('id');
        t.string('name');
        t.integer('batch');
        t.timestamp('migration_time');
      });
      await db('bs_fu_knex_migrations').insert([followUpTables.name, accessLog.name].map((name) => ({ name, batch: 1, migration_time: new Date() })));
      await db('bs_fu_access').insert([
        { occurred_at: '2025-01-02T10:00:00.000Z', request_id: 'old-req-0001', user_id: 'sr-old', user_role: 'caseworker', child_id: 'B-1', view: 'pdf', outcome: 'shown', code: null },
        { occurred_at: '2025-01-03T10:00:00.000Z', request_id: 'old-req-0002', user_id: null, user_role: null, child_id: 'B-1', view: 'page', outcome: 'refused', code: 'TOKEN_EXPIRED' },
      ]);
      await migrateFollowUpTables(db);
      expect(await db.schema.hasTable('bs_fu_access')).to.equal(false);
      const carried = await new AuditRepository(db).forChild('B-1');
      expect(carried.map((r) => [r.requestId, r.extensionPoint, r.view, r.outcome, r.code, r.userId])).to.deep.equal([
        ['old-req-0001', 'follow-up-report', 'pdf', 'shown', null, 'sr-old'],
        ['old-req-0002', 'follow-up-report', 'page', 'refused', 'TOKEN_EXPIRED', null],
      ]);
      await migrateFollowUpTables(db); // a second instance starting: nothing changes
      expect(await new AuditRepository(db).forChild('B-1')).to.have.length(2);
    } finally {
      await db.destroy();
    }
  });
});
