// Where the host database is and how to open it. The embedded default is a SQLite file under var/; production
// is SQL Server through knex's `mssql` client, configured in a JSON file that an administrator writes:
//   { "client": "mssql", "connection": { "server": "...", "database": "...", "user": "...",
//     "passwordEnv": "BESLUTNINGSSTOTTE_DB_PASSWORD", "options": { "encrypt": true } } }
// The configuration is validated where it enters; the state lives in the database, never in process memory
// (an in-memory SQLite database is refused).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import knexFactory, { type Knex } from 'knex';
import { BeslutningsstotteError } from '../plugin/errors';
import { DEFAULT_SQLITE_FILE, PRODUCT_ROOT } from '../plugin/product-paths';
import { validateAgainst } from '../plugin/schema-validator';
import { cacheStatements } from './sqlite-statement-cache';
import { readJsonFile } from '../plugin/json-file';

const SqliteConfig = Type.Object(
  {
    client: Type.Union([Type.Literal('sqlite'), Type.Literal('better-sqlite3')], {
      description: 'The embedded database (a single file).',
    }),
    connection: Type.Object(
      { filename: Type.String({ minLength: 1, description: 'Path of the SQLite file; relative paths are from the product folder.' }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const MssqlConfig = Type.Object(
  {
    client: Type.Literal('mssql', { description: 'Microsoft SQL Server (the host case system or a read replica).' }),
    connection: Type.Object(
      {
        server: Type.String({ minLength: 1 }),
        port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
        database: Type.String({ minLength: 1 }),
        user: Type.String({ minLength: 1, description: 'A read-only login (see adapters/README.md).' }),
        password: Type.Optional(Type.String({ description: 'Prefer passwordEnv; a password in a file is readable by whoever reads the file.' })),
        passwordEnv: Type.Optional(Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$', description: 'Name of the environment variable that holds the password.' })),
        options: Type.Optional(
          Type.Object(
            {
              encrypt: Type.Optional(Type.Boolean({ default: true })),
              trustServerCertificate: Type.Optional(Type.Boolean({ default: false })),
              instanceName: Type.Optional(Type.String()),
              appName: Type.Optional(Type.String()),
            },
            { additionalProperties: false },
          ),
        ),
        requestTimeout: Type.Optional(Type.Integer({ minimum: 0 })),
      },
      { additionalProperties: false },
    ),
    pool: Type.Optional(
      Type.Object({ min: Type.Integer({ minimum: 0 }), max: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export const DatabaseConfigSchema = Type.Union([SqliteConfig, MssqlConfig]);
export type DatabaseConfig = Static<typeof DatabaseConfigSchema>;

export const DEFAULT_DATABASE_CONFIG: DatabaseConfig = {
  client: 'better-sqlite3',
  connection: { filename: DEFAULT_SQLITE_FILE },
};

/** Validates a database configuration (from a file or a caller). */
export function parseDatabaseConfig(value: unknown, source = 'the database configuration'): DatabaseConfig {
  const result = validateAgainst(DatabaseConfigSchema, value);
  if (!result.ok) {
    throw new BeslutningsstotteError('DATABASE_CONFIG_INVALID', { source, detail: result.problems.join('; ') });
  }
  const config = result.value;
  if (config.client !== 'mssql' && /^(:memory:|file::memory:)/.test(config.connection.filename)) {
    throw new BeslutningsstotteError('DATABASE_CONFIG_INVALID', {
      source,
      detail: 'an in-memory database keeps nothing; give a file name',
    });
  }
  return config;
}

/** Reads a JSON configuration file; without one, the embedded SQLite file. */
export function readDatabaseConfig(file?: string): DatabaseConfig {
  if (file === undefined) return DEFAULT_DATABASE_CONFIG;
  const parsed = readJsonFile(file, (detail, cause) => new BeslutningsstotteError('DATABASE_CONFIG_INVALID', { source: file, detail }, { cause }));
  return parseDatabaseConfig(parsed, file);
}

/**
 * A connection string `mssql://user:password@server:port/database?encrypt=true&trustServerCertificate=true`
 * as a configuration (used by the live SQL Server tests through MSSQL_URL).
 */
export function mssqlConfigFromUrl(url: string): DatabaseConfig {
  const u = new URL(url);
  if (u.protocol !== 'mssql:' && u.protocol !== 'sqlserver:') {
    throw new BeslutningsstotteError('DATABASE_CONFIG_INVALID', { source: 'MSSQL_URL', detail: 'expected mssql://…' });
  }
  const flag = (name: string, fallback: boolean) => {
    const v = u.searchParams.get(name);
    return v === null ? fallback : v === 'true' || v === '1';
  };
  return parseDatabaseConfig(
    {
      client: 'mssql',
      connection: {
        server: u.hostname,
        ...(u.port ? { port: Number(u.port) } : {}),
        database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'master',
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        options: { encrypt: flag('encrypt', true), trustServerCertificate: flag('trustServerCertificate', false) },
      },
    },
    'MSSQL_URL',
  );
}

/** The knex configuration for a validated database configuration. */
export function knexConfig(config: DatabaseConfig, env: NodeJS.ProcessEnv = process.env): Knex.Config {
  if (config.client === 'mssql') {
    const { passwordEnv, password, options, ...connection } = config.connection;
    const secret = passwordEnv !== undefined ? env[passwordEnv] : password;
    if (passwordEnv !== undefined && secret === undefined) {
      throw new BeslutningsstotteError('DATABASE_CONFIG_INVALID', {
        source: 'the database configuration',
        detail: `the environment variable ${passwordEnv} (the password) is not set`,
      });
    }
    return {
      client: 'mssql',
      connection: {
        ...connection,
        ...(secret !== undefined ? { password: secret } : {}),
        options: { encrypt: true, trustServerCertificate: false, appName: 'beslutningsstotte', ...options },
      },
      pool: config.pool ?? { min: 0, max: 10 },
    };
  }
  const filename = path.resolve(PRODUCT_ROOT, config.connection.filename);
  return { client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true };
}

/** How much of a SQLite host file is read through memory mapping (256 MiB). */
export const HOST_SQLITE_MMAP_BYTES = 256 * 1024 * 1024;

/**
 * Opens the database; the caller destroys the knex instance. A SQLite file must exist unless `create` is set
 * (only the seed and tests create one), so a mistyped path is reported instead of read as an empty database.
 */
export function openDatabase(config: DatabaseConfig = DEFAULT_DATABASE_CONFIG, options: { create?: boolean } = {}): Knex {
  const settings = knexConfig(config);
  if (settings.client === 'better-sqlite3') {
    const filename = (settings.connection as { filename: string }).filename;
    if (options.create) mkdirSync(path.dirname(filename), { recursive: true });
    else if (!existsSync(filename)) {
      throw new BeslutningsstotteError('DATABASE_CONFIG_INVALID', {
        source: 'the database configuration',
        detail: `the SQLite file ${filename} does not exist (run npm run db:seed for the demo database)`,
      });
    }
    // The extraction runs the same few statements over and over: each is prepared once per connection. The host
    // file is read through memory mapping (up to HOST_SQLITE_MMAP_BYTES), which spares a batch a copy of every
    // page it reads; SQLite still reads changed pages as they are, and writes (the seed) are not affected.
    return knexFactory({
      ...settings,
      pool: {
        afterCreate: (connection: Parameters<typeof cacheStatements>[0] & { pragma(source: string): unknown }, done: (error: Error | null, connection: unknown) => void) => {
          connection.pragma(`mmap_size = ${HOST_SQLITE_MMAP_BYTES}`);
          done(null, cacheStatements(connection));
        },
      },
    });
  }
  return knexFactory(settings);
}
