// ORS/CORS, GAS and the Trivselslineal against hand-worked examples, with the edge cases the report meets:
// an unmarked line, a child under six, a child who turns 13 and moves to the adolescent ORS cut-off.
import { expect } from 'chai';
import { ageOn, summariseSeries } from '../../plugin/follow-up/change-over-time';
import { gasTScore } from '../../plugin/follow-up/instruments/gas-scoring';
import { orsNormForAge, orsReliableChange, scoreOrs } from '../../plugin/follow-up/instruments/ors-scoring';
import { DEFAULT_WELLBEING_RULER, isWellbeingRating, wellbeingLevelName, wellbeingRulerProblems } from '../../plugin/follow-up/instruments/wellbeing-ruler';

describe('ORS / CORS scoring (Miller & Duncan; Duncan et al. 2006)', () => {
  it('adds the four lines to a total and compares it with the CORS cut-off for a child of 10', () => {
    // 6.2 + 4.0 + 7.5 + 5.1 = 22.8, below the CORS cut-off of 32: clinical range
    const s = scoreOrs({ items: { me: 6.2, family: 4.0, school: 7.5, everything: 5.1 } }, 10);
    expect(s.total).to.equal(22.8);
    expect([s.form, s.norm, s.clinicalCutoff, s.clinicalRange]).to.deep.equal(['CORS', 'child', 32, true]);
  });

  it('gives no total when a line is unmarked (no prorating is published)', () => {
    const s = scoreOrs({ items: { me: 6.2, family: null, school: 7.5, everything: 5.1 } }, 10);
    expect(s.total).to.equal(null);
    expect(s.clinicalRange).to.equal(null);
  });

  it('has no norm under six, the adolescent norm 13–17 and the adult norm from 18', () => {
    expect([5, 6, 12, 13, 17, 18].map(orsNormForAge)).to.deep.equal([null, 'child', 'child', 'adolescent', 'adolescent', 'adult']);
    expect(scoreOrs({ items: { me: 1, family: 1, school: 1, everything: 1 } }, 4).clinicalRange).to.equal(null);
    expect(scoreOrs({ items: { me: 6, family: 6, school: 7, everything: 6 } }, 30)).to.include({ total: 25, clinicalCutoff: 25, clinicalRange: false });
  });

  it('moves a child who turns 13 from the CORS cut-off (32) to the adolescent ORS cut-off (28) on the birthday', () => {
    const born = '2012-06-15';
    const items = { me: 7.5, family: 7.5, school: 7.5, everything: 7.5 }; // total 30
    const before = scoreOrs({ items }, ageOn(born, '2025-06-14'));
    const after = scoreOrs({ items }, ageOn(born, '2025-06-15'));
    expect([before.form, before.clinicalCutoff, before.clinicalRange]).to.deep.equal(['CORS', 32, true]);
    expect([after.form, after.clinicalCutoff, after.clinicalRange]).to.deep.equal(['ORS', 28, false]);
  });

  it('calls a change reliable from 6 points on the CORS and 5 on the ORS', () => {
    // 22.8 → 29.0 on the CORS: +6.2 ≥ 6, reliable; 22.8 → 27.0: +4.2, not reliable
    const cors = orsReliableChange('child');
    const s = summariseSeries([{ date: '2025-01-10', value: 22.8, reliableChange: cors }, { date: '2025-04-10', value: 29.0, reliableChange: cors }], 'higher-is-better');
    expect(s.sincePrevious).to.include({ delta: 6.2, direction: 'better', reliable: true, threshold: 6 });
    const t = summariseSeries([{ date: '2025-01-10', value: 22.8, reliableChange: cors }, { date: '2025-04-10', value: 27.0, reliableChange: cors }], 'higher-is-better');
    expect(t.sincePrevious).to.include({ direction: 'better', reliable: false });
    // across the 13th birthday the forms differ (CORS, then ORS): two values, never a reliable change by either limit
    const u = summariseSeries([{ date: '2025-06-14', value: 30, reliableChange: cors, form: 'CORS' }, { date: '2025-09-01', value: 24.5, reliableChange: orsReliableChange('adolescent'), form: 'ORS' }], 'higher-is-better');
    expect(u.sincePrevious).to.include({ delta: -5.5, comparable: false, reliable: null, threshold: null });
  });

  it('refuses a line read outside 0–10 or finer than a millimetre', () => {
    expect(() => scoreOrs({ items: { me: 10.5 } }, 10)).to.throw(RangeError);
    expect(() => scoreOrs({ items: { me: 3.25 } }, 10)).to.throw(RangeError);
  });
});

describe('GAS T-score (Kiresuk & Sherman 1968, ρ = 0.3)', () => {
  // T = 50 + 10 Σwx / √((1−ρ)Σw² + ρ(Σw)²)
  it('is 50 when the goals balance out at the expected level', () => {
    expect(gasTScore([{ goalId: 'a', score: 1 }, { goalId: 'b', score: 0 }, { goalId: 'c', score: -1 }]).tScore).to.equal(50);
  });

  it('works the three-goal example: +1, +1, +2 → 50 + 40 / √(0.7·3 + 0.3·9) = 50 + 40 / 2.1909 = 68.3', () => {
    expect(gasTScore([{ goalId: 'a', score: 1 }, { goalId: 'b', score: 1 }, { goalId: 'c', score: 2 }]).tScore).to.equal(68.3);
  });

  it('works one goal at +2 (70) and three at −2 (50 − 60 / 2.1909 = 22.6)', () => {
    expect(gasTScore([{ goalId: 'a', score: 2 }]).tScore).to.equal(70);
    expect(gasTScore([{ goalId: 'a', score: -2 }, { goalId: 'b', score: -2 }, { goalId: 'c', score: -2 }]).tScore).to.equal(22.6);
  });

  it('weights goals: w = 2, 1 and x = +1, −1 → 50 + 10 / √(0.7·5 + 0.3·9) = 54.0', () => {
    expect(gasTScore([{ goalId: 'a', score: 1, weight: 2 }, { goalId: 'b', score: -1, weight: 1 }]).tScore).to.equal(54);
  });

  it('leaves unscored goals out and names them; no scored goal, no T-score', () => {
    expect(gasTScore([{ goalId: 'a', score: 2 }, { goalId: 'b', score: null }])).to.deep.equal({ tScore: 70, scoredGoals: 1, unscoredGoals: ['b'] });
    expect(gasTScore([]).tScore).to.equal(null);
    expect(() => gasTScore([{ goalId: 'a', score: 3 }])).to.throw(RangeError);
    expect(() => gasTScore([{ goalId: 'a', score: 0.5 }])).to.throw(RangeError);
  });
});

describe('the Trivselslineal and change over time', () => {
  it('takes whole numbers in the configured range, 1–10 by default', () => {
    expect([0, 1, 10, 11, 5.5].map((v) => isWellbeingRating(DEFAULT_WELLBEING_RULER, v))).to.deep.equal([false, true, true, false, false]);
  });

  it('reads a ruler where 1 is best (Morsø-style 1–5) the right way round, with its level names', () => {
    const morsoe = { min: 1, max: 5, higherIsBetter: false, levels: [{ from: 1, to: 1, name: { da: 'i trivsel' } }, { from: 5, to: 5, name: { da: 'truet trivsel' } }] };
    expect(wellbeingRulerProblems(morsoe)).to.deep.equal([]);
    expect(wellbeingLevelName(morsoe, 5, 'da')).to.equal('truet trivsel');
    const s = summariseSeries([{ date: '2025-01-01', value: 4 }, { date: '2025-05-01', value: 2 }], morsoe.higherIsBetter ? 'higher-is-better' : 'lower-is-better');
    expect(s.sincePrevious).to.include({ delta: -2, direction: 'better', reliable: null });
    expect(wellbeingRulerProblems({ min: 5, max: 1, higherIsBetter: true })).to.have.length(1);
  });

  it('on the first measurement gives the latest value and no change', () => {
    const s = summariseSeries([{ date: '2025-01-01', value: 6 }], 'higher-is-better');
    expect(s.latest?.value).to.equal(6);
    expect(s.sincePrevious).to.equal(null);
    expect(s.sinceStart).to.equal(null);
    expect(summariseSeries([], 'higher-is-better').latest).to.equal(null);
  });

  it('compares with the previous and the first measurement whatever the gaps and the order given', () => {
    const s = summariseSeries(
      [{ date: '2025-09-01', value: 7 }, { date: '2023-01-01', value: 3 }, { date: '2024-02-01', value: 7 }],
      'higher-is-better',
    );
    expect(s.points.map((p) => p.date)).to.deep.equal(['2023-01-01', '2024-02-01', '2025-09-01']);
    expect(s.sincePrevious).to.include({ delta: 0, direction: 'same' });
    expect(s.sinceStart).to.include({ delta: 4, direction: 'better', reliable: null });
  });

  it('counts age in whole years from the birthday (29 February birthdays count from 1 March)', () => {
    expect(ageOn('2012-06-15', '2025-06-14')).to.equal(12);
    expect(ageOn('2012-06-15', '2025-06-15')).to.equal(13);
    expect(ageOn('2012-02-29', '2025-02-28')).to.equal(12);
    expect(ageOn('2012-02-29', '2025-03-01')).to.equal(13);
  });
});
