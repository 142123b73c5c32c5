// Each measure is worded by the law it was granted under, as the host records it and the mapping reads it:
// Barnets Lov (from 1 January 2024) names a støttende indsats, or an anbringelse (§§ 46–47) where the mapping
// names the placement codes; Serviceloven names a foranstaltning; a law the mapping cannot read is an unknown
// law, said so, never guessed from the date unless the mapping says the host records no law (byGrantDate).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { createHostFollowUpSource, measureLawReader } from '../../adapters/follow-up/host-follow-up-source';
import { readDatabaseCatalog, type DatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { allTablesOf } from '../../adapters/mapping/mapping-on-database';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { assertValidMapping, validateMapping } from '../../adapters/mapping/mapping-validator';
import { buildFollowUpReport } from '../../plugin/follow-up/follow-up-report';
import type { HostMeasureChange } from '../../plugin/follow-up/follow-up-records';
import { DEFAULT_WELLBEING_RULER } from '../../plugin/follow-up/instruments/wellbeing-ruler';
import { loadReportMessages } from '../../plugin/follow-up/report-locale';
import { compileReportTemplates } from '../../plugin/follow-up/report-templates';
import { buildReportView } from '../../plugin/follow-up/report-view-model';
import { REFERENCE_MAPPING_FILE } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const messages = loadReportMessages();
const templates = compileReportTemplates();
const shipped = () => JSON.parse(readFileSync(REFERENCE_MAPPING_FILE, 'utf8'));

function viewOf(changes: HostMeasureChange[], lang: 'da' | 'en' = 'da') {
  const report = buildFollowUpReport({
    host: { child: { childId: 'c1', name: 'Ida', birthDate: '2013-04-06' }, rulerRatings: [], referrals: [], measureChanges: changes, absence: null },
    measurements: [],
    goals: [],
    goalRatings: [],
    schedule: { childId: 'c1', timesPerYear: 2, startDate: '2023-01-01' },
    lastReportDate: '2023-01-01',
    period: { from: '2023-01-01', to: '2025-06-30' },
    ruler: DEFAULT_WELLBEING_RULER,
  });
  return buildReportView(report, { lang, messages: messages[lang], today: '2025-06-30', due: null, timesPerYear: 2, synthetic: true, links: null });
}

describe('measures worded by the law they were granted under', () => {
  describe('in the report', () => {
    it('words a measure under Barnets Lov as a støttende indsats, and a placement code as an anbringelse', () => {
      const v = viewOf([
        { date: '2024-03-01', kind: 'measure-started', label: 'Familiebehandling (§ 32, stk. 1, nr. 2)', law: 'BL', placement: false },
        { date: '2024-05-01', kind: 'measure-started', label: 'Anbringelse uden for hjemmet med samtykke (§ 46)', law: 'BL', placement: true },
        { date: '2025-02-01', kind: 'measure-ended', label: 'Familiebehandling (§ 32, stk. 1, nr. 2)', law: 'BL', placement: false },
      ]);
      expect(v.social.changes).to.deep.equal([
        '1. marts 2024: støttende indsats efter barnets lov begyndt: Familiebehandling (§ 32, stk. 1, nr. 2)',
        '1. maj 2024: anbringelse efter barnets lov begyndt: Anbringelse uden for hjemmet med samtykke (§ 46)',
        '1. februar 2025: støttende indsats efter barnets lov afsluttet: Familiebehandling (§ 32, stk. 1, nr. 2)',
      ]);
      expect(v.social.changes.join(' ')).to.not.contain('foranstaltning');
    });

    it('words a measure under Serviceloven as a foranstaltning', () => {
      const v = viewOf([{ date: '2023-02-01', kind: 'measure-started', label: 'Familiebehandling (§ 52, stk. 3, nr. 3)', law: 'SEL', placement: false }]);
      expect(v.social.changes).to.deep.equal(['1. februar 2023: foranstaltning efter serviceloven begyndt: Familiebehandling (§ 52, stk. 3, nr. 3)']);
      expect(v.social.changes[0]).to.not.contain('indsats');
    });

    it('words a mixed history measure by measure, explains the two words, and says the same in the summary of what happened', () => {
      const changes: HostMeasureChange[] = [
        { date: '2023-02-01', kind: 'measure-started', label: 'Fast kontaktperson (§ 52, stk. 3, nr. 6)', law: 'SEL' },
        { date: '2023-12-31', kind: 'measure-ended', label: 'Fast kontaktperson (§ 52, stk. 3, nr. 6)', law: 'SEL' },
        { date: '2024-01-15', kind: 'measure-started', label: 'Fast kontaktperson (§ 32, stk. 1, nr. 5)', law: 'BL' },
        { date: '2024-06-01', kind: 'placement-started', label: 'PLEJEFAMILIE' },
      ];
      const v = viewOf(changes);
      expect(v.social.changes).to.deep.equal([
        '1. februar 2023: foranstaltning efter serviceloven begyndt: Fast kontaktperson (§ 52, stk. 3, nr. 6)',
        '31. december 2023: foranstaltning efter serviceloven afsluttet: Fast kontaktperson (§ 52, stk. 3, nr. 6)',
        // the mapping does not say which codes are placements: "indsats", never a støttende indsats by guess
        '15. januar 2024: indsats efter barnets lov begyndt: Fast kontaktperson (§ 32, stk. 1, nr. 5)',
        '1. juni 2024: anbragt (plejefamilie)',
      ]);
      expect(v.social.lawNote).to.contain('støttende indsatser').and.contain('foranstaltninger');
      expect(v.summary.other).to.include('15. januar 2024: indsats efter barnets lov begyndt: Fast kontaktperson (§ 32, stk. 1, nr. 5)');
      const html = templates.page(v);
      expect(html).to.contain('Ændringer i indsatser, foranstaltninger og anbringelse i perioden');
      expect(html).to.contain('foranstaltning efter serviceloven begyndt').and.contain('indsats efter barnets lov begyndt');
      expect(viewOf([{ date: '2024-06-01', kind: 'placement-started', label: 'PLEJEFAMILIE' }]).social.lawNote).to.equal(null);
    });

    it('says the law is unknown when it is, with neither law\'s word alone', () => {
      const v = viewOf([{ date: '2025-03-01', kind: 'measure-started', label: 'XX9', law: null }]);
      expect(v.social.changes).to.deep.equal(['1. marts 2025: foranstaltning eller indsats begyndt: XX9 (loven, den er bevilget efter, er ukendt)']);
    });

    it('words each law in English too', () => {
      const v = viewOf(
        [
          { date: '2023-02-01', kind: 'measure-started', label: 'Family therapy', law: 'SEL' },
          { date: '2024-02-01', kind: 'measure-started', label: 'Family therapy', law: 'BL', placement: false },
          { date: '2024-03-01', kind: 'measure-started', label: 'XX9', law: null },
        ],
        'en',
      );
      expect(v.social.changes).to.deep.equal([
        '1 February 2023: measure under the Social Services Act started: Family therapy',
        '1 February 2024: supportive measure under the Children\'s Act started: Family therapy',
        '1 March 2024: measure started: XX9 (the law it was granted under is unknown)',
      ]);
    });
  });

  describe('read from the host through the mapping', () => {
    let catalog: DatabaseCatalog;
    let db: Knex;
    before(async () => {
      db = openSqlite((await sharedSeededDatabase()).file);
      catalog = await readDatabaseCatalog(db, allTablesOf(shipped()));
    });
    after(() => db.destroy());

    it('reads the reference host\'s recorded law (foranstaltning.lov) for measures under both laws, placements by the placement codes', async () => {
      const mapping = assertValidMapping(shipped(), 'reference');
      const host = createHostFollowUpSource(db, mapping);
      const rows = await db('foranstaltning').join('sag', 'sag.sag_id', 'foranstaltning.sag_id').select('sag.barn_id as child', 'foranstaltning.lov as lov', 'foranstaltning.paragraf_kode as code').orderBy('foranstaltning_id');
      const mixed = rows.find((r) => rows.some((o) => o.child === r.child && o.lov !== r.lov))!;
      const changes = (await host.read(String(mixed.child)))!.measureChanges.filter((c) => c.kind === 'measure-started');
      expect(new Set(changes.map((c) => c.law))).to.deep.equal(new Set(['SEL', 'BL']));
      for (const c of changes) expect(c.placement).to.equal(/Anbringelse/.test(c.label));
    });

    it('reads a recorded law value the mapping does not know as unknown, never by its date or § code', () => {
      const mapping = assertValidMapping(shipped(), 'reference');
      const lawOf = measureLawReader(mapping, mapping.followUp!);
      expect(lawOf({ code: 'BL-46', law: 'BL' })).to.equal('BL');
      expect(lawOf({ code: 'SEL-58', law: 'SEL' })).to.equal('SEL');
      expect(lawOf({ code: 'BL-46', law: 'Barnets lov' })).to.equal(null);
      // nothing recorded: the § code's list decides, as the mapping says
      expect(lawOf({ code: 'BL-46', law: null })).to.equal('BL');
      expect(lawOf({ code: 'ZZ-1', law: '' })).to.equal(null);
    });

    it('reads the law by the grant date only where the mapping says the host records none (byGrantDate)', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-grant-date-'));
      const hostDb = knexFactory({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'host.sqlite') }, useNullAsDefault: true });
      try {
        await hostDb.schema.createTable('barn', (t) => {
          t.string('id').primary();
          t.string('navn');
          t.string('familie');
          t.date('fodt');
        });
        await hostDb.schema.createTable('tiltag', (t) => {
          t.string('nr').primary();
          t.string('barn');
          t.string('kode');
          t.date('bevilget');
          t.date('fra');
          t.date('til');
        });
        await hostDb.schema.createTable('ophold', (t) => {
          t.string('nr').primary();
          t.string('barn');
          t.date('fra');
          t.date('til');
          t.string('sted');
        });
        await hostDb.schema.createTable('henv', (t) => {
          t.string('nr').primary();
          t.string('barn');
          t.datetime('modtaget');
        });
        await hostDb('barn').insert({ id: 'b1', navn: 'Bo', familie: 'f1', fodt: '2012-01-01' });
        await hostDb('tiltag').insert([
          { nr: 't1', barn: 'b1', kode: 'K7', bevilget: '2023-12-31', fra: '2024-01-02', til: null },
          { nr: 't2', barn: 'b1', kode: 'K7', bevilget: '2024-01-01', fra: '2024-01-03', til: null },
          { nr: 't3', barn: 'b1', kode: 'K7', bevilget: null, fra: '2024-01-04', til: null },
        ]);
        const raw = {
          formatVersion: 1,
          name: 'Uden lovkolonne',
          referral: { table: 'henv', id: 'nr', child: 'barn', receivedAt: { column: 'modtaget', type: 'datetime' } },
          child: { table: 'barn', id: 'id', family: 'familie', birth: { column: 'fodt', format: 'date' } },
          features: {},
          followUp: {
            child: { lastName: 'navn' },
            placements: { table: 'ophold', id: 'nr', child: 'barn', start: { column: 'fra', type: 'date' }, end: { column: 'til', type: 'date' }, site: 'sted' },
            measures: { table: 'tiltag', id: 'nr', child: 'barn', code: 'kode', start: { column: 'fra', type: 'date' }, end: { column: 'til', type: 'date' }, law: { byGrantDate: { column: 'bevilget', type: 'date' } } },
          },
        };
        const catalogB = await readDatabaseCatalog(hostDb, ['barn', 'tiltag', 'ophold', 'henv']);
        const checked = validateMapping(raw, { catalog: catalogB });
        expect(checked.problems).to.deep.equal([]);
        const changes = (await createHostFollowUpSource(hostDb, checked.mapping as FieldMapping).read('b1'))!.measureChanges;
        expect(changes.map((c) => c.law)).to.deep.equal(['SEL', 'BL', null]);
      } finally {
        await hostDb.destroy();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('lists, with a fix, a law part the report could not read', () => {
      const paths = (edit: (m: ReturnType<typeof shipped>) => void) => {
        const m = shipped();
        edit(m);
        return validateMapping(m, { catalog }).problems.map((p) => p.path);
      };
      expect(paths((m) => delete m.followUp.measures.law.serviceloven)).to.deep.equal(['$.followUp.measures.law']);
      expect(paths((m) => (m.followUp.measures.law.byGrantDate = { column: 'afgoerelse_dato', type: 'date' }))).to.deep.equal(['$.followUp.measures.law']);
      expect(paths((m) => (m.followUp.measures.law.column = 'no_such_column'))).to.deep.equal(['$.followUp.measures.law.column']);
      expect(paths((m) => m.codeLists.follow_up_law_serviceloven.codes.push('BL'))).to.deep.equal(['$.followUp.measures.law']);
      expect(paths((m) => (m.followUp.measures.law.barnetsLov = 'no_such_list'))).to.deep.equal(['$.followUp.measures.law.barnetsLov']);
      expect(paths((m) => (m.followUp.measures.placementCodes = 'no_such_list'))).to.deep.equal(['$.followUp.measures.placementCodes']);
      expect(paths((m) => {
        delete m.followUp.measures.law;
        delete m.followUp.measures.laws;
      })).to.deep.equal(['$.followUp.measures']);
      expect(paths((m) => delete m.followUp.measures.laws)).to.deep.equal([]);
    });
  });
});
