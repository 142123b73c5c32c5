// A validation report made as a municipality makes it: `batch`, then `validate`, on the shared small seeded
// database, into a new temporary folder (the caller removes it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runCli } from './cli';
import { sharedSeededDatabase } from './seeded-database';

export async function seededValidationReport(prefix: string, name: string, extraArgs: readonly string[] = []): Promise<{ dir: string; report: string }> {
  const { file } = await sharedSeededDatabase();
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const config = path.join(dir, 'server.json');
  writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: file } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } } }));
  expect((await runCli(['batch', '--from', '2017-01-01', '--to', '2024-12-31', '--config', config, '--no-progress'])).code).to.equal(0);
  const report = path.join(dir, name);
  const run = await runCli(['validate', '--from', '2017-01-01', '--to', '2024-12-31', '--config', config, '--out', report, ...extraArgs]);
  expect(run.code, run.err).to.equal(0);
  return { dir, report };
}
