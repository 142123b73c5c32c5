// A referral whose source is a code the field mapping does not name: the panel gives no score, and says in
// words, in the state and on the data line, which code it met (never "another source"); the JSON API too.
import { expect } from 'chai';
import { panelJson } from '../../plugin/panel/panel-json';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { buildPanelView } from '../../plugin/panel/panel-view-model';
import type { ReferralSnapshot } from '../../plugin/panel/referral-data-source';
import { buildRiskPanel } from '../../plugin/panel/risk-panel-service';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import type { FlagRepository } from '../../plugin/storage/flag-repository';
import { loadDemoModel } from '../server/helpers/test-plugin-server';

const messages = loadMessages();
const SOURCES = ['source_school', 'source_daycare', 'source_health', 'source_police', 'source_family', 'source_anonymous'];

describe('the panel when the host data holds an unknown code', () => {
  let model: LoadedModelPackage;
  before(async () => {
    model = await loadDemoModel();
  });
  after(() => model.runtime.release());

  async function outcomeFor(unknownCodes: ReferralSnapshot['unknownCodes']) {
    const values = Object.fromEntries(
      model.manifest.features.map((f) => [f.name, f.kind === 'category' ? 0 : f.referenceValue > f.range.min ? Math.round(f.referenceValue) : f.range.min]),
    );
    const missing = (unknownCodes ?? []).map((u) => u.feature);
    for (const name of missing) delete values[name];
    const referral: ReferralSnapshot = { referralId: '4711', receivedAt: '2024-05-02 09:30:00', features: values, missing, unknownCodes, provenance: null };
    const flags = { forReferral: async () => [] } as unknown as FlagRepository;
    return buildRiskPanel({ model, modelErrorCode: null, data: { referralWithHistory: async () => ({ referral, earlier: [] }) }, flags }, '4711');
  }

  it('gives no score and names the code, in Danish and English, in the state and on the data line', async () => {
    const unknownCodes = SOURCES.map((feature) => ({ feature, table: 'underretning', column: 'kilde_kode', code: 'NY_KILDE' }));
    const outcome = await outcomeFor(unknownCodes);
    expect(outcome.kind).to.equal('input-problem');
    if (outcome.kind !== 'input-problem') return;
    expect(outcome.problems.map((p) => p.code)).to.deep.equal(SOURCES.map(() => 'FEATURE_UNKNOWN_CODE'));
    for (const lang of ['da', 'en'] as const) {
      const view = buildPanelView(outcome, { lang, messages: messages[lang], model, referralId: '4711', viewCredential: 't', basePath: '' });
      expect(view.state!.items).to.have.length(1);
      expect(view.state!.items[0]).to.include(lang === 'da' ? 'ukendt kode »NY_KILDE« i underretning.kilde_kode' : 'unknown code "NY_KILDE" in underretning.kilde_kode');
      const line = view.data.find((d) => d.key === 'referral_source' || d.valueText.includes('NY_KILDE'))!;
      expect(line.valueText).to.include('NY_KILDE');
      expect(line.valueText).to.not.equal(messages[lang].otherSource);
      const json = panelJson(view, 'http://127.0.0.1');
      expect(json.panel.state!.items.join(' ')).to.include('NY_KILDE');
      expect(json.panel.score).to.equal(null);
    }
  });

  it('scores as before when no code is unknown', async () => {
    const outcome = await outcomeFor([]);
    expect(outcome.kind).to.equal('score');
  });
});
