// The reference host schema migrates onto an empty SQLite file, with its code tables filled from both laws.
import { expect } from 'chai';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, parseDatabaseConfig, knexConfig, mssqlConfigFromUrl } from '../../adapters/database-config';
import { migrateReferenceSchema } from '../../adapters/reference-schema/migration-source';
import { assertValidMapping } from '../../adapters/mapping/mapping-validator';
import { periodReferralsPageQuery } from '../../plugin/batch/batch-scoring';
import { PRODUCT_ROOT } from '../../plugin/product-paths';
import { readJsonFile } from '../../plugin/json-file';

const tempFile = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-schema-')), 'host.sqlite');

describe('the reference host schema', () => {
  it('creates the DUBU-like tables with indexes for the feature queries, and can migrate twice', async () => {
    const db = openDatabase({ client: 'better-sqlite3', connection: { filename: tempFile() } }, { create: true });
    try {
      await migrateReferenceSchema(db);
      await migrateReferenceSchema(db);
      const tables = (await db('sqlite_master').where({ type: 'table' }).pluck('name')) as string[];
      expect(tables).to.include.members([
        'barn', 'familie', 'person', 'foraelder_relation', 'husstand_historik', 'adresse_historik', 'underretning',
        'sag', 'foranstaltning', 'anbringelse', 'ics_undersoegelse', 'ics_dimension_vurdering', 'trivselslineal_vurdering',
      ]);
      const indexes = (await db('sqlite_master').where({ type: 'index' }).pluck('name')) as string[];
      expect(indexes).to.include.members(['ix_underretning_barn_tid', 'ix_barn_familie', 'ix_foranstaltning_sag_dato']);
    } finally {
      await db.destroy();
    }
  });

  it('reads a period of referrals a page at a time by the received-time index, never by scanning the table', async () => {
    const db = openDatabase({ client: 'better-sqlite3', connection: { filename: tempFile() } }, { create: true });
    try {
      await migrateReferenceSchema(db);
      const mappingFile = path.join(PRODUCT_ROOT, 'adapters', 'mappings', 'reference-dubu.json');
      const mapping = assertValidMapping(readJsonFile(mappingFile), mappingFile);
      const period = { from: '2024-01-01', to: '2024-12-31' };
      for (const last of [null, { received: '2024-03-01 10:00:00', id: 17 }]) {
        const { sql, bindings } = periodReferralsPageQuery(db, mapping, period, last, 5000).toSQL();
        const plan = (await db.raw(`explain query plan ${sql}`, bindings as never)) as Array<{ detail: string }>;
        const steps = plan.map((p) => p.detail).join('; ');
        expect(steps).to.include('ix_underretning_tid');
        expect(steps).not.to.match(/SCAN underretning(?! USING)/);
        expect(steps).not.to.include('TEMP B-TREE');
      }
    } finally {
      await db.destroy();
    }
  });

  it('holds § codes from both Serviceloven and Barnets Lov, and all 20 ICS dimensions', async () => {
    const db = openDatabase({ client: 'better-sqlite3', connection: { filename: tempFile() } }, { create: true });
    try {
      await migrateReferenceSchema(db);
      const laws = await db('kode_paragraf').select('lov').count({ n: '*' }).groupBy('lov').orderBy('lov');
      expect(laws.map((r) => (r as { lov: string }).lov)).to.deep.equal(['BL', 'SEL']);
      const codes = (await db('kode_paragraf').pluck('paragraf_kode')) as string[];
      expect(codes).to.include.members(['SEL-50', 'SEL-52-3-7', 'SEL-58', 'BL-20', 'BL-46', 'BL-47']);
      expect(await db('kode_ics_dimension').count({ n: '*' }).first()).to.deep.equal({ n: 20 });
    } finally {
      await db.destroy();
    }
  });
});

describe('the database configuration', () => {
  it('refuses an in-memory SQLite database, since nothing would be kept', () => {
    expect(() => parseDatabaseConfig({ client: 'sqlite', connection: { filename: ':memory:' } }))
      .to.throw().with.property('code', 'DATABASE_CONFIG_INVALID');
  });

  it('reports a SQLite file that does not exist instead of creating an empty database', () => {
    const filename = tempFile();
    expect(() => openDatabase({ client: 'sqlite', connection: { filename } })).to.throw(/does not exist/).with.property('code', 'DATABASE_CONFIG_INVALID');
    expect(existsSync(filename)).to.equal(false);
  });

  it('refuses unknown settings with their path', () => {
    expect(() => parseDatabaseConfig({ client: 'mssql', connection: { server: 's', database: 'd', user: 'u', pasword: 'x' } }))
      .to.throw(/pasword/).with.property('code', 'DATABASE_CONFIG_INVALID');
  });

  it('takes the SQL Server password from the named environment variable and encrypts by default', () => {
    const config = parseDatabaseConfig({
      client: 'mssql',
      connection: { server: 'db.kommune.local', database: 'DUBU', user: 'bs_readonly', passwordEnv: 'BS_PW' },
    });
    const settings = knexConfig(config, { BS_PW: 'hemmelig' }) as { connection: Record<string, unknown> };
    expect(settings.connection).to.deep.include({ server: 'db.kommune.local', password: 'hemmelig', user: 'bs_readonly' });
    expect(settings.connection.options).to.deep.include({ encrypt: true, trustServerCertificate: false });
    expect(() => knexConfig(config, {})).to.throw(/BS_PW/);
  });

  it('reads an MSSQL_URL with its encryption flags', () => {
    const config = mssqlConfigFromUrl('mssql://sa:p%40ss@localhost:1433/bs_test?trustServerCertificate=true');
    expect(config).to.deep.include({ client: 'mssql' });
    expect(config.connection).to.deep.include({ server: 'localhost', port: 1433, database: 'bs_test', user: 'sa', password: 'p@ss' });
  });
});
