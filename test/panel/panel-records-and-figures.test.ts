// What the panel and the family letter say beside a score and beside each value: the absolute figures from the
// model package (never a probability for the child), ordered categories in words, "no record" told apart from
// zero, the records each line counted (with a host link where one is configured), flag buttons that name their
// row, and a letter that leaves the caseworker's comments out unless asked to include them.
import { expect } from 'chai';
import { buildPanelView, type ViewContext } from '../../plugin/panel/panel-view-model';
import { loadMessages } from '../../plugin/panel/panel-locale';
import { compilePanelTemplates } from '../../plugin/panel/panel-templates';
import type { InputProvenance } from '../../plugin/panel/referral-data-source';
import type { PanelOutcome } from '../../plugin/panel/risk-panel-service';
import { outOfHundred } from '../../plugin/scoring/absolute-figures';
import type { LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import { scoreReferral } from '../../plugin/scoring/referral-scorer';
import { loadDemoModel } from '../server/helpers/test-plugin-server';

const messages = loadMessages();
const templates = compilePanelTemplates();
const ASSESSMENTS = { da: 'Børnefaglige undersøgelser (DUBU)', en: 'Child welfare assessments (DUBU)' };

describe('the panel beside the score and each value (view model and templates)', () => {
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

  async function outcome(values: Record<string, number>, provenance: InputProvenance[] = [], extra: Partial<Extract<PanelOutcome, { kind: 'score' }>> = {}): Promise<Extract<PanelOutcome, { kind: 'score' }>> {
    const score = await scoreReferral(model, { id: '4711', features: values });
    return { kind: 'score', referral: { referralId: '4711', receivedAt: '2024-05-02 09:30:00', features: values, missing: [], provenance }, score, history: [], flags: [], ...extra };
  }
  const view = (o: PanelOutcome, lang: 'da' | 'en' = 'da', extra: Partial<ViewContext> = {}) =>
    buildPanelView(o, { lang, messages: messages[lang], model, referralId: '4711', viewCredential: 'v', basePath: '', today: '2024-06-01', ...extra });

  it('shows, beside the score, how many of 100 children of the band with this score were placed and how many were not', async () => {
    for (const age of [3, 8, 15]) {
      const o = await outcome(features({ age_years: age, prior_placements: 2, severity: 3 }));
      const v = view(o);
      const band = model.manifest.scoreScale.bands.find((b) => b.id === o.score.ageBand)!;
      const expected = outOfHundred(band.outcomesByScore![o.score.score - 1]!);
      expect(v.score!.figures).to.include({ placedOf100: expected.placedOf100, notPlacedOf100: expected.notPlacedOf100 });
      expect(v.score!.figures!.placedOf100 + v.score!.figures!.notPlacedOf100).to.equal(100);
      expect(v.score!.figures!.text).to.equal(
        `Blandt 100 underrettede børn i aldersgruppen ${band.label.da} med score ${o.score.score} blev ${expected.placedOf100} anbragt uden for hjemmet inden for et år, og ${expected.notPlacedOf100} blev ikke.`,
      );
      expect(v.score!.figures!.squares.filter((s) => s.placed)).to.have.length(expected.placedOf100);
      expect(v.score!.figures!.note).to.contain('ikke en beregning').and.contain(String(expected.children));
    }
  });

  it('says plainly when the package carries no absolute figures, instead of inventing them', async () => {
    const bands = model.manifest.scoreScale.bands.map(({ outcomesByScore: _, ...b }) => b);
    const bare = { ...model, manifest: { ...model.manifest, scoreScale: { ...model.manifest.scoreScale, bands } } } as LoadedModelPackage;
    const v = buildPanelView(await outcome(features({ age_years: 8 })), { lang: 'da', messages: messages.da, model: bare, referralId: '4711', viewCredential: 'v', basePath: '' });
    expect(v.score!.figures).to.equal(null);
    expect(v.score!.figuresMissing).to.contain('indeholder ikke tal');
  });

  it('shows an ordered category in words ("alvorlig bekymring"), never as a number', async () => {
    const v = view(await outcome(features({ severity: 2 })));
    expect(v.data.find((d) => d.key === 'severity')!.valueText).to.equal('alvorlig bekymring');
    expect(view(await outcome(features({ severity: 3 })), 'en').data.find((d) => d.key === 'severity')!.valueText).to.equal('acute: violence or abuse');
    // A host value between two levels is said as such, never rounded to one.
    expect(view(await outcome(features({ severity: 2.4 }))).data.find((d) => d.key === 'severity')!.valueText).to.equal('mellem alvorlig bekymring og akut: vold eller overgreb (2,4)');
  });

  it('tells "no assessment recorded" apart from an assessment with zero concerns', async () => {
    const none: InputProvenance = { feature: 'ics_concerns_last_assessment', value: 0, table: 'ics_undersoegelse', tableLabel: ASSESSMENTS, subject: 'child', rule: 'latest', records: [], noRecord: true };
    const zero: InputProvenance = { ...none, records: [{ table: 'ics_undersoegelse', id: '77', date: '2023-11-20' }], noRecord: false };
    const lineOf = async (p: InputProvenance) => view(await outcome(features({ ics_concerns_last_assessment: 0 }), [p])).data.find((d) => d.key === 'ics_concerns_last_assessment')!;
    const missing = await lineOf(none);
    expect(missing).to.include({ valueText: 'Ingen registreret', noRecord: true });
    expect(missing.sourceText).to.equal('Intet fundet i Børnefaglige undersøgelser (DUBU) fra før underretningen. Modellen regnede derfor med 0.');
    const recorded = await lineOf(zero);
    expect(recorded).to.include({ valueText: '0', noRecord: false });
    expect(recorded.records).to.deep.equal([{ text: 'Børnefaglige undersøgelser (DUBU) nr. 77, 20.11.2023', href: null }]);
  });

  it('says only "nothing found" when a line has no record and no value (never "the model counted Mangler")', async () => {
    const none: InputProvenance = { feature: 'parent_age_at_birth', value: null, table: 'forælder', tableLabel: { da: 'Forældre (CPR)', en: 'Parents (CPR)' }, subject: 'child', rule: 'age-at-child-birth', records: [], noRecord: true };
    const values = features();
    delete (values as Record<string, number>).parent_age_at_birth;
    const o: PanelOutcome = { kind: 'input-problem', referral: { referralId: '4711', receivedAt: '2024-05-02 09:30:00', features: values, missing: ['parent_age_at_birth'], provenance: [none] }, problems: [{ feature: 'parent_age_at_birth', code: 'FEATURE_MISSING' }], flags: [] };
    const line = view(o).data.find((d) => d.key === 'parent_age_at_birth')!;
    expect(line).to.include({ valueText: 'Mangler', missing: true });
    expect(line.sourceText).to.equal('Intet fundet i Forældre (CPR) fra før underretningen.');
    expect(view(o, 'en').data.find((d) => d.key === 'parent_age_at_birth')!.sourceText).to.equal('Nothing found in Parents (CPR) from before the referral.');
  });

  it('says "no record" in the explanation too: a child with no assessment never reads "ICS …: 0" there', async () => {
    const none: InputProvenance = { feature: 'ics_concerns_last_assessment', value: 0, table: 'ics_undersoegelse', tableLabel: ASSESSMENTS, subject: 'child', rule: 'latest', records: [], noRecord: true };
    const o = await outcome(features({ ics_concerns_last_assessment: 0, severity: 1, prior_referrals_total: 0, prior_referrals_12m: 0 }), [none]);
    for (const lang of ['da', 'en'] as const) {
      const v = view(o, lang);
      const factor = [...v.explanation!.raised, ...v.explanation!.lowered].find((f) => f.key === 'ics_concerns_last_assessment');
      expect(factor, 'the assessment line is among the factors').to.not.equal(undefined);
      expect(factor!.valueText).to.equal(lang === 'da' ? 'ingen registreret (modellen regnede med 0)' : 'none recorded (the model counted 0)');
      expect(factor!.text).to.not.match(/: 0$/);
    }
    const recorded = await outcome(features({ ics_concerns_last_assessment: 0, severity: 1, prior_referrals_total: 0, prior_referrals_12m: 0 }), [{ ...none, records: [{ table: 'ics_undersoegelse', id: '77', date: '2023-11-20' }], noRecord: false }]);
    const factor = [...view(recorded).explanation!.raised, ...view(recorded).explanation!.lowered].find((f) => f.key === 'ics_concerns_last_assessment');
    expect(factor!.valueText).to.equal('0');
  });

  it('names the records each line counted, newest first, and links them into the host where a template is configured', async () => {
    const p: InputProvenance = {
      feature: 'prior_referrals_total', value: 2, table: 'underretning', tableLabel: { da: 'Underretninger (DUBU)', en: 'Referrals (DUBU)' }, subject: 'child', rule: 'count',
      records: [{ table: 'underretning', id: '101', date: '2022-02-01 10:00:00' }, { table: 'underretning', id: 'A/7', date: '2023-08-09 10:00:00' }],
    };
    const v = view(await outcome(features({ prior_referrals_total: 2 }), [p]), 'da', { recordLinks: { underretning: 'https://dubu.example.dk/underretning/{id}' } });
    const line = v.data.find((d) => d.key === 'prior_referrals_total')!;
    expect(line.records).to.deep.equal([
      { text: 'Underretninger (DUBU) nr. A/7, 09.08.2023', href: 'https://dubu.example.dk/underretning/A%2F7' },
      { text: 'Underretninger (DUBU) nr. 101, 01.02.2022', href: 'https://dubu.example.dk/underretning/101' },
    ]);
    const html = templates.fragment({ ...v, assetBase: '' });
    expect(html).to.contain('<a href="https://dubu.example.dk/underretning/A%2F7" target="_top">Underretninger (DUBU) nr. A/7, 09.08.2023');
  });

  it('gives each "Markér som forkert" button its row\'s name for screen readers', async () => {
    const v = view(await outcome(features()));
    // (number ranges carry a word joiner after the dash so they never break; compare without it)
    const html = templates.page({ ...v, assetBase: '' }).replaceAll('\u2060', '');
    const summaries = html.match(/<summary>[\s\S]*?<\/summary>/g)!;
    expect(summaries).to.have.length(v.data.length);
    for (const line of v.data) expect(html).to.contain(`<span class="bs-sr">Markér som forkert: ${line.label}</span>`);
  });

  it('the family letter leaves the caseworker\'s flag comments out unless the caseworker includes them', async () => {
    const flags = [{ flagId: 1, referralId: '4711', feature: 'severity', flaggedBy: 'sr-1', flaggedByRole: 'caseworker', createdAt: '2024-05-03T10:00:00Z', comment: 'Intern note: mor virkede presset' }];
    const o = await outcome(features(), [], { flags });
    const plain = templates.print({ ...view(o), assetBase: '' });
    expect(plain).to.contain('Socialrådgiveren har markeret denne oplysning som muligvis forkert (03.05.2024).');
    expect(plain).to.not.contain('Intern note').and.not.contain('sr-1');
    const withComments = templates.print({ ...view(o, 'da', { includeFlagComments: true }), assetBase: '' });
    expect(withComments).to.contain('Intern note: mor virkede presset');
    expect(plain).to.contain('Dato: 01.06.2024').and.contain('Hvis noget er forkert eller mangler').and.contain('Hvem I kan kontakte');
    const contact = templates.print({ ...view(o, 'da', { familyContact: { da: 'Børne- og familieafdelingen, tlf. 70 00 00 00', en: 'Children and families, phone 70 00 00 00' } }), assetBase: '' });
    expect(contact).to.contain('Børne- og familieafdelingen, tlf. 70 00 00 00');
  });

  it('the letter without a score shows no score heading and no score caution, and still says why', async () => {
    const o: PanelOutcome = { kind: 'age-outside-model', referral: { referralId: '4711', receivedAt: '2024-05-02 09:30:00', features: features(), missing: [], provenance: [] }, flags: [] };
    const v = view(o);
    const letter = templates.print({ ...v, assetBase: '' });
    expect(letter).to.contain('Hvorfor der ikke er en score').and.contain(messages.da.stateAgeMeaning);
    expect(letter).to.not.contain(messages.da.letterWhatIsHeading).and.not.contain(messages.da.figuresHeading).and.not.contain('Risikoscore');
    const page = templates.page({ ...v, assetBase: '' });
    expect(page).to.not.contain(messages.da.caution);
  });
});
