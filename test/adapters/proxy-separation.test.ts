// The proxy measure, on cases small enough to compute by hand: an AUC of the feature's own value-to-share
// lookup, learnt on alternate children and applied to the others.
import { expect } from 'chai';
import {
  aucOf,
  MAX_VALUE_GROUPS,
  MIN_GROUP_CHILDREN,
  NEAR_COPY_SEPARATION,
  separationByCategory,
  separationOf,
  STRONG_SEPARATION,
  valueGroups,
  verdictOf,
} from '../../adapters/mapping/proxy-separation';

describe('the proxy separation measure', () => {
  it('computes an AUC with ties counting half (Mann–Whitney)', () => {
    // positives 0.8, 0.4; negatives 0.4, 0.1: pairs (0.8>0.4)=1, (0.8>0.1)=1, (0.4=0.4)=½, (0.4>0.1)=1 → 3.5/4
    expect(aucOf([0.8, 0.4, 0.4, 0.1], [1, 1, 0, 0])).to.equal(0.875);
    expect(aucOf([1, 2, 3], [1, 0, 0])).to.equal(0);
    expect(aucOf([1, 1], [1, 1])).to.be.NaN;
  });

  it('gives each value its own group up to 20 values, a missing value its own, and rank groups above', () => {
    expect(valueGroups([3, null, 3, 1])).to.deep.equal(['=3', 'missing', '=3', '=1']);
    const many = Array.from({ length: 40 }, (_, i) => i);
    const groups = valueGroups(many);
    expect(new Set(groups).size).to.equal(MAX_VALUE_GROUPS);
    expect(groups.slice(0, 4)).to.deep.equal(['#0', '#0', '#1', '#1']);
    // equal values stay in one group
    expect(new Set(valueGroups([...many, 5, 5, 5]).filter((_, i, all) => [...many, 5, 5, 5][i] === 5)).size).to.equal(1);
  });

  it('is 1 for a copy, and 1 for a CPR check digit (odd for boys), which a straight AUC would miss', () => {
    const labels = [1, 0, 0, 1, 1, 0, 0, 1] as const;
    expect(separationOf([...labels], [...labels])).to.equal(1);
    const digit = [3, 4, 6, 7, 9, 0, 2, 1];
    expect(separationOf(digit.map((d) => d % 2), [...labels])).to.equal(1);
    // the digits themselves: each digit occurs once, so the lookup learns nothing across the halves
    expect(separationOf(digit, [...labels])).to.equal(0.5);
    expect(aucOf(digit, [...labels])).to.equal(11 / 16);
  });

  it('learns on one half and scores the other: a hand-computed case', () => {
    // values  a a b b a a b b   (children 0…7; even children are half 0, odd half 1)
    // labels  1 0 1 0 1 1 0 0
    // half 0 (children 0,2,4,6): a → 1,1 (share 1); b → 1,0 (share ½)
    // half 1 (children 1,3,5,7): a → 0,1 (share ½); b → 0,0 (share 0)
    // scores: half-0 children get half-1 shares (a ½, b 0); half-1 children get half-0 shares (a 1, b ½)
    //   child: 0:½ 1:1 2:0 3:½ 4:½ 5:1 6:0 7:½
    // positives (0,2,4,5): ½, 0, ½, 1; negatives (1,3,6,7): 1, ½, 0, ½
    // pairs won: ½→(0)=1 + ties(½,½)×2=1 → 2; 0→ tie with 0 = ½; ½ → 2; 1 → beats ½,½,0 =3, tie 1 = ½ → 3.5; total 8/16
    const values = [1, 1, 2, 2, 1, 1, 2, 2];
    expect(separationOf(values, [1, 0, 1, 0, 1, 1, 0, 0])).to.equal(0.5);
    // a clearer case: a is mostly the group in both halves
    // values a a a a b b b b, labels 1 1 1 0 0 0 0 1: half 0 (0,2,4,6): a 1,1 → 1; b 0,0 → 0. half 1 (1,3,5,7): a 1,0 → ½; b 0,1 → ½
    // scores: 0:½ 1:1 2:½ 3:1 4:½ 5:0 6:½ 7:0; positives (0,1,2,7): ½,1,½,0; negatives (3,4,5,6): 1,½,0,½
    // ½ → beats 0, ties ½,½ → 1+1=2 (twice: 4); 1 → beats ½,0,½, ties 1 → 3.5; 0 → ties 0 → ½; total 8/16
    expect(separationOf([1, 1, 1, 1, 2, 2, 2, 2], [1, 1, 1, 0, 0, 0, 0, 1])).to.equal(0.5);
    // values a a a a b b b b, labels 1 1 1 1 0 0 0 1: half 0: a → 1; b → 0,0 → 0. half 1: a → 1; b → 0,1 → ½
    // scores: 0:1 1:1 2:1 3:1 4:½ 5:0 6:½ 7:0; positives (0,1,2,3,7): 1,1,1,1,0; negatives (4,5,6): ½,0,½
    // each 1 beats all three → 12; 0 ties 0 → ½ → 12.5/15
    expect(separationOf([1, 1, 1, 1, 2, 2, 2, 2], [1, 1, 1, 1, 0, 0, 0, 1])).to.be.closeTo(12.5 / 15, 1e-12);
  });

  it('reads a whole-number feature with many values by its last digit too (the CPR number\'s last four digits)', () => {
    const labels = Array.from({ length: 200 }, (_, i) => ((i * 7919) % 13) % 2) as (0 | 1)[];
    // four digits whose last is odd exactly for the group; ranked alone, they say almost nothing
    const lastFour = labels.map((y, i) => 1000 + ((i * 37) % 400) * 10 + (y === 1 ? 2 * (i % 5) + 1 : 2 * (i % 5)));
    expect(aucOf(lastFour, labels)).to.be.within(0.4, 0.6);
    expect(separationOf(lastFour, labels)).to.equal(1);
    // non-whole numbers are not read by a last digit
    expect(separationOf(lastFour.map((v) => v + 0.5), labels)).to.be.below(0.7);
  });

  it('does not reward a feature for having many values (a unique number per child)', () => {
    const n = 400;
    const labels = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) % 2) as (0 | 1)[];
    expect(separationOf(Array.from({ length: n }, (_, i) => i * 1.5), labels)).to.be.below(0.6);
  });

  it('measures each category of a protected attribute against the rest, with enough children on both sides', () => {
    const n = 4 * MIN_GROUP_CHILDREN;
    const categories = Array.from({ length: n }, (_, i) => (i < MIN_GROUP_CHILDREN ? 'SY' : i < MIN_GROUP_CHILDREN + 5 ? 'TR' : 'DK'));
    const values = categories.map((c) => (c === 'SY' ? 1 : 0));
    const result = separationByCategory(values, categories);
    expect(result.map((r) => r.group)).to.deep.equal(['SY', 'DK']); // TR has too few children to be measured
    expect(result[0]).to.deep.include({ group: 'SY', separation: 1, inGroup: MIN_GROUP_CHILDREN, children: n });
    expect(separationByCategory(values, categories.map(() => null))).to.deep.equal([]);
  });

  it('names a near-copy from 0.90 and a strong association from 0.70', () => {
    expect([NEAR_COPY_SEPARATION, STRONG_SEPARATION]).to.deep.equal([0.9, 0.7]);
    expect([0.95, 0.9, 0.89, 0.7, 0.69].map(verdictOf)).to.deep.equal(['near-copy', 'near-copy', 'strong', 'strong', 'weak']);
  });
});
