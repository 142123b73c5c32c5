// Every identifier a mapping reads is checked for protected attributes by meaning (case, Danish letters,
// compounds), suggestions never offer a protected column, and the evaluation-only part is read for evaluation
// alone: its names are allowed there, and a feature that reads one of its columns is refused.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { readDatabaseCatalog, type DatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { allTablesOf } from '../../adapters/mapping/mapping-on-database';
import { validateMapping, type ModelFeatureRequirement } from '../../adapters/mapping/mapping-validator';
import { REPO_ROOT } from '../helpers/model-packages';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const shipped = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json'), 'utf8'));
const other = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'mappings', 'other-host.json'), 'utf8'));
const MODEL_FEATURES: ModelFeatureRequirement[] = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'models', 'demo-synthetic', 'boosted-trees', 'model.json'), 'utf8'),
).features.map((f: ModelFeatureRequirement) => ({ name: f.name, kind: f.kind }));

const citizenship = { label: { da: 'Statsborgerskab', en: 'Citizenship' }, subject: 'child', table: 'barn', key: 'barn_id', column: 'koen' };

describe('protected names in a mapping', () => {
  let db: Knex;
  let catalog: DatabaseCatalog;
  before(async () => {
    db = openSqlite((await sharedSeededDatabase()).file);
    catalog = await readDatabaseCatalog(db, allTablesOf(shipped()));
  });
  after(() => db.destroy());

  const check = (m: unknown) => validateMapping(m, { features: MODEL_FEATURES, catalog });

  it('passes the reference mapping and the other host\'s mapping', () => {
    expect(check(shipped()).refusals).to.deep.equal([]);
    expect(validateMapping(other()).refusals).to.deep.equal([]);
  });

  for (const [where, path_, change] of [
    ['the referral table', '$.referral.table', (m: any) => { m.referral.table = 'Underretning_statsborgerskaB'; }],
    ['the child table', '$.child.table', (m: any) => { m.child.table = 'barnHerkomst'; }],
    ['the schema', '$.schema', (m: any) => { m.schema = 'Indkomst'; }],
    ['a source table (a view)', '$.features.open_case.source.table', (m: any) => { m.features.open_case.source.table = 'v_sag_landekode'; }],
    ['a source key', '$.features.prior_referrals_total.source.key', (m: any) => { m.features.prior_referrals_total.source.key = 'cpR_nr'; }],
    ['a date column', '$.features.prior_referrals_total.source.date.column', (m: any) => { m.features.prior_referrals_total.source.date.column = 'koenDato'; }],
    ['a joined table', '$.features.parent_age_at_birth.joins[0].table', (m: any) => { m.features.parent_age_at_birth.joins[0].table = 'personOprindelse'; }],
    ['a join key (to)', '$.features.parent_age_at_birth.joins[0].on.to', (m: any) => { m.features.parent_age_at_birth.joins[0].on.to = 'cprnummer'; }],
    ['a join key (from)', '$.features.parent_age_at_birth.joins[0].on.from', (m: any) => { m.features.parent_age_at_birth.joins[0].on.from = 'mor_cpr'; }],
    ['a filter column', '$.features.source_police.filters[0].column', (m: any) => { m.features.source_police.filters = [{ column: 'kOen', equals: 'M' }]; }],
    ['a filter column of a joined table', '$.features.parent_age_at_birth.filters[0].column', (m: any) => { m.features.parent_age_at_birth.filters = [{ column: 'person.koenskode', equals: 1 }]; }],
    ['a filter value', '$.features.source_police.filters[0]', (m: any) => { m.features.source_police.filters = [{ column: 'kilde_kode', equals: 'IKKE_VESTLIG' }]; }],
    ['a code list name', '$.codeLists.indkomstgruppe', (m: any) => { m.codeLists.indkomstgruppe = { codes: ['A'] }; }],
    ['a code in a code list', '$.codeLists.source_school.codes[2]', (m: any) => { m.codeLists.source_school.codes.push('kontanthjaelp'); }],
    ['a value column', '$.features.severity.aggregate.value', (m: any) => { m.features.severity.aggregate.value = 'arbejdsloes'; }],
    ['a detail table', '$.features.ics_concerns_last_assessment.aggregate.value.countOf.table', (m: any) => { m.features.ics_concerns_last_assessment.aggregate.value.countOf.table = 'ics_motherTongue'; }],
    ['a detail key', '$.features.ics_concerns_last_assessment.aggregate.value.countOf.on', (m: any) => { m.features.ics_concerns_last_assessment.aggregate.value.countOf.on = 'welfare_benefits'; }],
  ] as const) {
    it(`refuses a protected name in ${where}`, () => {
      const m = shipped();
      change(m);
      expect(check(m).refusals.map((r) => r.path)).to.include(path_);
    });
  }

  it('never offers a protected column in a "use one of" fix', () => {
    const m = shipped();
    m.features.prior_referrals_total.joins = [{ table: 'barn', on: { from: 'barn_id', to: 'barn_id' } }];
    m.features.prior_referrals_total.filters = [{ column: 'barn.fornavnx', isNull: false }];
    const problem = check(m).problems.find((p) => p.path === '$.features.prior_referrals_total.filters[0].column');
    expect(problem?.fix).to.match(/^use one of: /);
    expect(problem!.fix).to.include('fornavn');
    expect(problem!.fix).to.not.match(/koen|cpr/i);
  });

  it('allows protected names in the evaluation-only part, and refuses a feature that reads one of its columns', () => {
    const m = shipped();
    m.evaluationOnly = { attributes: { registered_sex: { ...citizenship, label: { da: 'Køn', en: 'Sex' } }, citizenship: { ...citizenship, column: 'fornavn' } } };
    expect(check(m)).to.deep.include({ problems: [], refusals: [] });
    m.features.prior_referrals_total.joins = [{ table: 'barn', on: { from: 'barn_id', to: 'barn_id' } }];
    m.features.prior_referrals_total.filters = [{ column: 'barn.fornavn', equals: 'X' }];
    const refusal = check(m).refusals.find((r) => r.path === '$.features.prior_referrals_total.filters[0].column');
    expect(refusal?.problem).to.include('evaluation-only attribute "citizenship"');
  });

  it('never reads an evaluation-only column while extracting features, and gives the same features with or without it', async () => {
    const plain = validateMapping(shipped(), { features: MODEL_FEATURES, catalog }).mapping!;
    const m = shipped();
    m.evaluationOnly = { attributes: { registered_sex: { ...citizenship, label: { da: 'Køn', en: 'Sex' } } } };
    const withEvaluation = validateMapping(m, { features: MODEL_FEATURES, catalog }).mapping!;
    const ids = (await db('underretning').orderBy('underretning_id').limit(40).pluck('underretning_id')) as number[];
    const sql: string[] = [];
    const listen = (q: { sql: string }) => sql.push(q.sql);
    db.on('query', listen);
    try {
      const a = await new FeatureExtractor(db, withEvaluation).extractBatch(ids);
      const b = await new FeatureExtractor(db, plain).extractBatch(ids);
      expect(a.map((x) => x.features)).to.deep.equal(b.map((x) => x.features));
    } finally {
      db.removeListener('query', listen);
    }
    expect(sql.length).to.be.above(0);
    expect(sql.filter((q) => /koen/i.test(q))).to.deep.equal([]);
  });

  it('lists an evaluation-only column that does not exist, the reserved name, and a justification for nothing', () => {
    const m = shipped();
    m.evaluationOnly = { attributes: { sex_from_cpr: citizenship, citizenship: { ...citizenship, column: 'statsborgerskab' } } };
    m.proxyJustifications = [
      { feature: 'no_such_feature', attribute: 'citizenship', by: 'Kim, IT', on: '2026-11-30', why: 'A recorded reason of enough length.' },
      { feature: 'severity', attribute: 'religion', by: 'Kim, IT', on: '2026-11-30', why: 'A recorded reason of enough length.' },
    ];
    expect(check(m).problems.map((p) => p.path)).to.have.members([
      '$.evaluationOnly.attributes.sex_from_cpr',
      '$.evaluationOnly.attributes.citizenship.column',
      '$.proxyJustifications[0].feature',
      '$.proxyJustifications[1].attribute',
    ]);
  });

  it('needs a justification to say who, when (a date) and why (in words)', () => {
    const m = shipped();
    m.proxyJustifications = [{ feature: 'severity', attribute: 'sex_from_cpr', by: 'Kim', on: '30/11/2026', why: 'ok' }];
    expect(check(m).problems.map((p) => p.path)).to.have.members(['$.proxyJustifications[0].on', '$.proxyJustifications[0].why']);
  });
});
