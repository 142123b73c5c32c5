// Launch tokens: the host opens the panel with a short-lived JWT it signs (RS256 or ES256 with the host's key;
// HS256 with the development key, for development only). This module verifies one and yields its typed claims,
// or throws TOKEN_INVALID / TOKEN_EXPIRED; it never says more about why than a code and a short reason.
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { errors as joseErrors, importSPKI, jwtVerify, SignJWT, type CryptoKey, type JWTHeaderParameters, type KeyObject } from 'jose';
import { BeslutningsstotteError } from '../errors';
import { validateAgainst } from '../schema-validator';

export const ROLES = ['caseworker', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

const Id = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });

/** The claims a launch token carries (beside the registered ones jose checks). */
export const LaunchClaimsSchema = Type.Object(
  {
    sub: Type.String({ minLength: 1, maxLength: 200, description: "The user's id in the host." }),
    role: Type.Union(ROLES.map((r) => Type.Literal(r))),
    referral_id: Type.Optional(Id),
    child_id: Type.Optional(Id),
    aud: Type.Union([Type.String(), Type.Array(Type.String())]),
    exp: Type.Integer(),
    iat: Type.Integer(),
    iss: Type.Optional(Type.String()),
    jti: Type.String({ minLength: 1, maxLength: 200, description: 'Unique per token: a launch opens one view, and a used jti never opens another.' }),
  },
  { additionalProperties: true },
);
export type LaunchClaims = Static<typeof LaunchClaimsSchema>;

export interface LaunchContext {
  readonly userId: string;
  readonly role: Role;
  readonly referralId: string | null;
  readonly childId: string | null;
  /** Identifies this launch (issuer and jti): it may open one view only. */
  readonly launchId: string;
  /** When the token expires (seconds since the epoch). */
  readonly expiresAt: number;
}

type VerifyKey = CryptoKey | KeyObject | Uint8Array;

export interface HostKey {
  readonly alg: 'RS256' | 'ES256';
  readonly kid?: string;
  readonly key: VerifyKey;
}

export interface TokenVerifierOptions {
  readonly audience: string;
  readonly issuer?: string;
  /** Longest accepted lifetime (exp − iat), in seconds. */
  readonly maxLifetimeSeconds: number;
  readonly hostKeys: readonly HostKey[];
  /** HS256 development key; null in production. */
  readonly developmentKey: Uint8Array | null;
  readonly clockToleranceSeconds?: number;
}

export const DEVELOPMENT_KEY_ENV = 'BESLUTNINGSSTOTTE_DEV_SIGNING_KEY';
/** The only variable names `auth.developmentKeyEnv` may give: never PATH, HOME or another variable that is not a key. */
export const DEVELOPMENT_KEY_ENV_PATTERN = /^BESLUTNINGSSTOTTE_(?:[A-Z0-9]+_)*DEV_SIGNING_KEY$/;
export const MIN_DEVELOPMENT_KEY_LENGTH = 32;
/** Estimated entropy a development key must carry (its length times the Shannon entropy of its characters). */
export const MIN_DEVELOPMENT_KEY_BITS = 128;
/** NODE_ENV values that do not contradict a configuration saying development. */
const DEVELOPMENT_NODE_ENVS: ReadonlySet<string | undefined> = new Set([undefined, '', 'development', 'test']);

/** An estimate of the key's entropy in bits: its length times the Shannon entropy of its characters. */
export function estimatedKeyBits(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let perChar = 0;
  for (const c of counts.values()) perChar -= (c / n) * Math.log2(c / n);
  return n * perChar;
}

const configInvalid = (source: string, detail: string) => new BeslutningsstotteError('SERVER_CONFIG_INVALID', { source, detail });

/**
 * The development key from the environment variable `name`, or null when it is not set. A name outside
 * BESLUTNINGSSTOTTE_…DEV_SIGNING_KEY, or a key shorter than 32 characters or of less than about 128 bits, is
 * refused (SERVER_CONFIG_INVALID), never silently used or ignored.
 */
export function developmentKeyFrom(env: NodeJS.ProcessEnv = process.env, name = DEVELOPMENT_KEY_ENV): Uint8Array | null {
  if (!DEVELOPMENT_KEY_ENV_PATTERN.test(name)) throw configInvalid('auth.developmentKeyEnv', `${name.slice(0, 64)} may not hold a signing key; use ${DEVELOPMENT_KEY_ENV}`);
  const value = env[name];
  if (value === undefined || value === '') return null;
  const bits = estimatedKeyBits(value);
  if (value.length < MIN_DEVELOPMENT_KEY_LENGTH || bits < MIN_DEVELOPMENT_KEY_BITS) {
    throw configInvalid(name, `the development signing key is too weak (${value.length} characters, about ${Math.floor(bits)} bits; at least ${MIN_DEVELOPMENT_KEY_LENGTH} characters and ${MIN_DEVELOPMENT_KEY_BITS} bits): make one with openssl rand -base64 32`);
  }
  return new TextEncoder().encode(value);
}

/**
 * The HS256 development key, accepted only when the configuration says "environment": "development" (and
 * NODE_ENV, when set, says development or test). Production is the default: there a development key in the
 * environment stops the start rather than being accepted (or quietly ignored).
 */
export function developmentKeyFor(environment: 'production' | 'development', env: NodeJS.ProcessEnv, name = DEVELOPMENT_KEY_ENV): Uint8Array | null {
  const key = developmentKeyFrom(env, name);
  if (environment !== 'development') {
    if (key !== null) throw configInvalid(name, 'a development signing key (HS256) is set, but the configuration does not say "environment": "development" (production is the default); production hosts sign with RS256 or ES256');
    return null;
  }
  if (!DEVELOPMENT_NODE_ENVS.has(env.NODE_ENV)) {
    throw configInvalid('NODE_ENV', `the configuration says development, but NODE_ENV is "${String(env.NODE_ENV).slice(0, 32)}"; development runs with NODE_ENV unset, development or test`);
  }
  return key;
}

export async function importHostPublicKey(alg: 'RS256' | 'ES256', pem: string, kid?: string): Promise<HostKey> {
  return { alg, key: await importSPKI(pem, alg), ...(kid === undefined ? {} : { kid }) };
}

export type TokenVerifier = (token: string) => Promise<LaunchContext>;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const algorithms = [...new Set(options.hostKeys.map((k) => k.alg)), ...(options.developmentKey ? ['HS256'] : [])];
  const keyFor = (header: JWTHeaderParameters): VerifyKey => {
    if (header.alg === 'HS256' && options.developmentKey) return options.developmentKey;
    const key = options.hostKeys.find((k) => k.alg === header.alg && (header.kid === undefined || k.kid === undefined || k.kid === header.kid));
    if (!key) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'no key for its algorithm' });
    return key.key;
  };
  return async (token: string) => {
    if (algorithms.length === 0) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'no signing key is configured' });
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, async (header) => keyFor(header), {
        audience: options.audience,
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        algorithms,
        requiredClaims: ['exp', 'iat', 'sub', 'aud', 'jti'],
        maxTokenAge: options.maxLifetimeSeconds,
        clockTolerance: options.clockToleranceSeconds ?? 30,
      }));
    } catch (error) {
      if (error instanceof BeslutningsstotteError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new BeslutningsstotteError('TOKEN_EXPIRED', {}, { cause: error });
      const reason =
        error instanceof joseErrors.JWTClaimValidationFailed ? `claim ${error.claim} failed`
        : error instanceof joseErrors.JWSSignatureVerificationFailed ? 'bad signature'
        : error instanceof joseErrors.JOSEAlgNotAllowed ? 'algorithm not allowed'
        : 'malformed';
      throw new BeslutningsstotteError('TOKEN_INVALID', { reason }, { cause: error });
    }
    const checked = validateAgainst(LaunchClaimsSchema, payload);
    if (!checked.ok) throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'claims do not fit the schema' });
    const claims = checked.value;
    if (claims.exp - claims.iat > options.maxLifetimeSeconds) {
      throw new BeslutningsstotteError('TOKEN_INVALID', { reason: `lifetime over ${options.maxLifetimeSeconds} s` });
    }
    if (claims.referral_id === undefined && claims.child_id === undefined) {
      throw new BeslutningsstotteError('TOKEN_INVALID', { reason: 'neither referral_id nor child_id' });
    }
    return {
      userId: claims.sub,
      role: claims.role,
      referralId: claims.referral_id ?? null,
      childId: claims.child_id ?? null,
      launchId: `${claims.iss ?? ''}\n${claims.jti}`,
      expiresAt: claims.exp,
    };
  };
}

export interface MintOptions {
  readonly userId: string;
  readonly role: Role;
  readonly referralId?: string;
  readonly childId?: string;
  readonly audience: string;
  readonly issuer?: string;
  readonly lifetimeSeconds: number;
  readonly now?: number;
}

/** A development token (HS256). Production tokens are signed by the host, never by the plugin. */
export async function mintDevelopmentToken(key: Uint8Array | null, options: MintOptions): Promise<string> {
  if (key === null) throw new BeslutningsstotteError('DEVELOPMENT_KEY_MISSING', { env: DEVELOPMENT_KEY_ENV });
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  let jwt = new SignJWT({
    role: options.role,
    ...(options.referralId === undefined ? {} : { referral_id: options.referralId }),
    ...(options.childId === undefined ? {} : { child_id: options.childId }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setAudience(options.audience)
    .setIssuedAt(now)
    .setJti(randomUUID())
    .setExpirationTime(now + options.lifetimeSeconds);
  if (options.issuer !== undefined) jwt = jwt.setIssuer(options.issuer);
  return jwt.sign(key);
}
