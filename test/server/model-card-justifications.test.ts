// A strong but justified association recorded in the field mapping (who, when, why) is shown on the model card
// page, in Danish and English; without one, the page has no such section.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createPluginApp } from '../../plugin/server/plugin-app';
import { assemblePlugin } from '../../plugin/server/plugin-assembly';
import { createLogger } from '../../plugin/server/request-logger';
import { resolveServerConfig } from '../../plugin/server/server-config';
import { REPO_ROOT } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';

describe('recorded proxy justifications on the model card page (server)', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'bs-card-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  async function modelCard(mapping: unknown, lang: 'da' | 'en'): Promise<string> {
    const { file } = await sharedSeededDatabase();
    const mappingFile = path.join(work, `mapping-${lang}-${Date.now()}.json`);
    writeFileSync(mappingFile, JSON.stringify(mapping));
    const config = resolveServerConfig({
      hostDatabase: { client: 'better-sqlite3', connection: { filename: file } },
      pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(work, `plugin-${lang}-${Date.now()}.sqlite`) } },
      mappingFile,
      // A development signing key is taken only by a development configuration (production is the default).
      environment: 'development',
    });
    const plugin = await assemblePlugin(config, { logger: createLogger({ level: 'silent' }), env: {} });
    const server = createPluginApp(plugin.ctx).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/model-card?lang=${lang}`);
      expect(res.status).to.equal(200);
      return await res.text();
    } finally {
      await new Promise((r) => server.close(r));
      await plugin.close();
    }
  }

  const reference = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json'), 'utf8'));

  it('shows who justified which association, when and why', async () => {
    const mapping = reference();
    mapping.evaluationOnly = { attributes: { citizenship: { label: { da: 'Statsborgerskab', en: 'Citizenship' }, subject: 'child', table: 'barn', key: 'barn_id', column: 'koen' } } };
    mapping.proxyJustifications = [
      { feature: 'household_moves_3y', attribute: 'citizenship', by: 'Kim Jensen, IT-chef', on: '2026-11-02', why: 'Flytninger er en kendt risikofaktor; gennemgået med jurister.' },
      { feature: 'severity', attribute: 'sex_from_cpr', by: 'Ida Holm, faglig leder', on: '2026-10-15', why: 'Alvorligheden vurderes af socialrådgiveren ved screeningen.' },
    ];
    const da = await modelCard(mapping, 'da');
    expect(da).to.include('<h2>Sammenhænge med beskyttede oplysninger</h2>');
    expect(da).to.include('Husstandens flytninger de seneste 3 år – Statsborgerskab. Vurderet af Kim Jensen, IT-chef');
    expect(da).to.include('køn (fra CPR-nummeret)');
    expect(da).to.include('gennemgået med jurister');
    const en = await modelCard(mapping, 'en');
    expect(en).to.include('<h2>Associations with protected attributes</h2>');
    expect(en).to.include('Household moves in the last 3 years – Citizenship. Assessed by Kim Jensen, IT-chef');
  });

  it('has no such section when nothing was justified', async () => {
    const html = await modelCard(reference(), 'en');
    expect(html).to.include('<h2>');
    expect(html).to.not.include('Associations with protected attributes');
  });
});
