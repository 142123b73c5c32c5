// The extraction's queries are compiled once per shape and then only bound: the same statement text for id
// lists padded to the same size, every id and date a bound value (for SQL Server too), a bounded number of
// shapes whatever the referrals, and the same features as before on the seeded database.
import { expect } from 'chai';
import knexFactory from 'knex';
import { CompiledQueries, paddedSize } from '../../adapters/extraction/compiled-queries';
import { compileExtractionPlan } from '../../adapters/extraction/extraction-plan';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { groupQuery, MAX_IDS_PER_QUERY } from '../../adapters/extraction/host-queries';
import { referenceMapping } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

describe('queries compiled once per shape', () => {
  it('pads id lists to a few sizes, never beyond one statement\'s slice', () => {
    expect([1, 2, 3, 4, 5, 9, 300, 513, 999, 1000].map((n) => paddedSize(n, MAX_IDS_PER_QUERY))).to.deep.equal([1, 2, 4, 4, 8, 16, 512, 1000, 1000, 1000]);
  });

  it('gives SQL Server one statement for three and four ids, the ids and the cut as parameters, the last id repeated', () => {
    const db = knexFactory({ client: 'mssql' });
    const queries = new CompiledQueries(db, MAX_IDS_PER_QUERY);
    const group = compileExtractionPlan(referenceMapping()).features.find((f) => f.name === 'prior_referrals_total')!.group!;
    const build = (ids: readonly (string | number)[], values: readonly unknown[]) => groupQuery(db, group, ids, values[0] as string);
    const native = (ids: number[], cut: string) => {
      const { sql, bindings } = queries.bind('group', { ids, values: [cut] }, build);
      return db.raw(sql, bindings as never).toSQL().toNative();
    };
    const three = native([5, 6, 7], '2023-04-05 10:15:00');
    const four = native([8, 9, 10, 11], "2023-01-01'; DROP TABLE barn; --");
    expect(three.sql).to.equal(
      'select [s].[underretning_id] as [__id], [s].[barn_id] as [__key], [s].[modtaget_tid] as [__date] from [underretning] as [s] where [s].[barn_id] in (@p0, @p1, @p2, @p3) and [s].[modtaget_tid] < @p4',
    );
    expect(four.sql).to.equal(three.sql);
    expect(three.bindings).to.deep.equal([5, 6, 7, 7, '2023-04-05 10:15:00']);
    expect(four.bindings).to.deep.equal([8, 9, 10, 11, "2023-01-01'; DROP TABLE barn; --"]);
    expect(queries.size).to.equal(1);
    void db.destroy();
  });

  it('refuses to run a shape whose value would be written into the SQL text', () => {
    const db = knexFactory({ client: 'mssql' });
    const queries = new CompiledQueries(db, MAX_IDS_PER_QUERY);
    expect(() => queries.bind('inlined', { ids: [1] }, (ids) => db('underretning').whereRaw(`underretning_id = ${String(ids[0])}`))).to.throw(/instead of a binding/);
    void db.destroy();
  });

  it('keeps a bounded number of shapes however many referrals and siblings are extracted, with the same features', async () => {
    const { file, seeded } = await sharedSeededDatabase();
    const db = openSqlite(file);
    try {
      const extractor = new FeatureExtractor(db, referenceMapping());
      const referrals = seeded.population.studyReferrals.slice(0, 150);
      for (const r of referrals) expect((await extractor.extract(r.id)).features, `referral ${r.id}`).to.deep.equal(r.features);
      const shapes = (extractor as unknown as { queries: CompiledQueries }).queries.size;
      // referral, family, 8 record groups and 1 detail table, each at a handful of padded sizes.
      expect(shapes).to.be.at.most(11 * 6);
    } finally {
      await db.destroy();
    }
  });
});
