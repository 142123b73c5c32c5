// The validation report's core on small hand-computed cases: which referrals have a 12-month outcome (too-recent
// ones counted and left out), groups under the minimum size never given as numbers, error rates at every
// threshold, PSI against the reference and the first quarter, and no outcome part giving distribution only.
import { expect } from 'chai';
import { addCalendarMonths, outcomeOf } from '../../plugin/validation/outcome-window';
import { computeValidationFigures, type ModelReference, type ValidationReferral } from '../../plugin/validation/validation-figures';
import { loadDimensionLabels } from '../../plugin/validation/validation-locale';

const MODEL: ModelReference = {
  id: 'test-model',
  version: '1.0.0',
  name: { da: 'Testmodel', en: 'Test model' },
  bands: [
    { id: 'a', label: { da: 'Gruppe A', en: 'Band A' }, outcomesByScore: Array.from({ length: 10 }, (_, i) => ({ score: i + 1, children: 10, placed: i, meanPredicted: (i + 1) / 20 })) },
    { id: 'b', label: { da: 'Gruppe B', en: 'Band B' } },
  ],
  card: { evaluatedOn: 'test', auc: 0.8, baseRate: 0.1, byAgeBand: [], bySex: [] },
};

/** `n` referrals in band `band` on `day`, scored `score` (probability score/20), placed `placed` of them 30 days later. */
function referrals(n: number, options: { band?: string; day?: string; score: number; placed: number; sex?: 'male' | 'female'; group?: string | null }): ValidationReferral[] {
  const day = options.day ?? '2020-01-15';
  return Array.from({ length: n }, (_, i) => ({
    receivedAt: `${day} 10:00:00`,
    ageBand: options.band ?? 'a',
    score: options.score,
    probability: options.score / 20,
    placementStarts: i < options.placed ? ['2019-01-01', addCalendarMonths(day, 1)] : ['2019-01-01'],
    sex: options.sex ?? 'male',
    groups: { citizenship: options.group === undefined ? 'x' : options.group },
  }));
}

const input = (rs: ValidationReferral[], asOf = '2023-12-31') => ({
  referrals: rs,
  refused: 2,
  model: MODEL,
  period: { from: '2020-01-01', to: '2022-12-31' },
  asOf,
  attributes: [{ name: 'citizenship', label: { da: 'Statsborgerskab', en: 'Citizenship' } }],
  sexKnown: true,
  dimensionLabels: loadDimensionLabels(),
  resamples: 200,
});

describe('the validation report core', () => {
  describe('the 12-month outcome window', () => {
    it('counts a placement that begins on the referral day or before the same day a year later, and no earlier placement', () => {
      expect(outcomeOf('2020-03-10 09:00:00', ['2020-03-10'], '2022-01-01')).to.equal('placed');
      expect(outcomeOf('2020-03-10 09:00:00', ['2021-03-09'], '2022-01-01')).to.equal('placed');
      expect(outcomeOf('2020-03-10 09:00:00', ['2021-03-10'], '2022-01-01')).to.equal('not-placed');
      expect(outcomeOf('2020-03-10 09:00:00', ['2020-03-09'], '2022-01-01')).to.equal('not-placed');
      expect(outcomeOf('2020-03-10 09:00:00', null, '2022-01-01')).to.equal('no-outcome-data');
    });

    it('calls a referral too recent until every day of its 12 months lies on or before the as-of day, even when a placement is already seen', () => {
      expect(outcomeOf('2020-03-10', ['2020-04-01'], '2021-03-08')).to.equal('too-recent');
      expect(outcomeOf('2020-03-10', ['2020-04-01'], '2021-03-09')).to.equal('placed');
      expect(addCalendarMonths('2020-01-31', 1)).to.equal('2020-02-29');
      expect(addCalendarMonths('2019-02-28', 12)).to.equal('2020-02-28');
      // 29 February 2024 + 12 months is 28 February 2025: the window's last day is 27 February.
      expect(outcomeOf('2024-02-29', [], '2025-02-26')).to.equal('too-recent');
      expect(outcomeOf('2024-02-29', [], '2025-02-27')).to.equal('not-placed');
    });
  });

  it('counts too-recent referrals and leaves them out of every outcome figure', () => {
    // 40 old referrals: 20 scored 9 (10 placed), 20 scored 2 (2 placed). 30 recent ones scored 9, all "placed" so far.
    const old = [...referrals(20, { score: 9, placed: 10 }), ...referrals(20, { score: 2, placed: 2 })];
    const recent = referrals(30, { score: 9, placed: 30, day: '2023-06-01' });
    const f = computeValidationFigures(input([...old, ...recent]));
    expect(f.counts).to.deep.equal({ scored: 70, refused: 2, withOutcome: 40, placed: 12, tooRecent: 30, noOutcomeData: 0 });
    expect(f.outcomeMissing).to.equal(null);
    const d = f.discrimination!;
    expect(d.baseRate.rate).to.equal(12 / 40);
    // AUC by hand: of 12 placed × 28 not placed pairs, placed-9 vs not-placed-2: 10 × 18 = 180 wins; ties (same
    // score) 10 × 10 + 2 × 18 = 136 count half; placed-2 vs not-placed-9: 2 × 10 = 20 losses. (180 + 68) / 336.
    expect(d.auc).to.be.closeTo(248 / 336, 1e-12);
    const nine = d.placementByScore.find((r) => r.score === 9)!.figures;
    expect(nine).to.include({ n: 20, placed: 10, rate: 0.5 });
    // The recent referrals still count in the distribution: band a has 70 referrals, 50 of them scored 9.
    expect(f.distribution.bands[0]!.n).to.equal(70);
    expect(f.distribution.bands[0]!.shares![8]).to.be.closeTo(50 / 70, 1e-12);
  });

  it('gives a group under the minimum size as "too small", never as numbers, and holds back outcome figures with too few outcomes', () => {
    const rs = [
      ...referrals(30, { score: 9, placed: 12, sex: 'male', group: 'x' }),
      ...referrals(30, { score: 2, placed: 3, sex: 'male', group: 'x' }),
      ...referrals(19, { score: 9, placed: 9, sex: 'female', group: 'y' }),
      ...referrals(25, { score: 9, placed: 5, sex: 'male', group: 'z', day: '2023-05-01' }),
    ];
    const f = computeValidationFigures(input(rs));
    const sex = f.fairness!.dimensions.find((d) => d.key === 'sex')!;
    expect(sex.groups.find((g) => g.group === 'female')).to.deep.include({ tooSmall: true, minimumSize: 20 });
    expect(JSON.stringify(sex.groups.find((g) => g.group === 'female'))).not.to.match(/"n"|placed|auc/);
    const citizenship = f.fairness!.dimensions.find((d) => d.key === 'attribute:citizenship')!;
    const z = citizenship.groups.find((g) => g.group === 'z')!;
    if (z.tooSmall) throw new Error('z has 25 referrals');
    // All 25 of group z are too recent: their scores count, their outcomes cannot.
    expect(z).to.deep.include({ n: 25, withOutcome: 0, outcomeTooSmall: true, auc: null, placementRate: null });
    expect(z.byThreshold[8]!.fpr).to.equal(null);
    expect(z.highShare.value).to.equal(1);
  });

  it('computes false positive and false negative rates at every threshold, with ratios to the largest group', () => {
    // Group x (60): scores 9 (12 of 30 placed) and 2 (3 of 30 placed). Group w (40): score 5 (10 of 40 placed).
    const rs = [
      ...referrals(30, { score: 9, placed: 12, group: 'x' }),
      ...referrals(30, { score: 2, placed: 3, group: 'x' }),
      ...referrals(40, { score: 5, placed: 10, group: 'w' }),
    ];
    const f = computeValidationFigures(input(rs));
    const dim = f.fairness!.dimensions.find((d) => d.key === 'attribute:citizenship')!;
    const x = dim.groups.find((g) => g.group === 'x')!;
    const w = dim.groups.find((g) => g.group === 'w')!;
    if (x.tooSmall || w.tooSmall) throw new Error('both are large enough');
    // x at threshold 8: flagged = score 9: fp 18 of 45 not placed, fn 3 of 15 placed.
    expect(x.byThreshold[8]!.fpr!.value).to.be.closeTo(18 / 45, 1e-12);
    expect(x.byThreshold[8]!.fnr!.value).to.be.closeTo(3 / 15, 1e-12);
    // At threshold 1 everyone is flagged; at 10 nobody is.
    expect(x.byThreshold[1]!.fpr!.value).to.equal(1);
    expect(x.byThreshold[1]!.fnr!.value).to.equal(0);
    expect(x.byThreshold[10]!.fpr!.value).to.equal(0);
    expect(x.byThreshold[10]!.fnr!.value).to.equal(1);
    // w at threshold 5: all flagged (fpr 1, fnr 0); at 6 none. Ratios to x (the largest group).
    expect(w.byThreshold[5]!.fpr!.value).to.equal(1);
    expect(w.byThreshold[5]!.ratios!.fpr).to.be.closeTo(1 / (18 / 45), 1e-12);
    expect(w.byThreshold[5]!.flags).to.include('fpr');
    expect(w.byThreshold[6]!.fnr!.value).to.equal(1);
    expect(x.byThreshold[5]!.ratios).to.equal(null);
    expect(Object.keys(x.byThreshold).map(Number)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Share scored 8–10: x 30/60, w 0/40: ratio 0, flagged.
    expect(w.highShareRatio).to.equal(0);
    expect(w.flags).to.include('highShare');
  });

  it('gives PSI against the model\'s reference and against the first quarter, and flags only a shift beyond chance', () => {
    // Band a's reference: ten scores with 10 children each. Quarter 1: 500 referrals spread evenly (PSI 0).
    // Quarter 2: 500 referrals all scored 10: far beyond both thresholds and any chance.
    const even = Array.from({ length: 10 }, (_, i) => referrals(50, { score: i + 1, placed: 0, day: '2020-02-01' })).flat();
    const shifted = referrals(500, { score: 10, placed: 0, day: '2020-05-01' });
    const f = computeValidationFigures(input([...even, ...shifted]));
    const band = f.distribution.bands.find((b) => b.band === 'a')!;
    expect(band.firstQuarter).to.equal('2020-Q1');
    const [q1, q2] = band.quarters;
    expect(q1!.psiReference!.psi).to.be.closeTo(0, 1e-12);
    expect(q1!.psiFirstQuarter).to.equal(null);
    // PSI by hand: nine scores at 0.0001 against 0.1, one at 1 against 0.1.
    const expected = 9 * (0.0001 - 0.1) * Math.log(0.0001 / 0.1) + (1 - 0.1) * Math.log(1 / 0.1);
    expect(q2!.psiReference!.psi).to.be.closeTo(expected, 1e-9);
    expect(q2!.psiFirstQuarter!.psi).to.be.closeTo(expected, 1e-9);
    expect(q2!.psiReference).to.include({ level: 'major', flagged: true });
    expect(f.distribution.flagged).to.deep.include({ band: 'a', quarter: '2020-Q2', against: 'reference', level: 'major' });
    // A band without reference figures gets no PSI against the reference.
    const g = computeValidationFigures(input(referrals(40, { band: 'b', score: 3, placed: 0 })));
    expect(g.distribution.bands[0]!.psiReference).to.equal(null);
  });

  it('does not flag a small quarter\'s PSI that chance alone could give', () => {
    // 30 referrals, three per score except five at score 1 and one at score 2: PSI 0.107, over 0.1 but well within
    // what 30 referrals drawn from the reference give by chance.
    const counts = [5, 1, 3, 3, 3, 3, 3, 3, 3, 3];
    const rs = counts.flatMap((n, i) => referrals(n, { score: i + 1, placed: 0 }));
    const f = computeValidationFigures(input(rs));
    const q = f.distribution.bands[0]!.quarters[0]!;
    expect(q.psiReference!.psi).to.be.closeTo((5 / 30 - 0.1) * Math.log(5 / 3) + (1 / 30 - 0.1) * Math.log(1 / 3), 1e-12);
    expect(q.psiReference!.level).to.equal('moderate');
    expect(q.psiReference!.noiseBound).to.be.above(q.psiReference!.psi);
    expect(q.psiReference!.flagged).to.equal(false);
    expect(f.distribution.flagged).to.deep.equal([]);
  });

  it('without an outcome part reports only distribution and drift', () => {
    const rs = referrals(50, { score: 4, placed: 0 }).map((r) => ({ ...r, placementStarts: null }));
    const f = computeValidationFigures(input(rs));
    expect(f.outcomeMissing).to.equal('no-outcome-part');
    expect(f.counts.noOutcomeData).to.equal(50);
    expect(f.discrimination).to.equal(null);
    expect(f.calibration).to.equal(null);
    expect(f.distribution.bands[0]!.shares![3]).to.equal(1);
  });

  it('gives the same figures for the same input and seed', () => {
    const rs = [...referrals(30, { score: 9, placed: 12 }), ...referrals(30, { score: 2, placed: 3 }), ...referrals(30, { score: 5, placed: 6 })];
    expect(JSON.stringify(computeValidationFigures(input(rs)))).to.equal(JSON.stringify(computeValidationFigures(input(rs))));
  });
});
