// Group figures on hand-made groups: a small group is not reported as numbers, ratios to the largest group and
// the flags beyond the documented limits; and score counts by quarter and age band.
import { expect } from 'chai';
import { groupFigures, MIN_GROUP_SIZE, quarterOf, scoreCountsByQuarterAndBand, type EvaluatedReferral } from '../../plugin/metrics/group-metrics';

function group(name: string, n: number, high: number, placedHigh: number, placedLow: number): EvaluatedReferral[] {
  // `high` referrals scored 9, of which `placedHigh` placed; the rest scored 2, of which `placedLow` placed.
  return Array.from({ length: n }, (_, i) => {
    const isHigh = i < high;
    const placed = isHigh ? i < placedHigh : i - high < placedLow;
    return { group: name, score: isHigh ? 9 : 2, probability: isHigh ? 0.3 : 0.05, placed };
  });
}

describe('group metrics', () => {
  it('reports a group under the minimum size as too small, never as numbers', () => {
    const figures = groupFigures([...group('a', 40, 10, 5, 2), ...group('b', MIN_GROUP_SIZE - 1, 5, 2, 1)], { thresholds: [8], seed: 1, resamples: 50 });
    const b = figures.find((g) => g.group === 'b')!;
    expect(b).to.deep.equal({ group: 'b', tooSmall: true, minimumSize: MIN_GROUP_SIZE });
  });

  it('computes rates, ratios to the largest group and flags gaps beyond the limits', () => {
    const figures = groupFigures([...group('a', 100, 20, 10, 8), ...group('b', 50, 20, 10, 3)], { thresholds: [8], seed: 1, resamples: 50 });
    const a = figures.find((g) => g.group === 'a')!;
    const b = figures.find((g) => g.group === 'b')!;
    if (a.tooSmall || b.tooSmall) throw new Error('both groups are large enough');
    expect(a.highShare.value).to.equal(0.2);
    expect(b.highShare.value).to.equal(0.4);
    // a: fp = 10 of 82 not placed; b: fp = 10 of 37.
    expect(a.byThreshold[8]!.fpr!.value).to.be.closeTo(10 / 82, 1e-15);
    expect(b.byThreshold[8]!.fpr!.value).to.be.closeTo(10 / 37, 1e-15);
    expect(a.byThreshold[8]!.ratios).to.equal(null);
    expect(a.highShareRatio).to.equal(null);
    expect(b.highShareRatio).to.equal(2);
    expect(b.flags).to.include('highShare');
    expect(b.byThreshold[8]!.flags).to.include('fpr');
    expect(b.highShare.interval.low).to.be.below(0.4);
  });

  it('counts scores by quarter and age band', () => {
    expect(quarterOf('2024-03-31T23:00:00Z')).to.equal('2024-Q1');
    expect(quarterOf('2024-10-01T00:00:00Z')).to.equal('2024-Q4');
    const counts = scoreCountsByQuarterAndBand([
      { receivedAt: '2024-05-01T10:00:00Z', ageBand: '0-5', score: 3 },
      { receivedAt: '2024-01-02T10:00:00Z', ageBand: '0-5', score: 10 },
      { receivedAt: '2024-01-03T10:00:00Z', ageBand: '0-5', score: 10 },
    ]);
    expect([...counts.keys()]).to.deep.equal(['2024-Q1', '2024-Q2']);
    expect(counts.get('2024-Q1')!.get('0-5')).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
});
