// The adapter tests (./adapter-contract) on the embedded SQLite: small seeded databases in temporary files.
import { seedReferenceDatabase } from '../../adapters/reference-schema/seed-database';
import { openSqlite, sharedSeededDatabase, tempSqliteFile } from '../helpers/seeded-database';
import { describeAdapterContract } from './adapter-contract';

describeAdapterContract('SQLite', {
  seeded: async () => {
    const shared = await sharedSeededDatabase();
    return { db: openSqlite(shared.file), seeded: shared.seeded };
  },
  fresh: async (_ctx, size) => {
    const db = openSqlite(tempSqliteFile('bs-pit-'));
    return { db, seeded: await seedReferenceDatabase(db, size) };
  },
});
