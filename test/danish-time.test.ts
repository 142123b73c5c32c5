// "Today" is the municipality's calendar day (Europe/Copenhagen, with summer time), never UTC's or the server's.
import { expect } from 'chai';
import { danishDay } from '../plugin/danish-time';
import { todayIso } from '../plugin/server/follow-up-setup';

describe('the Danish calendar day', () => {
  const cases: Array<[string, string]> = [
    ['2026-06-30T21:59:00Z', '2026-06-30'], // 23:59 summer time
    ['2026-06-30T22:30:00Z', '2026-07-01'], // 00:30 summer time: already the 1st in Denmark, still the 30th in UTC
    ['2026-01-15T22:59:00Z', '2026-01-15'], // 23:59 winter time
    ['2026-01-15T23:00:00Z', '2026-01-16'], // 00:00 winter time
    ['2026-12-31T23:30:00Z', '2027-01-01'], // a new year in Denmark before UTC's
    ['2026-03-29T00:59:00Z', '2026-03-29'], // 01:59 on the night summer time begins
    ['2026-10-24T22:30:00Z', '2026-10-25'], // 00:30 on the night summer time ends
  ];
  for (const [instant, day] of cases) {
    it(`${instant} is ${day} in Denmark`, () => {
      expect(danishDay(new Date(instant))).to.equal(day);
      expect(todayIso(new Date(instant))).to.equal(day);
    });
  }
});
