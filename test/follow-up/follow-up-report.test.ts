// The report core with plain inputs: latest values and changes per indicator, reliable change for ORS/CORS,
// SDQ per informant with a missing informant, GAS across goals, social factors, and the findings the summary
// is written from (better, worse, missing), including a child who turns 13 during the period.
import { expect } from 'chai';
import { buildFollowUpReport, type FollowUpReportInput } from '../../plugin/follow-up/follow-up-report';
import type { HostFollowUpData, Measurement } from '../../plugin/follow-up/follow-up-records';
import { DEFAULT_WELLBEING_RULER } from '../../plugin/follow-up/instruments/wellbeing-ruler';

let nextId = 0;
const base = { childId: 'c1', enteredBy: 'sr-1', enteredAt: '2025-01-01T00:00:00Z', source: 'entry' as const };
const ors = (date: string, me: number, family: number, school: number, everything: number): Measurement => ({ ...base, measurementId: String(++nextId), measuredOn: date, instrument: 'ORS', respondent: 'child', values: { items: { me, family, school, everything } } });
const sdq = (date: string, respondent: 'parent' | 'teacher' | 'child', level: number): Measurement => ({ ...base, measurementId: String(++nextId), measuredOn: date, instrument: 'SDQ', respondent, values: { items: Array.from({ length: 25 }, (_, i) => ([1, 4, 9, 17, 20].includes(i + 1) ? 2 - level : [7, 11, 14, 21, 25].includes(i + 1) ? 2 - level : level)) } });
const ruler = (date: string, area: string, value: number, source: 'entry' | 'host' = 'entry'): Measurement => ({ ...base, source, measurementId: String(++nextId), measuredOn: date, instrument: 'TRIVSELSLINEAL', respondent: 'caseworker', area, values: { value } });

function host(overrides: Partial<HostFollowUpData> = {}): HostFollowUpData {
  return {
    child: { childId: 'c1', name: 'Testbarn', birthDate: '2013-04-06' },
    rulerRatings: [],
    referrals: [],
    measureChanges: [],
    absence: null,
    ...overrides,
  };
}

function input(overrides: Partial<FollowUpReportInput> = {}): FollowUpReportInput {
  return {
    host: host(),
    measurements: [],
    goals: [],
    goalRatings: [],
    schedule: { childId: 'c1', timesPerYear: 4, startDate: '2025-01-01' },
    lastReportDate: null,
    period: { from: '2025-01-01', to: '2026-06-30' },
    ruler: DEFAULT_WELLBEING_RULER,
    ...overrides,
  };
}

describe('the follow-up report core', () => {
  it('gives the child’s ORS/CORS over time, and across the 13th birthday two values on two forms, not a reliable change', () => {
    // born 2013-04-06: CORS (cut-off 32, RCI 6) until 2026-04-05, then ORS (cut-off 28, RCI 5)
    const r = buildFollowUpReport(input({ measurements: [ors('2025-03-01', 5, 5, 5, 5), ors('2025-09-01', 5, 5, 6, 5), ors('2026-05-01', 7, 7, 7, 6.5)] }));
    expect(r.ors.points.map((p) => [p.date, p.total, p.form, p.clinicalCutoff, p.clinicalRange])).to.deep.equal([
      ['2025-03-01', 20, 'CORS', 32, true],
      ['2025-09-01', 21, 'CORS', 32, true],
      ['2026-05-01', 27.5, 'ORS', 28, true],
    ]);
    expect(r.ors.change.sincePrevious).to.include({ comparable: false, reliable: null, threshold: null });
    expect(r.ors.change.sinceStart).to.include({ comparable: false, reliable: null });
    expect(r.findings).to.deep.include({ kind: 'not-comparable', indicator: 'ors', from: 21, to: 27.5, fromForm: 'CORS', toForm: 'ORS', fromDate: '2025-09-01', toDate: '2026-05-01' });
    expect(r.findings).to.deep.include({ kind: 'form-changed', from: 'CORS', to: 'ORS', date: '2026-05-01', cutoff: 28 });
    expect(r.findings.some((f) => (f.kind === 'better' || f.kind === 'worse') && f.indicator === 'ors')).to.equal(false);
  });

  it('says a small ORS change is within measurement error, not better', () => {
    // both on the ORS (the child turned 13 on 2026-04-06)
    const r = buildFollowUpReport(input({ measurements: [ors('2026-04-10', 5, 5, 5, 5), ors('2026-06-01', 6, 5, 5, 5)] }));
    expect(r.findings.filter((f) => 'indicator' in f && f.indicator === 'ors')).to.deep.equal([{ kind: 'within-noise', indicator: 'ors', from: 20, to: 21, threshold: 5 }]);
  });

  it('on a first measurement shows the value and no change or finding for it', () => {
    const r = buildFollowUpReport(input({ measurements: [ors('2026-06-01', 5, 5, 5, 5)] }));
    expect(r.ors.change.latest?.value).to.equal(20);
    expect(r.ors.change.sincePrevious).to.equal(null);
    expect(r.findings.filter((f) => 'indicator' in f && f.indicator === 'ors')).to.deep.equal([]);
  });

  it('scores SDQ per informant, finds a band change, and names the informant that is missing', () => {
    // parent total difficulties: level 2 on every item → 5 × 2 × 4 = 40 (very high); level 0 → 0 (close to average)
    const r = buildFollowUpReport(input({ measurements: [sdq('2025-06-01', 'parent', 2), sdq('2026-05-01', 'parent', 0), sdq('2026-05-01', 'child', 1)] }));
    const parent = r.sdq.find((s) => s.informant === 'parent')!;
    expect(parent.points.map((p) => p.scores?.totalDifficulties)).to.deep.equal([40, 0]);
    expect(parent.change.sincePrevious).to.include({ delta: -40, direction: 'better', reliable: null });
    expect(r.findings).to.deep.include({ kind: 'better', indicator: 'sdq-parent', from: 40, to: 0, fromBand: 'very-high', toBand: 'close-to-average' });
    // a 13-year-old: teacher and self-report expected; the teacher never answered
    expect(r.findings).to.deep.include({ kind: 'missing', indicator: 'sdq-teacher', since: null });
    expect(r.findings.some((f) => f.kind === 'missing' && f.indicator === 'sdq-self')).to.equal(false);
  });

  it('does not expect a self-report SDQ under 11 or any SDQ from 18', () => {
    const young = buildFollowUpReport(input({ host: host({ child: { childId: 'c1', name: 'x', birthDate: '2018-01-01' } }) }));
    expect(young.sdq.find((s) => s.informant === 'self')!.expected).to.equal(false);
    const adult = buildFollowUpReport(input({ host: host({ child: { childId: 'c1', name: 'x', birthDate: '2005-01-01' } }) }));
    expect(adult.sdq.every((s) => !s.expected)).to.equal(true);
  });

  it('reports a gap: an instrument last used before one schedule interval is missing since that date', () => {
    // four a year: stale after 3 months; the last ORS in March 2026 is more than 3 months before 30 June
    const r = buildFollowUpReport(input({ measurements: [ors('2026-03-15', 5, 5, 5, 5)] }));
    expect(r.findings).to.deep.include({ kind: 'missing', indicator: 'ors', since: '2026-03-15' });
    const fresh = buildFollowUpReport(input({ measurements: [ors('2026-04-15', 5, 5, 5, 5)] }));
    expect(fresh.findings.some((f) => f.kind === 'missing' && f.indicator === 'ors')).to.equal(false);
  });

  it('merges the host’s Trivselslineal ratings with the plugin’s, one per area and day (the later entry wins)', () => {
    const r = buildFollowUpReport(
      input({
        host: host({ rulerRatings: [ruler('2025-02-01', 'SKOLE', 4, 'host'), ruler('2026-05-01', 'SKOLE', 5, 'host')] }),
        measurements: [ruler('2026-05-01', 'SKOLE', 7), ruler('2026-05-01', 'FAMILIE', 6)],
      }),
    );
    const school = r.ruler.areas.find((a) => a.area === 'SKOLE')!;
    expect(school.change.points.map((p) => p.value)).to.deep.equal([4, 7]);
    expect(r.findings).to.deep.include({ kind: 'ruler-change', indicator: 'ruler', area: 'SKOLE', from: 4, to: 7, direction: 'better', fromDate: '2025-02-01', toDate: '2026-05-01' });
    expect(r.ruler.areas.map((a) => a.area)).to.include.members(['UDVIKLING_ADFAERD', 'FAMILIE', 'SKOLE', 'SUNDHED', 'FRITID_VENSKABER']);
  });

  it('combines goals into a GAS T-score per rating date and finds its change; no goals is missing', () => {
    const goals = [
      { goalId: 'g1', childId: 'c1', description: 'Kommer i skole', weight: 1, agreedOn: '2025-01-01' },
      { goalId: 'g2', childId: 'c1', description: 'Har en ven', weight: 1, agreedOn: '2025-01-01' },
    ];
    const r = buildFollowUpReport(
      input({
        goals,
        goalRatings: [
          { goalId: 'g1', ratedOn: '2026-01-10', score: -1 },
          { goalId: 'g2', ratedOn: '2026-01-10', score: -1 },
          { goalId: 'g1', ratedOn: '2026-05-10', score: 1 },
          { goalId: 'g2', ratedOn: '2026-05-10', score: 0 },
        ],
      }),
    );
    // −1, −1: 50 − 20 / √(0.7·2 + 0.3·4) = 50 − 20 / 1.6125 = 37.6; +1, 0: 50 + 10 / 1.6125 = 56.2
    expect(r.gas.points.map((p) => p.tScore)).to.deep.equal([37.6, 56.2]);
    expect(r.findings).to.deep.include({ kind: 'better', indicator: 'goals', from: 37.6, to: 56.2 });
    expect(buildFollowUpReport(input()).findings).to.deep.include({ kind: 'missing', indicator: 'goals', since: null });
  });

  it('counts new referrals since the last filed report and lists measure and placement changes', () => {
    const r = buildFollowUpReport(
      input({
        lastReportDate: '2026-02-01',
        host: host({
          referrals: [{ referralId: '1', receivedOn: '2025-05-01' }, { referralId: '2', receivedOn: '2026-03-01' }, { referralId: '3', receivedOn: '2026-07-05' }],
          measureChanges: [{ date: '2026-04-01', kind: 'placement-started', label: 'PLEJEFAMILIE' }],
        }),
      }),
    );
    expect(r.social.referralsInPeriod.map((x) => x.referralId)).to.deep.equal(['1', '2']);
    expect(r.social.referralsSinceLastReport).to.equal(1);
    expect(r.findings).to.deep.include({ kind: 'new-referrals', count: 1, since: '2026-02-01' });
    expect(r.findings).to.deep.include({ kind: 'measure-change', change: { date: '2026-04-01', kind: 'placement-started', label: 'PLEJEFAMILIE' } });
    expect(r.social.absence).to.equal(null);
  });

  it('orders findings: better, worse, then changes without a reliable change index, then missing, then the rest', () => {
    const r = buildFollowUpReport(input({ measurements: [ors('2026-01-01', 2, 2, 2, 2), ors('2026-06-01', 5, 5, 5, 5), sdq('2025-06-01', 'parent', 2), sdq('2026-05-01', 'parent', 0), ruler('2026-01-01', 'SKOLE', 4), ruler('2026-06-01', 'SKOLE', 6)] }));
    const kinds = r.findings.map((f) => f.kind);
    expect(kinds.indexOf('better')).to.be.greaterThan(-1);
    expect(kinds.lastIndexOf('better')).to.be.lessThan(kinds.indexOf('ruler-change'));
    expect(kinds.indexOf('ruler-change')).to.be.lessThan(kinds.indexOf('missing'));
  });
});
