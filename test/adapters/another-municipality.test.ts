// Another municipality's case system, built with knex in a temporary SQLite file: its own table and column
// names, dates as Danish text, applications in the referral table, household history with a number of adults.
// Each test takes a mapping that validation alone used to accept and that gave wrong features without a word,
// and proves that validation or the dry run of `mapping check` now names it (and that the right mapping gives
// the right features).
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../adapters/database-config';
import { dryRunMapping } from '../../adapters/extraction/mapping-dry-run';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { readDatabaseCatalog } from '../../adapters/mapping/database-catalog';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { assertValidMapping, validateMapping } from '../../adapters/mapping/mapping-validator';

const TABLES = ['henvendelse', 'born', 'indsats', 'husstand_hist', 'sag'];
const FEATURES = ['tidligere_underretninger', 'kilde_skole', 'indsatser', 'en_voksen', 'aaben_sag'];

/** Twelve children in eight households; each child has referrals, applications, measures, cases. */
async function buildMunicipality(db: Knex): Promise<void> {
  await db.schema.createTable('born', (t) => {
    t.integer('barn_nr'); // no primary key: the municipality's view of children and households
    t.integer('husstand').notNullable();
    t.string('foedt', 10).notNullable(); // ISO text
  });
  await db.schema.createTable('henvendelse', (t) => {
    t.integer('hv_id').primary();
    t.integer('barn_nr').notNullable();
    t.string('modtaget', 19).notNullable(); // 'YYYY-MM-DD HH:MM:SS'
    t.string('art', 20).notNullable(); // UNDERRETNING, ANSOEGNING (an application for help), FORESPOERGSEL
    t.string('kilde', 30).notNullable();
    t.integer('sag_nr'); // written onto the row when a case is opened later
  });
  await db.schema.createTable('sag', (t) => {
    t.integer('sag_nr').primary();
    t.integer('barn_nr').notNullable();
    t.string('aabnet', 10).notNullable();
    t.string('lukket', 10); // filled in when the case closes
  });
  await db.schema.createTable('indsats', (t) => {
    t.integer('indsats_id').primary();
    t.integer('sag_nr').notNullable();
    t.integer('barn_nr').notNullable();
    t.string('paragraf', 20).notNullable();
    t.string('startdato', 10).notNullable(); // DD-MM-YYYY, as the municipality's system writes it
    t.string('slutdato', 10);
  });
  await db.schema.createTable('husstand_hist', (t) => {
    t.integer('hh_id').primary();
    t.integer('husstand').notNullable();
    t.string('gyldig_fra', 10).notNullable();
    t.integer('antal_voksne').notNullable();
  });
  let hv = 1;
  let sag = 101; // case numbers are not child numbers
  let indsats = 1;
  let hh = 1;
  for (let child = 1; child <= 12; child++) {
    const household = Math.ceil(child / 1.5);
    await db('born').insert({ barn_nr: child, husstand: household, foedt: `201${child % 10}-0${(child % 9) + 1}-15` });
    const year = 2020 + (child % 3);
    await db('sag').insert({ sag_nr: sag, barn_nr: child, aabnet: `${year}-01-10`, lukket: child % 2 === 0 ? `${year}-06-01` : null });
    for (const [i, paragraf] of ['BL-32-1-1', 'BL-46'].entries()) {
      await db('indsats').insert({ indsats_id: indsats++, sag_nr: sag, barn_nr: child, paragraf, startdato: i === 0 ? `10-02-${year}` : `15-0${child % 2 ? 6 : 2}-${year}`, slutdato: null });
    }
    sag++;
    await db('henvendelse').insert([
      { hv_id: hv++, barn_nr: child, modtaget: `${year}-03-01 09:00:00`, art: 'ANSOEGNING', kilde: 'FORAELDRE', sag_nr: null },
      { hv_id: hv++, barn_nr: child, modtaget: `${year}-04-01 10:00:00`, art: 'UNDERRETNING', kilde: child % 2 ? 'SKOLE' : 'POLITI', sag_nr: null },
      { hv_id: hv++, barn_nr: child, modtaget: `${year + 1}-05-01 11:00:00`, art: 'UNDERRETNING', kilde: child % 3 ? 'SKOLE' : 'LAEGE', sag_nr: null },
    ]);
  }
  for (let household = 1; household <= 8; household++) {
    await db('husstand_hist').insert({ hh_id: hh++, husstand: household, gyldig_fra: '2015-01-01', antal_voksne: household % 2 ? 1 : 2 });
  }
}

const subject = (table: string, id: string, key: string, date?: string, format?: string) => ({
  table,
  id,
  key,
  ...(date ? { date: { column: date, type: 'date' as const, ...(format ? { format: format as 'DD-MM-YYYY' } : {}) } } : {}),
});

/** The municipality's mapping, as its IT would write it from adapters/README.md. */
function municipalityMapping(): FieldMapping {
  return {
    formatVersion: 1,
    name: 'Another municipality (test)',
    referral: {
      table: 'henvendelse',
      id: 'hv_id',
      child: 'barn_nr',
      receivedAt: { column: 'modtaget', type: 'datetime' },
      filters: [{ column: 'art', equals: 'UNDERRETNING' }],
    },
    child: { table: 'born', id: 'barn_nr', family: 'husstand', birth: { column: 'foedt', format: 'date' } },
    codeLists: {
      skole: { codes: ['SKOLE'] },
      kilde_anden: { description: 'known sources no feature counts', codes: ['POLITI', 'LAEGE', 'FORAELDRE'] },
      art_anden: { codes: ['ANSOEGNING', 'FORESPOERGSEL'] },
      indsatser: { codes: ['BL-32-1-1', 'BL-46'] },
    },
    features: {
      tidligere_underretninger: { subject: 'child', source: { ...subject('henvendelse', 'hv_id', 'barn_nr'), date: { column: 'modtaget', type: 'datetime' } }, aggregate: { fn: 'count' } },
      kilde_skole: { subject: 'referral', source: subject('henvendelse', 'hv_id', 'hv_id'), filters: [{ column: 'kilde', inList: 'skole' }], aggregate: { fn: 'exists' } },
      indsatser: {
        subject: 'child',
        source: subject('indsats', 'indsats_id', 'barn_nr', 'startdato', 'DD-MM-YYYY'),
        filters: [{ column: 'paragraf', inList: 'indsatser' }],
        aggregate: { fn: 'count' },
      },
      en_voksen: {
        subject: 'family',
        source: subject('husstand_hist', 'hh_id', 'husstand', 'gyldig_fra'),
        aggregate: { fn: 'latest', value: { test: { column: 'antal_voksne', equals: 1 } } },
      },
      aaben_sag: {
        subject: 'child',
        source: { ...subject('sag', 'sag_nr', 'barn_nr', 'aabnet'), end: { column: 'lukket', type: 'date' } },
        window: { activeAtReferral: true },
        aggregate: { fn: 'exists' },
      },
    },
    changingColumns: { henvendelse: ['sag_nr'] },
  } as FieldMapping;
}

describe('mapping check on another municipality\'s schema (a knex-built SQLite in a temporary folder)', () => {
  let dir: string;
  let db: Knex;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-municipality-'));
    db = openDatabase({ client: 'better-sqlite3', connection: { filename: path.join(dir, 'host.sqlite') } }, { create: true });
    await buildMunicipality(db);
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const catalogFor = () => readDatabaseCatalog(db, [...TABLES, 'no_such_table']);
  const validate = async (m: unknown) => validateMapping(m, { catalog: await catalogFor() });
  const dryRun = async (m: FieldMapping) => dryRunMapping(db, assertValidMapping(m, 'm.json'), { recent: 100, features: FEATURES, catalog: await catalogFor() });
  const problemPaths = (r: { problems: ReadonlyArray<{ path: string }> }) => r.problems.map((p) => p.path);

  /** Applies a change to the data for one test and undoes it afterwards. */
  async function withData(change: (db: Knex) => Promise<void>, undo: (db: Knex) => Promise<void>, run: () => Promise<void>): Promise<void> {
    await change(db);
    try {
      await run();
    } finally {
      await undo(db);
    }
  }

  it('passes the municipality\'s own mapping, and gives the right features (applications are not referrals)', async () => {
    const m = municipalityMapping();
    expect((await validate(m)).problems).to.deep.equal([]);
    const report = await dryRun(m);
    expect(report.problems).to.deep.equal([]);
    expect(report.referrals.checked).to.equal(24); // 36 rows, of which 12 applications
    const extractor = new FeatureExtractor(db, assertValidMapping(m, 'm.json'));
    // Child 1: household 1 (one adult), case 2021-01-10 (open), measures 10.02 and 15.06.2021, application 2021-03-01.
    const second = await extractor.extract(3); // child 1's second referral, 2022-05-01
    expect(second.features).to.deep.equal({ tidligere_underretninger: 1, kilde_skole: 1, indsatser: 2, en_voksen: 1, aaben_sag: 1 });
    const first = await extractor.extract(2);
    expect(first.features.tidligere_underretninger, 'the application a month earlier is not a referral').to.equal(0);
    expect(first.features.indsatser, 'the measure begun 15.06.2021 is after the referral of 01.04.2021').to.equal(1);
  });

  it('does not score a row of the referral table that is an application', async () => {
    const extractor = new FeatureExtractor(db, assertValidMapping(municipalityMapping(), 'm.json'));
    try {
      await extractor.extract(1);
      expect.fail('an application was scored');
    } catch (error) {
      expect(error).to.have.property('code', 'REFERRAL_NOT_FOUND');
    }
    const without = municipalityMapping();
    delete without.referral.filters;
    const counted = (await new FeatureExtractor(db, assertValidMapping(without, 'm.json')).extract(2)).features.tidligere_underretninger;
    expect(counted, 'without referral.filters the application counts (what the filter prevents)').to.equal(1);
  });

  it('refuses dates it cannot read, naming the column and an example value; reads them with a declared format', async () => {
    const m = municipalityMapping();
    delete (m.features.indsatser!.source!.date as { format?: string }).format;
    const report = await dryRun(m);
    const p = report.problems.find((x) => x.path === '$.features.indsatser.source.date.column');
    expect(p, JSON.stringify(report.problems)).to.not.equal(undefined);
    expect(p!.problem).to.include('"indsats.startdato"').and.match(/e\.g\. "10-02-202\d"/);
    expect(p!.fix).to.include('"format"');
  });

  it('fails a join on an existing but wrong key, which leaves a feature constant', async () => {
    const m = municipalityMapping();
    // Measures reached through their case, but joined on the child number instead of the case number.
    m.features.indsatser = {
      subject: 'child',
      source: { ...subject('indsats', 'indsats_id', 'sag.barn_nr', 'startdato', 'DD-MM-YYYY') },
      joins: [{ table: 'sag', on: { from: 'barn_nr', to: 'sag_nr' } }],
      filters: [{ column: 'paragraf', inList: 'indsatser' }],
      aggregate: { fn: 'count' },
    } as FieldMapping['features'][string];
    expect((await validate(m)).problems).to.deep.equal([]);
    const report = await dryRun(m);
    expect(problemPaths(report)).to.include('$.features.indsatser');
  });

  it('refuses a text key matched with a number key', async () => {
    await db.schema.createTable('indsats_tekst', (t) => {
      t.integer('indsats_id').primary();
      t.string('barn_ref', 10).notNullable(); // the child number as zero-padded text
      t.string('startdato', 10).notNullable();
    });
    try {
      const m = municipalityMapping();
      m.features.indsatser = { subject: 'child', source: subject('indsats_tekst', 'indsats_id', 'barn_ref', 'startdato', 'DD-MM-YYYY'), aggregate: { fn: 'count' } } as FieldMapping['features'][string];
      const result = validateMapping(m, { catalog: await readDatabaseCatalog(db, [...TABLES, 'indsats_tekst']) });
      expect(result.problems.map((p) => p.path)).to.deep.equal(['$.features.indsatser.source.key']);
      expect(result.problems[0]!.problem).to.include('holds text').and.include('holds numbers');
    } finally {
      await db.schema.dropTable('indsats_tekst');
    }
  });

  it('fails a code list that matches nothing (a code spelled otherwise), which leaves a feature constant, unless the mapping says why', async () => {
    const m = municipalityMapping();
    m.codeLists!.skole = { codes: ['Skole'] };
    m.codeLists!.kilde_anden!.codes.push('SKOLE');
    const report = await dryRun(m);
    expect(problemPaths(report)).to.deep.equal(['$.features.kilde_skole']);
    expect(report.problems[0]!.problem).to.include('is 0 for every one of the 24 referrals');
    m.features.kilde_skole!.mayBeConstant = 'no school referrals yet in this test';
    const allowed = await dryRun(m);
    expect(allowed.problems).to.deep.equal([]);
    expect(allowed.allowed).to.deep.equal([{ feature: 'kilde_skole', finding: '0 for every referral', reason: 'no school referrals yet in this test' }]);
  });

  it('lists a code with a trailing space as an unknown code, and gives the feature an unknown-code state instead of 0', async () => {
    await withData(
      (d) => d('henvendelse').whereIn('hv_id', [2, 5]).update({ kilde: 'SKOLE ' }),
      (d) => d('henvendelse').whereIn('hv_id', [2, 5]).update({ kilde: 'SKOLE' }),
      async () => {
        const m = municipalityMapping();
        const report = await dryRun(m);
        expect(report.unknownCodes).to.deep.equal([{ table: 'henvendelse', column: 'kilde', code: 'SKOLE ', rows: 2 }]);
        expect(report.problems.map((p) => p.problem).join(' ')).to.include('"SKOLE " (2 rows)');
        const extracted = await new FeatureExtractor(db, assertValidMapping(m, 'm.json')).extract(2);
        expect(extracted.features).to.not.have.property('kilde_skole');
        expect(extracted.missing).to.include('kilde_skole');
        expect(extracted.unknownCodes).to.deep.equal([{ feature: 'kilde_skole', table: 'henvendelse', column: 'kilde', code: 'SKOLE ' }]);
      },
    );
  });

  it('names a new code (a new referral source, a new § code) as unknown rather than "none of these"', async () => {
    await withData(
      async (d) => {
        await d('henvendelse').where('hv_id', 3).update({ kilde: 'NY_KILDE' });
        await d('indsats').where('indsats_id', 1).update({ paragraf: 'BL-99' });
      },
      async (d) => {
        await d('henvendelse').where('hv_id', 3).update({ kilde: 'SKOLE' });
        await d('indsats').where('indsats_id', 1).update({ paragraf: 'BL-32-1-1' });
      },
      async () => {
        const extracted = await new FeatureExtractor(db, assertValidMapping(municipalityMapping(), 'm.json')).extract(3);
        expect(extracted.unknownCodes.map((u) => `${u.feature}:${u.code}`).sort()).to.deep.equal(['indsatser:BL-99', 'kilde_skole:NY_KILDE']);
        expect(extracted.features).to.not.have.any.keys('kilde_skole', 'indsatser');
        const report = await dryRun(municipalityMapping());
        expect(report.unknownCodes.map((u) => `${u.table}.${u.column}=${u.code}`).sort()).to.deep.equal(['henvendelse.kilde=NY_KILDE', 'indsats.paragraf=BL-99']);
      },
    );
  });

  it('refuses a child present in two households (a key that must be unique)', async () => {
    await withData(
      (d) => d('born').insert({ barn_nr: 4, husstand: 8, foedt: '2014-05-15' }),
      (d) => d('born').where({ barn_nr: 4, husstand: 8 }).delete(),
      async () => {
        const report = await dryRun(municipalityMapping());
        const p = report.problems.find((x) => x.path === '$.child.id');
        expect(p, JSON.stringify(report.problems)).to.not.equal(undefined);
        expect(p!.problem).to.include('"born.barn_nr" must be unique').and.include('4 (2 rows)');
      },
    );
  });

  it('compares a value in the format: "one adult in the household" from the number of adults', async () => {
    const extractor = new FeatureExtractor(db, assertValidMapping(municipalityMapping(), 'm.json'));
    const one = await extractor.extract(2); // child 1, household 1: one adult
    const two = await extractor.extract(5); // child 2, household 2 (ceil(2/1.5)): two adults
    expect([one.features.en_voksen, two.features.en_voksen]).to.deep.equal([1, 0]);
    const m = municipalityMapping();
    m.features.en_voksen!.aggregate = { fn: 'latest', value: { test: { column: 'antal_voksne', atLeast: 2 } } };
    expect((await new FeatureExtractor(db, assertValidMapping(m, 'm.json')).extract(5)).features.en_voksen).to.equal(1);
  });

  describe('point in time: columns that change after their row was made', () => {
    it('refuses an end date tested with isNull, with a fix that bounds it by the referral time', async () => {
      const m = municipalityMapping();
      m.features.aaben_sag = { subject: 'child', source: subject('sag', 'sag_nr', 'barn_nr', 'aabnet'), filters: [{ column: 'lukket', isNull: true }], aggregate: { fn: 'exists' } } as FieldMapping['features'][string];
      const result = await validate(m);
      expect(result.problems.map((p) => p.path)).to.deep.equal(['$.features.aaben_sag.filters[0].column']);
      expect(result.problems[0]!.fix).to.include('activeAtReferral');
    });

    it('refuses a filter, a value and a join on a case id written onto the referral row later', async () => {
      const m = municipalityMapping();
      m.features.kilde_skole!.filters!.push({ column: 'sag_nr', notEquals: 0 });
      m.features.tidligere_underretninger!.joins = [{ table: 'sag', on: { from: 'sag_nr', to: 'sag_nr' }, kind: 'left' }];
      const paths = (await validate(m)).problems.map((p) => p.path);
      expect(paths).to.have.members(['$.features.kilde_skole.filters[1].column', '$.features.tidligere_underretninger.joins[0].on.from']);
    });

    it('refuses a filter on a column any feature uses as a record\'s end, without it being listed', async () => {
      const m = municipalityMapping();
      m.features.indsatser!.joins = [{ table: 'sag', on: { from: 'sag_nr', to: 'sag_nr' } }];
      m.features.indsatser!.filters!.push({ column: 'sag.lukket', notEquals: '2099-01-01' });
      expect((await validate(m)).problems.map((p) => p.path)).to.deep.equal(['$.features.indsatser.filters[1].column']);
    });

    it('keeps every feature of every referral when those columns change after the referral', async () => {
      const extractor = new FeatureExtractor(db, assertValidMapping(municipalityMapping(), 'm.json'));
      const ids = (await db('henvendelse').pluck('hv_id')) as number[];
      const before = await extractor.extractBatch(ids);
      await withData(
        async (d) => {
          await d('sag').whereNull('lukket').update({ lukket: '2030-01-01' });
          await d('henvendelse').update({ sag_nr: 1 });
          await d('indsats').update({ slutdato: '01-01-2030' });
        },
        async (d) => {
          await d('sag').where('lukket', '2030-01-01').update({ lukket: null });
          await d('henvendelse').update({ sag_nr: null });
          await d('indsats').update({ slutdato: null });
        },
        async () => {
          expect(await extractor.extractBatch(ids)).to.deep.equal(before);
        },
      );
    });
  });
});
