// The administrator's view of the outbox (`deliveries --status`, `retry`, `cancel`, `work --once`) and
// `doctor graph` (nock for Entra ID and Graph v1.0), run as a user would call them.
import { expect } from 'chai';
import nock from 'nock';
import { runCli, tempFile } from '../helpers/cli';
import { DeliveryOutboxRepository, enqueueDeliveriesForFiling } from '../../plugin/storage/delivery-outbox-repository';
import { runDeliveriesWorkCommand } from '../../plugin/cli/deliveries-command';
import { runDoctorGraphCommand } from '../../plugin/cli/doctor-command';
import { CLIENT, DRIVE, SECRET_ENV, SENDER, TENANT, deliveryConfigFor, filedReport, temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

const T0 = '2026-11-30T10:00:00.000Z';

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ aud: 'https://graph.microsoft.com', tid: TENANT, appid: CLIENT, exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}.c2ln`;
}

const rawDelivery = (municipality: Record<string, unknown> = {}) => ({
  municipalities: [
    {
      municipality: '0101',
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { secretEnv: SECRET_ENV },
      mode: 'both',
      mail: { sender: SENDER },
      upload: { driveId: DRIVE, folderTemplate: 'Opfølgning/{caseNumber}' },
      calendar: { enabled: true },
      ...municipality,
    },
  ],
});

describe('the deliveries command', () => {
  let t: TemporaryPluginDatabase;
  let serverConfig: string;
  beforeEach(async () => {
    t = await temporaryPluginDatabase();
    serverConfig = tempFile('server.json', { pluginDatabase: { client: 'better-sqlite3', connection: { filename: t.file } } });
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), deliveryConfigFor({ calendar: { enabled: false } }), T0));
    await t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport({ filingId: '2', caseNumber: null }), deliveryConfigFor({ mode: 'upload', calendar: { enabled: false } }), T0));
  });
  afterEach(() => t.close());

  it('lists the outbox by state without the payload, and counts every state', async () => {
    const pending = await runCli(['deliveries', '--status', 'pending', '--config', serverConfig]);
    expect(pending.code).to.equal(0);
    const lines = pending.out.split('\n');
    expect(lines[0]).to.equal('deliveryId,kind,status,attempts,municipality,filingId,childId,createdAt,nextAttemptAt,deliveredAt,graphResultId,lastError');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).to.deep.equal(['1,mail,pending', '2,upload,pending']);
    expect(pending.out).to.not.contain('sagsbehandler@');
    expect(pending.err).to.contain('pending 2, in-progress 0, delivered 0, failed 1, cancelled 0');
    const failed = JSON.parse((await runCli(['deliveries', '--status', 'failed', '--format', 'json', '--config', serverConfig])).out);
    expect(failed.deliveries).to.have.length(1);
    expect(failed.deliveries[0].lastError).to.contain('{caseNumber}');
    expect((await runCli(['deliveries', '--status', 'lost', '--config', serverConfig])).err).to.contain('INPUT_INVALID');
  });

  it('retries a failed delivery, cancels a pending one, and refuses what the state does not allow, by code', async () => {
    const retried = await runCli(['deliveries', 'retry', '3', '--config', serverConfig]);
    expect(retried.code, retried.err).to.equal(0);
    expect(retried.out).to.contain('pending again');
    const cancelled = await runCli(['deliveries', 'cancel', '1', '--config', serverConfig]);
    expect(cancelled.out).to.contain('cancelled');
    const again = await runCli(['deliveries', 'retry', '2', '--config', serverConfig]);
    expect(again.code).to.equal(2);
    expect(again.err).to.contain('DELIVERY_STATE_CONFLICT');
    expect((await runCli(['deliveries', 'cancel', '42', '--config', serverConfig])).err).to.contain('DELIVERY_NOT_FOUND');
    expect(await new DeliveryOutboxRepository(t.db).countByStatus()).to.include({ pending: 2, cancelled: 1, failed: 0 });
  });

  it('`deliveries work --once` delivers what is due through Graph and stops', async () => {
    const deliveryConfig = tempFile('delivery.json', rawDelivery({ mode: 'upload', calendar: { enabled: false } }));
    await new DeliveryOutboxRepository(t.db).cancel('1', T0);
    nock.disableNetConnect();
    process.env[SECRET_ENV] = 'cli-secret';
    try {
      nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).query(true).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'tok' });
      nock('https://graph.microsoft.com').put(/\/v1\.0\/drives\/.*\/content$/).query({ '@microsoft.graph.conflictBehavior': 'fail' }).reply(201, { id: 'ITEM-CLI', size: 5 });
      const out: string[] = [];
      const code = await runDeliveriesWorkCommand({ config: serverConfig, deliveryConfig, once: true }, { out: (s) => out.push(s), err: () => undefined }, async () => Buffer.from('%PDF-'), { info: () => undefined, warn: () => undefined });
      expect(code).to.equal(0);
      expect(out.join('\n')).to.contain('Handled 1');
      expect(await new DeliveryOutboxRepository(t.db).get('2')).to.include({ status: 'delivered', graphResultId: 'ITEM-CLI' });
      expect(nock.pendingMocks()).to.deep.equal([]);
    } finally {
      delete process.env[SECRET_ENV];
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });
});

describe('doctor graph', () => {
  beforeEach(() => nock.disableNetConnect());
  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const run = async (config: unknown, env: NodeJS.ProcessEnv) => {
    const out: string[] = [];
    const code = await runDoctorGraphCommand({ deliveryConfig: tempFile('delivery.json', config) }, { out: (s) => out.push(s), err: (s) => out.push(s) }, env);
    return { code, out: out.join('\n') };
  };

  it('passes when the token carries the permissions and the mailbox and library answer', async () => {
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).query(true).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: unsignedJwt({ roles: ['Mail.Send', 'Sites.Selected', 'Calendars.ReadWrite'] }) });
    nock('https://graph.microsoft.com').get(`/v1.0/users/${encodeURIComponent(SENDER)}`).query(true).reply(200, { id: 'u1' });
    nock('https://graph.microsoft.com').get(`/v1.0/drives/${encodeURIComponent(DRIVE)}`).query(true).reply(200, { id: DRIVE, name: 'Dokumenter' });
    const r = await run(rawDelivery(), { [SECRET_ENV]: 's' });
    expect(r.out).to.contain('Graph delivery is ready');
    expect(r.code).to.equal(0);
  });

  it('names the missing permission and the setting of an unreachable library', async () => {
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).query(true).reply(200, { token_type: 'Bearer', expires_in: 3599, access_token: unsignedJwt({ roles: ['Mail.Send', 'Files.ReadWrite.All'] }) });
    nock('https://graph.microsoft.com').get(`/v1.0/users/${encodeURIComponent(SENDER)}`).query(true).reply(200, { id: 'u1' });
    nock('https://graph.microsoft.com').get(`/v1.0/drives/${encodeURIComponent(DRIVE)}`).query(true).reply(404, { error: { code: 'itemNotFound', message: 'not found' } });
    const r = await run(rawDelivery(), { [SECRET_ENV]: 's' });
    expect(r.code).to.equal(1);
    expect(r.out).to.match(/FAIL {2}0101 {2}permission for calendar: .*Calendars\.ReadWrite and grant admin consent/);
    expect(r.out).to.match(/FAIL {2}0101 {2}library: upload\.driveId b!drive-0123/);
  });

  it('names the credential setting when the secret is missing, and the AADSTS code when the token is refused', async () => {
    const missing = await run(rawDelivery(), {});
    expect(missing.code).to.equal(1);
    expect(missing.out).to.contain(`the environment variable ${SECRET_ENV} (credential.secretEnv) is not set`);
    nock('https://login.microsoftonline.com').post(`/${TENANT}/oauth2/v2.0/token`).query(true).reply(400, { error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found. Trace ID: x', error_codes: [90002] });
    const refused = await run(rawDelivery(), { [SECRET_ENV]: 'the-secret' });
    expect(refused.out).to.contain('AADSTS90002: Tenant not found.').and.contain('check tenantId, clientId and credential');
    expect(refused.out).to.not.contain('the-secret');
  });
});
