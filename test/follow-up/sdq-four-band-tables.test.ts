// Every band of every SDQ scale for every informant, checked score by score against the published four-band
// tables (youthinmind, "Scoring the Strengths & Difficulties Questionnaire for age 4-17", sdqinfo.org; the
// teacher table is reproduced in PMC4830858, table 1). The tables are written here as printed: the score
// ranges of "close to average", "slightly raised", "high" and "very high" (for prosocial: close to average,
// slightly lowered, low, very low), so a reader can hold this file against the source.
import { expect } from 'chai';
import { scoreSdq, sdqBand, SDQ_BANDS, sdqNormProblem, type SdqInformant, type SdqScale } from '../../plugin/follow-up/instruments/sdq-scoring';

type Row = readonly [string, string, string, string];

const PUBLISHED: Readonly<Record<SdqInformant, Readonly<Record<SdqScale, Row>>>> = {
  parent: {
    totalDifficulties: ['0-13', '14-16', '17-19', '20-40'],
    emotional: ['0-3', '4', '5-6', '7-10'],
    conduct: ['0-2', '3', '4-5', '6-10'],
    hyperactivity: ['0-5', '6-7', '8', '9-10'],
    peer: ['0-2', '3', '4', '5-10'],
    prosocial: ['8-10', '7', '6', '0-5'],
    impact: ['0', '1', '2', '3-10'],
  },
  teacher: {
    totalDifficulties: ['0-11', '12-15', '16-18', '19-40'],
    emotional: ['0-3', '4', '5', '6-10'],
    conduct: ['0-2', '3', '4', '5-10'],
    hyperactivity: ['0-5', '6-7', '8', '9-10'],
    peer: ['0-2', '3-4', '5', '6-10'],
    prosocial: ['6-10', '5', '4', '0-3'],
    impact: ['0', '1', '2', '3-6'],
  },
  self: {
    totalDifficulties: ['0-14', '15-17', '18-19', '20-40'],
    emotional: ['0-4', '5', '6', '7-10'],
    conduct: ['0-3', '4', '5', '6-10'],
    hyperactivity: ['0-5', '6', '7', '8-10'],
    peer: ['0-2', '3', '4', '5-10'],
    prosocial: ['7-10', '6', '5', '0-4'],
    impact: ['0', '1', '2', '3-10'],
  },
};

const scoresOf = (range: string): number[] => {
  const [lo, hi] = range.split('-').map(Number) as [number, number | undefined];
  return Array.from({ length: (hi ?? lo) - lo + 1 }, (_, i) => lo + i);
};

describe('SDQ four-band tables, every score of every scale for every informant (sdqinfo.org)', () => {
  for (const informant of ['parent', 'teacher', 'self'] as const) {
    for (const [scale, row] of Object.entries(PUBLISHED[informant]) as Array<[SdqScale, Row]>) {
      it(`${informant}, ${scale}: ${row.join(' / ')}`, () => {
        const max = scale === 'totalDifficulties' ? 40 : scale === 'impact' && informant === 'teacher' ? 6 : 10;
        const seen = new Set<number>();
        row.forEach((range, band) => {
          for (const score of scoresOf(range)) {
            seen.add(score);
            expect(sdqBand(informant, scale, score), `${informant} ${scale} ${score}`).to.equal(SDQ_BANDS[band]);
          }
        });
        // the published ranges cover the whole scale, once each
        expect([...seen].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: max + 1 }, (_, i) => i));
      });
    }
  }

  it('puts the self-report peer problems score of 4 in "high" and 5 in "very high" (not the old three-band 4–5 / 6–10)', () => {
    expect([2, 3, 4, 5, 6].map((n) => sdqBand('self', 'peer', n))).to.deep.equal(['close-to-average', 'slightly-raised', 'high', 'very-high', 'very-high']);
  });

  it('applies the bands only at the ages the norms were published for: self-report 11–17, parent and teacher 4–17', () => {
    expect([10, 11, 17, 18].map((a) => sdqNormProblem('self', a))).to.deep.equal(['age-outside-norms', null, null, 'age-outside-norms']);
    expect([3, 4, 17, 18].map((a) => sdqNormProblem('parent', a))).to.deep.equal(['age-outside-norms', null, null, 'age-outside-norms']);
    expect(sdqNormProblem('teacher', null)).to.equal('age-unknown');
    // scored with the child's age: a self-report at 10 keeps its scores, without bands, and says why
    const at10 = scoreSdq({ informant: 'self', items: Array(25).fill(1), ageYears: 10 });
    expect([at10.totalDifficulties, at10.normProblem, at10.bands.totalDifficulties, at10.bands.peer]).to.deep.equal([20, 'age-outside-norms', null, null]);
    const at11 = scoreSdq({ informant: 'self', items: Array(25).fill(1), ageYears: 11 });
    expect([at11.normProblem, at11.bands.totalDifficulties]).to.deep.equal([null, 'very-high']);
  });
});
