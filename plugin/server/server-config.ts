// The server's configuration: one JSON file an administrator writes (path in --config or BESLUTNINGSSTOTTE_CONFIG),
// validated where it enters. Without a file: the embedded demo setup (SQLite files under var/, the demo model,
// the reference mapping, no host keys). docs/host-contract.md describes every field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { DatabaseConfigSchema, DEFAULT_DATABASE_CONFIG, parseDatabaseConfig, type DatabaseConfig } from '../../adapters/database-config';
import { PRODUCT_ROOT } from '../product-paths';
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { DEFAULT_PLUGIN_DATABASE_CONFIG } from '../storage/plugin-database';
import { DEVELOPMENT_KEY_ENV } from './launch-token';

const Origin = Type.String({ pattern: '^https?://[A-Za-z0-9.-]+(:\\d{1,5})?$', description: 'scheme://host[:port], no path.' });

export const ServerConfigSchema = Type.Object(
  {
    listen: Type.Optional(
      Type.Object(
        { host: Type.Optional(Type.String({ default: '127.0.0.1' })), port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, default: 8080 })) },
        { additionalProperties: false },
      ),
    ),
    hostDatabase: Type.Optional(DatabaseConfigSchema),
    pluginDatabase: Type.Optional(DatabaseConfigSchema),
    mappingFile: Type.Optional(Type.String({ description: 'The field mapping (adapters/mapping.schema.json).' })),
    model: Type.Optional(
      Type.Object(
        { dir: Type.String(), approvedModelsFile: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    auth: Type.Optional(
      Type.Object(
        {
          audience: Type.Optional(Type.String({ default: 'beslutningsstotte' })),
          issuer: Type.Optional(Type.String()),
          maxTokenLifetimeSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 3600, default: 600 })),
          hostKeys: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  alg: Type.Union([Type.Literal('RS256'), Type.Literal('ES256')]),
                  kid: Type.Optional(Type.String()),
                  publicKeyFile: Type.String({ description: 'PEM (SPKI) public key of the host.' }),
                },
                { additionalProperties: false },
              ),
            ),
          ),
          developmentKeyEnv: Type.Optional(
            Type.String({ pattern: '^[A-Z_][A-Z0-9_]*$', description: `Environment variable holding the HS256 development key (default ${DEVELOPMENT_KEY_ENV}).` }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    embedding: Type.Optional(
      Type.Object({ allowedOrigins: Type.Array(Origin, { description: 'Origins that may frame the panel (CSP frame-ancestors).' }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
export type ServerConfigFile = Static<typeof ServerConfigSchema>;

export interface ServerConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly hostDatabase: DatabaseConfig;
  readonly pluginDatabase: DatabaseConfig;
  readonly mappingFile: string;
  readonly modelDir: string;
  readonly approvedModelsFile: string;
  readonly auth: {
    readonly audience: string;
    readonly issuer?: string;
    readonly maxTokenLifetimeSeconds: number;
    readonly hostKeys: ReadonlyArray<{ alg: 'RS256' | 'ES256'; kid?: string; publicKeyPem: string }>;
    readonly developmentKeyEnv: string;
  };
  readonly allowedOrigins: readonly string[];
}

const fromRoot = (p: string) => path.resolve(PRODUCT_ROOT, p);

export const DEFAULT_MAPPING_FILE = fromRoot('adapters/mappings/reference-dubu.json');
export const DEFAULT_MODEL_DIR = fromRoot('models/demo-synthetic/boosted-trees');
export const DEFAULT_APPROVED_MODELS_FILE = fromRoot('models/approved-models.json');

export function resolveServerConfig(value: unknown, source = 'the server configuration'): ServerConfig {
  const checked = validateAgainst(ServerConfigSchema, value);
  if (!checked.ok) throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source, detail: checked.problems.join('; ') });
  const c = checked.value;
  const hostKeys = (c.auth?.hostKeys ?? []).map((k) => {
    let publicKeyPem: string;
    try {
      publicKeyPem = readFileSync(fromRoot(k.publicKeyFile), 'utf8');
    } catch (cause) {
      throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source, detail: `the host key ${k.publicKeyFile} cannot be read` }, { cause });
    }
    return { alg: k.alg, ...(k.kid === undefined ? {} : { kid: k.kid }), publicKeyPem };
  });
  return {
    listen: { host: c.listen?.host ?? '127.0.0.1', port: c.listen?.port ?? 8080 },
    hostDatabase: c.hostDatabase ? parseDatabaseConfig(c.hostDatabase, `${source} hostDatabase`) : DEFAULT_DATABASE_CONFIG,
    pluginDatabase: c.pluginDatabase ? parseDatabaseConfig(c.pluginDatabase, `${source} pluginDatabase`) : DEFAULT_PLUGIN_DATABASE_CONFIG,
    mappingFile: c.mappingFile ? fromRoot(c.mappingFile) : DEFAULT_MAPPING_FILE,
    modelDir: c.model ? fromRoot(c.model.dir) : DEFAULT_MODEL_DIR,
    approvedModelsFile: c.model?.approvedModelsFile ? fromRoot(c.model.approvedModelsFile) : DEFAULT_APPROVED_MODELS_FILE,
    auth: {
      audience: c.auth?.audience ?? 'beslutningsstotte',
      ...(c.auth?.issuer === undefined ? {} : { issuer: c.auth.issuer }),
      maxTokenLifetimeSeconds: c.auth?.maxTokenLifetimeSeconds ?? 600,
      hostKeys,
      developmentKeyEnv: c.auth?.developmentKeyEnv ?? DEVELOPMENT_KEY_ENV,
    },
    allowedOrigins: c.embedding?.allowedOrigins ?? [],
  };
}

/** Reads the configuration file (or the defaults when `file` is undefined). */
export function readServerConfig(file: string | undefined = process.env.BESLUTNINGSSTOTTE_CONFIG): ServerConfig {
  if (file === undefined || file === '') return resolveServerConfig({}, 'the defaults');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail: 'the file cannot be read as JSON' }, { cause });
  }
  return resolveServerConfig(parsed, file);
}
