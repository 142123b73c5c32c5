// The SQL that knex compiles for SQL Server (`mssql`) for every construct a mapping can use: no server is
// needed to compile. Identifiers are bracket-quoted, values are @p parameters, IN lists stay under SQL
// Server's 2,100-parameter limit.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { compileExtractionPlan, type SourceGroup } from '../../adapters/extraction/extraction-plan';
import {
  childReferralsUpToQuery,
  codeCountsQuery,
  columnSampleQuery,
  detailQuery,
  duplicateKeysQuery,
  groupQuery,
  MAX_IDS_PER_QUERY,
  referralQuery,
  referralRowsQuery,
} from '../../adapters/extraction/host-queries';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { referenceMapping } from '../helpers/reference-mapping';

const native = (q: Knex.QueryBuilder) => q.toSQL().toNative();

describe('SQL compiled for SQL Server', () => {
  const db = knexFactory({ client: 'mssql' });
  let mapping: FieldMapping;
  let groupOf: (feature: string) => SourceGroup;
  before(() => {
    mapping = referenceMapping();
    const plan = compileExtractionPlan(mapping);
    groupOf = (feature) => plan.features.find((f) => f.name === feature)!.group!;
  });
  after(() => db.destroy());

  it('reads referrals with their child, family and birth in one joined query', () => {
    const { sql, bindings } = native(referralQuery(db, mapping, [17, 18]));
    expect(sql).to.equal(
      'select [r].[underretning_id] as [referral_id], [r].[barn_id] as [child_id], [r].[modtaget_tid] as [received_at], [c].[familie_id] as [family_id], [c].[cpr_nr] as [birth], [c].[termin_dato] as [expected_birth] from [underretning] as [r] left join [barn] as [c] on [c].[barn_id] = [r].[barn_id] where [r].[underretning_id] in (@p0, @p1)',
    );
    expect(bindings).to.deep.equal([17, 18]);
  });

  it('reads, with the referrals, the children of each one\'s family in the same query (to find siblings)', () => {
    const { sql, bindings } = native(referralQuery(db, mapping, [17], true));
    expect(sql).to.equal(
      'select [r].[underretning_id] as [referral_id], [r].[barn_id] as [child_id], [r].[modtaget_tid] as [received_at], [c].[familie_id] as [family_id], [c].[cpr_nr] as [birth], [c].[termin_dato] as [expected_birth], [m].[barn_id] as [member_id] from [underretning] as [r] left join [barn] as [c] on [c].[barn_id] = [r].[barn_id] left join [barn] as [m] on [m].[familie_id] = [c].[familie_id] where [r].[underretning_id] in (@p0)',
    );
    expect(bindings).to.deep.equal([17]);
  });

  it('reads the referral\'s own columns (source, severity) in the referral query, not in a query of their own', () => {
    const plan = compileExtractionPlan(mapping);
    const own = plan.groups.filter((g) => g.withReferral);
    expect(own.map((g) => g.table)).to.deep.equal(['underretning']);
    const { sql } = native(referralQuery(db, mapping, [17], true, own));
    expect(sql).to.equal(
      `select [r].[underretning_id] as [referral_id], [r].[barn_id] as [child_id], [r].[modtaget_tid] as [received_at], [c].[familie_id] as [family_id], [c].[cpr_nr] as [birth], [c].[termin_dato] as [expected_birth], [m].[barn_id] as [member_id], [r].[underretning_id] as [g${own[0]!.index}__id], [r].[kilde_kode] as [g${own[0]!.index}c0], [r].[alvorlighed] as [g${own[0]!.index}c1] from [underretning] as [r] left join [barn] as [c] on [c].[barn_id] = [r].[barn_id] left join [barn] as [m] on [m].[familie_id] = [c].[familie_id] where [r].[underretning_id] in (@p0)`,
    );
  });

  it('reads the child\'s newest referrals up to the referral\'s received time (TOP in a derived table, the id bound) as referral rows', () => {
    const { sql, bindings } = native(childReferralsUpToQuery(db, mapping, 4711, 21, true));
    expect(sql).to.equal(
      'select [r].[underretning_id] as [referral_id], [r].[barn_id] as [child_id], [r].[modtaget_tid] as [received_at], [c].[familie_id] as [family_id], [c].[cpr_nr] as [birth], [c].[termin_dato] as [expected_birth], [m].[barn_id] as [member_id] from (select top (@p0) [b].[underretning_id] as [id] from [underretning] as [a] inner join [underretning] as [b] on [b].[barn_id] = [a].[barn_id] where [a].[underretning_id] = @p1 and [b].[modtaget_tid] <= [a].[modtaget_tid] order by [b].[modtaget_tid] desc) as [h] inner join [underretning] as [r] on [r].[underretning_id] = [h].[id] left join [barn] as [c] on [c].[barn_id] = [r].[barn_id] left join [barn] as [m] on [m].[familie_id] = [c].[familie_id]',
    );
    expect(bindings).to.deep.equal([21, 4711]);
  });

  it('cuts a child\'s records at the referral\'s instant (datetime source), filter columns selected, not compared in SQL', () => {
    const { sql, bindings } = native(groupQuery(db, groupOf('prior_referrals_total'), ['5', '6'], '2023-04-05 10:15:00'));
    expect(sql).to.equal(
      'select [s].[underretning_id] as [__id], [s].[barn_id] as [__key], [s].[modtaget_tid] as [__date] from [underretning] as [s] where [s].[barn_id] in (@p0, @p1) and [s].[modtaget_tid] < @p2',
    );
    expect(bindings).to.deep.equal(['5', '6', '2023-04-05 10:15:00']);
  });

  it('reaches the child through a join (measures → case) and cuts at the referral date (date source)', () => {
    const { sql, bindings } = native(groupQuery(db, groupOf('prior_placements'), ['5'], '2023-04-05'));
    expect(sql).to.equal(
      'select [s].[foranstaltning_id] as [__id], [j0].[barn_id] as [__key], [s].[start_dato] as [__date], [s].[paragraf_kode] as [c0] from [foranstaltning] as [s] inner join [sag] as [j0] on [j0].[sag_id] = [s].[sag_id] where [j0].[barn_id] in (@p0) and [s].[start_dato] < @p1',
    );
    expect(bindings).to.deep.equal(['5', '2023-04-05']);
  });

  it('reads a left join, a record period (start and end) and family records', () => {
    const left: FieldMapping = JSON.parse(JSON.stringify(mapping));
    left.features.parent_age_at_birth!.joins![0]!.kind = 'left';
    const plan = compileExtractionPlan(left);
    const parent = plan.features.find((f) => f.name === 'parent_age_at_birth')!.group!;
    expect(native(groupQuery(db, parent, ['5'], null)).sql).to.equal(
      'select [s].[relation_id] as [__id], [s].[barn_id] as [__key], [j0].[foedselsdato] as [c0] from [foraelder_relation] as [s] left join [person] as [j0] on [j0].[person_id] = [s].[person_id] where [s].[barn_id] in (@p0)',
    );
    expect(native(groupQuery(db, groupOf('open_case'), ['5'], '2023-04-05')).sql).to.equal(
      'select [s].[sag_id] as [__id], [s].[barn_id] as [__key], [s].[oprettet_dato] as [__date], [s].[afsluttet_dato] as [__end] from [sag] as [s] where [s].[barn_id] in (@p0) and [s].[oprettet_dato] < @p1',
    );
    expect(native(groupQuery(db, groupOf('household_moves_3y'), ['9'], '2023-04-05')).sql).to.equal(
      'select [s].[adresse_id] as [__id], [s].[familie_id] as [__key], [s].[gyldig_fra] as [__date], [s].[flytte_kode] as [c0] from [adresse_historik] as [s] where [s].[familie_id] in (@p0) and [s].[gyldig_fra] < @p1',
    );
  });

  it('reads the referral\'s own record without a cut, all its columns in one query', () => {
    const { sql } = native(groupQuery(db, groupOf('source_school'), ['17'], null));
    expect(sql).to.equal(
      'select [s].[underretning_id] as [__id], [s].[underretning_id] as [__key], [s].[kilde_kode] as [c0], [s].[alvorlighed] as [c1] from [underretning] as [s] where [s].[underretning_id] in (@p0)',
    );
  });

  it('counts detail rows (ICS dimensions) by reading them for the records found', () => {
    const group = groupOf('ics_concerns_last_assessment');
    const { sql } = native(detailQuery(db, group.details[0]!, [1, 2]));
    expect(sql).to.equal(
      'select [d].[undersoegelse_id] as [__on], [d].[dimension_kode] as [d0], [d].[bekymring] as [d1] from [ics_dimension_vurdering] as [d] where [d].[undersoegelse_id] in (@p0, @p1)',
    );
  });

  it('keeps every value a parameter, whatever it holds', () => {
    const { sql, bindings } = native(referralQuery(db, mapping, ["1'; DROP TABLE barn; --"]));
    expect(sql).to.not.include('DROP');
    expect(bindings).to.deep.equal(["1'; DROP TABLE barn; --"]);
  });

  it('stays under the 2,100-parameter limit for a full slice of ids plus the cut', () => {
    const ids = Array.from({ length: MAX_IDS_PER_QUERY }, (_, i) => i);
    expect(native(groupQuery(db, groupOf('prior_referrals_total'), ids, '2023-01-01 00:00:00')).bindings).to.have.length(MAX_IDS_PER_QUERY + 1);
    expect(MAX_IDS_PER_QUERY + 1).to.be.below(2100);
  });

  it('qualifies every table with the mapping\'s schema, and reads the catalog from that schema', () => {
    const inSchema: FieldMapping = { ...JSON.parse(JSON.stringify(mapping)), schema: 'dubu' };
    const plan = compileExtractionPlan(inSchema);
    const measures = plan.features.find((f) => f.name === 'prior_placements')!.group!;
    expect(native(groupQuery(db, measures, ['5'], '2023-04-05')).sql).to.match(/ from \[dubu\]\.\[foranstaltning\] as \[s\] inner join \[dubu\]\.\[sag\] as \[j0\] /);
    expect(native(referralQuery(db, inSchema, [1])).sql).to.include('from [dubu].[underretning] as [r] left join [dubu].[barn] as [c]');
    expect(native(childReferralsUpToQuery(db, inSchema, 1, 21, true)).sql).to.include('from [dubu].[underretning] as [a] inner join [dubu].[underretning] as [b]').and.include('inner join [dubu].[underretning] as [r]').and.include('left join [dubu].[barn] as [m]');
    const ics = plan.features.find((f) => f.name === 'ics_concerns_last_assessment')!.group!;
    expect(native(detailQuery(db, ics.details[0]!, [1])).sql).to.include('from [dubu].[ics_dimension_vurdering] as [d]');
    const catalog = (db('underretning').withSchema('dubu').columnInfo() as unknown as Knex.QueryBuilder).toSQL() as unknown as { sql: string; bindings: unknown[] };
    expect(catalog.sql).to.include('and table_schema = ?');
    expect(catalog.bindings).to.include('dubu');
  });

  it('reads the columns referral.filters test in the referral query (applied by the plugin, exactly), and a comparison adds no SQL', () => {
    const filtered: FieldMapping = JSON.parse(JSON.stringify(mapping));
    filtered.referral.filters = [{ column: 'kilde_kode', notEquals: 'ANSOEGNING' }, { column: 'alvorlighed', atLeast: 1 }];
    const { sql, bindings } = native(referralQuery(db, filtered, [17]));
    expect(sql).to.equal(
      'select [r].[underretning_id] as [referral_id], [r].[barn_id] as [child_id], [r].[modtaget_tid] as [received_at], [c].[familie_id] as [family_id], [c].[cpr_nr] as [birth], [c].[termin_dato] as [expected_birth], [r].[kilde_kode] as [__rf0], [r].[alvorlighed] as [__rf1] from [underretning] as [r] left join [barn] as [c] on [c].[barn_id] = [r].[barn_id] where [r].[underretning_id] in (@p0)',
    );
    expect(bindings).to.deep.equal([17]);
    const plan = compileExtractionPlan(filtered);
    const prior = plan.features.find((f) => f.name === 'prior_referrals_total')!;
    expect(prior.filters.map((f) => f.sourceColumn), 'features counting referrals get the referral filters').to.deep.equal(['kilde_kode', 'alvorlighed']);
    expect(native(groupQuery(db, prior.group!, ['5'], '2023-04-05 10:15:00')).sql).to.equal(
      'select [s].[underretning_id] as [__id], [s].[barn_id] as [__key], [s].[modtaget_tid] as [__date], [s].[kilde_kode] as [c0], [s].[alvorlighed] as [c1] from [underretning] as [s] where [s].[barn_id] in (@p0) and [s].[modtaget_tid] < @p1',
    );
  });

  it('pages the referral table newest first with the filter columns, within a period (the dry run and the export)', () => {
    const filtered: FieldMapping = { ...JSON.parse(JSON.stringify(mapping)), schema: 'dubu' };
    filtered.referral.filters = [{ column: 'kilde_kode', notEquals: 'ANSOEGNING' }];
    expect(native(referralRowsQuery(db, filtered, { limit: 500, offset: 1000 }))).to.deep.equal({
      sql: 'select [underretning_id] as [id], [modtaget_tid] as [received_at], [kilde_kode] as [__rf0] from [dubu].[underretning] order by [modtaget_tid] desc, [underretning_id] desc offset @p0 rows fetch next @p1 rows only',
      bindings: [1000, 500],
    });
    expect(native(referralRowsQuery(db, filtered, { limit: 1000, from: '2024-01-01', to: '2024-02-01', oldestFirst: true })).sql).to.equal(
      'select top (@p0) [underretning_id] as [id], [modtaget_tid] as [received_at], [kilde_kode] as [__rf0] from [dubu].[underretning] where [modtaget_tid] >= @p1 and [modtaget_tid] < @p2 order by [modtaget_tid] asc, [underretning_id] asc',
    );
  });

  it('finds duplicated keys, samples a date column, and counts codes exactly (binary collation and byte length, so "SKOLE " and "skole" are not "SKOLE")', () => {
    expect(native(duplicateKeysQuery(db, 'dubu.barn', 'barn_id', 3))).to.deep.equal({
      sql: 'select top (@p0) [barn_id] as [value], count(*) as [n] from [dubu].[barn] where [barn_id] is not null group by [barn_id] having count(*) > @p1 order by [n] desc',
      bindings: [3, 1],
    });
    expect(native(columnSampleQuery(db, 'foranstaltning', 'start_dato', 1000)).sql).to.equal(
      'select top (@p0) [start_dato] as [value] from [foranstaltning] where [start_dato] is not null',
    );
    expect(native(codeCountsQuery(db, 'underretning', 'kilde_kode', true, 10000)).sql).to.equal(
      'select top (@p0) [kilde_kode] collate Latin1_General_BIN2 as [code], count(*) as [n] from [underretning] group by [kilde_kode] collate Latin1_General_BIN2, datalength([kilde_kode])',
    );
    expect(native(codeCountsQuery(db, 'foranstaltning', 'paragraf_nr', false, 10000)).sql).to.equal(
      'select top (@p0) [paragraf_nr] as [code], count(*) as [n] from [foranstaltning] group by [paragraf_nr]',
    );
  });

  it('picks the most recent referrals for mapping check with TOP', () => {
    const { sql } = native(db('underretning').orderBy('modtaget_tid', 'desc').limit(1000).select('underretning_id'));
    expect(sql).to.equal('select top (@p0) [underretning_id] from [underretning] order by [modtaget_tid] desc');
  });
});

describe('the extraction plan', () => {
  it('refuses a mapping that did not pass validation, so no unchecked name reaches SQL', () => {
    const mapping = JSON.parse(JSON.stringify(referenceMapping()));
    mapping.features.open_case.source.table = 'sag WHERE 1=1; --';
    expect(() => compileExtractionPlan(mapping)).to.throw().with.property('code', 'MAPPING_UNSAFE_IDENTIFIER');
  });
});
