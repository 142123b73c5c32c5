// Every query the reference mapping compiles to is served by an index of the reference schema: SQLite's query
// plan shows no full scan of a table (a "SCAN" without an index; a derived table of a few rows excepted).
import { expect } from 'chai';
import type { Knex } from 'knex';
import { compileExtractionPlan } from '../../adapters/extraction/extraction-plan';
import { childReferralsUpToQuery, detailQuery, groupQuery, referralQuery } from '../../adapters/extraction/host-queries';
import { referenceMapping } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

describe('indexes of the reference schema', () => {
  let db: Knex;
  before(async () => {
    db = openSqlite((await sharedSeededDatabase()).file);
  });
  after(() => db.destroy());

  const plan = async (query: Knex.QueryBuilder) => {
    const { sql, bindings } = query.toSQL();
    const rows = (await db.raw(`EXPLAIN QUERY PLAN ${sql}`, [...bindings])) as Array<{ detail: string }>;
    return rows.map((r) => r.detail);
  };

  it('serve the referral (with its family), the child\'s referrals up to it, and every record-group and detail query without a full table scan', async () => {
    const mapping = referenceMapping();
    const extraction = compileExtractionPlan(mapping);
    const queries: Array<[string, Knex.QueryBuilder]> = [
      ['referral with the family\'s children', referralQuery(db, mapping, [1, 2], true, extraction.groups.filter((g) => g.withReferral))],
      ['the child\'s referrals up to this one', childReferralsUpToQuery(db, mapping, 1, 21, true, extraction.groups.filter((g) => g.withReferral))],
      ...extraction.groups.map((g): [string, Knex.QueryBuilder] => [`group ${g.table}`, groupQuery(db, g, ['1', '2'], '2020-01-01 00:00:00')]),
      ...extraction.groups.flatMap((g) => g.details.map((d): [string, Knex.QueryBuilder] => [`detail ${d.table}`, detailQuery(db, d, [1, 2])])),
    ];
    expect(queries).to.have.length(11);
    for (const [label, query] of queries) {
      const steps = await plan(query);
      // A derived table of a few rows (the child's newest referrals) is read whole; that is not a table scan.
      const derived = new Set(steps.flatMap((s) => /^(?:CO-ROUTINE|MATERIALIZE) (\w+)/.exec(s)?.[1] ?? []));
      const scans = steps.filter((s) => /^SCAN /.test(s) && !/USING (COVERING )?INDEX/.test(s) && !derived.has(s.split(' ')[1]!));
      expect(scans, `${label}: ${steps.join(' | ')}`).to.deep.equal([]);
    }
  });
});
