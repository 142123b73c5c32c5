// Every Graph and token call the worker makes, against nock standing in for Microsoft Graph v1.0 and the Entra ID
// token endpoint (the real request and response shapes; no test reaches the network): a mail, an upload, a
// reminder; throttling with Retry-After; a 401 and one fresh token; a 403 naming the permission; a 5xx then
// success; a timeout; large files through upload sessions; a name collision that never overwrites.
import { expect } from 'chai';
import nock from 'nock';
import { DeliveryWorker } from '../../plugin/graph/delivery-worker';
import { GraphConnection } from '../../plugin/graph/graph-client';
import { credentialFor, RefreshableCredential } from '../../plugin/graph/graph-credential';
import { graphConnections } from '../../plugin/graph/graph-connections';
import { DeliveryOutboxRepository, enqueueDeliveriesForFiling } from '../../plugin/storage/delivery-outbox-repository';
import { eventTransactionId } from '../../plugin/graph/graph-calendar';
import type { DeliveryConfig } from '../../plugin/delivery/delivery-config';
import { CASEWORKER, CLIENT, DRIVE, SECRET_ENV, SENDER, TENANT, deliveryConfigFor, filedReport, pdfOfSize, temporaryPluginDatabase, type TemporaryPluginDatabase } from '../helpers/delivery-fixtures';

const LOGIN = 'https://login.microsoftonline.com';
const GRAPH = 'https://graph.microsoft.com';
const env = { [SECRET_ENV]: 'test-secret-value' };
const sender = `/v1.0/users/${encodeURIComponent(SENDER)}`;
const folder = `/v1.0/drives/${encodeURIComponent(DRIVE)}/root:/Opf%C3%B8lgning/27.00.00-G01-123-26`;
const fileName = encodeURIComponent('Opfølgningsrapport 2026-05-01 til 2026-10-31.pdf');

/** The Entra ID v2.0 token endpoint answering a client-credentials request with `token`. */
function tokenEndpoint(token: string): nock.Scope {
  return nock(LOGIN)
    .post(`/${TENANT}/oauth2/v2.0/token`, (body: Record<string, string>) => body.grant_type === 'client_credentials' && body.client_id === CLIENT && body.client_secret === 'test-secret-value' && body.scope === 'https://graph.microsoft.com/.default')
    .query(true)
    .reply(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
}

const graphError = (code: string, message: string) => ({ error: { code, message, innerError: { date: '2026-11-30T10:00:00', 'request-id': 'r-1', 'client-request-id': 'c-1' } } });

describe('delivering through Microsoft Graph (nock for Graph v1.0 and Entra ID)', () => {
  let t: TemporaryPluginDatabase;
  let repo: DeliveryOutboxRepository;
  let clock: Date;

  beforeEach(async () => {
    nock.disableNetConnect();
    t = await temporaryPluginDatabase();
    repo = new DeliveryOutboxRepository(t.db);
    clock = new Date('2026-11-30T10:00:00.000Z');
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    await t.close();
    expect(pending, 'every expected Graph call was made').to.deep.equal([]);
  });

  function worker(config: DeliveryConfig, pdf: Uint8Array, timeoutMs?: number): DeliveryWorker {
    const connections = graphConnections(config, { env, now: () => clock });
    return new DeliveryWorker({
      repo,
      config,
      connectionFor: timeoutMs === undefined ? connections : (m) => new GraphConnection(new RefreshableCredential(() => credentialFor(m, { authorityHost: LOGIN, env })), { baseUrl: GRAPH, timeoutMs, now: () => clock }),
      documents: async () => pdf,
      now: () => clock,
      random: () => 0.5,
      workerId: 'test-worker',
    });
  }

  async function enqueue(config: DeliveryConfig): Promise<string[]> {
    return t.db.transaction((trx) => enqueueDeliveriesForFiling(trx, filedReport(), config, clock.toISOString()));
  }

  it('mails a small report with sendMail (attachment in the request, no personal data in subject or body) and stores the request id', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    const pdf = pdfOfSize(50_000);
    let sent: any = null;
    tokenEndpoint('token-1');
    nock(GRAPH)
      .matchHeader('authorization', 'Bearer token-1')
      .post(`${sender}/sendMail`, (body) => ((sent = body), true))
      .reply(202, '', { 'request-id': 'req-mail-1' });
    const [id] = await enqueue(config);
    expect(await worker(config, pdf).drain()).to.equal(1);
    const row = await repo.get(id!);
    expect(row).to.include({ status: 'delivered', graphResultId: 'sendMail:req-mail-1', attempts: 1 });
    expect(sent.message.subject).to.equal('En opfølgningsrapport er klar');
    expect(sent.message.toRecipients).to.deep.equal([{ emailAddress: { address: CASEWORKER } }]);
    expect(sent.message.body.content).to.contain('https://dubu.example.dk/sag/27.00.00-G01-123-26');
    expect(JSON.stringify([sent.message.subject, sent.message.body])).to.not.contain('C-100');
    expect(sent.message.attachments[0]).to.include({ '@odata.type': '#microsoft.graph.fileAttachment', contentType: 'application/pdf' });
    expect(Buffer.from(sent.message.attachments[0].contentBytes, 'base64').equals(Buffer.from(pdf))).to.equal(true);
  });

  it('waits as Retry-After says on 429, then delivers once', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    tokenEndpoint('token-1');
    nock(GRAPH).post(`${sender}/sendMail`).reply(429, graphError('ApplicationThrottled', 'Application is over its MailboxConcurrency limit.'), { 'Retry-After': '120' });
    const [id] = await enqueue(config);
    const w = worker(config, pdfOfSize(1000));
    await w.drain();
    let row = (await repo.get(id!))!;
    expect(row.status).to.equal('pending');
    expect(row.lastError).to.contain('429 ApplicationThrottled');
    const wait = Date.parse(row.nextAttemptAt) - clock.getTime();
    expect(wait).to.be.at.least(120_000).and.at.most(132_000);
    clock = new Date(clock.getTime() + 60_000);
    expect(await w.drain(), 'nothing is tried before Retry-After has passed').to.equal(0);
    nock(GRAPH).post(`${sender}/sendMail`).reply(202, '', { 'request-id': 'req-2' });
    clock = new Date(clock.getTime() + 80_000);
    expect(await w.drain()).to.equal(1);
    row = (await repo.get(id!))!;
    expect(row).to.include({ status: 'delivered', attempts: 2, graphResultId: 'sendMail:req-2' });
  });

  it('fetches one fresh token after a 401 and delivers in the same attempt', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    tokenEndpoint('token-old');
    nock(GRAPH).matchHeader('authorization', 'Bearer token-old').post(`${sender}/sendMail`).reply(401, graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'));
    tokenEndpoint('token-new');
    nock(GRAPH).matchHeader('authorization', 'Bearer token-new').post(`${sender}/sendMail`).reply(202, '', { 'request-id': 'req-3' });
    const [id] = await enqueue(config);
    await worker(config, pdfOfSize(1000)).drain();
    expect(await repo.get(id!)).to.include({ status: 'delivered', attempts: 1 });
  });

  it('fails a 401 that a fresh token does not cure, naming the settings to check', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    tokenEndpoint('token-a');
    nock(GRAPH).post(`${sender}/sendMail`).reply(401, graphError('InvalidAuthenticationToken', 'Invalid audience.'));
    tokenEndpoint('token-b');
    nock(GRAPH).post(`${sender}/sendMail`).reply(401, graphError('InvalidAuthenticationToken', 'Invalid audience.'));
    const [id] = await enqueue(config);
    await worker(config, pdfOfSize(1000)).drain();
    const row = (await repo.get(id!))!;
    expect(row.status).to.equal('failed');
    expect(row.lastError).to.contain('tenantId, clientId and the credential');
  });

  it('fails a 403 with the missing permission named (Mail.Send for mail, Files.ReadWrite.All or Sites.Selected for uploads)', async () => {
    const config = deliveryConfigFor({ calendar: { enabled: false } });
    tokenEndpoint('token-1');
    nock(GRAPH).post(`${sender}/sendMail`).reply(403, graphError('ErrorAccessDenied', 'Access is denied. Check credentials and try again.'));
    nock(GRAPH).put(`${folder}/${fileName}:/content`).query({ '@microsoft.graph.conflictBehavior': 'fail' }).reply(403, graphError('accessDenied', 'Access denied'));
    const [mail, upload] = await enqueue(config);
    await worker(config, pdfOfSize(1000)).drain();
    const m = (await repo.get(mail!))!;
    const u = (await repo.get(upload!))!;
    expect(m.status).to.equal('failed');
    expect(m.lastError).to.contain('Mail.Send');
    expect(u.status).to.equal('failed');
    expect(u.lastError).to.contain('Files.ReadWrite.All').and.contain('Sites.Selected');
  });

  it('fails a token request the endpoint refuses (wrong secret) with the AADSTS code, never the secret', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    const refused = { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value. Trace ID: x', error_codes: [7000215] };
    nock(LOGIN).post(`/${TENANT}/oauth2/v2.0/token`).query(true).twice().reply(401, refused);
    const [id] = await enqueue(config);
    await worker(config, pdfOfSize(1000)).drain();
    const row = (await repo.get(id!))!;
    expect(row.status).to.equal('failed');
    expect(row.lastError).to.contain('AADSTS7000215');
    expect(row.lastError).to.not.contain('test-secret-value');
  });

  it('retries after a 503 and delivers the upload (simple PUT with conflictBehavior fail) on the next attempt', async () => {
    const config = deliveryConfigFor({ mode: 'upload', calendar: { enabled: false } });
    tokenEndpoint('token-1');
    nock(GRAPH).put(`${folder}/${fileName}:/content`).query({ '@microsoft.graph.conflictBehavior': 'fail' }).reply(503, graphError('serviceNotAvailable', 'Service unavailable'));
    const [id] = await enqueue(config);
    const w = worker(config, pdfOfSize(2000));
    await w.drain();
    let row = (await repo.get(id!))!;
    expect(row.status).to.equal('pending');
    // Equal jitter on the first retry: between half and the whole of the 30 s base.
    const wait = Date.parse(row.nextAttemptAt) - clock.getTime();
    expect(wait).to.be.within(15_000, 30_000);
    nock(GRAPH)
      .put(`${folder}/${fileName}:/content`)
      .query({ '@microsoft.graph.conflictBehavior': 'fail' })
      .reply(201, { id: '01ITEMID', name: 'Opfølgningsrapport 2026-05-01 til 2026-10-31.pdf', size: 2000, createdBy: { application: { id: CLIENT } } });
    clock = new Date(clock.getTime() + 31_000);
    await w.drain();
    row = (await repo.get(id!))!;
    expect(row).to.include({ status: 'delivered', graphResultId: '01ITEMID', attempts: 2 });
  });

  it('counts a call with no answer within the timeout as a network failure and retries it', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    tokenEndpoint('token-1');
    nock(GRAPH).post(`${sender}/sendMail`).delay(2000).reply(202, '');
    const [id] = await enqueue(config);
    await worker(config, pdfOfSize(1000), 200).drain();
    const row = (await repo.get(id!))!;
    expect(row.status).to.equal('pending');
    expect(row.lastError).to.match(/^network: no answer within/);
  });

  it('never overwrites: on 409 a file another made keeps its name and the report takes the next free one', async () => {
    const config = deliveryConfigFor({ mode: 'upload', calendar: { enabled: false } });
    tokenEndpoint('token-1');
    const taken = encodeURIComponent('Opfølgningsrapport 2026-05-01 til 2026-10-31 (2).pdf');
    nock(GRAPH).put(`${folder}/${fileName}:/content`).query({ '@microsoft.graph.conflictBehavior': 'fail' }).reply(409, graphError('nameAlreadyExists', 'The specified item name already exists.'));
    nock(GRAPH).get(`${folder}/${fileName}:`).query(true).reply(200, { id: 'SOMEONE-ELSES', size: 77, createdBy: { user: { displayName: 'Anna' } } });
    nock(GRAPH).put(`${folder}/${taken}:/content`).query({ '@microsoft.graph.conflictBehavior': 'fail' }).reply(201, { id: 'OURS-2', size: 1000 });
    const [id] = await enqueue(config);
    await worker(config, pdfOfSize(1000)).drain();
    expect(await repo.get(id!)).to.include({ status: 'delivered', graphResultId: 'OURS-2' });
  });

  it('uploads a large report through an upload session in 320 KiB-multiple chunks, without a token on the upload URL', async () => {
    const config = deliveryConfigFor({ mode: 'upload', calendar: { enabled: false } });
    const pdf = pdfOfSize(7 * 1024 * 1024 + 5);
    const uploadUrl = 'https://kommune.sharepoint.com/sites/boern/_api/v2.0/drives/b!drive-0123/items/01ROOT:/x:/uploadSession?guid=abc&path=~tmp&overwrite=False';
    const ranges: string[] = [];
    tokenEndpoint('token-1');
    let sessionBody: any = null;
    nock(GRAPH).post(`${folder}/${fileName}:/createUploadSession`, (b) => ((sessionBody = b), true)).reply(200, { uploadUrl, expirationDateTime: '2026-12-01T10:00:00Z', nextExpectedRanges: ['0-'] });
    const sp = nock('https://kommune.sharepoint.com', { badheaders: ['authorization'] });
    for (let start = 0, i = 0; start < pdf.length; start += 3_276_800, i++) {
      const end = Math.min(pdf.length, start + 3_276_800);
      const last = end === pdf.length;
      sp.put('/sites/boern/_api/v2.0/drives/b!drive-0123/items/01ROOT:/x:/uploadSession')
        .query(true)
        .reply(function () {
          ranges.push(String(this.req.headers['content-range']));
          return last ? [201, { id: 'BIG-ITEM', size: pdf.length }] : [202, { expirationDateTime: '2026-12-01T10:00:00Z', nextExpectedRanges: [`${end}-`] }];
        });
    }
    const [id] = await enqueue(config);
    await worker(config, pdf).drain();
    expect(sessionBody).to.deep.equal({ item: { '@microsoft.graph.conflictBehavior': 'fail', name: 'Opfølgningsrapport 2026-05-01 til 2026-10-31.pdf' } });
    expect(ranges).to.deep.equal([`bytes 0-3276799/${pdf.length}`, `bytes 3276800-6553599/${pdf.length}`, `bytes 6553600-${pdf.length - 1}/${pdf.length}`]);
    expect(await repo.get(id!)).to.include({ status: 'delivered', graphResultId: 'BIG-ITEM' });
  });

  it('mails a report over 3 MB as a draft created once, the attachment through an upload session, and the draft sent by its id', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    const pdf = pdfOfSize(4 * 1024 * 1024);
    const uploadUrl = 'https://outlook.office.com/api/v2.0/Users(\'x\')/Messages(\'DRAFT-1\')/AttachmentSessions(\'s1\')?authtoken=abc';
    tokenEndpoint('token-1');
    nock(GRAPH).matchHeader('prefer', 'IdType="ImmutableId"').post(`${sender}/messages`).reply(201, { id: 'DRAFT-1', isDraft: true });
    nock(GRAPH).get(`${sender}/messages/DRAFT-1/attachments`).query(true).reply(200, { value: [] });
    nock(GRAPH)
      .post(`${sender}/messages/DRAFT-1/attachments/createUploadSession`, { AttachmentItem: { attachmentType: 'file', name: 'Opfølgningsrapport 2026-05-01 til 2026-10-31.pdf', size: pdf.length, contentType: 'application/pdf' } })
      .reply(201, { uploadUrl, expirationDateTime: '2026-12-01T10:00:00Z', nextExpectedRanges: ['0-'] });
    nock('https://outlook.office.com', { badheaders: ['authorization'] })
      .put(/AttachmentSessions/)
      .reply(200, { expirationDateTime: '2026-12-01T10:00:00Z', nextExpectedRanges: ['3145728'] })
      .put(/AttachmentSessions/)
      .reply(201, '');
    nock(GRAPH).post(`${sender}/messages/DRAFT-1/send`).reply(202, '');
    const [id] = await enqueue(config);
    await worker(config, pdf).drain();
    expect(await repo.get(id!)).to.include({ status: 'delivered', graphResultId: 'DRAFT-1' });
  });

  it('after an attempt whose outcome is unknown, a kept draft that Graph has as sent is not sent again', async () => {
    const config = deliveryConfigFor({ mode: 'mail', calendar: { enabled: false } });
    const pdf = pdfOfSize(4 * 1024 * 1024);
    tokenEndpoint('token-1');
    nock(GRAPH).post(`${sender}/messages`).reply(201, { id: 'DRAFT-9', isDraft: true });
    nock(GRAPH).get(`${sender}/messages/DRAFT-9/attachments`).query(true).reply(200, { value: [{ name: 'Opfølgningsrapport 2026-05-01 til 2026-10-31.pdf', size: pdf.length }] });
    nock(GRAPH).post(`${sender}/messages/DRAFT-9/send`).reply(504, graphError('UnknownError', 'Gateway timeout'));
    const [id] = await enqueue(config);
    const w = worker(config, pdf);
    await w.drain();
    expect(await repo.get(id!)).to.include({ status: 'pending', graphResultId: 'DRAFT-9' });
    // Graph did send it before the gateway gave up: the draft is now a sent message.
    nock(GRAPH).get(`${sender}/messages/DRAFT-9`).query(true).reply(200, { id: 'DRAFT-9', isDraft: false });
    clock = new Date(clock.getTime() + 60_000);
    await w.drain();
    expect(await repo.get(id!)).to.include({ status: 'delivered', graphResultId: 'DRAFT-9', attempts: 2 });
  });

  it('creates one reminder with a transactionId at the next due date, moves it when the date changes, deletes it when the child leaves care', async () => {
    const config = deliveryConfigFor({ mode: 'mail' });
    const calendar = `/v1.0/users/${encodeURIComponent(CASEWORKER)}/events`;
    let created: any = null;
    tokenEndpoint('token-1');
    nock(GRAPH).post(`${sender}/sendMail`).reply(202, '');
    nock(GRAPH).post(calendar, (b) => ((created = b), true)).reply(201, { id: 'EVENT-1', subject: 'Opfølgning er snart aftalt' });
    await enqueue(config);
    const w = worker(config, pdfOfSize(1000));
    await w.drain();
    expect(created).to.include({ isAllDay: true, transactionId: eventTransactionId('C-100', 1), subject: 'Opfølgning er snart aftalt' });
    expect(created.start).to.deep.equal({ dateTime: '2027-04-30T00:00:00', timeZone: 'Romance Standard Time' });
    expect(JSON.stringify(created)).to.not.contain('C-100');
    expect(await repo.calendar('C-100')).to.include({ eventId: 'EVENT-1', eventDueOn: '2027-04-30' });

    const { wantCalendarReminder, removeCalendarReminder } = await import('../../plugin/storage/delivery-outbox-repository');
    let moved: any = null;
    nock(GRAPH).patch(`${calendar}/EVENT-1`, (b) => ((moved = b), true)).reply(200, { id: 'EVENT-1' });
    await wantCalendarReminder(t.db, { childId: 'C-100', caseworkerAddress: CASEWORKER, dueOn: '2027-05-15' }, '0101', null, clock.toISOString());
    await w.drain();
    expect(moved.start.dateTime).to.equal('2027-05-15T00:00:00');
    expect(await repo.calendar('C-100')).to.include({ eventId: 'EVENT-1', eventDueOn: '2027-05-15' });

    nock(GRAPH).delete(`${calendar}/EVENT-1`).reply(204);
    await removeCalendarReminder(t.db, 'C-100', clock.toISOString());
    await w.drain();
    expect(await repo.calendar('C-100')).to.include({ state: 'removed', eventId: null });
    expect((await repo.countByStatus()).delivered).to.equal(4);
  });
});
