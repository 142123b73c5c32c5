// The view model and the Handlebars templates without a server: what the caseworker reads (grouped one-hot
// source, an unborn child's age, factors largest first with bars), and hostile values from host data and users
// (script tags, quotes, very long names, right-to-left text) escaped in every view.
import { expect } from 'chai';
import type { PanelOutcome } from '../../plugin/panel/risk-panel-service';
import { buildPanelView, type ViewContext } from '../../plugin/panel/panel-view-model';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import type { ReferralSnapshot } from '../../plugin/panel/referral-data-source';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { scoreReferral } from '../../plugin/scoring/referral-scorer';
import { loadDemoModel } from '../server/helpers/test-plugin-server';

const messages = loadMessages();
const templates = compilePanelTemplates();

describe('the panel view model and templates', () => {
  let model: LoadedModelPackage;
  before(async () => {
    model = await loadDemoModel();
  });
  after(async () => {
    await model.runtime.release();
  });

  const features = (over: Record<string, number> = {}) => ({
    ...Object.fromEntries(model.manifest.features.map((f) => [f.name, f.kind === 'category' ? 0 : f.referenceValue > f.range.min ? Math.round(f.referenceValue) : f.range.min])),
    ...over,
  });

  const REFERRALS_LABEL = { da: 'Underretninger (DUBU)', en: 'Referrals (DUBU)' };

  async function scoredOutcome(values: Record<string, number>, extra: Partial<Extract<PanelOutcome, { kind: 'score' }>> = {}): Promise<PanelOutcome> {
    const referral: ReferralSnapshot = {
      referralId: '4711',
      receivedAt: '2024-05-02 09:30:00',
      features: values,
      missing: [],
      provenance: [
        {
          feature: 'prior_referrals_12m',
          value: values.prior_referrals_12m ?? 0,
          table: 'underretning',
          tableLabel: REFERRALS_LABEL,
          subject: 'child',
          rule: 'count',
          records: [{ table: 'underretning', id: '1', date: '2024-01-10 08:00:00' }, { table: 'underretning', id: '2', date: '2024-03-15 12:00:00' }],
        },
        { feature: 'household_moves_3y', value: values.household_moves_3y ?? 0, table: 'adresse_historik', subject: 'family', rule: 'count', records: [{ table: 'adresse_historik', id: '9', date: '2023-06-01' }] },
      ],
    };
    const score = await scoreReferral(model, { id: '4711', features: values });
    return { kind: 'score', referral, score, history: [], flags: [], ...extra };
  }

  const view = (outcome: PanelOutcome, lang: 'da' | 'en' = 'da', extra: Partial<ViewContext> = {}) =>
    buildPanelView(outcome, { lang, messages: messages[lang], model, referralId: '4711', viewCredential: 'view-credential', basePath: '', today: '2024-06-01', ...extra });

  it('shows the one-hot referral source as one line, "Underretningens kilde: skole"', async () => {
    const v = view(await scoredOutcome(features({ source_school: 1, age_years: 8 })));
    const line = v.data.find((d) => d.key === 'referral_source')!;
    expect(line.label).to.equal('Underretningens kilde');
    expect(line.valueText).to.equal('skole');
    expect(v.data.filter((d) => d.key.startsWith('source_'))).to.deep.equal([]);
    const factor = [...v.explanation!.raised, ...v.explanation!.lowered].find((f) => f.key === 'referral_source');
    if (factor) expect(factor.text).to.equal('Underretningens kilde: skole');
  });

  it('shows an unborn child\'s age as "ufødt", never 0, in one line with the unborn flag', async () => {
    const v = view(await scoredOutcome(features({ age_years: 0, unborn: 1 })));
    const age = v.data.find((d) => d.key === 'age')!;
    expect(age.valueText).to.equal('ufødt');
    expect(v.data.some((d) => d.key === 'unborn' || d.key === 'age_years')).to.equal(false);
    expect(v.score!.meaning).to.contain('ufødte børn');
  });

  it('shows ages in completed years and counts with the child\'s actual values', async () => {
    const v = view(await scoredOutcome(features({ age_years: 16.97, prior_referrals_12m: 3 })));
    expect(v.data.find((d) => d.key === 'age')!.valueText).to.equal('16 år');
    const line = v.data.find((d) => d.key === 'prior_referrals_12m')!;
    expect(line.valueText).to.equal('3');
    expect(line.sourceText).to.equal('Underretninger (DUBU), 2 poster');
    expect(line.dateText).to.equal('15.03.2024');
  });

  it('names each source by the mapping\'s label in the reader\'s language, the table name only when the mapping gives none', async () => {
    const outcome = await scoredOutcome(features({ prior_referrals_12m: 2, household_moves_3y: 1 }));
    const line = (lang: 'da' | 'en', key: string) => view(outcome, lang).data.find((d) => d.key === key)!;
    expect(line('da', 'prior_referrals_12m')).to.include({ sourceText: 'Underretninger (DUBU), 2 poster', sourceTable: 'underretning' });
    expect(line('en', 'prior_referrals_12m')).to.include({ sourceText: 'Referrals (DUBU), 2 records', sourceTable: 'underretning' });
    expect(line('da', 'household_moves_3y')).to.include({ sourceText: 'adresse_historik, 1 post', sourceTable: 'adresse_historik' });

    const html = templates.fragment({ ...view(outcome), assetBase: '' });
    const row = (key: string) => new RegExp(`<tr[^>]*data-input="${key}"[\\s\\S]*?</tr>`).exec(html)![0];
    expect(row('prior_referrals_12m')).to.contain('<td class="bs-source" data-label="Kilde" data-source-table="underretning">Underretninger (DUBU), 2 poster');
    expect(row('household_moves_3y')).to.contain('<td class="bs-source" data-label="Kilde" data-source-table="adresse_historik">adresse_historik, 1 post');
    expect(row('severity')).to.match(/<td class="bs-source" data-label="Kilde">\s*<\/td>/);
  });

  it('orders factors largest first on each side, the largest bar at 100 %, with a text alternative', async () => {
    const v = view(await scoredOutcome(features({ prior_referrals_12m: 4, prior_placements: 2, severity: 3, age_years: 15 })));
    const all = [...v.explanation!.raised, ...v.explanation!.lowered];
    expect(Math.max(...all.map((f) => f.weightPercent))).to.equal(100);
    for (const side of [v.explanation!.raised, v.explanation!.lowered]) {
      const sizes = side.map((f) => Math.abs(f.contribution));
      expect(sizes).to.deep.equal([...sizes].sort((a, b) => b - a));
    }
    expect(v.explanation!.raised.every((f) => f.contribution > 0)).to.equal(true);
    expect(all[0]!.weightAlt).to.match(/^Relativ vægt \d+ %$/);
  });

  it('says what the score means in the age band ("7: … 60–70 % had a lower predicted risk")', async () => {
    const v = view(await scoredOutcome(features({ age_years: 7 })), 'en');
    const s = v.score!.value;
    expect(v.score!.meaning).to.equal(`${s}: among referred children aged 6–9 years, ${(s - 1) * 10}–${s * 10} % had a lower predicted risk of placement outside the home within a year.`);
    expect(v.score!.cells.filter((c) => c.current).map((c) => c.n)).to.deep.equal([s]);
  });

  describe('hostile values are escaped in every view', () => {
    const hostile = {
      script: '<script>alert(1)</script>',
      quotes: `" onmouseover="alert(2)" '`,
      long: 'Ø'.repeat(5000),
      rtl: '\u202Eمرحبا بالعالم\u202C <b>',
    };

    async function hostileOutcome(): Promise<PanelOutcome> {
      const outcome = (await scoredOutcome(features())) as Extract<PanelOutcome, { kind: 'score' }>;
      return {
        ...outcome,
        referral: {
          ...outcome.referral,
          provenance: [{ feature: 'severity', value: 2, table: hostile.script, tableLabel: { da: hostile.quotes, en: hostile.rtl }, subject: 'referral', rule: hostile.quotes, records: [{ table: hostile.rtl, id: hostile.quotes, date: '2024-01-01' }] }],
        },
        flags: [
          { flagId: 1, referralId: '4711', feature: 'severity', flaggedBy: hostile.quotes, flaggedByRole: 'caseworker', createdAt: '2024-05-03T10:00:00Z', comment: hostile.script + hostile.rtl },
          { flagId: 2, referralId: '4711', feature: 'age', flaggedBy: hostile.long, flaggedByRole: 'caseworker', createdAt: '2024-05-03T10:00:00Z', comment: hostile.long },
        ],
      };
    }

    for (const name of ['fragment', 'page', 'print'] as const) {
      it(`in the ${name}`, async () => {
        // The letter shows the caseworker's comments only when they chose to include them: include them here.
        const v = { ...view(await hostileOutcome(), 'da', { includeFlagComments: true }), viewCredential: `"><script>alert(3)</script>`, assetBase: '' };
        const html = templates[name](v);
        expect(html.replace('<script src="/assets/panel-frame.js" defer></script>', '')).to.not.contain('<script');
        expect(html).to.not.contain('" onmouseover="');
        expect(html).to.not.contain('<b>');
        if (name !== 'print') expect(html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
        expect(html).to.contain('&quot; onmouseover&#x3D;&quot;alert(2)&quot; &#x27;');
        expect(html).to.contain('\u202Eمرحبا بالعالم\u202C &lt;b&gt;');
        expect(html).to.contain(hostile.long);
      });
    }

    it('keeps the layout from overflowing on very long values (the stylesheet wraps long words)', () => {
      expect(templates.css).to.match(/\.bs-panel \{[^}]*overflow-wrap: break-word/);
      expect(templates.css).to.match(/\.bs-data-fixed \{ table-layout: fixed; \}/);
    });
  });
});

describe('the panel texts', () => {
  it('has every Danish text in English too, and nothing more', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(messages.en).sort()).to.deep.equal(keys(messages.da).sort());
  });
});
