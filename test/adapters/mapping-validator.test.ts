// The mapping validator: every problem with its path and a fix; protected attributes, CPR misuse and SQL in
// names refused outright; the shipped mapping covers the demo model on the seeded database.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { readDatabaseCatalog, type DatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { assertValidMapping, validateMapping, type ModelFeatureRequirement } from '../../adapters/mapping/mapping-validator';
import { PUBLISHED_MAPPING_SCHEMA, publishedMappingSchemaText } from '../../adapters/mapping/write-mapping-schema';
import { REPO_ROOT } from '../helpers/model-packages';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const MAPPING_FILE = path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json');
const shipped = () => JSON.parse(readFileSync(MAPPING_FILE, 'utf8'));
const MODEL_FEATURES: ModelFeatureRequirement[] = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'models', 'demo-synthetic', 'boosted-trees', 'model.json'), 'utf8'),
).features.map((f: ModelFeatureRequirement) => ({ name: f.name, kind: f.kind }));

const ALL_TABLES = ['underretning', 'barn', 'sag', 'foranstaltning', 'adresse_historik', 'husstand_historik', 'foraelder_relation', 'person', 'ics_undersoegelse', 'ics_dimension_vurdering', 'anbringelse', 'trivselslineal_vurdering', 'kode_paragraf', 'skolefravaer'];

describe('the mapping validator', () => {
  let db: Knex;
  let catalog: DatabaseCatalog;
  before(async () => {
    db = openSqlite((await sharedSeededDatabase()).file);
    catalog = await readDatabaseCatalog(db, [...ALL_TABLES, 'no_such_table']);
  });
  after(() => db.destroy());

  const check = (mapping: unknown) => validateMapping(mapping, { features: MODEL_FEATURES, catalog });

  it('accepts the shipped reference mapping: every demo-model feature, every table and column known', () => {
    const result = check(shipped());
    expect(result.problems).to.deep.equal([]);
    expect(result.refusals).to.deep.equal([]);
    expect(result.unsafe).to.deep.equal([]);
    expect(Object.keys(result.mapping!.features).sort()).to.deep.equal(MODEL_FEATURES.map((f) => f.name).sort());
  });

  it('gives every source of the shipped mappings a label for people, in Danish and English', () => {
    const other = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'mappings', 'other-host.json'), 'utf8'));
    for (const m of [shipped(), other]) {
      const unlabelled = [
        ...(m.child.label ? [] : ['child']),
        ...Object.entries(m.features).flatMap(([name, f]: [string, any]) => (f.source && !f.source.label ? [name] : [])),
      ];
      expect(unlabelled, m.name).to.deep.equal([]);
      expect(validateMapping(m).problems, m.name).to.deep.equal([]);
    }
  });

  it('lists a source label without its English text, or with an unknown language, by path', () => {
    const m = shipped();
    m.features.household_moves_3y.source.label = { da: 'Adressehistorik (CPR)' };
    m.child.label = { da: 'Barnet', en: 'The child', de: 'Das Kind' };
    expect(check(m).problems.map((p) => `${p.path}: ${p.problem}`)).to.have.members([
      '$.features.household_moves_3y.source.label: "en" is missing',
      '$.child.label.de: unknown property "de"',
    ]);
  });

  it('lists an unknown feature and an unmapped model feature, each with its path and a fix', () => {
    const m = shipped();
    m.features.prior_referals_12m = m.features.prior_referrals_12m;
    delete m.features.prior_referrals_12m;
    const { problems } = check(m);
    expect(problems).to.have.length(2);
    expect(problems[0]).to.include({ path: '$.features.prior_referals_12m' });
    expect(problems[0]!.fix).to.include('prior_referrals_12m');
    expect(problems[1]).to.include({ path: '$.features' });
    expect(problems[1]!.problem).to.include('"prior_referrals_12m" (count) is not mapped');
  });

  it('lists a type that cannot fit: a count for a 0/1 feature, a text column as a number', () => {
    const m = shipped();
    m.features.source_school.aggregate = { fn: 'count' };
    m.features.severity.aggregate = { fn: 'latest', value: 'aarsag_tekst' };
    const paths = check(m).problems.map((p) => p.path);
    expect(paths).to.deep.equal(['$.features.source_school.aggregate.fn', '$.features.severity.aggregate.value']);
  });

  it('lists tables and columns the live database does not have', () => {
    const m = shipped();
    m.features.open_case.source.table = 'sager';
    m.features.prior_referrals_total.source.date.column = 'modtaget';
    m.features.household_moves_3y.filters[0].column = 'flyttekode';
    const problems = check(m).problems;
    expect(problems.map((p) => p.path)).to.deep.equal([
      '$.features.prior_referrals_total.source.date.column',
      '$.features.open_case.source.table',
      '$.features.household_moves_3y.filters[0].column',
    ]);
    expect(problems[2]!.fix).to.include('flytte_kode');
  });

  it('lists a window that looks past the referral date, and history without dates', () => {
    const m = shipped();
    m.features.prior_referrals_12m.window = { fromDays: -365, toDays: 30 };
    delete m.features.household_moves_3y.source.date;
    const problems = check(m).problems;
    expect(problems.map((p) => p.path)).to.deep.equal(['$.features.prior_referrals_12m.window.toDays', '$.features.household_moves_3y.source']);
    expect(problems[0]!.problem).to.include('looks past the referral');
  });

  it('reports schema problems with JSON paths: an unknown property, an unknown aggregation', () => {
    const m = shipped();
    m.features.severity.agregate = {};
    m.features.open_case.aggregate = { fn: 'sum' };
    const { problems } = check(m);
    expect(problems.map((p) => p.path)).to.have.members(['$.features.severity.agregate', '$.features.open_case.aggregate.fn']);
    expect(problems.find((p) => p.path.endsWith('.fn'))!.fix).to.include('count, exists, latest');
  });

  for (const [label, change] of [
    ['a gender column', (m: any) => m.features.source_police.filters.push({ column: 'koen', equals: 'M' })],
    ['a nationality column of a joined table', (m: any) => { m.features.parent_age_at_birth.aggregate.value = 'person.statsborgerskab'; }],
    ['an income code in a code list', (m: any) => m.codeLists.ics_child_development.codes.push('FN_INDKOMST')],
    ['an education table', (m: any) => { m.features.open_case.source.table = 'uddannelse'; }],
    ['the CPR number as a filter (it holds the sex)', (m: any) => m.features.unborn && m.features.source_school.filters.push({ column: 'barn.cpr_nr', isNull: false })],
    ['the CPR number as a value', (m: any) => { m.features.severity.aggregate.value = 'cpr_nr'; }],
  ] as const) {
    it(`refuses outright ${label}`, () => {
      const m = shipped();
      change(m);
      expect(check(m).refusals).to.have.length.greaterThan(0);
      expect(() => assertValidMapping(m, 'm.json', { features: MODEL_FEATURES, catalog })).to.throw().with.property('code', 'MAPPING_PROTECTED_ATTRIBUTE');
    });
  }

  it('allows the CPR number for age, and for age alone', () => {
    const m = shipped();
    expect(m.child.birth).to.deep.equal({ column: 'cpr_nr', format: 'cpr' });
    m.features.parent_age_at_birth.aggregate = { ...m.features.parent_age_at_birth.aggregate, value: 'person.cpr_nr', format: 'cpr' };
    expect(check(m).refusals).to.deep.equal([]);
    m.child.birth.format = 'date';
    expect(check(m).refusals.map((r) => r.path)).to.deep.equal(['$.child.birth.column']);
  });

  for (const [label, change, path] of [
    ['an end date tested with isNull instead of an activeAtReferral window', (m: any) => { m.features.open_case.filters = [{ column: 'afsluttet_dato', isNull: true }]; delete m.features.open_case.window; delete m.features.open_case.source.end; }, '$.features.open_case.filters[0].column'],
    ['a case id written onto the referral row later, as a filter', (m: any) => m.features.source_police.filters.push({ column: 'sag_id', isNull: false }), '$.features.source_police.filters[1].column'],
    ['a changing column as a value', (m: any) => { m.features.severity.aggregate.value = 'sag_id'; }, '$.features.severity.aggregate.value'],
    ['a join from a changing column', (m: any) => { m.features.prior_referrals_total.joins = [{ table: 'sag', on: { from: 'sag_id', to: 'sag_id' } }]; }, '$.features.prior_referrals_total.joins[0].on.from'],
    ['a referral filter on a changing column', (m: any) => { m.referral.filters = [{ column: 'sag_id', notEquals: 0 }]; }, '$.referral.filters[0].column'],
  ] as const) {
    it(`lists, with a fix, ${label} (point in time)`, () => {
      const m = shipped();
      change(m);
      const problems = check(m).problems;
      expect(problems.map((p) => p.path)).to.deep.equal([path]);
      expect(problems[0]!.fix).to.match(/activeAtReferral|fixedColumns/);
    });
  }

  it('lists a comparison on a text column, a referral filter on another table, a text date format on the received time and an otherCodes entry no filter tests', () => {
    const m = shipped();
    m.features.source_police.filters.push({ column: 'kilde_kode', atLeast: 2 });
    m.referral.filters = [{ column: 'barn.familie_id', equals: 1 }];
    m.referral.receivedAt.format = 'DD-MM-YYYY';
    m.otherCodes.push({ table: 'underretning', column: 'aarsag_tekst', codes: ['X'] });
    expect(check(m).problems.map((p) => p.path)).to.deep.equal([
      '$.referral.receivedAt.format',
      '$.referral.filters[0].column',
      '$.features.source_police.filters[1].column',
      '$.otherCodes[1]',
    ]);
  });

  for (const [label, change] of [
    ['a table name', (m: any) => { m.referral.table = 'underretning; DROP TABLE barn; --'; }],
    ['a column name', (m: any) => { m.features.source_school.filters[0].column = "kilde_kode) OR 1=1 --"; }],
    ['a quoted identifier', (m: any) => { m.features.open_case.source.key = 'barn_id"] = 1 OR ["x'; }],
  ] as const) {
    it(`refuses SQL smuggled into ${label}`, () => {
      const m = shipped();
      change(m);
      expect(check(m).unsafe).to.have.length(1);
      expect(() => assertValidMapping(m, 'm.json', { features: MODEL_FEATURES })).to.throw().with.property('code', 'MAPPING_UNSAFE_IDENTIFIER');
    });
  }
});

describe('the published mapping schema', () => {
  it('adapters/mapping.schema.json is what the TypeBox schema says (npx tsx adapters/mapping/write-mapping-schema.ts)', () => {
    expect(readFileSync(PUBLISHED_MAPPING_SCHEMA, 'utf8')).to.equal(publishedMappingSchemaText());
  });
});
