// The follow-up report on a second host whose tables, columns and code values all differ from the reference
// schema (Sagssystem B, adapters/README.md's second worked example), built here with knex on SQLite in a
// temporary folder, read only through its mapping (test/fixtures/mappings/second-host-follow-up.json). Its ids
// are 20-digit text: every digit, and the leading zeros, survive from the host to the report and back.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import knexFactory, { type Knex } from 'knex';
import { createHostFollowUpSource } from '../../adapters/follow-up/host-follow-up-source';
import { validateMappingOnDatabase } from '../../adapters/mapping/mapping-on-database';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { mappingOrThrow } from '../../adapters/mapping/mapping-validator';
import type { FollowUpReport } from '../../plugin/follow-up/follow-up-report';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import { followUpDeps, type FollowUpDeps } from '../../plugin/server/follow-up-setup';
import { errorMiddleware } from '../../plugin/server/http-errors';
import { createTokenVerifier, mintDevelopmentToken } from '../../plugin/server/launch-token';
import { createLogger, requestLogging } from '../../plugin/server/request-logger';
import { followUpRoutes } from '../../plugin/server/routes/follow-up-routes';
import { AuditRepository } from '../../plugin/storage/audit-repository';
import { migratePluginDatabase, openPluginDatabase } from '../../plugin/storage/plugin-database';
import { ViewSessionRepository } from '../../plugin/storage/view-session-repository';
import { ViewAccess } from '../../plugin/server/view-access';
import { REPO_ROOT } from '../helpers/model-packages';

const TODAY = '2025-06-30';
/** Longer than a double holds exactly (2^53 has 16 digits): as a number it would become 12345678901234567000. */
const CHILD = '12345678901234567890';
/** Differs from CHILD in the last digit only: a lossy id would read CHILD's records for it. */
const NEIGHBOUR = '12345678901234567891';
/** Leading zeros belong to a text id. */
const ZEROS = '00000000000000000042';
const MAPPING_FILE = path.join(REPO_ROOT, 'test', 'fixtures', 'mappings', 'second-host-follow-up.json');

/** Sagssystem B: no table, column or code value of the reference schema. */
async function buildSecondHost(db: Knex): Promise<void> {
  const id = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 20).primary();
  await db.schema.createTable('klient', (t) => {
    id(t, 'klient_nr');
    t.string('husstand_nr', 20);
    t.string('fornavne', 100);
    t.string('slaegtsnavn', 100).notNullable();
    t.date('fodt');
  });
  await db.schema.createTable('henvendelse', (t) => {
    id(t, 'henv_nr');
    t.string('klient_nr', 20).notNullable();
    t.datetime('indgaaet').notNullable();
  });
  await db.schema.createTable('ophold', (t) => {
    id(t, 'ophold_nr');
    t.string('klient_nr', 20).notNullable();
    t.date('fra_dato').notNullable();
    t.date('til_dato');
    t.string('stedtype', 10).notNullable();
  });
  await db.schema.createTable('trivsel_maaling', (t) => {
    id(t, 'maaling_nr');
    t.string('klient_nr', 20).notNullable();
    t.date('maalt_den').notNullable();
    t.string('livsomraade', 4).notNullable();
    t.integer('point').notNullable();
  });
  await db.schema.createTable('sagsmappe', (t) => {
    id(t, 'mappe_nr');
    t.string('klient_nr', 20).notNullable();
    t.string('journal_nr', 40).notNullable();
    t.date('oprettet').notNullable();
  });
  await db.schema.createTable('indsats', (t) => {
    id(t, 'indsats_nr');
    t.string('mappe_nr', 20).notNullable();
    t.string('lovgrundlag', 12).notNullable();
    t.string('lovgivning', 4); // the law of the decision, in Sagssystem B's own values (SERV, BARN); may be empty
    t.date('bevilget_fra').notNullable();
    t.date('bevilget_til');
  });
  await db.schema.createTable('lovgrundlag_tekst', (t) => {
    t.string('kode', 12).primary();
    t.string('titel', 200).notNullable();
    t.string('paragraf_tekst', 60);
  });
  await db.schema.createTable('skolefravaer', (t) => {
    id(t, 'fravaer_nr');
    t.string('klient_nr', 20).notNullable();
    t.date('periode_slut').notNullable();
    t.decimal('fravaer_procent', 5, 1).notNullable();
  });

  await db('klient').insert([
    { klient_nr: CHILD, husstand_nr: '90000000000000000001', fornavne: 'Alma', slaegtsnavn: 'Eksempel', fodt: '2012-03-04' },
    { klient_nr: ZEROS, husstand_nr: '90000000000000000002', fornavne: 'Bo', slaegtsnavn: 'Nulsen', fodt: '2010-11-20' },
  ]);
  await db('henvendelse').insert([
    { henv_nr: '70000000000000000001', klient_nr: CHILD, indgaaet: '2022-09-14 10:30:00' },
    { henv_nr: '70000000000000000002', klient_nr: CHILD, indgaaet: '2025-02-10 08:05:00' },
  ]);
  await db('ophold').insert([
    { ophold_nr: '60000000000000000001', klient_nr: CHILD, fra_dato: '2023-05-01', til_dato: null, stedtype: 'PF' },
    { ophold_nr: '60000000000000000002', klient_nr: ZEROS, fra_dato: '2024-08-01', til_dato: null, stedtype: 'INST-S' },
    // ended before today: not in care through this placement
    { ophold_nr: '60000000000000000003', klient_nr: ZEROS, fra_dato: '2021-01-01', til_dato: '2022-01-01', stedtype: 'OS' },
  ]);
  const areas = ['L1', 'L2', 'L3', 'L4', 'L5'];
  await db('trivsel_maaling').insert([
    ...areas.map((area, i) => ({ maaling_nr: `5000000000000000001${i}`, klient_nr: CHILD, maalt_den: '2024-12-01', livsomraade: area, point: 4 })),
    ...areas.map((area, i) => ({ maaling_nr: `5000000000000000002${i}`, klient_nr: CHILD, maalt_den: '2025-06-01', livsomraade: area, point: area === 'L3' ? 8 : 5 })),
  ]);
  await db('sagsmappe').insert([{ mappe_nr: '40000000000000000001', klient_nr: CHILD, journal_nr: '27.24.08-G01-123-23', oprettet: '2023-01-05' }]);
  await db('indsats').insert([
    // a mixed history: the law as recorded (SERV, BARN), a value the mapping does not know (unknown, though its
    // § code and date would point at Barnets Lov), and one with no law recorded (its § code decides)
    { indsats_nr: '30000000000000000001', mappe_nr: '40000000000000000001', lovgrundlag: 'SL52.3.3', lovgivning: 'SERV', bevilget_fra: '2023-01-10', bevilget_til: '2023-12-31' },
    { indsats_nr: '30000000000000000002', mappe_nr: '40000000000000000001', lovgrundlag: 'BL32.1.2', lovgivning: 'BARN', bevilget_fra: '2025-01-15', bevilget_til: null },
    { indsats_nr: '30000000000000000003', mappe_nr: '40000000000000000001', lovgrundlag: 'XX9', lovgivning: null, bevilget_fra: '2025-03-01', bevilget_til: null },
    { indsats_nr: '30000000000000000004', mappe_nr: '40000000000000000001', lovgrundlag: 'BL46', lovgivning: 'BARN', bevilget_fra: '2024-03-01', bevilget_til: null },
    { indsats_nr: '30000000000000000005', mappe_nr: '40000000000000000001', lovgrundlag: 'BL32.1.5', lovgivning: 'B24', bevilget_fra: '2025-04-01', bevilget_til: null },
  ]);
  await db('lovgrundlag_tekst').insert([
    { kode: 'SL52.3.3', titel: 'Familiebehandling', paragraf_tekst: 'SEL § 52, stk. 3, nr. 3' },
    { kode: 'BL32.1.2', titel: 'Familiebehandling', paragraf_tekst: 'BL § 32, stk. 1, nr. 2' },
    { kode: 'BL32.1.5', titel: 'Fast kontaktperson', paragraf_tekst: 'BL § 32, stk. 1, nr. 5' },
    { kode: 'BL46', titel: 'Anbringelse uden for hjemmet med samtykke', paragraf_tekst: 'BL § 46' },
  ]);
  await db('skolefravaer').insert([
    { fravaer_nr: '20000000000000000001', klient_nr: CHILD, periode_slut: '2025-01-31', fravaer_procent: 8.5 },
    { fravaer_nr: '20000000000000000002', klient_nr: CHILD, periode_slut: '2025-05-31', fravaer_procent: 12 },
  ]);
}

describe('the follow-up report on a second host through its mapping (Sagssystem B, 20-digit text ids)', () => {
  let dir: string;
  let hostDb: Knex;
  let pluginDb: Knex;
  let mapping: FieldMapping;
  let deps: FollowUpDeps;
  let server: Server;
  let url: string;
  const raw = JSON.parse(readFileSync(MAPPING_FILE, 'utf8'));
  const key = new TextEncoder().encode(randomBytes(32).toString('base64url'));
  /** A fresh launch token per request, in the header: each launch token opens one view. */
  const bearer = async (childId: string) => ({ authorization: `Bearer ${await token(childId)}` });
  const token = (childId: string) => mintDevelopmentToken(key, { userId: 'sagsbehandler-b', role: 'caseworker', childId, audience: 'beslutningsstotte', lifetimeSeconds: 300 });

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-second-host-'));
    hostDb = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'host.sqlite') }, useNullAsDefault: true });
    await buildSecondHost(hostDb);
    mapping = mappingOrThrow(await validateMappingOnDatabase(raw, hostDb), MAPPING_FILE);
    pluginDb = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } });
    await migratePluginDatabase(pluginDb);
    deps = await followUpDeps(hostDb, pluginDb, mapping, { today: () => TODAY, synthetic: false });
    const logger = createLogger({ level: 'silent' });
    const app = express();
    app.set('query parser', 'simple');
    app.use(requestLogging(logger));
    const verify = createTokenVerifier({ audience: 'beslutningsstotte', maxLifetimeSeconds: 600, hostKeys: [], developmentKey: key });
    const views = new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: 600, basePath: '' });
    app.use(followUpRoutes({ deps, views, basePath: '', publicBaseUrl: 'https://beslutningsstotte.kommune.example', audit: { audit: new AuditRepository(pluginDb) } }));
    app.use(errorMiddleware({ templates: compilePanelTemplates(), messages: loadMessages(), logger, basePath: '' }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await deps?.pdf.close();
    await Promise.all([hostDb?.destroy(), pluginDb?.destroy()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('validates against the second host\'s own tables and columns, with nothing refused', async () => {
    const result = await validateMappingOnDatabase(raw, hostDb);
    expect(result.problems).to.deep.equal([]);
    expect(result.refusals).to.deep.equal([]);
    expect(result.unsafe).to.deep.equal([]);
  });

  it('finds the children in care by their exact text ids, leading zeros and all', async () => {
    const inCare = await deps.host.childrenInCare(TODAY);
    expect(inCare.map((c) => c.childId)).to.deep.equal([ZEROS, CHILD]);
    expect(inCare.find((c) => c.childId === CHILD)).to.deep.equal({ childId: CHILD, placedSince: '2023-05-01', birthDate: '2012-03-04' });
    expect(await deps.host.read(NEIGHBOUR)).to.equal(null);
  });

  it('reads the child, ratings by the ruler\'s areas, measures with their law, placements, absence and the case number through the mapping', async () => {
    const data = (await createHostFollowUpSource(hostDb, mapping).read(CHILD))!;
    expect(data.child).to.deep.equal({ childId: CHILD, name: 'Alma Eksempel', birthDate: '2012-03-04' });
    expect([...new Set(data.rulerRatings.map((r) => r.area))].sort()).to.deep.equal(['FAMILIE', 'FRITID_VENSKABER', 'SKOLE', 'SUNDHED', 'UDVIKLING_ADFAERD']);
    expect(data.rulerRatings.find((r) => r.area === 'SKOLE' && r.measuredOn === '2025-06-01')!.values).to.deep.equal({ value: 8 });
    expect(data.referrals).to.deep.equal([
      { referralId: '70000000000000000001', receivedOn: '2022-09-14' },
      { referralId: '70000000000000000002', receivedOn: '2025-02-10' },
    ]);
    expect(data.measureChanges).to.deep.equal([
      { date: '2023-01-10', kind: 'measure-started', label: 'Familiebehandling (SEL § 52, stk. 3, nr. 3)', law: 'SEL', placement: false },
      { date: '2023-05-01', kind: 'placement-started', label: 'PLEJEFAMILIE' },
      { date: '2023-12-31', kind: 'measure-ended', label: 'Familiebehandling (SEL § 52, stk. 3, nr. 3)', law: 'SEL', placement: false },
      { date: '2024-03-01', kind: 'measure-started', label: 'Anbringelse uden for hjemmet med samtykke (BL § 46)', law: 'BL', placement: true },
      { date: '2025-01-15', kind: 'measure-started', label: 'Familiebehandling (BL § 32, stk. 1, nr. 2)', law: 'BL', placement: false },
      // no law recorded, and a § code in neither list: unknown
      { date: '2025-03-01', kind: 'measure-started', label: 'XX9', law: null, placement: false },
      // a law value the mapping does not know: unknown, though its § code and its date would say Barnets Lov
      { date: '2025-04-01', kind: 'measure-started', label: 'Fast kontaktperson (BL § 32, stk. 1, nr. 5)', law: null, placement: false },
    ]);
    expect(data.absence).to.deep.equal([
      { periodEnd: '2025-01-31', percent: 8.5 },
      { periodEnd: '2025-05-31', percent: 12 },
    ]);
    expect(data.caseNumbers).to.deep.equal([{ number: '27.24.08-G01-123-23', opened: '2023-01-05' }]);
    expect(data.municipality).to.equal('Eksempel Kommune');
    expect((await createHostFollowUpSource(hostDb, mapping).read(ZEROS))!.measureChanges).to.deep.equal([
      { date: '2021-01-01', kind: 'placement-started', label: 'OPHOLDSSTED' },
      { date: '2022-01-01', kind: 'placement-ended', label: 'OPHOLDSSTED' },
      { date: '2024-08-01', kind: 'placement-started', label: 'DOEGNINSTITUTION' },
    ]);
  });

  it('serves the report over HTTP for the 20-digit child: ratings, changes, absence, and the child\'s own entry stored under the same id', async () => {
    const res = await fetch(`${url}/api/v1/children/${CHILD}/follow-up`, { headers: await bearer(CHILD) });
    expect(res.status).to.equal(200);
    const { report } = (await res.json()) as { report: FollowUpReport };
    expect(report.child).to.include({ childId: CHILD, name: 'Alma Eksempel', age: 13 });
    const school = report.ruler.areas.find((a) => a.area === 'SKOLE')!;
    expect(school.change.latest).to.include({ date: '2025-06-01', value: 8 });
    expect(report.social.absence).to.deep.equal([
      { periodEnd: '2025-01-31', percent: 8.5 },
      { periodEnd: '2025-05-31', percent: 12 },
    ]);
    expect(report.social.changesInPeriod.map((c) => c.label)).to.include('Familiebehandling (BL § 32, stk. 1, nr. 2)');

    const page = await fetch(`${url}/panel/children/${CHILD}/follow-up`, { headers: await bearer(CHILD) });
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('Alma Eksempel').and.contain('12');

    const stored = await fetch(`${url}/api/v1/children/${CHILD}/follow-up/entries/cors`, {
      method: 'POST',
      headers: { ...(await bearer(CHILD)), 'content-type': 'application/json' },
      body: JSON.stringify({ measuredOn: TODAY, me: 7, family: 6, school: 8, everything: 7 }),
    });
    expect(stored.status).to.equal(201);
    expect(((await stored.json()) as { childId: string }).childId).to.equal(CHILD);
    expect(await pluginDb('bs_fu_measurement').where({ child_id: CHILD }).pluck('child_id')).to.deep.equal([CHILD]);
    expect(await pluginDb('bs_fu_measurement').where({ child_id: NEIGHBOUR }).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
  });

  it('files the 20-digit child\'s period once, with the case number the second host records, and leaves its neighbour unfiled', async () => {
    const file = async () =>
      fetch(`${url}/api/v1/children/${CHILD}/follow-up/filings`, { method: 'POST', headers: { ...(await bearer(CHILD)), 'content-type': 'application/json' }, body: '{}' });
    const first = await file();
    expect(first.status).to.equal(201);
    const { filing } = (await first.json()) as { filing: { childId: string; caseNumber: string | null; filedBy: string; periodTo: string } };
    expect(filing).to.include({ childId: CHILD, caseNumber: '27.24.08-G01-123-23', filedBy: 'sagsbehandler-b', periodTo: TODAY });
    const again = await file();
    expect(again.status).to.equal(200);
    expect(await pluginDb('bs_fu_filing').pluck('child_id')).to.deep.equal([CHILD]);
    expect((await deps.repo.lastFiledReports()).get(CHILD)).to.equal(TODAY);
    expect((await deps.repo.lastFiledReports()).has(NEIGHBOUR)).to.equal(false);
  });

  it('opens no other child with the 20-digit child\'s token, not even the one a lossy id would confuse it with', async () => {
    const res = await fetch(`${url}/api/v1/children/${NEIGHBOUR}/follow-up`, { headers: await bearer(CHILD) });
    expect(res.status).to.equal(403);
    expect(((await res.json()) as { code: string }).code).to.equal('TOKEN_WRONG_CASE');
  });
});
