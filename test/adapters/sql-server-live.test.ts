// The adapter tests (./adapter-contract) against a live SQL Server, when MSSQL_URL names one, e.g.
//   MSSQL_URL='mssql://sa:Passw0rd!@localhost:1433/bs_test?trustServerCertificate=true' npx mocha test/adapters/sql-server-live.test.ts
// The database must exist and the login may create tables in it: the reference schema is rolled back, migrated
// and seeded small. Without MSSQL_URL the suites are reported as skipped (pending).
import { mssqlConfigFromUrl, openDatabase } from '../../adapters/database-config';
import { referenceSchemaMigrations } from '../../adapters/reference-schema/migration-source';
import { seedReferenceDatabase } from '../../adapters/reference-schema/seed-database';
import { SMALL_SEED } from '../helpers/seeded-database';
import { describeAdapterContract } from './adapter-contract';

const url = process.env.MSSQL_URL;

async function seededSqlServer(ctx: Mocha.Context, size: { seed: number; referrals: number }) {
  if (!url) {
    ctx.skip(); // reported as pending: set MSSQL_URL to run against SQL Server
    return null;
  }
  ctx.timeout(300_000);
  const db = openDatabase(mssqlConfigFromUrl(url));
  await db.migrate.rollback({ migrationSource: referenceSchemaMigrations, tableName: 'knex_migrations_reference' }, true);
  return { db, seeded: await seedReferenceDatabase(db, size) };
}

describeAdapterContract('SQL Server, live', {
  seeded: (ctx) => seededSqlServer(ctx, SMALL_SEED),
  fresh: (ctx, size) => seededSqlServer(ctx, size),
});
