// Age by the calendar: a child turns n on its nth birthday, not before; 29 February birthdays turn on 1 March
// in common years. Each band boundary of the demo models (3, 6, 10, 14, 18) is tried the day before, on and after.
import { expect } from 'chai';
import { ADULT_AGE_YEARS, birthdayAt, birthdayDays, completedYears, exactAgeOnDay, exactAgeYears, isAdultAge } from '../plugin/calendar-age';

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('the calendar age', () => {
  for (const n of [1, 3, 6, 10, 14, 18]) {
    it(`turns ${n} on birthday number ${n}, not the day before (born 2010-06-15)`, () => {
      const birthday = birthdayAt('2010-06-15', n);
      expect(birthday).to.equal(`${2010 + n}-06-15`);
      expect(completedYears('2010-06-15', addDays(birthday, -1))).to.equal(n - 1);
      expect(completedYears('2010-06-15', birthday)).to.equal(n);
      expect(completedYears('2010-06-15', addDays(birthday, 1))).to.equal(n);
      expect(exactAgeYears('2010-06-15', addDays(birthday, -1), 2)).to.equal(n - 1 + 0.99);
      expect(exactAgeYears('2010-06-15', addDays(birthday, -1))).to.be.below(n);
      expect(exactAgeYears('2010-06-15', birthday, 2)).to.equal(n);
      expect(exactAgeYears('2010-06-15', addDays(birthday, 1), 2)).to.equal(n);
      expect(exactAgeYears('2010-06-15', addDays(birthday, 1))).to.be.above(n);
    });
  }

  it('where days / 365.25 turned a child 6 a day early, the calendar does not (born 2012-03-01, day before 2018-03-01)', () => {
    // 2191 days: 2191 / 365.25 = 5.9986…, which rounded to two decimals is 6.00.
    expect(Math.round((2191 / 365.25) * 100) / 100).to.equal(6);
    expect(exactAgeYears('2012-03-01', '2018-02-28', 2)).to.equal(5.99);
    expect(completedYears('2012-03-01', '2018-02-28')).to.equal(5);
  });

  describe('born on 29 February', () => {
    it('turns a year older on 1 March in a common year, not on 28 February', () => {
      expect(birthdayAt('2016-02-29', 6)).to.equal('2022-03-01');
      expect(completedYears('2016-02-29', '2022-02-28')).to.equal(5);
      expect(completedYears('2016-02-29', '2022-03-01')).to.equal(6);
      expect(exactAgeYears('2016-02-29', '2022-02-28', 2)).to.equal(5.99);
      expect(exactAgeYears('2016-02-29', '2022-03-01', 2)).to.equal(6);
    });

    it('turns a year older on 29 February in a leap year', () => {
      expect(birthdayAt('2016-02-29', 4)).to.equal('2020-02-29');
      expect(completedYears('2016-02-29', '2020-02-28')).to.equal(3);
      expect(completedYears('2016-02-29', '2020-02-29')).to.equal(4);
      expect(completedYears('2016-02-29', '2020-03-01')).to.equal(4);
    });

    it('turns 18 on 1 March 2026 when born 29 February 2008', () => {
      expect(isAdultAge(exactAgeYears('2008-02-29', '2026-02-28'))).to.equal(false);
      expect(isAdultAge(exactAgeYears('2008-02-29', '2026-03-01'))).to.equal(true);
    });
  });

  it('counts the years of a child born 28 February and 1 March in a leap year as their own dates', () => {
    expect(completedYears('2016-02-28', '2017-02-28')).to.equal(1);
    expect(completedYears('2016-03-01', '2017-02-28')).to.equal(0);
    expect(completedYears('2016-03-01', '2017-03-01')).to.equal(1);
  });

  it('never reaches a whole year before the birthday, for every day of 40 years and every number of decimals', () => {
    const birth = '2000-02-29';
    for (let day = 0; day < 40 * 366; day += 1) {
      const on = addDays(birth, day);
      const years = completedYears(birth, on);
      for (const decimals of [undefined, 0, 1, 2, 4]) {
        const age = exactAgeYears(birth, on, decimals);
        expect(Math.floor(age), `${on}, ${decimals} decimals`).to.equal(years);
      }
    }
  });

  it('rises with every day and is exactly 0 on the day of birth', () => {
    expect(exactAgeYears('2020-05-05', '2020-05-05')).to.equal(0);
    let previous = -1;
    for (let day = 0; day < 800; day++) {
      const age = exactAgeYears('2020-05-05', addDays('2020-05-05', day));
      expect(age).to.be.above(previous);
      previous = age;
    }
  });

  it('refuses a date before the birth and a date that does not exist', () => {
    expect(() => completedYears('2020-05-05', '2020-05-04')).to.throw(RangeError);
    expect(() => completedYears('2021-02-29', '2022-01-01')).to.throw(RangeError);
    expect(() => exactAgeYears('2020-05-05', '2021-01-01', 9)).to.throw(RangeError);
  });

  it('makes an adult of 18 and more', () => {
    expect(ADULT_AGE_YEARS).to.equal(18);
    expect(isAdultAge(17.99)).to.equal(false);
    expect(isAdultAge(18)).to.equal(true);
  });
});

describe('the calendar age on many days (birthdayDays, exactAgeOnDay)', () => {
  it('gives what exactAgeYears gives, every day from birth to the 18th birthday, 29 February included', () => {
    for (const birth of ['2008-02-29', '2011-12-31', '2015-03-01']) {
      const birthdays = birthdayDays(birth, 18);
      const born = Date.parse(`${birth}T00:00:00Z`) / 86_400_000;
      for (let day = born; day < birthdays[18]!; day++) {
        const on = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(exactAgeOnDay(birthdays, day, 2), on).to.equal(exactAgeYears(birth, on, 2));
      }
    }
  });

  it('refuses a day before the birth or beyond the birthdays listed', () => {
    const birthdays = birthdayDays('2010-01-01', 2);
    expect(() => exactAgeOnDay(birthdays, birthdays[0]! - 1)).to.throw(RangeError);
    expect(() => exactAgeOnDay(birthdays, birthdays[2]!)).to.throw(RangeError);
  });
});
