// `npm start`: the whole product on the embedded database. Seeds the host database if it is missing (the
// adapters' seed, about 12 s), starts the plugin and the simulated case system on one server, and prints the
// URL. Without BESLUTNINGSSTOTTE_DEV_SIGNING_KEY a random development key is made for this process only.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../adapters/database-config';
import { DEFAULT_SQLITE_FILE, PRODUCT_ROOT } from '../product-paths';
import { DEFAULT_SEED, DEFAULT_SEED_REFERRALS, seedReferenceDatabase } from '../../adapters/reference-schema/seed-database';
import type { CliIo } from '../cli/cli-io';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assemblePlugin, type AssembledPlugin } from '../server/plugin-assembly';
import { createLogger } from '../server/request-logger';
import { resolveServerConfig } from '../server/server-config';
import { DEVELOPMENT_KEY_ENV } from '../server/launch-token';
import { createDemoHostApp } from './demo-host-app';
import { seedDemoFollowUp } from '../storage/follow-up/demo-follow-up-seed';
import { danishDay } from '../danish-time';

/** Whether the host database file holds the newest reference schema (an older file lacks school absence). */
async function holdsCurrentSchema(file: string): Promise<boolean> {
  const db = openDatabase({ client: 'better-sqlite3', connection: { filename: file } });
  try {
    return await db.schema.hasTable('skolefravaer');
  } finally {
    await db.destroy();
  }
}

/**
 * Seeds the host database when it is missing or older than the reference schema: a synthetic municipality
 * whose eight years end today, so the children in care, their measures and ratings are of today.
 */
async function seedIfMissing(file: string, io: CliIo): Promise<void> {
  if (existsSync(file) && (await holdsCurrentSchema(file))) return;
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const today = danishDay();
  io.out(`Seeding the embedded host database ${path.relative(PRODUCT_ROOT, file)} (${DEFAULT_SEED_REFERRALS} synthetic referrals up to ${today}, about 15 s)…`);
  const started = Date.now();
  const db = openDatabase({ client: 'better-sqlite3', connection: { filename: file } }, { create: true });
  try {
    await db.raw('PRAGMA journal_mode = WAL');
    await db.raw('PRAGMA synchronous = NORMAL');
    await seedReferenceDatabase(db, { seed: DEFAULT_SEED, referrals: DEFAULT_SEED_REFERRALS, today });
    await db.raw('ANALYZE');
  } finally {
    await db.destroy();
  }
  io.out(`Seeded in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

export interface RunningDemoHost {
  readonly url: string;
  readonly server: Server;
  readonly plugin: AssembledPlugin;
  close(): Promise<void>;
}

/** Starts the demo host (port 0: any free port); the allowed embedding origins are its own. */
export async function startDemoHost(options: { port: number; host: string; env?: NodeJS.ProcessEnv; logLevel?: string; hostDatabaseFile?: string; pluginDatabaseFile?: string }): Promise<RunningDemoHost> {
  const env = { ...(options.env ?? process.env) };
  if (!env[DEVELOPMENT_KEY_ENV]) env[DEVELOPMENT_KEY_ENV] = randomBytes(32).toString('base64url');
  const server = createServer();
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  try {
    const config = resolveServerConfig(
      {
        environment: 'development',
        listen: { host: options.host, port },
        publicBaseUrl: `http://localhost:${port}`,
        embedding: { allowedOrigins: origins },
        familyContact: {
          da: 'Børne- og familieafdelingen i Eksempel Kommune (demo), telefon 70 00 00 00, hverdage kl. 9–15. Skriv gerne til jeres socialrådgiver gennem Digital Post.',
          en: 'Children and families department, Example Municipality (demo), phone 70 00 00 00, weekdays 9–15. You can also write to your caseworker through Digital Post.',
        },
        ...(options.hostDatabaseFile ? { hostDatabase: { client: 'better-sqlite3', connection: { filename: options.hostDatabaseFile } } } : {}),
        ...(options.pluginDatabaseFile ? { pluginDatabase: { client: 'better-sqlite3', connection: { filename: options.pluginDatabaseFile } } } : {}),
      },
      'the demo host',
    );
    const logger = createLogger({ level: options.logLevel ?? env.BESLUTNINGSSTOTTE_LOG_LEVEL ?? 'error' });
    const plugin = await assemblePlugin(config, { logger, env });
    // Synthetic follow-up data for the children in care (once; about 1 s on the full demo database).
    if (plugin.ctx.followUp) await seedDemoFollowUp(plugin.pluginDb, plugin.ctx.followUp.host, { today: plugin.ctx.followUp.today() });
    const app = createDemoHostApp(plugin.ctx, {
      hostDb: plugin.hostDb,
      developmentKey: plugin.developmentKey!,
      audience: config.auth.audience,
      tokenLifetimeSeconds: config.auth.maxTokenLifetimeSeconds,
    });
    server.on('request', app);
    return {
      url: `http://localhost:${port}/`,
      server,
      plugin,
      close: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await plugin.close();
      },
    };
  } catch (error) {
    server.close();
    throw error;
  }
}

export async function runDemoHost(options: { port: number; host: string }, io: CliIo): Promise<number> {
  await seedIfMissing(DEFAULT_SQLITE_FILE, io);
  const demo = await startDemoHost(options);
  io.out(`Beslutningsstøtte demo: open ${demo.url} (a simulated case system with the panel embedded; synthetic data only)`);
  io.out('Stop with Ctrl+C.');
  await new Promise<void>((resolve) => {
    const stop = () => void demo.close().then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
