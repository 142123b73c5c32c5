// The risk score is the decile within the child's age band; unborn children are their own band.
import { expect } from 'chai';
import { exactAgeYears } from '../../plugin/calendar-age';
import { ageBandIndex, decileScore, type AgeBandScale } from '../../plugin/scoring/age-band-score';

const cuts = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09];
const label = { da: 'x', en: 'x' };
const scale: AgeBandScale = {
  modelId: 'test-model',
  ageFeature: 'age_years',
  ageColumn: 0,
  unbornColumn: 1,
  bands: [
    { id: 'unborn', label, unborn: true, cutPoints: cuts },
    { id: '0-2', label, minAgeYears: 0, maxAgeYears: 3, cutPoints: cuts },
    { id: '3-17', label, minAgeYears: 3, maxAgeYears: 18, cutPoints: cuts },
  ],
};

describe('the age-band risk score', () => {
  it('is 1 below the first cut-point and 10 at or above the last', () => {
    expect(decileScore(cuts, 0)).to.equal(1);
    expect(decileScore(cuts, 0.009999)).to.equal(1);
    expect(decileScore(cuts, 0.09)).to.equal(10);
    expect(decileScore(cuts, 1)).to.equal(10);
  });

  it('counts a cut-point the probability equals (a probability on the 7th cut-point scores 8)', () => {
    expect(decileScore(cuts, 0.07)).to.equal(8);
    expect(decileScore(cuts, 0.0699999)).to.equal(7);
  });

  it('puts an unborn child in the unborn band, whatever band age 0 would give', () => {
    expect(scale.bands[ageBandIndex(scale, [0, 1])]!.id).to.equal('unborn');
    expect(scale.bands[ageBandIndex(scale, [0, 0])]!.id).to.equal('0-2');
  });

  it('uses inclusive lower and exclusive upper ages', () => {
    expect(scale.bands[ageBandIndex(scale, [2.99, 0])]!.id).to.equal('0-2');
    expect(scale.bands[ageBandIndex(scale, [3, 0])]!.id).to.equal('3-17');
  });

  it('refuses an age no band covers with AGE_OUTSIDE_MODEL', () => {
    const young: AgeBandScale = { ...scale, bands: scale.bands.filter((b) => b.id !== '0-2') };
    expect(() => ageBandIndex(young, [2.5, 0])).to.throw().with.property('code', 'AGE_OUTSIDE_MODEL');
  });

  it('refuses an unborn child with an age above 0, naming the age feature', () => {
    expect(() => ageBandIndex(scale, [4, 1])).to.throw().that.includes({ code: 'FEATURE_NOT_ALLOWED_VALUE' }).and.has.nested.property('details.feature', 'age_years');
  });

  it('never scores a person 18 or older, even when a model declares a band past 18 (AGE_ADULT_AT_REFERRAL)', () => {
    const wide: AgeBandScale = { ...scale, bands: [...scale.bands.slice(0, 2), { id: '3-25', label, minAgeYears: 3, maxAgeYears: 25, cutPoints: cuts }] };
    expect(ageBandIndex(wide, [17.99, 0])).to.equal(2);
    expect(() => ageBandIndex(wide, [18, 0])).to.throw().that.includes({ code: 'AGE_ADULT_AT_REFERRAL' }).and.has.nested.property('details.feature', 'age_years');
    expect(() => ageBandIndex(scale, [18, 0])).to.throw().with.property('code', 'AGE_ADULT_AT_REFERRAL');
  });

  it('puts a child in the band of its calendar age the day before, on and after the 3rd birthday', () => {
    const day = (on: string) => [exactAgeYears('2015-02-28', on, 2), 0];
    expect(scale.bands[ageBandIndex(scale, day('2018-02-27'))]!.id).to.equal('0-2');
    expect(scale.bands[ageBandIndex(scale, day('2018-02-28'))]!.id).to.equal('3-17');
    expect(scale.bands[ageBandIndex(scale, day('2018-03-01'))]!.id).to.equal('3-17');
    const leap = (on: string) => [exactAgeYears('2016-02-29', on, 2), 0];
    expect(scale.bands[ageBandIndex(scale, leap('2019-02-28'))]!.id).to.equal('0-2');
    expect(scale.bands[ageBandIndex(scale, leap('2019-03-01'))]!.id).to.equal('3-17');
  });
});
