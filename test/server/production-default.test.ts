// Production is the default: the HS256 development key is accepted only when the configuration says
// "environment": "development" (and NODE_ENV does not say otherwise, in any spelling); the variable holding it can
// only be one named for it, and the key must be long and varied enough; `beslutningsstotte token` refuses to mint
// in production. The accepting case is proved over real HTTP on loopback.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runTokenCommand } from '../../plugin/cli/token-command';
import { developmentKeyFor, developmentKeyFrom, estimatedKeyBits, mintDevelopmentToken } from '../../plugin/server/launch-token';
import { createPluginApp } from '../../plugin/server/plugin-app';
import { assemblePlugin } from '../../plugin/server/plugin-assembly';
import { createLogger } from '../../plugin/server/request-logger';
import { resolveServerConfig } from '../../plugin/server/server-config';
import { caught } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const KEY_ENV = 'BESLUTNINGSSTOTTE_DEV_SIGNING_KEY';
const strongKey = () => randomBytes(32).toString('base64url');
const silent = () => createLogger({ level: 'silent' });

describe('production is the default (server)', () => {
  let work: string;
  let hostFile: string;
  const configWith = (extra: Record<string, unknown>) =>
    resolveServerConfig({
      hostDatabase: { client: 'better-sqlite3', connection: { filename: hostFile } },
      pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(work, `plugin-${randomBytes(4).toString('hex')}.sqlite`) } },
      ...extra,
    });

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'bs-production-'));
    hostFile = (await sharedSeededDatabase()).file;
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('refuses to start with a development key unless the configuration says development, whatever NODE_ENV says', async () => {
    for (const nodeEnv of [undefined, 'production', 'prod', 'Production', 'PRODUCTION', 'staging', 'development', 'test']) {
      const env = { [KEY_ENV]: strongKey(), ...(nodeEnv === undefined ? {} : { NODE_ENV: nodeEnv }) };
      const error = await caught(() => assemblePlugin(configWith({}), { logger: silent(), env }));
      expect(error.code, `NODE_ENV=${nodeEnv}`).to.equal('SERVER_CONFIG_INVALID');
      expect(error.message).to.contain('"environment": "development"');
      expect(await caught(() => assemblePlugin(configWith({ environment: 'production' }), { logger: silent(), env })), `explicit production, NODE_ENV=${nodeEnv}`).to.have.property('code', 'SERVER_CONFIG_INVALID');
    }
  });

  it('refuses a development configuration when NODE_ENV says anything but development or test', async () => {
    for (const nodeEnv of ['production', 'prod', 'Production', ' production', 'live']) {
      const error = await caught(() => assemblePlugin(configWith({ environment: 'development' }), { logger: silent(), env: { NODE_ENV: nodeEnv, [KEY_ENV]: strongKey() } }));
      expect(error.code, nodeEnv).to.equal('SERVER_CONFIG_INVALID');
      expect(error.message).to.contain('NODE_ENV');
    }
  });

  it('accepts development tokens only in a development configuration (real HTTP), and none in production', async () => {
    const key = strongKey();
    const dev = await assemblePlugin(configWith({ environment: 'development' }), { logger: silent(), env: { [KEY_ENV]: key, NODE_ENV: 'test' } });
    const prod = await assemblePlugin(configWith({}), { logger: silent(), env: {} });
    const servers = [createPluginApp(dev.ctx).listen(0, '127.0.0.1'), createPluginApp(prod.ctx).listen(0, '127.0.0.1')];
    await Promise.all(servers.map((s) => new Promise((r) => s.once('listening', r))));
    try {
      const token = await mintDevelopmentToken(new TextEncoder().encode(key), { userId: 'u', role: 'caseworker', referralId: '1', audience: 'beslutningsstotte', lifetimeSeconds: 60 });
      const [devRes, prodRes] = (await Promise.all(
        servers.map((s) => fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/api/v1/referrals/1/panel`, { headers: { authorization: `Bearer ${token}` } })),
      )) as [Response, Response];
      expect(devRes.status).to.not.equal(401);
      expect(prodRes.status).to.equal(401);
      expect(((await prodRes.json()) as { code: string }).code).to.equal('TOKEN_INVALID');
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
      await Promise.all([dev.close(), prod.close()]);
    }
  });

  it('lets auth.developmentKeyEnv name only a variable meant for the key (never PATH, HOME or another secret)', async () => {
    for (const name of ['PATH', 'HOME', 'AWS_SECRET_ACCESS_KEY', 'BS_HOST_DB_PASSWORD', 'BESLUTNINGSSTOTTE_CONFIG', 'BESLUTNINGSSTOTTE_DEV_SIGNING_KEY_X', 'beslutningsstotte_dev_signing_key']) {
      expect((await caught(() => resolveServerConfig({ auth: { developmentKeyEnv: name } }))).code, name).to.equal('SERVER_CONFIG_INVALID');
      expect((await caught(() => developmentKeyFrom({ [name]: strongKey() }, name))).code, name).to.equal('SERVER_CONFIG_INVALID');
    }
    expect(resolveServerConfig({ auth: { developmentKeyEnv: 'BESLUTNINGSSTOTTE_TEST_DEV_SIGNING_KEY' } }).auth.developmentKeyEnv).to.equal('BESLUTNINGSSTOTTE_TEST_DEV_SIGNING_KEY');
  });

  it('refuses a development key that is short or repetitive, naming the fix (at least 32 characters, about 128 bits)', async () => {
    for (const weak of ['short', 'x'.repeat(64), 'ab'.repeat(32), 'passwordpasswordpasswordpassword', '0000000000000000000000000000000000000000']) {
      const error = await caught(() => developmentKeyFor('development', { [KEY_ENV]: weak }));
      expect(error.code, weak).to.equal('SERVER_CONFIG_INVALID');
      expect(error.message).to.contain('openssl rand -base64 32').and.not.contain(weak);
    }
    expect(estimatedKeyBits(strongKey())).to.be.greaterThan(128);
    expect(developmentKeyFor('development', { [KEY_ENV]: randomBytes(32).toString('hex') })).to.be.instanceOf(Uint8Array);
    expect(developmentKeyFor('development', {})).to.equal(null);
    expect(developmentKeyFor('production', {})).to.equal(null);
  });

  it('`beslutningsstotte token` refuses to mint in production (the default), even with a key in the environment', async () => {
    const io = { out: () => {}, err: () => {} };
    const options = { user: 'sr-1', role: 'caseworker', referral: '4711', lifetime: '300' };
    const production = path.join(work, 'production.json');
    writeFileSync(production, JSON.stringify({ environment: 'production' }));
    for (const config of [undefined, production]) {
      for (const env of [{ [KEY_ENV]: strongKey() }, { [KEY_ENV]: strongKey(), NODE_ENV: 'development' }, {}]) {
        const error = await caught(() => runTokenCommand({ ...options, ...(config ? { config } : {}) }, io, env));
        expect(error.code, `${config} ${JSON.stringify(Object.keys(env))}`).to.equal('DEVELOPMENT_ONLY');
      }
    }
  });
});
