// SDQ scoring against hand-worked examples (sdqinfo.org scoring rules: item keys, reverse items, prorating,
// impact, four bands per informant). The examples are written out item by item so a reader can redo them.
import { expect } from 'chai';
import { scoreSdq, sdqBand, sdqImpactScore, sdqItemScore, sdqSubscaleScore, type SdqResponses } from '../../plugin/follow-up/instruments/sdq-scoring';

// Responses as ticked (0 = first column, 2 = third), item 1 first.
//            1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25
const FORM = [2, 1, 0, 1, 2, 1, 0, 1, 2, 2, 2, 1, 1, 1, 2, 0, 2, 1, 0, 1, 0, 0, 1, 2, 1];
// Worked by hand:
//   emotional      items 3, 8, 13, 16, 24        = 0 + 1 + 1 + 0 + 2           = 4
//   conduct        items 5, 7r, 12, 18, 22       = 2 + (2−0) + 1 + 1 + 0       = 6
//   hyperactivity  items 2, 10, 15, 21r, 25r     = 1 + 2 + 2 + (2−0) + (2−1)   = 8
//   peer           items 6, 11r, 14r, 19, 23     = 1 + (2−2) + (2−1) + 0 + 1   = 3
//   prosocial      items 1, 4, 9, 17, 20         = 2 + 1 + 2 + 2 + 1           = 8
//   total difficulties = 4 + 6 + 8 + 3 = 21; internalising 4 + 3 = 7; externalising 6 + 8 = 14
const IMPACT = { difficulties: 2, items: { distress: 2, homeLife: 3, friendships: 1, classroomLearning: 2, leisure: 0, peerRelations: 3 } };
//   impact, parent: distress 2→1, home 3→2, friendships 1→0, classroom 2→1, leisure 0→0 = 4
//   impact, teacher: distress 2→1, peer relations 3→2, classroom 2→1 = 4

describe('SDQ scoring (sdqinfo.org rules)', () => {
  it('scores the worked parent form: subscales, total, impact and the parent bands', () => {
    const s = scoreSdq({ informant: 'parent', items: FORM, impact: IMPACT });
    expect([s.emotional, s.conduct, s.hyperactivity, s.peer, s.prosocial, s.totalDifficulties]).to.deep.equal([4, 6, 8, 3, 8, 21]);
    expect([s.internalising, s.externalising, s.impact]).to.deep.equal([7, 14, 4]);
    expect(s.bands).to.deep.equal({
      emotional: 'slightly-raised', // parent 4
      conduct: 'very-high', // parent 6–10
      hyperactivity: 'high', // parent 8
      peer: 'slightly-raised', // parent 3
      prosocial: 'close-to-average', // parent 8–10
      totalDifficulties: 'very-high', // parent 20–40
      impact: 'very-high', // parent 3–10
    });
    expect(s.prorated).to.deep.equal([]);
    expect(s.answeredItems).to.equal(25);
  });

  it('bands the same scores by the teacher and self-report cut-offs, which differ', () => {
    const t = scoreSdq({ informant: 'teacher', items: FORM, impact: IMPACT });
    expect(t.impact).to.equal(4);
    expect(t.bands).to.deep.equal({
      emotional: 'slightly-raised', // teacher 4
      conduct: 'very-high', // teacher 5–10
      hyperactivity: 'high', // teacher 8
      peer: 'slightly-raised', // teacher 3–4
      prosocial: 'close-to-average', // teacher 6–10
      totalDifficulties: 'very-high', // teacher 19–40
      impact: 'very-high',
    });
    const self = scoreSdq({ informant: 'self', items: FORM });
    expect(self.bands.emotional).to.equal('close-to-average'); // self 0–4
    expect(self.bands.hyperactivity).to.equal('very-high'); // self 8–10
    expect(self.bands.impact).to.equal(null); // no supplement filled in
    expect(self.impact).to.equal(null);
  });

  it('puts each band boundary where the published tables put it', () => {
    expect([13, 14, 16, 17, 19, 20].map((n) => sdqBand('parent', 'totalDifficulties', n))).to.deep.equal(['close-to-average', 'slightly-raised', 'slightly-raised', 'high', 'high', 'very-high']);
    expect([11, 12, 15, 16, 18, 19].map((n) => sdqBand('teacher', 'totalDifficulties', n))).to.deep.equal(['close-to-average', 'slightly-raised', 'slightly-raised', 'high', 'high', 'very-high']);
    expect([14, 15, 17, 18, 19, 20].map((n) => sdqBand('self', 'totalDifficulties', n))).to.deep.equal(['close-to-average', 'slightly-raised', 'slightly-raised', 'high', 'high', 'very-high']);
    // prosocial: a low score is the concern (parent 8–10 / 7 / 6 / 0–5)
    expect([10, 8, 7, 6, 5, 0].map((n) => sdqBand('parent', 'prosocial', n))).to.deep.equal(['close-to-average', 'close-to-average', 'slightly-raised', 'high', 'very-high', 'very-high']);
    expect([6, 5, 4, 3].map((n) => sdqBand('teacher', 'prosocial', n))).to.deep.equal(['close-to-average', 'slightly-raised', 'high', 'very-high']);
    expect(sdqBand('parent', 'emotional', null)).to.equal(null);
  });

  it('reverse-scores items 7, 11, 14, 21 and 25 only', () => {
    expect([7, 11, 14, 21, 25].map((n) => sdqItemScore(n, 0))).to.deep.equal([2, 2, 2, 2, 2]);
    expect([1, 2, 3, 24].map((n) => sdqItemScore(n, 0))).to.deep.equal([0, 0, 0, 0]);
    expect(() => sdqItemScore(3, 3)).to.throw(RangeError);
  });

  it('prorates a subscale with 3 or 4 answered items (mean × 5, rounded half up) and gives none with fewer', () => {
    const items: Array<number | null> = [...FORM];
    items[2] = null; // item 3
    items[15] = null; // item 16: emotional now 8=1, 13=1, 24=2 → 4/3 × 5 = 6.67 → 7
    expect(sdqSubscaleScore('emotional', items)).to.deep.equal({ score: 7, prorated: true });
    const s = scoreSdq({ informant: 'parent', items });
    expect(s.emotional).to.equal(7);
    expect(s.totalDifficulties).to.equal(7 + 6 + 8 + 3);
    expect(s.prorated).to.deep.equal(['emotional']);
    items[23] = null; // item 24: only 2 of 5 answered → no emotional score, so no total
    const t = scoreSdq({ informant: 'parent', items });
    expect(t.emotional).to.equal(null);
    expect(t.totalDifficulties).to.equal(null);
    expect(t.internalising).to.equal(null);
    expect(t.bands.totalDifficulties).to.equal(null);
    expect(t.conduct).to.equal(6); // the other subscales stand
  });

  it('rounds a prorated half up, as SPSS RND does (4 items summing to 2: 2/4 × 5 = 2.5 → 3)', () => {
    const items: Array<number | null> = Array(25).fill(0);
    items[2] = 1; items[7] = 1; items[12] = 0; items[15] = 0; items[23] = null; // emotional: 1+1+0+0 of 4
    expect(sdqSubscaleScore('emotional', items)).to.deep.equal({ score: 3, prorated: true });
  });

  it('scores impact 0 when the respondent sees no difficulties, and none when the supplement is empty', () => {
    expect(sdqImpactScore('parent', { difficulties: 0, items: { distress: 3 } })).to.equal(0);
    expect(sdqImpactScore('parent', { difficulties: 1, items: {} })).to.equal(null);
    expect(sdqImpactScore('parent', null)).to.equal(null);
    // teachers are not asked about home life or leisure: those answers do not count
    expect(sdqImpactScore('teacher', { difficulties: 3, items: { homeLife: 3, leisure: 3, distress: 3 } })).to.equal(2);
  });

  it('refuses a form without 25 item positions', () => {
    expect(() => scoreSdq({ informant: 'parent', items: FORM.slice(0, 24) } as SdqResponses)).to.throw(RangeError);
  });
});
