// `beslutningsstotte batch` then `beslutningsstotte validate` on a seeded database, as a municipality would run
// them: the report's AUC and placement rates by score agree with the demo model's card within their intervals
// (issue 16's "done when"), the HTML is one self-contained
// file whose embedded figures are the JSON twin, the same data give the same report, and without an outcome part
// or without batch scores the command says so.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { openDatabase } from '../../adapters/database-config';
import { seedReferenceDatabase } from '../../adapters/reference-schema/seed-database';
import { wilsonInterval, type RateInterval } from '../../plugin/metrics/calibration';
import { REFERENCE_MAPPING_FILE } from '../../plugin/product-paths';
import type { ValidationFigures } from '../../plugin/validation/validation-figures';
import { runCli } from '../helpers/cli';

const FROM = '2017-01-01';
const TO = '2024-12-31';
/**
 * Referrals in the seeded database: enough that about 1,000 referrals a score have a 12-month outcome, so a
 * placement rate's interval (about ±2 points at score 10) is narrower than the gap an outcome defined another
 * way than the host's leaves between the card and the municipality's figures.
 */
const REFERRALS = 12_000;

const overlap = (a: RateInterval, b: RateInterval): boolean => a.low <= b.high && b.low <= a.high;

describe('beslutningsstotte validate', function () {
  this.timeout(300_000);
  let dir: string;
  let config: string;
  let figures: ValidationFigures;
  let html: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-validate-'));
    const hostFile = path.join(dir, 'host.sqlite');
    const db = openDatabase({ client: 'better-sqlite3', connection: { filename: hostFile } }, { create: true });
    try {
      await seedReferenceDatabase(db, { seed: 20240101, referrals: REFERRALS });
    } finally {
      await db.destroy();
    }
    config = path.join(dir, 'server.json');
    writeFileSync(config, JSON.stringify({ hostDatabase: { client: 'better-sqlite3', connection: { filename: hostFile } }, pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dir, 'plugin.sqlite') } } }));
    const batch = await runCli(['batch', '--from', FROM, '--to', TO, '--config', config, '--no-progress']);
    expect(batch.code, batch.err).to.equal(0);
    const run = await runCli(['validate', '--from', FROM, '--to', TO, '--config', config, '--out', path.join(dir, 'report.html'), '--json', path.join(dir, 'report.json')]);
    expect(run.err).to.equal('');
    expect(run.code).to.equal(0);
    figures = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ValidationFigures;
    html = readFileSync(path.join(dir, 'report.html'), 'utf8');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  // The demo model's card is computed on the outcome the host records (a placement of the child beginning within
  // 12 months of the referral, whichever referral led to it; plugin/synthetic/host-outcome), so a municipality
  // whose children resemble the demo data finds the card's AUC within its own bootstrap interval. (The database and
  // the bootstrap are seeded, so this holds or fails the same on every run. The card of the old build, computed on
  // each referral's own draw, said 0.873, above this database's interval of 0.848–0.871.)
  it('gives an AUC with its bootstrap interval, and the demo model card\'s AUC lies in it', () => {
    const d = figures.discrimination!;
    expect(figures.model.id).to.equal('demo-synthetic-boosted-trees');
    expect(d.aucInterval.low).to.be.at.most(d.auc);
    expect(d.aucInterval.high).to.be.at.least(d.auc);
    expect(d.auc).to.be.within(0.75, 0.95);
    expect(d.aucInterval.high - d.aucInterval.low).to.be.within(0.005, 0.06);
    expect(d.cardAuc).to.be.within(d.aucInterval.low, d.aucInterval.high);
    expect(d.cardWithinInterval).to.equal(true);
  });

  // The rule for "agrees within the Wilson intervals": the card's figures are a sample too (its validation split,
  // about 1,700 referrals a score), so a score agrees when the card's 95 % Wilson interval and the local one overlap.
  // For a model whose card counts the host's outcome each score agrees but by a rare chance (two intervals of
  // independent samples of one rate fail to overlap far less often than 1 time in 20), so 8 of the 10 scores must
  // agree, and so must the overall placement rate. The card of the old build, computed on each referral's own draw
  // (6.3 % placed where the host records 8.9 %), agreed at only 5 of 10 scores on this database (scores 6–10, where
  // later referrals' placements count most, lay far below), and its overall rate not at all: this test failed it.
  it('gives placement rates by score that agree with the card\'s within their Wilson intervals, at 8 of 10 scores and overall', () => {
    const d = figures.discrimination!;
    expect(d.placementByScore.map((r) => r.score)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const agreeing = d.placementByScore.filter((r) => {
      if ('tooSmall' in r.figures) return expect.fail(`score ${r.score} reported as too small`);
      expect(r.figures.n, `score ${r.score}`).to.be.greaterThan(500);
      const card = r.reference!;
      expect(card.children, `score ${r.score} on the card`).to.be.greaterThan(1000);
      return overlap(r.figures.interval, wilsonInterval(card.placed, card.children)!);
    });
    expect(agreeing.length, `agreeing at scores ${agreeing.map((r) => r.score).join(', ')}`).to.be.at.least(8);
    const card = d.placementByScore.reduce((t, r) => ({ children: t.children + r.reference!.children, placed: t.placed + r.reference!.placed }), { children: 0, placed: 0 });
    expect(card.placed / card.children).to.be.closeTo(d.cardBaseRate!, 1e-4);
    expect(overlap(d.baseRate.interval, wilsonInterval(card.placed, card.children)!), 'overall placement rate').to.equal(true);
  });

  it('counts every scored referral of the period, and leaves the last 12 months\' referrals out of the outcome figures', () => {
    const c = figures.counts;
    expect(c.scored).to.equal(REFERRALS);
    expect(c.withOutcome + c.tooRecent).to.equal(c.scored);
    // The host's data runs to its latest referral (end of 2024): referrals of 2024 have no full 12 months.
    expect(figures.asOf.startsWith('2024-12')).to.equal(true);
    expect(c.tooRecent).to.be.within(0.1 * REFERRALS, 0.2 * REFERRALS);
    expect(html).to.include(`${c.tooRecent} underretninger er for nye`.replace(/\B(?=(\d{3})+(?!\d))/g, '.'));
  });

  it('reports fairness by age band and by sex from the CPR number, with the card\'s figures beside', () => {
    const keys = figures.fairness!.dimensions.map((d) => d.key);
    expect(keys).to.deep.equal(['ageBand', 'sex']);
    const sex = figures.fairness!.dimensions[1]!;
    expect(sex.groups.map((g) => g.group).sort()).to.deep.equal(['female', 'male']);
    expect(sex.reference.map((r) => r.group).sort()).to.deep.equal(['female', 'male']);
    expect(html).to.include('Piger').and.to.include('Drenge');
  });

  it('writes one self-contained page: SVG charts, no external resource, a CSP, and the figures as its embedded JSON', () => {
    expect(html).to.match(/^<!doctype html>/);
    expect((html.match(/<svg /g) ?? []).length).to.be.at.least(6);
    expect(html).not.to.match(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.to.match(/https?:\/\/(?!www\.w3\.org\/)/);
    expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    const embedded = /<script type="application\/json" id="validation-figures">([^<]*)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(embedded)).to.deep.equal(figures);
    // Every threshold's error-rate table is there; the one for score 8 shows first.
    for (let t = 1; t <= 10; t++) expect(html).to.include(`data-threshold="${t}"`);
    expect(html).to.match(/data-threshold="8">/);
  });

  it('gives the same report for the same data (seeded bootstrap)', async () => {
    const again = path.join(dir, 'again.json');
    const run = await runCli(['validate', '--from', FROM, '--to', TO, '--config', config, '--out', path.join(dir, 'again.html'), '--json', again]);
    expect(run.code).to.equal(0);
    expect(readFileSync(again, 'utf8')).to.equal(readFileSync(path.join(dir, 'report.json'), 'utf8'));
  });

  it('without an outcome part in the mapping reports only distribution and drift', async () => {
    const mapping = JSON.parse(readFileSync(REFERENCE_MAPPING_FILE, 'utf8')) as Record<string, unknown>;
    delete mapping.outcome;
    delete mapping.$schema;
    const mappingFile = path.join(dir, 'no-outcome.json');
    writeFileSync(mappingFile, JSON.stringify(mapping));
    const noOutcomeConfig = path.join(dir, 'no-outcome-server.json');
    writeFileSync(noOutcomeConfig, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), mappingFile }));
    const json = path.join(dir, 'no-outcome-report.json');
    const run = await runCli(['validate', '--from', FROM, '--to', TO, '--config', noOutcomeConfig, '--out', path.join(dir, 'no-outcome.html'), '--json', json]);
    expect(run.code, run.err).to.equal(0);
    const f = JSON.parse(readFileSync(json, 'utf8')) as ValidationFigures;
    expect(f.outcomeMissing).to.equal('no-outcome-part');
    expect(f.discrimination).to.equal(null);
    expect(f.calibration).to.equal(null);
    expect(f.distribution.bands.length).to.be.greaterThan(0);
    expect(run.out).to.match(/distribution and drift only/);
  });

  it('refuses a period without batch scores, and a day that does not exist', async () => {
    const none = await runCli(['validate', '--from', '2030-01-01', '--to', '2030-12-31', '--config', config, '--out', path.join(dir, 'none.html')]);
    expect(none.code).to.equal(2);
    expect(none.err).to.match(/^VALIDATION_NO_SCORES: .*beslutningsstotte batch --from 2030-01-01 --to 2030-12-31/);
    const bad = await runCli(['validate', '--from', '2023-02-30', '--to', '2023-12-31', '--config', config, '--out', path.join(dir, 'bad.html')]);
    expect(bad.code).to.equal(2);
    expect(bad.err).to.match(/^INPUT_INVALID/);
  });
});
