// The child's age on the referral date from what the host records: a recorded birth decides; without one, an
// unborn marker or an expected date of birth says "unborn"; nothing at all is "age unknown", never "unborn".
import { expect } from 'chai';
import { childAgeAtReferral } from '../../adapters/child-age';

const none = { birthDate: null, expectedBirthDate: null, markedUnborn: false };

describe('the child’s age on the referral date', () => {
  it('is a calendar age from a birth date on or before the referral date', () => {
    expect(childAgeAtReferral({ ...none, birthDate: '2018-03-01' }, '2024-02-29')).to.deep.equal({ state: 'born', birthDate: '2018-03-01', completedYears: 5 });
    expect(childAgeAtReferral({ ...none, birthDate: '2018-03-01' }, '2024-03-01')).to.deep.include({ state: 'born', completedYears: 6 });
    expect(childAgeAtReferral({ ...none, birthDate: '2024-03-01' }, '2024-03-01')).to.deep.include({ state: 'born', completedYears: 0 });
  });

  it('is "adult" from the 18th birthday on (29 February: from 1 March in a common year)', () => {
    expect(childAgeAtReferral({ ...none, birthDate: '2006-05-10' }, '2024-05-09').state).to.equal('born');
    expect(childAgeAtReferral({ ...none, birthDate: '2006-05-10' }, '2024-05-10').state).to.equal('adult');
    expect(childAgeAtReferral({ ...none, birthDate: '2008-02-29' }, '2026-02-28').state).to.equal('born');
    expect(childAgeAtReferral({ ...none, birthDate: '2008-02-29' }, '2026-03-01').state).to.equal('adult');
  });

  it('is "unborn" when the birth came after the referral, the parent’s age taken at the expected date when known', () => {
    expect(childAgeAtReferral({ ...none, birthDate: '2024-06-10', expectedBirthDate: '2024-06-01' }, '2024-03-01')).to.deep.equal({
      state: 'unborn',
      by: 'later-birth',
      expectedBirthDate: '2024-06-01',
      birthDate: '2024-06-10',
      parentAgeDate: '2024-06-01',
    });
    expect(childAgeAtReferral({ ...none, birthDate: '2024-06-10' }, '2024-03-01')).to.deep.include({ state: 'unborn', parentAgeDate: '2024-06-10' });
  });

  it('is "unborn" with no birth date when the expected date of birth lies ahead, or at most 14 days behind', () => {
    expect(childAgeAtReferral({ ...none, expectedBirthDate: '2024-06-01' }, '2024-03-01')).to.deep.include({ state: 'unborn', by: 'expected-birth', parentAgeDate: '2024-06-01' });
    expect(childAgeAtReferral({ ...none, expectedBirthDate: '2024-02-16' }, '2024-03-01').state).to.equal('unborn');
    expect(childAgeAtReferral({ ...none, expectedBirthDate: '2024-02-15' }, '2024-03-01')).to.deep.equal({ state: 'unknown', reason: 'expected-birth-passed' });
    expect(childAgeAtReferral({ ...none, expectedBirthDate: '2025-06-01' }, '2024-03-01')).to.deep.equal({ state: 'unknown', reason: 'expected-birth-implausible' });
  });

  it('is "unborn" by the host’s marker when no birth date is recorded; a recorded birth decides over the marker', () => {
    expect(childAgeAtReferral({ ...none, markedUnborn: true }, '2024-03-01')).to.deep.include({ state: 'unborn', by: 'marker', parentAgeDate: null });
    expect(childAgeAtReferral({ ...none, markedUnborn: true, birthDate: '2020-01-01' }, '2024-03-01').state).to.equal('born');
  });

  it('is "unknown", never "unborn", with no birth date and nothing that says unborn (a missing or replacement CPR number)', () => {
    expect(childAgeAtReferral(none, '2024-03-01')).to.deep.equal({ state: 'unknown', reason: 'no-birth-date' });
  });
});
