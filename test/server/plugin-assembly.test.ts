// Start-up from a configuration: a model package that cannot be used leaves the server up, answering every
// panel with the "model unavailable" state; a configuration that breaks its schema stops it with a code.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEMO_MODEL_DIR } from '../../plugin/product-paths';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import { createPluginApp } from '../../plugin/server/plugin-app';
import { assemblePlugin } from '../../plugin/server/plugin-assembly';
import { createLogger } from '../../plugin/server/request-logger';
import { readServerConfig, resolveServerConfig } from '../../plugin/server/server-config';
import { alteredPackage, caught } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';

describe('plugin start-up (server)', () => {
  it('keeps serving when the model package is refused: /healthz degraded, panels 503 MODEL_UNAVAILABLE', async () => {
    const broken = alteredPackage(DEMO_MODEL_DIR, () => {}, { keepSha: true, onnx: new Uint8Array([1, 2, 3]) });
    const { file } = await sharedSeededDatabase();
    const work = mkdtempSync(path.join(os.tmpdir(), 'bs-start-'));
    const config = resolveServerConfig({
      environment: 'development',
      hostDatabase: { client: 'better-sqlite3', connection: { filename: file } },
      pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(work, 'plugin.sqlite') } },
      model: { dir: broken.dir },
    });
    const key = 'start-up-test-key-0123456789abcdefghij';
    const plugin = await assemblePlugin(config, { logger: createLogger({ level: 'silent' }), env: { BESLUTNINGSSTOTTE_DEV_SIGNING_KEY: key } });
    const server = createPluginApp(plugin.ctx).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(plugin.ctx.modelErrorCode).to.equal('MODEL_INTEGRITY');
      expect(await (await fetch(`${url}/healthz`)).json()).to.deep.equal({ status: 'degraded', model: null, deliveries: { pending: 0, 'in-progress': 0, delivered: 0, failed: 0, cancelled: 0 } });
      const token = await mintDevelopmentToken(new TextEncoder().encode(key), { userId: 'u', role: 'caseworker', referralId: '1', audience: 'beslutningsstotte', lifetimeSeconds: 60 });
      const res = await fetch(`${url}/api/v1/referrals/1/panel`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).to.equal(503);
      expect(((await res.json()) as { panel: { state: { code: string } } }).panel.state.code).to.equal('MODEL_UNAVAILABLE');
    } finally {
      await new Promise((r) => server.close(r));
      await plugin.close();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('refuses to start with a development key when NODE_ENV=production', async () => {
    const { file } = await sharedSeededDatabase();
    const work = mkdtempSync(path.join(os.tmpdir(), 'bs-start-'));
    const config = resolveServerConfig({
      hostDatabase: { client: 'better-sqlite3', connection: { filename: file } },
      pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(work, 'plugin.sqlite') } },
    });
    const error = await caught(() =>
      assemblePlugin(config, { logger: createLogger({ level: 'silent' }), env: { NODE_ENV: 'production', BESLUTNINGSSTOTTE_DEV_SIGNING_KEY: 'x'.repeat(40) } }),
    );
    expect(error.code).to.equal('SERVER_CONFIG_INVALID');
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a configuration that breaks its schema, naming the problem (SERVER_CONFIG_INVALID)', async () => {
    const error = await caught(() => resolveServerConfig({ embedding: { allowedOrigins: ['javascript:alert(1)'] } }));
    expect(error.code).to.equal('SERVER_CONFIG_INVALID');
    expect(error.message).to.contain('/embedding/allowedOrigins/0');
    expect((await caught(() => readServerConfig('/nonexistent/server.json'))).code).to.equal('SERVER_CONFIG_INVALID');
    expect((await caught(() => resolveServerConfig({ auth: { hostKeys: [{ alg: 'ES256', publicKeyFile: '/nonexistent.pem' }] } }))).code).to.equal('SERVER_CONFIG_INVALID');
  });
});
