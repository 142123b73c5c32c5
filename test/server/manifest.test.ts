// manifest.json says what the plugin offers and needs; the server must serve exactly that.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tablesOf } from '../../adapters/mapping/mapping-on-database';
import { readJsonFile } from '../../plugin/json-file';
import { REFERENCE_MAPPING_FILE } from '../../plugin/product-paths';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { readPluginManifest } from '../../plugin/server/plugin-assembly';
import { manifestSchemaText, PUBLISHED_MANIFEST_SCHEMA } from '../../plugin/server/write-manifest-schema';
import { openApiDocument } from '../../plugin/server/openapi';
import { mintDevelopmentToken } from '../../plugin/server/launch-token';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { REPO_ROOT } from '../helpers/model-packages';
import { HOST_ORIGINS, launchInBrowser, loadDemoModel, startTestPluginServer, type TestPluginServer } from './helpers/test-plugin-server';

describe('manifest.json and what the server serves (server)', () => {
  const manifest = readPluginManifest();
  let model: LoadedModelPackage;
  let server: TestPluginServer;
  let referralId: string;

  before(async () => {
    model = await loadDemoModel();
    server = await startTestPluginServer({ model });
    const row = await server.hostDb('underretning').select({ id: 'underretning_id' }).orderBy('modtaget_tid', 'desc').first();
    referralId = String(row.id);
  });
  after(async () => {
    await server.close();
    await model.runtime.release();
  });

  it('fits its published schema, has a namespaced id, a semver host range (never *), and the package version', () => {
    expect(readFileSync(PUBLISHED_MANIFEST_SCHEMA, 'utf8')).to.equal(manifestSchemaText());
    expect(manifest.id).to.match(/^[a-z0-9]+(\.[a-z0-9-]+)+$/);
    for (const range of Object.values(manifest.hostDependencies)) expect(range).to.match(/^[<>=~^\d]/).and.not.equal('*');
    expect(manifest.version).to.equal(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });

  it('is served as is at /manifest.json', async () => {
    const res = await fetch(`${server.url}/manifest.json`);
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal(JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')));
  });

  it('serves every URL of every available extension point with a token for its launch context', async () => {
    const childRow = await server.hostDb('barn').select({ id: 'barn_id' }).first();
    const childId = String(childRow.id);
    const kinds: Record<string, string> = { page: 'text/html', fragment: 'text/html', print: 'text/html', api: 'application/json' };
    for (const point of manifest.extensionPoints.filter((p) => p.status === 'available')) {
      const forChild = point.launchContext.required.includes('child_id');
      expect(point.launchContext.required).to.deep.equal(forChild ? ['child_id'] : ['referral_id']);
      // One launch token per view: a used one never opens another.
      const tokenFor = async () =>
        forChild
          ? mintDevelopmentToken(server.key, { userId: 'sr-1042', role: 'caseworker', childId, audience: 'beslutningsstotte', lifetimeSeconds: 300 })
          : server.token(referralId);
      for (const [kind, template] of Object.entries(point.urls)) {
        const token = await tokenFor();
        const url = `${server.url}${template!.replace('{referralId}', referralId).replace('{childId}', childId)}`;
        const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, `${point.id} ${kind}`).to.be.oneOf([200, 404]);
        expect(res.headers.get('content-type'), `${point.id} ${kind}`).to.contain(kinds[kind]!);
        const unauthorised = await fetch(url);
        expect(unauthorised.status, `${point.id} ${kind} without a token`).to.equal(401);
      }
    }
  });

  it('declares the API documents it serves, and the OpenAPI document describes the API URL', async () => {
    for (const url of Object.values(manifest.api)) expect((await fetch(`${server.url}${url}`)).status, url).to.equal(200);
    const openapi = openApiDocument(manifest.version);
    const api = manifest.extensionPoints.find((p) => p.id === 'risk-panel')!.urls.api!;
    expect(Object.keys(openapi.paths)).to.include(api);
    const served = (await (await fetch(`${server.url}${manifest.api.openapi}`)).json()) as { info: { version: string } };
    expect(served.info.version).to.equal(manifest.version);
  });

  it('declares the host tables the reference mapping reads, read-only, and the mapping schema as its configuration', () => {
    const mapping = readJsonFile(REFERENCE_MAPPING_FILE) as FieldMapping;
    const point = manifest.extensionPoints.find((p) => p.id === 'risk-panel')!;
    expect([...point.reads].sort()).to.deep.equal(tablesOf(mapping).sort());
    expect(manifest.dataAccess.mode).to.equal('read-only');
    expect(readFileSync(path.join(REPO_ROOT, manifest.configuration.fieldMapping.schema), 'utf8')).to.contain('"$schema"');
  });

  it('lets only the configured host origins frame the panel', async () => {
    const token = await server.token(referralId);
    const res = await launchInBrowser(server.url, `/panel/referrals/${referralId}`, token);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-security-policy')).to.contain(`frame-ancestors ${HOST_ORIGINS.join(' ')}`);
    expect(manifest.embedding.allowedOriginsSetting).to.equal('embedding.allowedOrigins');
  });
});
