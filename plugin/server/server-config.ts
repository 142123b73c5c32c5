// The server's configuration: one JSON file an administrator writes (path in --config or BESLUTNINGSSTOTTE_CONFIG),
// validated where it enters. Without a file: the embedded demo setup (SQLite files under var/, the demo model,
// the reference mapping, no host keys). docs/host-contract.md describes every field.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { DatabaseConfigSchema, DEFAULT_DATABASE_CONFIG, parseDatabaseConfig, type DatabaseConfig } from '../../adapters/database-config';
import { PRODUCT_ROOT } from '../product-paths';
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';
import { DEFAULT_PLUGIN_DATABASE_CONFIG } from '../storage/plugin-database';
import { DEVELOPMENT_KEY_ENV, DEVELOPMENT_KEY_ENV_PATTERN } from './launch-token';
import { readJsonFile } from '../json-file';

const Origin = Type.String({ pattern: '^https?://[A-Za-z0-9.-]+(:\\d{1,5})?$', description: 'scheme://host[:port], no path.' });

const TrustedProxy = Type.String({
  pattern: '^(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(/\\d{1,3})?)$',
  description: 'An address or CIDR range of a reverse proxy (or loopback, linklocal, uniquelocal) whose X-Forwarded-* headers are believed.',
});

export const DEFAULT_AUDIT_RETENTION_DAYS = 1826;

export const ServerConfigSchema = Type.Object(
  {
    environment: Type.Optional(
      Type.Union([Type.Literal('production'), Type.Literal('development')], {
        default: 'production',
        description: 'production (the default) or development: only development accepts the HS256 development key and lets `beslutningsstotte token` mint.',
      }),
    ),
    publicBaseUrl: Type.Optional(
      Type.String({
        pattern: '^https?://[^/?#@\\s]+/?$',
        description: 'The origin browsers and hosts reach the plugin at (scheme://host[:port]); every absolute URL the plugin builds starts with it. Required unless the server listens on loopback.',
      }),
    ),
    trustedProxies: Type.Optional(Type.Array(TrustedProxy, { description: 'Reverse proxies whose X-Forwarded-For/-Proto/-Host are believed (none by default).' })),
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
            Type.String({
              pattern: DEVELOPMENT_KEY_ENV_PATTERN.source,
              description: `Environment variable holding the HS256 development key (default ${DEVELOPMENT_KEY_ENV}); only names of the form BESLUTNINGSSTOTTE_…DEV_SIGNING_KEY.`,
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    recordLinks: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$' }),
        Type.String({ pattern: '^https?://[^\\s]*\\{id\\}[^\\s]*$' }),
        {
          description:
            'Per host table (as named in the field mapping), a link that opens one record in the host, with {id} where the record id goes, e.g. "https://dubu.example.dk/sag/undersoegelse/{id}". The panel links each record of the data overview that has one.',
        },
      ),
    ),
    familyContact: Type.Optional(
      Type.Object(
        { da: Type.String({ minLength: 1, maxLength: 600 }), en: Type.String({ minLength: 1, maxLength: 600 }) },
        { additionalProperties: false, description: 'Who the family contacts, as the family letter says it (e.g. the children\'s services\' phone and opening hours).' },
      ),
    ),
    embedding: Type.Optional(
      Type.Object({ allowedOrigins: Type.Array(Origin, { description: 'Origins that may frame the panel (CSP frame-ancestors).' }) }, { additionalProperties: false }),
    ),
    audit: Type.Optional(
      Type.Object(
        {
          retentionDays: Type.Optional(
            Type.Integer({ minimum: 30, maximum: 3653, default: DEFAULT_AUDIT_RETENTION_DAYS, description: 'Days an audit record is kept; older records are deleted (at start-up, daily, or by `audit --prune`).' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ServerConfigFile = Static<typeof ServerConfigSchema>;

export type Environment = 'production' | 'development';

export interface ServerConfig {
  readonly environment: Environment;
  readonly listen: { readonly host: string; readonly port: number };
  /** The plugin's public origin (no trailing slash): the start of every absolute URL it builds. */
  readonly publicBaseUrl: string;
  /** Reverse proxies whose X-Forwarded-* headers are believed (Express `trust proxy`); empty: none. */
  readonly trustedProxies: readonly string[];
  readonly audit: { readonly retentionDays: number };
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
  readonly recordLinks: Readonly<Record<string, string>>;
  readonly familyContact: { readonly da: string; readonly en: string } | null;
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
  const listen = { host: c.listen?.host ?? '127.0.0.1', port: c.listen?.port ?? 8080 };
  const environment = c.environment ?? 'production';
  const invalid = (detail: string) => new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source, detail });
  for (const proxy of c.trustedProxies ?? []) {
    const [address, bits] = proxy.split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(proxy)) continue;
    const family = isIP(address ?? '');
    if (family === 0 || (bits !== undefined && Number(bits) > (family === 4 ? 32 : 128))) throw invalid(`trustedProxies: "${proxy}" is not an address or CIDR range`);
  }
  return {
    environment,
    listen,
    publicBaseUrl: publicBaseUrlOf(c.publicBaseUrl, listen, environment, invalid),
    trustedProxies: c.trustedProxies ?? [],
    audit: { retentionDays: c.audit?.retentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS },
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
    recordLinks: c.recordLinks ?? {},
    familyContact: c.familyContact ?? null,
  };
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * The public origin: as configured (an origin only: no path, query, credentials), or, when the server listens
 * on loopback only, that address. In production it is https unless it is loopback itself.
 */
function publicBaseUrlOf(value: string | undefined, listen: { host: string; port: number }, environment: Environment, invalid: (detail: string) => Error): string {
  if (value === undefined) {
    if (!isLoopback(listen.host)) throw invalid(`publicBaseUrl is required when the server listens on ${listen.host} (the address hosts and browsers reach it at, e.g. https://beslutningsstotte.kommune.dk)`);
    return `http://${listen.host.includes(':') && !listen.host.startsWith('[') ? `[${listen.host}]` : listen.host}:${listen.port}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('publicBaseUrl is not a URL');
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '' || !['http:', 'https:'].includes(url.protocol)) {
    throw invalid('publicBaseUrl must be an origin only: scheme://host[:port], without path, query or credentials');
  }
  if (environment === 'production' && url.protocol !== 'https:' && !isLoopback(url.hostname)) throw invalid('publicBaseUrl must be https in production');
  return url.origin;
}

/** Reads the configuration file (or the defaults when `file` is undefined). */
export function readServerConfig(file: string | undefined = process.env.BESLUTNINGSSTOTTE_CONFIG): ServerConfig {
  if (file === undefined || file === '') return resolveServerConfig({}, 'the defaults');
  const parsed = readJsonFile(file, (detail, cause) => new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source: file, detail }, { cause }));
  return resolveServerConfig(parsed, file);
}
