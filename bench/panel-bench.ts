// The risk panel end to end on the seeded database, over loopback HTTP against a plugin server in its own
// process (`beslutningsstotte serve`): one request at a time (p50/p99) beside the scoring core's time for the
// same referrals, and 50 concurrent connections for 30 s with autocannon (panels/s, p50/p99, errors). Then,
// in this process, where one panel's time goes: feature SQL, earlier referrals, scoring, view and template,
// audit write. Targets: one at a time p50 ≤ 5 ms, p99 ≤ 15 ms; ≥ 400 panels/s at 50 concurrent, zero errors.
//   npx tsx bench/panel-bench.ts [--single 1000] [--seconds 30] [--connections 50]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../adapters/database-config';
import { DEFAULT_SQLITE_FILE, PRODUCT_ROOT } from '../plugin/product-paths';
import { loadMapping } from '../adapters/mapping/mapping-file';
import { modelFeatureRequirements } from '../plugin/scoring/model-feature-requirements';
import { DEFAULT_APPROVALS_FILE, DEMO_MODEL_DIR } from '../plugin/product-paths';
import { createHostReferralSource } from '../plugin/panel/host-referral-source';
import { loadMessages } from '../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../plugin/panel/panel-templates';
import { buildPanelView } from '../plugin/panel/panel-view-model';
import { buildRiskPanel } from '../plugin/panel/risk-panel-service';
import { readApprovalList } from '../plugin/scoring/model-approval';
import { loadModelPackage } from '../plugin/scoring/model-package-loader';
import { scoreReferral } from '../plugin/scoring/referral-scorer';
import { mintDevelopmentToken } from '../plugin/server/launch-token';
import { AuditRepository } from '../plugin/storage/audit-repository';
import { FlagRepository } from '../plugin/storage/flag-repository';
import { migratePluginDatabase, openPluginDatabase } from '../plugin/storage/plugin-database';

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '30' },
    connections: { type: 'string', default: '50' },
  },
});
const SINGLE = Number(values.single);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);

if (!existsSync(DEFAULT_SQLITE_FILE)) {
  console.log('The seeded database is missing: run `npm run db:seed` first.');
  process.exit(1);
}

const quantile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

// The referrals: a fixed spread over the seeded window.
const hostDb = openDatabase({ client: 'better-sqlite3', connection: { filename: DEFAULT_SQLITE_FILE } });
const all = (await hostDb('underretning').where('modtaget_tid', '>=', '2017-01-01').orderBy('underretning_id').pluck('underretning_id')) as number[];
const ids = Array.from({ length: Math.min(SINGLE, all.length) }, (_, i) => String(all[Math.floor((i * all.length) / Math.min(SINGLE, all.length))]!));

// The plugin server in its own process, on its own plugin database (WAL, synchronous=FULL).
const work = mkdtempSync(path.join(os.tmpdir(), 'bs-panel-bench-'));
const port = await new Promise<number>((resolve) => {
  const probe = http.createServer().listen(0, '127.0.0.1', () => {
    const p = (probe.address() as AddressInfo).port;
    probe.close(() => resolve(p));
  });
});
const config = path.join(work, 'server.json');
writeFileSync(config, JSON.stringify({ environment: 'development', listen: { host: '127.0.0.1', port }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(work, 'plugin.sqlite') } } }));
const devKey = randomBytes(32).toString('base64url');
const server = spawn(process.execPath, [path.join(PRODUCT_ROOT, 'bin', 'beslutningsstotte.js'), 'serve', '--config', config], {
  env: { ...process.env, BESLUTNINGSSTOTTE_DEV_SIGNING_KEY: devKey, BESLUTNINGSSTOTTE_LOG_LEVEL: 'info' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    if (i > 300) throw new Error('the plugin server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Each launch token opens one view (its jti is spent on first use), as a host's server-side injection mints one
// per fragment it fetches: every request here carries a token of its own, minted before it is timed.
const key = new TextEncoder().encode(devKey);
const freshToken = (id: string) => mintDevelopmentToken(key, { userId: 'bench', role: 'caseworker', referralId: id, audience: 'beslutningsstotte', lifetimeSeconds: 600 });
const pathOf = (id: string) => `/panel/referrals/${id}/fragment`;

// One request at a time, keep-alive, as a host's server-side injection would call it.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const getOnce = async (id: string) => {
  const token = await freshToken(id);
  return new Promise<number>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = http.get({ host: '127.0.0.1', port, path: pathOf(id), agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`status ${res.statusCode} for ${id}`))));
    });
    req.on('error', reject);
  });
};
const scorable: string[] = [];
for (const id of ids) {
  try {
    await getOnce(id); // warm-up, and keeps only referrals that score (200)
    scorable.push(id);
  } catch {
    /* a state that is not a score: left out of the timing */
  }
}
const single: number[] = [];
for (const id of scorable) single.push(await getOnce(id));
single.sort((a, b) => a - b);

// The scoring core alone for the same referrals (features extracted beforehand).
const model = await loadModelPackage(DEMO_MODEL_DIR, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) });
const mapping = await loadMapping(path.join(PRODUCT_ROOT, 'adapters', 'mappings', 'reference-dubu.json'), hostDb, modelFeatureRequirements(DEMO_MODEL_DIR).features);
const data = createHostReferralSource(hostDb, mapping);
const snapshots = [];
for (const id of scorable) snapshots.push((await data.referralWithHistory(id))!.referral);
for (const s of snapshots.slice(0, 200)) await scoreReferral(model, { features: s.features });
const core: number[] = [];
for (const s of snapshots) {
  const t = performance.now();
  await scoreReferral(model, { features: s.features });
  core.push(performance.now() - t);
}
core.sort((a, b) => a - b);

console.log(`Referrals: ${scorable.length} that score (of ${ids.length} spread over the seeded window), fragment view, keep-alive.`);
console.log(`One request at a time:  p50 ${ms(quantile(single, 0.5))}, p99 ${ms(quantile(single, 0.99))}   (targets ≤ 5 ms / ≤ 15 ms)`);
console.log(`Scoring core alone:     p50 ${ms(quantile(core, 0.5))}, p99 ${ms(quantile(core, 0.99))}`);
console.log(`Panel / scoring core:   ${(quantile(single, 0.5) / quantile(core, 0.5)).toFixed(1)}× at p50, ${(quantile(single, 0.99) / quantile(core, 0.99)).toFixed(1)}× at p99`);

// 50 concurrent connections.
// A pool of fresh tokens, far more than the run can use (autocannon's setupRequest cannot wait for a signature).
const pool: Array<{ id: string; token: string }> = [];
for (let i = 0; i < SECONDS * 3000; i++) {
  const id = scorable[i % Math.min(scorable.length, 500)]!;
  pool.push({ id, token: await freshToken(id) });
}
const requests: autocannon.Request[] = [
  {
    method: 'GET',
    setupRequest: (request: autocannon.Request) => {
      const next = pool.pop();
      if (!next) throw new Error('the bench ran out of fresh launch tokens: raise the pool');
      return { ...request, path: pathOf(next.id), headers: { authorization: `Bearer ${next.token}` } };
    },
  },
];
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests }, (err, res) => (err ? reject(err) : resolve(res)));
});
const errors = result.errors + result.timeouts + result.non2xx;
console.log(
  `${CONNECTIONS} concurrent for ${SECONDS} s:   ${Math.round(result.requests.average)} panels/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
    `errors ${errors} (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})   (target ≥ 400 panels/s, 0 errors)`,
);
server.kill('SIGTERM');

// Where one panel's time goes, in this process (no HTTP): each step timed over the same referrals.
const pluginDb = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: path.join(work, 'breakdown.sqlite') } });
await migratePluginDatabase(pluginDb);
const audit = new AuditRepository(pluginDb);
const flags = new FlagRepository(pluginDb);
const messages = loadMessages();
const templates = compilePanelTemplates();
const steps: Record<string, number[]> = { 'feature SQL (referral + earlier ones)': [], 'flags read': [], 'scoring + explanation': [], 'view model + template': [], 'audit write (durable)': [] };
const time = async <T>(step: string, fn: () => Promise<T> | T): Promise<T> => {
  const t = performance.now();
  const r = await fn();
  steps[step]!.push(performance.now() - t);
  return r;
};
for (const id of scorable) {
  await time('feature SQL (referral + earlier ones)', () => data.referralWithHistory(id));
  await time('flags read', () => flags.forReferral(id));
  const outcome = await buildRiskPanel({ model, modelErrorCode: null, data, flags }, id);
  if (outcome.kind === 'score') await time('scoring + explanation', () => scoreReferral(model, { features: outcome.referral.features }));
  await time('view model + template', () => templates.fragment(buildPanelView(outcome, { lang: 'da', messages: messages.da, model, referralId: id, viewCredential: 'v', basePath: '' })));
  await time('audit write (durable)', () =>
    audit.write({ occurredAt: new Date().toISOString(), requestId: 'bench', userId: 'bench', userRole: 'caseworker', extensionPoint: 'risk-panel', view: 'fragment', referralId: id, modelId: 'm', modelVersion: '1', score: 1, outcome: 'shown', code: null }),
  );
}
console.log('Where the time goes (in process, p50 / p99 per panel):');
let stepsAtP50 = 0;
for (const [step, list] of Object.entries(steps)) {
  list.sort((a, b) => a - b);
  stepsAtP50 += quantile(list, 0.5);
  console.log(`  ${step.padEnd(38)} ${ms(quantile(list, 0.5))} / ${ms(quantile(list, 0.99))}`);
}
console.log(`  ${'the rest (HTTP, token, headers, log)'.padEnd(38)} ≈ ${ms(Math.max(0, quantile(single, 0.5) - stepsAtP50))} (one-at-a-time p50 minus the steps' p50s)`);
await Promise.all([hostDb.destroy(), pluginDb.destroy(), model.runtime.release()]);
