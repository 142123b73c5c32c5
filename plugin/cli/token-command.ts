// `beslutningsstotte token --user ID --role caseworker --referral ID`: mints a short-lived development launch
// token (HS256) with the development key, only when the configuration says "environment": "development" (the
// default is production, where it refuses: DEVELOPMENT_ONLY), and refuses when no key is configured.
// Production tokens are signed by the host with its own key, never by this command.
import { BeslutningsstotteError } from '../errors';
import { developmentKeyFor, mintDevelopmentToken, ROLES, type Role } from '../server/launch-token';
import { readServerConfig } from '../server/server-config';
import type { CliIo } from './cli-io';

export interface TokenOptions {
  readonly user: string;
  readonly role: string;
  readonly referral?: string;
  readonly child?: string;
  readonly lifetime: string;
  readonly config?: string;
}

export async function runTokenCommand(options: TokenOptions, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = readServerConfig(options.config);
  if (!(ROLES as readonly string[]).includes(options.role)) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--role must be one of ${ROLES.join(', ')}` });
  }
  if (options.referral === undefined && options.child === undefined) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: 'give --referral or --child' });
  }
  const lifetime = Number(options.lifetime);
  if (!Number.isInteger(lifetime) || lifetime < 10 || lifetime > config.auth.maxTokenLifetimeSeconds) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `--lifetime must be whole seconds from 10 to ${config.auth.maxTokenLifetimeSeconds}` });
  }
  if (config.environment !== 'development') throw new BeslutningsstotteError('DEVELOPMENT_ONLY', { what: 'beslutningsstotte token', source: options.config ?? env.BESLUTNINGSSTOTTE_CONFIG ?? 'the defaults' });
  const key = developmentKeyFor(config.environment, env, config.auth.developmentKeyEnv);
  if (key === null) throw new BeslutningsstotteError('DEVELOPMENT_KEY_MISSING', { env: config.auth.developmentKeyEnv });
  const token = await mintDevelopmentToken(key, {
    userId: options.user,
    role: options.role as Role,
    ...(options.referral === undefined ? {} : { referralId: options.referral }),
    ...(options.child === undefined ? {} : { childId: options.child }),
    audience: config.auth.audience,
    ...(config.auth.issuer === undefined ? {} : { issuer: config.auth.issuer }),
    lifetimeSeconds: lifetime,
  });
  io.out(token);
  return 0;
}
