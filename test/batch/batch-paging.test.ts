// The batch reads the period's referrals a page at a time by keyset (received time, then id): every referral of
// the period exactly once and in order, also when many share one received time; the same query compiles for SQL
// Server, as do the batch results' inserts within its 2,100 parameters.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import knexFactory from 'knex';
import { seedReferenceDatabase } from '../../adapters/reference-schema/seed-database';
import { periodReferralsPageQuery, type PageEnd } from '../../plugin/batch/batch-scoring';
import { rowsPerInsert } from '../../plugin/storage/batch-results-repository';
import { openSqlite, tempSqliteFile } from '../helpers/seeded-database';
import { referenceMapping } from '../helpers/reference-mapping';

describe('batch paging by received time and id', () => {
  it('gives every referral of the period once, in order, whatever the page size, with ties on the received time', async () => {
    const file = tempSqliteFile('bs-paging-');
    const db = openSqlite(file);
    try {
      await seedReferenceDatabase(db, { seed: 31, referrals: 60 });
      // Many referrals received at the very same instant, on a page boundary or across several.
      const ids = (await db('underretning').where('modtaget_tid', '>=', '2018-01-01').orderBy('underretning_id').pluck('underretning_id')) as number[];
      await db('underretning').whereIn('underretning_id', ids.filter((_, i) => i % 3 === 0)).update({ modtaget_tid: '2019-05-05 10:00:00' });
      const mapping = referenceMapping();
      const period = { from: '2018-01-01', to: '2024-12-31' };
      const expected = ((await db('underretning').where('modtaget_tid', '>=', '2018-01-01').andWhere('modtaget_tid', '<', '2025-01-01').orderBy([{ column: 'modtaget_tid' }, { column: 'underretning_id' }]).pluck('underretning_id')) as number[]).map(String);
      expect(expected.length).to.be.greaterThan(20);
      for (const size of [1, 2, 5, 7, 1000]) {
        const seen: string[] = [];
        let last: PageEnd | null = null;
        for (;;) {
          const rows = (await periodReferralsPageQuery(db, mapping, period, last, size)) as Array<{ id: unknown; received: unknown }>;
          seen.push(...rows.map((r) => String(r.id)));
          if (rows.length < size) break;
          last = rows[rows.length - 1]!;
        }
        expect(seen, `pages of ${size}`).to.deep.equal(expected);
      }
    } finally {
      await db.destroy();
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('compiles for SQL Server: the page query with bound values only, and inserts within 2,100 parameters', async () => {
    const mssql = knexFactory({ client: 'mssql' });
    try {
      const { sql, bindings } = periodReferralsPageQuery(mssql, referenceMapping(), { from: '2020-01-01', to: '2020-12-31' }, { received: '2020-03-01 10:00:00', id: 77 }, 5000).toSQL();
      expect(sql).to.match(/^select top \(\?\) \[underretning_id\] as \[id\], \[modtaget_tid\] as \[received\] from \[underretning\] where/);
      expect(sql).to.include('order by [modtaget_tid] asc, [underretning_id] asc');
      expect(bindings).to.deep.equal([5000, '2020-01-01', '2021-01-01', '2020-03-01 10:00:00', '2020-03-01 10:00:00', 77]);
      const per = rowsPerInsert(mssql);
      const result = { referral_id: 'x', model_id: 'm', model_version: '1', status: 'scored', run_id: 'r', claimed_until: 't', received_at: 't', probability: 0.5, score: 5, age_band: 'a', features_digest: 'd', explanation: '{}', refusal_codes: null, scored_at: 't' };
      const claim = { referral_id: 'x', model_id: 'm', model_version: '1', status: 'claimed', run_id: 'r', claimed_until: 't' };
      expect(mssql('bs_batch_result').insert(Array.from({ length: per.result }, () => result)).toSQL().bindings.length).to.be.at.most(2100);
      expect(mssql('bs_batch_result').insert(Array.from({ length: per.claim }, () => claim)).toSQL().bindings.length).to.be.at.most(2100);
    } finally {
      await mssql.destroy();
    }
  });
});
