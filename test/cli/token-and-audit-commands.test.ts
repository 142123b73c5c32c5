// `beslutningsstotte token` and `beslutningsstotte audit` as an administrator runs them.
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAuditCommand } from '../../plugin/cli/audit-command';
import { runTokenCommand } from '../../plugin/cli/token-command';
import { createTokenVerifier } from '../../plugin/server/launch-token';
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';
import { caught } from '../helpers/model-packages';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

describe('the token and audit commands', () => {
  const key = 'development-key-for-tests-0123456789abcdef';
  const development = path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-token-')), 'development.json');
  before(() => writeFileSync(development, JSON.stringify({ environment: 'development' })));

  it('token: mints a short-lived development token that the server accepts for that referral', async () => {
    const { io, out } = captureIo();
    expect(await runTokenCommand({ user: 'sr-1', role: 'caseworker', referral: '4711', lifetime: '300', config: development }, io, { BESLUTNINGSSTOTTE_DEV_SIGNING_KEY: key })).to.equal(0);
    const verify = createTokenVerifier({ audience: 'beslutningsstotte', maxLifetimeSeconds: 600, hostKeys: [], developmentKey: new TextEncoder().encode(key) });
    expect(await verify(out[0]!)).to.deep.include({ userId: 'sr-1', role: 'caseworker', referralId: '4711', childId: null });
  });

  it('token: refuses without a development key (DEVELOPMENT_KEY_MISSING), and an unknown role', async () => {
    const { io } = captureIo();
    expect((await caught(() => runTokenCommand({ user: 'sr-1', role: 'caseworker', referral: '4711', lifetime: '300', config: development }, io, {}))).code).to.equal('DEVELOPMENT_KEY_MISSING');
    expect((await caught(() => runTokenCommand({ user: 'sr-1', role: 'root', referral: '4711', lifetime: '300', config: development }, io, { BESLUTNINGSSTOTTE_DEV_SIGNING_KEY: key }))).code).to.equal('INPUT_INVALID');
  });

  it('audit: lists a referral\'s trail as CSV (formula characters neutralised) or JSON', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-audit-'));
    const filename = path.join(dir, 'plugin.sqlite');
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename } });
    await migratePluginDatabase(db);
    const repo = new AuditRepository(db);
    const base = { requestId: 'r1', userRole: 'caseworker', extensionPoint: 'risk-panel', view: 'page', referralId: '4711', modelId: 'm', modelVersion: '1.0.0', code: null };
    await repo.write({ ...base, occurredAt: '2026-01-01T10:00:00.000Z', userId: '=HYPERLINK("x")', score: 7, outcome: 'shown' });
    await repo.write({ ...base, occurredAt: '2026-01-01T10:05:00.000Z', userId: null, userRole: null, score: null, outcome: 'refused', code: 'TOKEN_EXPIRED' });
    await repo.write({ ...base, occurredAt: '2026-01-01T10:06:00.000Z', userId: 'other', referralId: '9999', score: 3, outcome: 'shown' });
    await db.destroy();
    const config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ pluginDatabase: { client: 'better-sqlite3', connection: { filename } } }));

    const csv = captureIo();
    expect(await runAuditCommand({ referral: '4711', format: 'csv', config }, csv.io)).to.equal(0);
    expect(csv.out[0]).to.equal('auditId,occurredAt,requestId,userId,userRole,extensionPoint,view,referralId,modelId,modelVersion,score,outcome,code,childId,panelReferralId');
    expect(csv.out).to.have.length(3);
    expect(csv.out[1]).to.contain(`"'=HYPERLINK(""x"")"`).and.contain(',7,shown,');
    expect(csv.out[2]).to.contain(',refused,TOKEN_EXPIRED');

    const json = captureIo();
    await runAuditCommand({ referral: '4711', format: 'json', config }, json.io);
    const records = JSON.parse(json.out.join('\n')) as Array<{ outcome: string; score: number | null }>;
    expect(records.map((r) => [r.outcome, r.score])).to.deep.equal([['shown', 7], ['refused', null]]);
  });
});
