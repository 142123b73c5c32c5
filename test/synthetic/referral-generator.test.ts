import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  PLACEMENT_MODEL_TERMS,
  placementLogOdds,
  placementModelFormula,
  placementProbability,
} from '../../plugin/synthetic/placement-outcome';
import { generatedDataAsOf, hostOutcomes, placementStartsByChild, type SyntheticOutcome } from '../../plugin/synthetic/host-outcome';
import { REFERRAL_FEATURE_NAMES, type ReferralSource } from '../../plugin/synthetic/referral-features';
import {
  generateSyntheticPopulation,
  generateSyntheticReferrals,
  type SyntheticMeasure,
  type SyntheticPopulation,
  type SyntheticReferral,
} from '../../plugin/synthetic/referral-generator';
import { SeededRandom } from '../../plugin/synthetic/seeded-random';

const SEED = 4711;

describe('synthetic referral generator', () => {
  let population: SyntheticPopulation;
  let referrals: readonly SyntheticReferral[];
  before(() => {
    population = generateSyntheticPopulation({ seed: SEED, referralCount: 20_000 });
    referrals = population.studyReferrals;
  });

  const share = (predicate: (r: SyntheticReferral) => boolean): number =>
    referrals.filter(predicate).length / referrals.length;

  describe('determinism', () => {
    it('gives the same population, record for record, for the same seed', () => {
      const a = generateSyntheticPopulation({ seed: 99, referralCount: 2_000 });
      const b = generateSyntheticPopulation({ seed: 99, referralCount: 2_000 });
      expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
    });

    it('gives a different population for a different seed', () => {
      const a = generateSyntheticReferrals({ seed: 1, referralCount: 500 });
      const b = generateSyntheticReferrals({ seed: 2, referralCount: 500 });
      expect(JSON.stringify(a)).not.to.equal(JSON.stringify(b));
    });

    it('keeps the first families unchanged when more referrals are asked for', () => {
      const small = generateSyntheticPopulation({ seed: 7, referralCount: 1_000 });
      const large = generateSyntheticPopulation({ seed: 7, referralCount: 3_000 });
      const lastFamily = small.families[small.families.length - 1]!.id; // truncated where the count was reached
      const complete = small.referrals.filter((r) => r.familyId < lastFamily);
      expect(large.referrals.slice(0, complete.length)).to.deep.equal(complete);
    });

    it('draws the same stream from SeededRandom for the same seed and stream id', () => {
      const draws = (seed: number, stream: number) => {
        const rng = new SeededRandom(seed, stream);
        return [rng.uniform(), rng.normal(), rng.int(1000), rng.uniform()];
      };
      expect(draws(5, 3)).to.deep.equal(draws(5, 3));
      expect(draws(5, 3)).not.to.deep.equal(draws(5, 4));
    });
  });

  describe('the data set', () => {
    it('holds exactly the number of referrals asked for, all dated in the study window', () => {
      expect(referrals).to.have.length(20_000);
      for (const r of referrals) {
        expect(r.inStudyWindow).to.equal(true);
        expect(r.date >= population.windowStart && r.date < population.windowEnd).to.equal(true);
      }
    });

    it('has the stated shares: 4–7 % drawn to lead to a placement, 3–6 % unborn referrals, about 54 % boys', () => {
      expect(share((r) => r.placedWithin12Months)).to.be.within(0.04, 0.07);
      expect(share((r) => r.features.unborn === 1)).to.be.within(0.03, 0.06);
      expect(share((r) => r.sex === 'male')).to.be.within(0.52, 0.57);
    });

    it('has schools send about three times as many referrals as day care, and schools, health and police the most', () => {
      const bySource = new Map<ReferralSource, number>();
      for (const r of referrals) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
      const count = (s: ReferralSource) => bySource.get(s) ?? 0;
      expect(count('school') / count('daycare')).to.be.within(2.5, 4);
      const others: ReferralSource[] = ['daycare', 'family', 'anonymous', 'social_services', 'child', 'other'];
      for (const top of ['school', 'health', 'police'] as const) {
        for (const other of others) expect(count(top), `${top} vs ${other}`).to.be.greaterThan(count(other));
      }
    });

    it('refers older children more often than young ones, and places unborn children and teenagers more often', () => {
      const perYear = (from: number, to: number) =>
        referrals.filter((r) => r.features.unborn === 0 && r.features.age_years >= from && r.features.age_years < to)
          .length /
        (to - from);
      expect(perYear(10, 14)).to.be.greaterThan(perYear(6, 10));
      expect(perYear(6, 10)).to.be.greaterThan(perYear(0, 3));
      const rate = (rows: SyntheticReferral[]) => rows.filter((r) => r.placedWithin12Months).length / rows.length;
      const schoolAge = rate(referrals.filter((r) => r.features.unborn === 0 && r.features.age_years >= 6 && r.features.age_years < 10));
      expect(rate(referrals.filter((r) => r.features.unborn === 1))).to.be.greaterThan(schoolAge);
      expect(rate(referrals.filter((r) => r.features.age_years >= 14))).to.be.greaterThan(schoolAge);
    });

    it('refers a sizeable group of children more than once, and gives many children siblings', () => {
      const perChild = new Map<number, number>();
      for (const r of referrals) perChild.set(r.childId, (perChild.get(r.childId) ?? 0) + 1);
      const repeated = [...perChild.values()].filter((n) => n > 1).length / perChild.size;
      expect(repeated).to.be.within(0.25, 0.6);
      expect(share((r) => r.features.sibling_referrals_total > 0)).to.be.greaterThan(0.3);
    });

    it('keeps every feature in its range: ages 0–17.99 (0 when unborn), severity 1–3, ICS concerns 0–7, one source column at most', () => {
      for (const r of referrals) {
        const f = r.features;
        expect(Object.keys(f)).to.deep.equal([...REFERRAL_FEATURE_NAMES]);
        expect(f.age_years).to.be.within(0, 17.99);
        if (f.unborn === 1) expect(f.age_years).to.equal(0);
        expect(f.severity).to.be.within(1, 3);
        expect(f.ics_concerns_last_assessment).to.be.within(0, 7);
        expect(f.parent_age_at_birth).to.be.within(13, 60);
        expect(f.prior_referrals_12m).to.be.at.most(f.prior_referrals_total);
        expect(f.sibling_referrals_12m).to.be.at.most(f.sibling_referrals_total);
        const sourceColumns = f.source_school + f.source_daycare + f.source_health + f.source_police + f.source_family + f.source_anonymous;
        expect(sourceColumns).to.equal(['social_services', 'child', 'other'].includes(r.source) ? 0 : 1);
      }
    });

    it('counts prior referrals of the child and its siblings from the history before the referral date', () => {
      const byFamily = new Map<number, SyntheticReferral[]>();
      for (const r of population.referrals) byFamily.set(r.familyId, [...(byFamily.get(r.familyId) ?? []), r]);
      for (const r of referrals.slice(0, 3_000)) {
        const family = byFamily.get(r.familyId)!;
        const earlier = family.filter((o) => o.date < r.date);
        expect(r.features.prior_referrals_total).to.equal(earlier.filter((o) => o.childId === r.childId).length);
        expect(r.features.sibling_referrals_total).to.equal(earlier.filter((o) => o.childId !== r.childId).length);
      }
    });

    it('counts prior placements from the placements that started before the referral date', () => {
      for (const r of referrals.slice(0, 3_000)) {
        const placements = population.measures.filter(
          (m) => m.childId === r.childId && m.kind === 'placement' && m.start < r.date,
        );
        expect(r.features.prior_placements).to.equal(placements.length);
      }
    });
  });

  describe('the outcome', () => {
    // The draw: whether the referral's own handling leads to a placement (not the outcome the models learn; below).
    it('is drawn from the stated logistic model: each referral carries that probability, and the rates agree', () => {
      let expected = 0;
      for (const r of referrals) {
        expect(r.placementProbability).to.equal(placementProbability(r.features));
        expected += r.placementProbability;
      }
      const observed = referrals.filter((r) => r.placedWithin12Months).length;
      const sd = Math.sqrt(expected);
      expect(Math.abs(observed - expected)).to.be.lessThan(4 * sd);
    });

    it('has no term for sex or any other protected attribute: the features never include one', () => {
      const protectedPattern = /sex|gender|male|female|boy|girl|ethnic|nation|origin|country|cpr|income|education|employ|religio/i;
      for (const name of REFERRAL_FEATURE_NAMES) expect(name).not.to.match(protectedPattern);
      for (const term of PLACEMENT_MODEL_TERMS) expect(term.expression).not.to.match(protectedPattern);
      const r = referrals[0]!;
      expect(Object.keys(r.features)).not.to.include('sex');
    });

    it('adds up the stated terms on top of the intercept', () => {
      const f = { ...referrals[0]!.features, unborn: 1, age_years: 0, sibling_placements: 2, severity: 3, source_police: 1 };
      const withoutSiblingPlacements = { ...f, sibling_placements: 0 };
      // unborn · [sibling_placements > 0] (0.8) plus 2 · 0.25 for the sibling placements themselves
      expect(placementLogOdds(f) - placementLogOdds(withoutSiblingPlacements)).to.be.closeTo(0.8 + 0.5, 1e-12);
    });

    it('is written out the same in the module comment and in models/demo-synthetic/README.md', () => {
      const source = readFileSync(new URL('../../plugin/synthetic/placement-outcome.ts', import.meta.url), 'utf8');
      const readme = readFileSync(new URL('../../models/demo-synthetic/README.md', import.meta.url), 'utf8');
      const lines = placementModelFormula();
      for (const line of lines) expect(source, line).to.include(`//   ${line}\n`);
      expect(readme).to.include('```\n' + lines.join('\n') + '\n```');
    });
  });
  describe('the host-defined outcome (what validate measures and the demo models learn)', () => {
    let outcomes: SyntheticOutcome[];
    before(() => {
      outcomes = hostOutcomes(population);
    });

    it('is known up to the referrals whose 12 months end by the data\'s last day (2023-12-31), and too recent after', () => {
      expect(generatedDataAsOf(population)).to.equal('2023-12-31');
      referrals.forEach((r, i) => {
        expect(outcomes[i] === 'too-recent', r.date).to.equal(r.date > '2023-01-01');
      });
      expect(outcomes.filter((o) => o === 'too-recent').length).to.be.within(0.1 * referrals.length, 0.2 * referrals.length);
    });

    it('is "placed" for every referral whose own draw led to a placement, since it begins 1 week to 12 months later', () => {
      const ownPlacement = new Set(population.measures.filter((m) => m.kind === 'placement').map((m) => m.referralId));
      let checked = 0;
      referrals.forEach((r, i) => {
        if (!ownPlacement.has(r.id) || outcomes[i] === 'too-recent') return;
        expect(r.placedWithin12Months).to.equal(true);
        expect(outcomes[i], r.date).to.equal('placed');
        checked++;
      });
      expect(checked).to.be.greaterThan(500);
    });

    it('adds no placement for a draw of "placed" while the child is already placed or due', () => {
      const placements = population.measures.filter((m) => m.kind === 'placement');
      const own = new Set(placements.map((m) => m.referralId));
      const drawnWithout = referrals.filter((r) => r.placedWithin12Months && !own.has(r.id));
      expect(drawnWithout.length).to.be.greaterThan(50);
      for (const r of drawnWithout) {
        const running = placements.filter((m) => m.childId === r.childId && m.referralId < r.id && m.end > r.date);
        expect(running.length, `referral ${r.id}`).to.be.greaterThan(0);
      }
    });

    it('differs from the draws as the story says: more referrals are followed by a placement (7–11 %) than drawn "placed"', () => {
      const known = referrals.filter((_, i) => outcomes[i] !== 'too-recent');
      const placed = outcomes.filter((o) => o === 'placed').length / known.length;
      const drawn = known.filter((r) => r.placedWithin12Months).length / known.length;
      expect(placed).to.be.within(0.07, 0.11);
      expect(placed - drawn).to.be.within(0.015, 0.04);
      // A referral drawn "not placed" followed by a placement a later referral's draw produced.
      const laterPlaced = known.filter((r) => !r.placedWithin12Months && outcomes[referrals.indexOf(r)] === 'placed');
      expect(laterPlaced.length).to.be.greaterThan(0.01 * known.length);
    });

    it('counts placements of the child alone, beginning in [the referral\'s day, the same day 12 months later)', () => {
      const referral = (id: number, childId: number, date: string) => ({ ...referrals[0]!, id, childId, date });
      const placement = (id: number, childId: number, start: string, kind: SyntheticMeasure['kind'] = 'placement'): SyntheticMeasure =>
        ({ id, familyId: 1, childId, kind, start, end: '2030-01-01', referralId: 1 });
      const study = [
        referral(1, 1, '2020-03-10'), // a placement the day before the window ends
        referral(2, 2, '2020-03-10'), // a placement on the day the window ends: not within it
        referral(3, 3, '2020-03-10'), // a placement the same day counts; the sibling's and a preventive measure do not
        referral(4, 4, '2020-03-10'), // only a sibling's placement and the child's preventive measure
        referral(5, 5, '2020-02-29'), // 29 February: the window ends on 28 February a year later
        referral(6, 6, '2023-01-01'), // its 12 months end on the data's last day + 1: known
        referral(7, 6, '2023-01-02'), // too recent, even though the child is placed later
      ];
      const tiny = {
        ...population,
        windowEnd: '2024-01-01',
        studyReferrals: study,
        measures: [
          placement(1, 1, '2021-03-09'),
          placement(2, 2, '2021-03-10'),
          placement(3, 3, '2020-03-10'),
          placement(4, 99, '2020-06-01'),
          placement(5, 4, '2020-06-01', 'preventive'),
          placement(6, 5, '2021-02-28'),
          placement(7, 6, '2023-06-01'),
        ],
      };
      expect(hostOutcomes(tiny)).to.deep.equal(['placed', 'not-placed', 'placed', 'not-placed', 'not-placed', 'placed', 'too-recent']);
      expect([...placementStartsByChild(tiny.measures).keys()].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 5, 6, 99]);
    });
  });
});
