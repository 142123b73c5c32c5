// Referral sources as the municipality names them: where the field mapping labels a code (the municipality's
// own administration, another municipality, PPR), the panel, the family letter and the JSON API show that label
// in Danish and English, not the model's category ("anden kilde", "skole"); a known code without a label shows
// the model's category with the code; an unknown code says it is unknown. Read from a real seeded database.
import { expect } from 'chai';
import knexFactory, { type Knex } from 'knex';
import { referralOwnRowQuery } from '../../adapters/extraction/host-queries';
import { codeLabel, codedReferralColumns, readReferralCodes } from '../../adapters/extraction/referral-codes';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { validateMapping } from '../../adapters/mapping/mapping-validator';
import { createHostReferralSource } from '../../plugin/panel/host-referral-source';
import { panelJson } from '../../plugin/panel/panel-json';
import { loadMessages, type Locale } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import { buildPanelView } from '../../plugin/panel/panel-view-model';
import type { ReferralSnapshot } from '../../plugin/panel/referral-data-source';
import { buildRiskPanel, type PanelOutcome } from '../../plugin/panel/risk-panel-service';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import type { FlagRepository } from '../../plugin/storage/flag-repository';
import { referenceMapping } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';
import { loadDemoModel } from '../server/helpers/test-plugin-server';

const messages = loadMessages();
const templates = compilePanelTemplates();
const noFlags = { forReferral: async () => [] } as unknown as FlagRepository;
const SOURCE_FEATURES = ['source_school', 'source_daycare', 'source_health', 'source_police', 'source_family', 'source_anonymous'];

describe('referral sources as the field mapping labels them (panel, letter, JSON)', () => {
  let model: LoadedModelPackage;
  let db: Knex;
  before(async () => {
    model = await loadDemoModel();
    db = openSqlite((await sharedSeededDatabase()).file);
  });
  after(async () => {
    await db?.destroy();
    await model?.runtime.release();
  });

  /** A referral of the seeded database whose source is `code` and that scores. */
  async function referralWithSource(code: string): Promise<string> {
    const rows = (await db('underretning').where('kilde_kode', code).orderBy('underretning_id', 'desc').limit(40).select('underretning_id')) as Array<{ underretning_id: number }>;
    for (const r of rows) {
      const o = await buildRiskPanel({ model, modelErrorCode: null, data: createHostReferralSource(db, referenceMapping()), flags: noFlags }, String(r.underretning_id));
      if (o.kind === 'score') return String(r.underretning_id);
    }
    throw new Error(`no scored referral with source ${code} in the seeded database`);
  }

  async function outcomeFrom(id: string, mapping: FieldMapping): Promise<PanelOutcome> {
    return buildRiskPanel({ model, modelErrorCode: null, data: createHostReferralSource(db, mapping), flags: noFlags }, id);
  }
  const viewOf = (o: PanelOutcome, lang: Locale, id: string) =>
    buildPanelView(o, { lang, messages: messages[lang], model, referralId: id, viewCredential: 'v', basePath: '', today: '2024-06-01' });
  const sourceLine = (o: PanelOutcome, lang: Locale, id: string) => viewOf(o, lang, id).data.find((d) => d.key === 'referral_source')!;

  const LABELLED = [
    { code: 'SOCIALFORVALTNING', da: 'Kommunens egen forvaltning', en: "The municipality's own administration" },
    { code: 'ANDEN_KOMMUNE', da: 'Anden kommune', en: 'Another municipality' },
    { code: 'PPR', da: 'Pædagogisk Psykologisk Rådgivning (PPR)', en: 'School psychology service (PPR)' },
    { code: 'HOSPITAL', da: 'Hospital, herunder fødeafdeling', en: 'Hospital, including maternity ward' },
  ];

  for (const { code, da, en } of LABELLED) {
    it(`shows the mapping's label of ${code} in the data overview, the explanation, the letter and the JSON API, in both languages`, async () => {
      const id = await referralWithSource(code);
      const outcome = await outcomeFrom(id, referenceMapping());
      for (const [lang, label] of [['da', da], ['en', en]] as const) {
        const view = viewOf(outcome, lang, id);
        const line = view.data.find((d) => d.key === 'referral_source')!;
        expect(line.valueText).to.equal(label);
        expect(line.missing).to.equal(false);
        // The line rests on the referral's own record, named by its id, whether or not the model counts the code.
        expect(line.allRecords.map((r) => r.id)).to.deep.equal([id]);
        expect(line.sourceText).to.match(lang === 'da' ? /, 1 post$/ : /, 1 record$/);
        const factor = [...view.explanation!.raised, ...view.explanation!.lowered].find((f) => f.key === 'referral_source');
        if (factor) expect(factor.valueText).to.equal(label);
        expect(panelJson(view, 'http://127.0.0.1').panel.data.find((d) => d.input === 'referral_source')!.value).to.equal(label);
        const letter = templates.print({ ...view, assetBase: '' });
        const escaped = label.replace(/'/g, '&#x27;');
        expect(letter).to.contain(escaped);
        expect(letter).to.not.contain(`>${messages[lang].otherSource}<`);
      }
    });
  }

  it('shows the model\'s category with the code for a known code the mapping gives no label', async () => {
    const id = await referralWithSource('SOCIALFORVALTNING');
    const mapping = referenceMapping();
    const bare = { ...mapping, codeLists: Object.fromEntries(Object.entries(mapping.codeLists!).map(([n, { labels: _, ...l }]) => [n, l])) } as FieldMapping;
    const outcome = await outcomeFrom(id, bare);
    expect(sourceLine(outcome, 'da', id).valueText).to.equal('anden kilde (kode SOCIALFORVALTNING)');
    expect(sourceLine(outcome, 'en', id).valueText).to.equal('another source (code SOCIALFORVALTNING)');
    // A code the model counts as a category, unlabelled: the category, as before.
    const school = await referralWithSource('SKOLE');
    expect(sourceLine(await outcomeFrom(school, bare), 'da', school).valueText).to.equal('skole');
  });

  it('shows the Danish label in English when the mapping gives only Danish', async () => {
    const id = await referralWithSource('ANDEN_KOMMUNE');
    const mapping = referenceMapping();
    const lists = structuredClone(mapping.codeLists!);
    lists.source_other!.labels = { ANDEN_KOMMUNE: { da: 'Anden kommune (mellemkommunal)' } };
    const outcome = await outcomeFrom(id, { ...mapping, codeLists: lists });
    expect(sourceLine(outcome, 'da', id).valueText).to.equal('Anden kommune (mellemkommunal)');
    expect(sourceLine(outcome, 'en', id).valueText).to.equal('Anden kommune (mellemkommunal)');
  });

  it('says an unknown, unlabelled code is unknown: never "another source", never a label', async () => {
    const values = Object.fromEntries(model.manifest.features.map((f) => [f.name, f.kind === 'category' ? 0 : Math.max(f.range.min, Math.round(f.referenceValue))]));
    for (const name of SOURCE_FEATURES) delete values[name];
    const referral: ReferralSnapshot = {
      referralId: '4711',
      receivedAt: '2024-05-02 09:30:00',
      features: values,
      missing: SOURCE_FEATURES,
      unknownCodes: SOURCE_FEATURES.map((feature) => ({ feature, table: 'underretning', column: 'kilde_kode', code: 'NY_KILDE' })),
      codes: [{ features: SOURCE_FEATURES, table: 'underretning', column: 'kilde_kode', code: 'NY_KILDE', label: null, known: false }],
      provenance: null,
    };
    const outcome = await buildRiskPanel({ model, modelErrorCode: null, data: { referralWithHistory: async () => ({ referral, earlier: [] }) }, flags: noFlags }, '4711');
    for (const lang of ['da', 'en'] as const) {
      const line = viewOf(outcome, lang, '4711').data.find((d) => d.key === 'referral_source')!;
      expect(line.missing).to.equal(true);
      expect(line.valueText).to.include(lang === 'da' ? 'ukendt kode »NY_KILDE«' : 'unknown code "NY_KILDE"');
      expect(line.valueText).to.not.include(messages[lang].otherSource);
    }
  });

  it('reads the code of the referral\'s own record in the column its source features test, with its label and whether it is known', async () => {
    const mapping = referenceMapping();
    const columns = codedReferralColumns(mapping);
    expect(columns.map((c) => `${c.table}.${c.column}`)).to.deep.equal(['underretning.kilde_kode']);
    expect(columns[0]!.features).to.have.members(SOURCE_FEATURES);
    const row = (await db('underretning').where('kilde_kode', 'PPR').first('underretning_id')) as { underretning_id: number };
    const codes = await readReferralCodes(db, mapping, row.underretning_id);
    expect(codes).to.have.length(1);
    expect(codes[0]).to.deep.include({ code: 'PPR', known: true, label: { da: 'Pædagogisk Psykologisk Rådgivning (PPR)', en: 'School psychology service (PPR)' } });
    expect(codeLabel(mapping, 'underretning', 'kilde_kode', 'ANDEN')).to.equal(null);
    expect(await readReferralCodes(db, mapping, 987654321)).to.deep.equal([]);
  });

  it('reads the code with one query that SQL Server takes too: quoted names, the referral id as a parameter', () => {
    const mssql = knexFactory({ client: 'mssql' });
    const native = referralOwnRowQuery(mssql, { ...referenceMapping(), schema: 'dbo' }, 'underretning', 'underretning_id', "42'; DROP TABLE barn; --", ['kilde_kode']).toSQL().toNative();
    expect(native.sql).to.equal('select top (@p0) [kilde_kode] as [c0] from [dbo].[underretning] where [underretning_id] = @p1');
    expect(native.bindings).to.deep.equal([1, "42'; DROP TABLE barn; --"]);
  });

  it('refuses a label for a code that is not in its list, naming the list and the code', () => {
    const mapping = structuredClone(referenceMapping()) as FieldMapping;
    mapping.codeLists!.source_police!.labels = { POLITI: { da: 'Politi', en: 'Police' }, POLICE: { da: 'Politiet', en: 'The police' } };
    const result = validateMapping(mapping);
    const problem = result.problems.find((p) => p.path.startsWith('$.codeLists.source_police.labels'));
    expect(problem, JSON.stringify(result.problems)).to.not.equal(undefined);
    expect(problem!.problem).to.contain('"POLICE" is not one of this list\'s codes');
  });
});
