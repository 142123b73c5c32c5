// A real plugin server on loopback for route tests: the demo model, the small seeded host database, a plugin
// database of its own in a temporary file, a random development key, and a log captured in memory. Parts can
// be swapped (a data source that fails, no model) to reach the states that are not a score.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Knex } from 'knex';
import { openDatabase } from '../../../adapters/database-config';
import { loadMapping } from '../../../adapters/mapping/mapping-file';
import { modelFeatureRequirements } from '../../../plugin/scoring/model-feature-requirements';
import { REFERENCE_MAPPING_FILE } from '../../../plugin/product-paths';
import { DEFAULT_APPROVALS_FILE, DEMO_MODEL_DIR } from '../../../plugin/product-paths';
import { createHostReferralSource } from '../../../plugin/panel/host-referral-source';
import { loadMessages } from '../../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../../plugin/panel/panel-templates';
import type { ReferralDataSource } from '../../../plugin/panel/referral-data-source';
import { readApprovalList } from '../../../plugin/scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../../../plugin/scoring/model-package-loader';
import { createTokenVerifier, mintDevelopmentToken, type Role } from '../../../plugin/server/launch-token';
import { createPluginApp } from '../../../plugin/server/plugin-app';
import { readPluginManifest } from '../../../plugin/server/plugin-assembly';
import type { PluginContext } from '../../../plugin/server/plugin-context';
import { createLogger } from '../../../plugin/server/request-logger';
import { AuditRepository } from '../../../plugin/storage/audit-repository';
import { FlagRepository } from '../../../plugin/storage/flag-repository';
import { migratePluginDatabase, openPluginDatabase } from '../../../plugin/storage/plugin-database';
import { ViewSessionRepository } from '../../../plugin/storage/view-session-repository';
import { ViewAccess } from '../../../plugin/server/view-access';
import { sharedSeededDatabase, openSqlite } from '../../helpers/seeded-database';
import { followUpDeps } from '../../../plugin/server/follow-up-setup';

export const TEST_AUDIENCE = 'beslutningsstotte';
export const HOST_ORIGINS = ['https://dubu.example-kommune.dk', 'https://sag.example-kommune.dk'];

export function loadDemoModel(): Promise<LoadedModelPackage> {
  return loadModelPackage(DEMO_MODEL_DIR, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) });
}

export interface TestPluginServer {
  readonly url: string;
  readonly ctx: PluginContext;
  readonly hostDb: Knex;
  readonly pluginDb: Knex;
  readonly key: Uint8Array;
  readonly logLines: string[];
  token(referralId: string, options?: { userId?: string; role?: Role; lifetimeSeconds?: number; key?: Uint8Array; audience?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly model: LoadedModelPackage | null;
  readonly data?: (real: ReferralDataSource) => ReferralDataSource;
  readonly audit?: (real: AuditRepository) => AuditRepository;
  /** The configured public origin (default: the loopback address the server listens on). */
  readonly publicBaseUrl?: string;
  readonly trustedProxies?: readonly string[];
  readonly allowedOrigins?: readonly string[];
  /** Server config recordLinks: per host table, a link template with {id}. */
  readonly recordLinks?: Readonly<Record<string, string>>;
}

export async function startTestPluginServer(options: TestServerOptions): Promise<TestPluginServer> {
  const { file } = await sharedSeededDatabase();
  const hostDb = openSqlite(file);
  const pluginDb = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-plugin-')), 'plugin.sqlite') } });
  await migratePluginDatabase(pluginDb);
  const mapping = await loadMapping(REFERENCE_MAPPING_FILE, hostDb, modelFeatureRequirements(DEMO_MODEL_DIR).features);
  const real = createHostReferralSource(hostDb, mapping);
  const key = new TextEncoder().encode(randomBytes(32).toString('base64url'));
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const realAudit = new AuditRepository(pluginDb);
  const followUp = await followUpDeps(hostDb, pluginDb, mapping, { synthetic: true });
  const verify = createTokenVerifier({ audience: TEST_AUDIENCE, maxLifetimeSeconds: 600, hostKeys: [], developmentKey: key });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const ctx: PluginContext = {
    model: options.model,
    modelErrorCode: options.model ? null : 'MODEL_INTEGRITY',
    data: options.data ? options.data(real) : real,
    audit: options.audit ? options.audit(realAudit) : realAudit,
    flags: new FlagRepository(pluginDb),
    verify,
    views: new ViewAccess({ verify, sessions: new ViewSessionRepository(pluginDb), lifetimeSeconds: 600, basePath: '' }),
    templates: compilePanelTemplates(),
    messages: loadMessages(),
    logger: createLogger({ level: 'info', destination }),
    allowedOrigins: options.allowedOrigins ?? HOST_ORIGINS,
    manifest: readPluginManifest(),
    basePath: '',
    publicBaseUrl: options.publicBaseUrl ?? `http://127.0.0.1:${port}`,
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(followUp ? { followUp } : {}),
    ...(options.recordLinks ? { recordLinks: options.recordLinks } : {}),
  };
  server.on('request', createPluginApp(ctx));
  return {
    url: `http://127.0.0.1:${port}`,
    ctx,
    hostDb,
    pluginDb,
    key,
    logLines,
    token: (referralId, o = {}) =>
      mintDevelopmentToken(o.key ?? key, {
        userId: o.userId ?? 'sr-1042',
        role: o.role ?? 'caseworker',
        referralId,
        audience: o.audience ?? TEST_AUDIENCE,
        lifetimeSeconds: o.lifetimeSeconds ?? 300,
      }),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await followUp.pdf.close();
      await Promise.all([hostDb.destroy(), pluginDb.destroy()]);
    },
  };
}

/** Ids of seeded referrals: a few that score, found through the real extractor. */
export async function scorableReferralIds(hostDb: Knex, count: number): Promise<string[]> {
  const rows: Array<{ id: number }> = await hostDb('underretning').select({ id: 'underretning_id' }).orderBy('modtaget_tid', 'desc').limit(count * 3);
  return rows.map((r) => String(r.id));
}

export { openDatabase };

export interface BrowserLikeResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The view cookie as a browser would send it back ('' when none was set). */
  readonly cookie: string;
  /** Where the launch redirected to (token-free). */
  readonly location: string | null;
}

/** The view cookie a response set, as a `Cookie` header value. */
export function viewCookieOf(headers: Headers): string {
  const set = headers.getSetCookie().find((c) => c.startsWith('bs_view=') && !/Max-Age=0\b/.test(c));
  return set ? set.split(';')[0]! : '';
}

/** The view credential in a page's hidden form field. */
export function viewFieldOf(html: string): string {
  const m = /name="view" value="([A-Za-z0-9_-]{43})"/.exec(html);
  if (!m) throw new Error('the page has no view credential');
  return m[1]!;
}

/**
 * Opens a view as a browser does with an iframe URL: the launch token in the query, the 303 to the token-free
 * URL with the view cookie, and the GET that follows with the cookie. A refusal at launch is returned as is.
 */
export async function launchInBrowser(baseUrl: string, pathAndQuery: string, token: string): Promise<BrowserLikeResponse> {
  const sep = pathAndQuery.includes('?') ? '&' : '?';
  const first = await fetch(`${baseUrl}${pathAndQuery}${sep}token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  if (first.status !== 303) return { status: first.status, headers: first.headers, text: await first.text(), cookie: '', location: null };
  await first.text();
  const cookie = viewCookieOf(first.headers);
  const location = first.headers.get('location');
  const res = await fetch(`${baseUrl}${location}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, text: await res.text(), cookie, location };
}
