// Each instrument by its own published rules, through the report core and the sentences the caseworker reads:
// ORS/CORS reliable change only within one form (Duncan et al. 2006; Miller & Duncan 2004), the adult cut-off
// from 18; SDQ bands only at the ages their norms cover (sdqinfo.org); a GAS T-score compared only over the
// same goals and weights (Kiresuk & Sherman 1968); Trivselslineal values checked against the configured ruler
// and never called reliable; "since previous" naming its date past an incomplete measurement; one invalid
// stored value shown as invalid without failing the report.
import { expect } from 'chai';
import { buildFollowUpReport, type FollowUpReportInput } from '../../plugin/follow-up/follow-up-report';
import type { Goal, GoalRating, Measurement } from '../../plugin/follow-up/follow-up-records';
import { DEFAULT_WELLBEING_RULER, type WellbeingRulerConfig } from '../../plugin/follow-up/instruments/wellbeing-ruler';
import { loadReportMessages } from '../../plugin/follow-up/report-locale';
import { compileReportTemplates } from '../../plugin/follow-up/report-templates';
import { buildReportView } from '../../plugin/follow-up/report-view-model';

const messages = loadReportMessages();
const templates = compileReportTemplates();
let nextId = 0;
const base = { childId: 'c1', enteredBy: 'sr-1', enteredAt: '2025-01-01T00:00:00Z', source: 'entry' as const };
const ors = (date: string, items: Record<string, unknown>): Measurement => ({ ...base, measurementId: String(++nextId), measuredOn: date, instrument: 'ORS', respondent: 'child', values: { items } } as Measurement);
const orsAll = (date: string, each: number) => ors(date, { me: each, family: each, school: each, everything: each });
const sdq = (date: string, respondent: 'parent' | 'teacher' | 'child', items: unknown[]): Measurement => ({ ...base, measurementId: String(++nextId), measuredOn: date, instrument: 'SDQ', respondent, values: { items } } as Measurement);
const ruler = (date: string, area: string, values: unknown): Measurement => ({ ...base, source: 'host', measurementId: String(++nextId), measuredOn: date, instrument: 'TRIVSELSLINEAL', respondent: 'caseworker', area, values } as Measurement);
const goal = (goalId: string, description: string, weight = 1, agreedOn = '2025-01-01'): Goal => ({ goalId, childId: 'c1', description, weight, agreedOn });
const rating = (goalId: string, ratedOn: string, score: number): GoalRating => ({ goalId, ratedOn, score });

function report(overrides: Partial<FollowUpReportInput> & { birthDate?: string | null } = {}) {
  const { birthDate = '2013-04-06', ...rest } = overrides;
  return buildFollowUpReport({
    host: { child: { childId: 'c1', name: 'Testbarn', birthDate }, rulerRatings: [], referrals: [], measureChanges: [], absence: null },
    measurements: [],
    goals: [],
    goalRatings: [],
    schedule: { childId: 'c1', timesPerYear: 4, startDate: '2025-01-01' },
    lastReportDate: null,
    period: { from: '2025-01-01', to: '2026-06-30' },
    ruler: DEFAULT_WELLBEING_RULER,
    ...rest,
  });
}
const daView = (r: ReturnType<typeof report>) => buildReportView(r, { lang: 'da', messages: messages.da, today: '2026-06-30', due: null, timesPerYear: 4, synthetic: false, links: null });

describe('instrument rules in the follow-up report', () => {
  describe('ORS / CORS: different forms, norms and reliable-change limits', () => {
    it('calls a change reliable on the CORS from 6 points and on the ORS from 5, each within its own form', () => {
      // born 2013-04-06: 12 on the CORS until 2026-04-05
      const cors = report({ measurements: [orsAll('2025-06-01', 4), orsAll('2026-01-10', 5.5)] }); // 16 → 22: +6
      expect(cors.ors.change.sincePrevious).to.include({ comparable: true, reliable: true, threshold: 6 });
      const corsSmall = report({ measurements: [orsAll('2025-06-01', 4), orsAll('2026-01-10', 5.2)] }); // 16 → 20.8: +4.8
      expect(corsSmall.ors.change.sincePrevious).to.include({ comparable: true, reliable: false, threshold: 6 });
      const orsTeen = report({ measurements: [orsAll('2026-04-10', 4), orsAll('2026-06-10', 5.2)] }); // 16 → 20.8: +4.8 on the ORS
      expect(orsTeen.ors.change.sincePrevious).to.include({ comparable: true, reliable: false, threshold: 5 });
    });

    it('across the change from CORS to ORS reports both values and that the form changed, with no reliable change by either limit', () => {
      // 12 years: 16 on the CORS; 13 years: 30 on the ORS. A +14 that neither form's limit may judge.
      const r = report({ measurements: [orsAll('2026-03-01', 4), orsAll('2026-05-01', 7.5)] });
      expect(r.ors.change.sincePrevious).to.include({ comparable: false, reliable: null });
      expect(r.findings.filter((f) => f.kind === 'better' || f.kind === 'worse' || f.kind === 'within-noise')).to.deep.equal([]);
      const v = daView(r);
      expect(v.summary.better).to.deep.equal([]);
      expect(v.summary.notComparable).to.deep.equal(['Barnets egen vurdering: 16 på CORS (1. marts 2026) og 30 på ORS (1. maj 2026). Skemaerne har hver deres normer og grænser for pålidelig ændring, så de to tal sammenlignes ikke som en ændring.']);
      expect(v.summary.other).to.include('Fra 1. maj 2026 udfylder den unge ORS i stedet for CORS; den kliniske grænse er nu 28.');
      expect(v.voice.stats[1]!.value).to.equal('fra 16 (CORS, 1. marts 2026) til 30 (ORS): to forskellige skemaer, så ingen ændring beregnes');
      // the chart draws the two forms as two series, so no line joins them
      expect(v.voice.chart!.match(/class="fu-legend"/g)!.length).to.equal(2);
      expect(v.voice.chart).to.match(/>CORS<\/text>/).and.match(/>ORS<\/text>/);
    });

    it('applies the adult cut-off (25) from the 18th birthday and says the norm changed', () => {
      // born 2008-03-01: 17 on 2026-02-01 (adolescent, cut-off 28), 18 on 2026-04-01 (adult, cut-off 25)
      const r = report({ birthDate: '2008-03-01', measurements: [orsAll('2026-02-01', 6.5), orsAll('2026-04-01', 6.5)] }); // 26 and 26
      expect(r.ors.points.map((p) => [p.norm, p.clinicalCutoff, p.clinicalRange])).to.deep.equal([['adolescent', 28, true], ['adult', 25, false]]);
      expect(r.findings).to.deep.include({ kind: 'norm-changed', from: 'adolescent', to: 'adult', date: '2026-04-01', cutoff: 25 });
      expect(daView(r).summary.other).to.include('Fra 1. april 2026 gælder normen for voksne fra 18 år (klinisk grænse 25); værdier før og efter har hver deres grænse.');
    });
  });

  describe('SDQ: bands only at the ages the published norms cover', () => {
    const form = Array(25).fill(1); // every subscale 5 (reverse items 1 too): total difficulties 20
    it('shows a self-report from a 10-year-old without bands and says why, instead of banding it with the 11–17 norms', () => {
      // born 2015-09-01: 10 on 2026-03-01
      const r = report({ birthDate: '2015-09-01', measurements: [sdq('2026-03-01', 'child', form)] });
      const self = r.sdq.find((s) => s.informant === 'self')!;
      expect(self.points[0]!.scores!.totalDifficulties).to.equal(20);
      expect(Object.values(self.points[0]!.scores!.bands).every((b) => b === null)).to.equal(true);
      expect(r.findings).to.deep.include({ kind: 'sdq-no-norm', indicator: 'sdq-self', date: '2026-03-01', age: 10, reason: 'age-outside-norms' });
      const v = daView(r);
      expect(v.summary.invalid).to.include('SDQ fra barnet selv (1. marts 2026): barnet var 10 år, og normerne for dette skema gælder 11–17 år, så der vises intet niveau.');
      expect(v.voice.selfSdq!.scales.every((s) => s.band === '–')).to.equal(true);
    });

    it('bands a self-report at 11 and at 17, and not at 18', () => {
      const at = (birthDate: string) => report({ birthDate, measurements: [sdq('2026-03-01', 'child', form)] }).sdq.find((s) => s.informant === 'self')!.points[0]!;
      expect(at('2015-03-01').scores!.bands.totalDifficulties).to.equal('very-high'); // 11: self 20–40
      expect(at('2008-03-02').scores!.bands.totalDifficulties).to.equal('very-high'); // 17
      expect(at('2008-03-01')).to.include({ normProblem: 'age-outside-norms' }); // 18
    });

    it('finds no band change from an unbanded score', () => {
      const low = Array(25).fill(0).map((_, i) => ([7, 11, 14, 21, 25].includes(i + 1) ? 2 : 0)); // total 0
      const r = report({ birthDate: '2015-09-01', measurements: [sdq('2025-06-01', 'child', form), sdq('2026-03-01', 'child', low)] });
      expect(r.findings.filter((f) => f.kind === 'better' || f.kind === 'worse')).to.deep.equal([]);
    });
  });

  describe('GAS: a T-score compares only over the same goals with the same weights', () => {
    it('when a goal rated −1 was added, does not call a real improvement worse: each goal’s own change, and why', () => {
      // first: g1 −2 alone (T 50 − 20/1 = 30); then g1 0 and the new g2 −1 (T 50 − 10/1.6125 = 43.8)
      const r = report({ goals: [goal('g1', 'Kommer i skole'), goal('g2', 'Har en ven', 1, '2026-02-01')], goalRatings: [rating('g1', '2026-01-10', -2), rating('g1', '2026-05-10', 0), rating('g2', '2026-05-10', -1)] });
      expect(r.gas.change.sincePrevious).to.include({ comparable: false });
      expect(r.findings.filter((f) => 'indicator' in f && f.indicator === 'goals' && (f.kind === 'better' || f.kind === 'worse'))).to.deep.equal([]);
      expect(r.findings).to.deep.include({ kind: 'gas-not-comparable', indicator: 'goals', fromDate: '2026-01-10', toDate: '2026-05-10', added: ['g2'], notRated: [], reweighted: [], goals: [{ goalId: 'g1', from: -2, to: 0, fromDate: '2026-01-10', toDate: '2026-05-10' }, { goalId: 'g2', from: null, to: -1, fromDate: '2026-01-10', toDate: '2026-05-10' }] });
      expect(r.goals.find((g) => g.goal.goalId === 'g1')!.change.sincePrevious).to.include({ delta: 2, direction: 'better' });
      const v = daView(r);
      expect(v.summary.notComparable).to.deep.equal(['Barnets mål: T-scoren fra 10. januar 2026 og fra 10. maj 2026 sammenlignes ikke, fordi den ikke bygger på de samme mål med de samme vægte (tilføjet: «Har en ven»). Hvert mål for sig: «Kommer i skole» −2 → 0; «Har en ven» ikke vurderet → −1.']);
      expect(v.goals.stats[1]!.value).to.equal('T-scoren sammenlignes ikke med 10. januar 2026: målene eller vægtene er ikke de samme. Se hvert mål nedenfor.');
      expect(v.goals.items[0]!.change).to.equal('Siden forrige: +2 (bedre)');
    });

    it('when a goal was not rated, does not turn a fall into "better"', () => {
      // first g1 +1, g2 −2 (T 50 − 10/1.6125 = 43.8); then g1 0 and g2 not rated (T 50): g1 fell
      const r = report({ goals: [goal('g1', 'a'), goal('g2', 'b')], goalRatings: [rating('g1', '2026-01-10', 1), rating('g2', '2026-01-10', -2), rating('g1', '2026-05-10', 0)] });
      expect(r.gas.points.map((p) => p.tScore)).to.deep.equal([43.8, 50]);
      expect(r.findings.some((f) => 'indicator' in f && f.indicator === 'goals' && f.kind === 'better')).to.equal(false);
      expect(r.findings).to.deep.include.members([{ kind: 'gas-not-comparable', indicator: 'goals', fromDate: '2026-01-10', toDate: '2026-05-10', added: [], notRated: ['g2'], reweighted: [], goals: [{ goalId: 'g1', from: 1, to: 0, fromDate: '2026-01-10', toDate: '2026-05-10' }, { goalId: 'g2', from: -2, to: null, fromDate: '2026-01-10', toDate: '2026-05-10' }] }]);
    });

    it('compares T-scores over the same goals with the same weights', () => {
      const r = report({ goals: [goal('g1', 'a', 2), goal('g2', 'b')], goalRatings: [rating('g1', '2026-01-10', -1), rating('g2', '2026-01-10', -1), rating('g1', '2026-05-10', 1), rating('g2', '2026-05-10', 0)] });
      expect(r.gas.change.sincePrevious).to.include({ comparable: true, direction: 'better' });
      expect(r.findings.some((f) => f.kind === 'better' && f.indicator === 'goals')).to.equal(true);
    });
  });

  describe('Trivselslineal: checked against the configured ruler, never a reliable change', () => {
    it('shows a host value outside the ruler, not whole, or on another ruler as invalid, not as a change', () => {
      const rr = buildFollowUpReport({
        host: { child: { childId: 'c1', name: 'x', birthDate: '2013-04-06' }, rulerRatings: [ruler('2026-01-05', 'SKOLE', { value: 6 }), ruler('2026-03-05', 'SKOLE', { value: 12 }), ruler('2026-04-05', 'SKOLE', { value: 6.5 }), ruler('2026-05-05', 'SKOLE', { value: 2, scale: { min: 1, max: 5, higherIsBetter: false } }), ruler('2026-06-05', 'SKOLE', { value: 7 })], referrals: [], measureChanges: [], absence: null },
        measurements: [],
        goals: [],
        goalRatings: [],
        schedule: null,
        lastReportDate: null,
        period: { from: '2025-07-01', to: '2026-06-30' },
        ruler: DEFAULT_WELLBEING_RULER,
      });
      const school = rr.ruler.areas.find((a) => a.area === 'SKOLE')!;
      expect(school.change.points.map((p) => p.value)).to.deep.equal([6, 7]);
      expect(school.invalid.map((x) => x.date)).to.deep.equal(['2026-03-05', '2026-04-05', '2026-05-05']);
      expect(rr.findings.filter((f) => f.kind === 'invalid').length).to.equal(3);
      const v = daView(rr);
      expect(v.summary.invalid).to.include('Trivselslinealen, Skoleforhold, 5. marts 2026: den gemte værdi er ikke på linealen (1–10, højere er bedre) og er vist som ugyldig, ikke som en ændring.');
      const area = v.ruler.areas.find((a) => a.name === 'Skoleforhold')!;
      expect(area.invalid).to.include('Ugyldig værdi 12 den 5. marts 2026: ikke på linealen 1–10.');
      expect(area.stats[1]!.note).to.equal('sammenlignet med 5. januar 2026; 5. marts 2026 (ugyldig værdi), 5. april 2026 (ugyldig værdi), 5. maj 2026 (ugyldig værdi) er ikke medregnet');
    });

    it('checks against a municipality’s own ruler: 1–5 where 1 is best', () => {
      const morso: WellbeingRulerConfig = { min: 1, max: 5, higherIsBetter: false };
      const r = report({ ruler: morso, measurements: [ruler('2026-01-05', 'SKOLE', { value: 4 }), ruler('2026-05-05', 'SKOLE', { value: 3 }), ruler('2026-05-05', 'FAMILIE', { value: 7 })] });
      expect(r.findings).to.deep.include({ kind: 'ruler-change', indicator: 'ruler', area: 'SKOLE', from: 4, to: 3, direction: 'better', fromDate: '2026-01-05', toDate: '2026-05-05' });
      expect(r.findings).to.deep.include({ kind: 'invalid', indicator: 'ruler', area: 'FAMILIE', date: '2026-05-05', fields: ['value'] });
    });

    it('does not list a one-point change beside the reliable changes', () => {
      const r = report({ measurements: [orsAll('2026-04-10', 4), orsAll('2026-06-10', 6), ruler('2026-01-05', 'SKOLE', { value: 5 }), ruler('2026-05-05', 'SKOLE', { value: 6 })] });
      const v = daView(r);
      expect(v.summary.better).to.deep.equal(['Barnets egen vurdering (ORS) steg fra 16 til 24: mere end måleusikkerheden.']);
      expect(v.summary.unrated).to.deep.equal(['Trivselslinealen, Skoleforhold: fra 5 til 6 (1 trin, bedre) siden 5. januar 2026. Linealen har intet mål for pålidelig ændring.']);
      const html = templates.page(v);
      expect(html.indexOf('Ændret på en skala uden mål for pålidelig ændring')).to.be.greaterThan(html.indexOf('<h3 class="fu-better">'));
    });
  });

  describe('"since previous" and invalid stored values', () => {
    it('names the date it compares with when a measurement in between was incomplete', () => {
      const r = report({ measurements: [orsAll('2026-04-10', 5), ors('2026-05-10', { me: 6, family: null, school: 6, everything: 6 }), orsAll('2026-06-10', 6)] });
      expect(r.ors.change.sincePrevious!.from.date).to.equal('2026-04-10');
      expect(r.ors.change.skipped).to.deep.equal([{ date: '2026-05-10', reason: 'incomplete' }]);
      const v = daView(r);
      expect(v.voice.stats[1]).to.deep.include({ value: '+4 (bedre; inden for måleusikkerheden)', note: 'sammenlignet med 10. april 2026; 10. maj 2026 (ufuldstændig) er ikke medregnet' });
      expect(v.voice.table!.rows[1]).to.deep.equal(['10. maj 2026', 'ORS', '6', 'ikke besvaret', '6', '6', '–']);
    });

    it('says so when the newest measurement is the incomplete one', () => {
      const r = report({ measurements: [orsAll('2026-04-10', 5), ors('2026-06-10', { me: 6 })] });
      expect(daView(r).voice.stats[0]!.note).to.contain('Nyeste måling 10. juni 2026 (ufuldstændig) er ikke medregnet.');
    });

    it('shows one invalid stored value as invalid and builds the rest of the report', () => {
      const badSdq = Array(25).fill(1);
      badSdq[2] = 7;
      const r = report({
        measurements: [orsAll('2026-04-10', 5), ors('2026-05-10', { me: 14, family: 5, school: 5, everything: 5 }), orsAll('2026-06-10', 6), sdq('2026-03-01', 'teacher', badSdq), sdq('2026-05-01', 'teacher', Array(25).fill(1)), { ...orsAll('2026-06-20', 1), values: null } as unknown as Measurement],
        goals: [goal('g1', 'a')],
        goalRatings: [rating('g1', '2026-01-10', 0), rating('g1', '2026-05-10', 5)],
      });
      expect(r.ors.points.find((p) => p.date === '2026-05-10')).to.deep.include({ total: null, invalid: ['me'] });
      expect(r.ors.change.sincePrevious).to.include({ delta: 4 });
      expect(r.sdq.find((s) => s.informant === 'teacher')!.points.map((p) => [p.date, p.scores?.totalDifficulties ?? null, p.invalid])).to.deep.equal([['2026-03-01', null, ['item3']], ['2026-05-01', 20, []]]);
      expect(r.goals[0]!.invalid).to.deep.equal([{ date: '2026-05-10', value: 5 }]);
      expect(r.findings.filter((f) => f.kind === 'invalid').map((f) => f.indicator)).to.have.members(['ors', 'ors', 'sdq-teacher', 'goals']);
      const v = daView(r);
      expect(v.voice.table!.rows.find((row) => row[0] === '10. maj 2026')).to.deep.equal(['10. maj 2026', 'ORS', 'ugyldig', '5', '5', '5', '–']);
      expect(v.summary.invalid).to.include('SDQ fra lærer 1. marts 2026: en gemt værdi er ugyldig (item3) og er ikke brugt.');
      expect(templates.page(v)).to.contain('Ugyldig vurdering 5 den 10. maj 2026 er ikke brugt.');
    });
  });
});
