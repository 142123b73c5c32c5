// A host with other table and column names: views over the reference schema with English names, birth dates
// instead of CPR numbers, measures tied to the child directly. A mapping written from adapters/README.md alone
// (test/fixtures/mappings/other-host.json) gives the same features as the generator.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { readDatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { mappingOrThrow, validateMapping } from '../../adapters/mapping/mapping-validator';
import { seedReferenceDatabase, type SeedResult } from '../../adapters/reference-schema/seed-database';
import { tablesOf } from '../../adapters/mapping/mapping-on-database';
import { REPO_ROOT } from '../helpers/model-packages';
import { OTHER_HOST_VIEWS as VIEWS } from '../helpers/other-host-views';
import { openSqlite, tempSqliteFile } from '../helpers/seeded-database';


describe('a mapping for a host with other table and column names', () => {
  let db: Knex;
  let seeded: SeedResult;
  const raw = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'mappings', 'other-host.json'), 'utf8'));
  before(async () => {
    db = openSqlite(tempSqliteFile('bs-other-host-'));
    seeded = await seedReferenceDatabase(db, { seed: 31, referrals: 300 });
    for (const view of VIEWS) await db.raw(view);
  });
  after(() => db.destroy());

  it('is valid against the host\'s own tables and columns', async () => {
    const first = validateMapping(raw);
    const catalog = await readDatabaseCatalog(db, tablesOf(first.mapping!));
    const result = validateMapping(raw, { catalog });
    expect(result.problems).to.deep.equal([]);
    expect(result.refusals).to.deep.equal([]);
  });

  it('extracts the generator\'s features for every referral', async () => {
    const extractor = new FeatureExtractor(db, mappingOrThrow(validateMapping(raw), 'other-host.json'));
    const referrals = seeded.population.referrals;
    const extracted = await extractor.extractBatch(referrals.map((r) => r.id));
    const mismatches = extracted.flatMap((e, i) =>
      Object.entries(referrals[i]!.features).flatMap(([name, value]) => (e.features[name] === value ? [] : [`${e.referralId} ${name}: ${value} ≠ ${e.features[name]}`])),
    );
    expect(mismatches.slice(0, 10)).to.deep.equal([]);
    expect(extracted).to.have.length(referrals.length);
  });
});
