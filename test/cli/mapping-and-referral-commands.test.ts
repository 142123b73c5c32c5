// `beslutningsstotte mapping check` and `beslutningsstotte score --referral`, run through main(args, io) on a
// small seeded database named in a database configuration file.
import { expect } from 'chai';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempFile } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/model-packages';
import { openSqlite, sharedSeededDatabase, tempSqliteFile } from '../helpers/seeded-database';

const SHIPPED = path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json');

const tempJson = tempFile;
const run = runCli;

describe('the mapping check command', () => {
  let dbConfig: string;
  before(async () => {
    const { file } = await sharedSeededDatabase();
    dbConfig = tempJson('db.json', { client: 'better-sqlite3', connection: { filename: file } });
  });

  it('validates the shipped mapping and dry-runs it: every feature found for every recent referral', async () => {
    const { code, out, err } = await run(['mapping', 'check', '--config', SHIPPED, '--db-config', dbConfig, '--recent', '200', '--json']);
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const report = JSON.parse(out);
    expect(report.valid).to.equal(true);
    expect(report.referrals.checked).to.equal(200);
    expect(report.coverage).to.have.length(22);
    for (const c of report.coverage) expect(c, c.feature).to.include({ found: 200, missing: 0 });
    expect(report.coverage.find((c: { feature: string }) => c.feature === 'severity')).to.deep.include({ min: 1 });
    expect(report.slowestQuery.query).to.be.a('string').and.not.equal('');
  });

  it('prints a readable report by default', async () => {
    const { code, out } = await run(['mapping', 'check', '--config', SHIPPED, '--db-config', dbConfig, '--recent', '50']);
    expect(code).to.equal(0);
    expect(out).to.match(/is valid for model demo-synthetic-boosted-trees/);
    expect(out).to.match(/Coverage: 22 of 22 features/);
    expect(out).to.match(/Slowest query: /);
  });

  it('fails the dry run, exit 1, on codes in the data that no list names and on a feature that comes out constant', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    mapping.codeLists.source_other.codes = mapping.codeLists.source_other.codes.filter((c: string) => c !== 'BORGER');
    mapping.codeLists.placements.codes = ['sel-58']; // spelled otherwise than the data
    mapping.codeLists.source_other.codes.push('SEL-52-3-7', 'SEL-58', 'BL-46', 'BL-47');
    const { code, out } = await run(['mapping', 'check', '--config', tempJson('m.json', mapping), '--db-config', dbConfig, '--recent', '300', '--json']);
    expect(code).to.equal(1);
    const report = JSON.parse(out);
    expect(report.valid).to.equal(false);
    expect(report.unknownCodes.map((u: { code: string }) => u.code)).to.deep.equal(['BORGER']);
    expect(report.problems.map((p: { path: string }) => p.path)).to.include.members(['$.codeLists', '$.features.prior_placements', '$.features.sibling_placements']);
    const text = await run(['mapping', 'check', '--config', tempJson('m.json', mapping), '--db-config', dbConfig, '--recent', '300']);
    expect(text.out).to.include('underretning.kilde_kode: "BORGER"');
    expect(text.out).to.match(/\$\.features\.prior_placements: is 0 for every one of the 300 referrals checked\n\s+fix: /);
  });

  it('lists each problem with its path and a fix, and exits 1', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    mapping.features.household_moves_3y.filters[0].column = 'flyttekode';
    mapping.features.prior_referrals_12m.window.toDays = 7;
    const { code, out } = await run(['mapping', 'check', '--config', tempJson('m.json', mapping), '--db-config', dbConfig]);
    expect(code).to.equal(1);
    expect(out).to.include('$.features.household_moves_3y.filters[0].column: the column "flyttekode" does not exist');
    expect(out).to.include('$.features.prior_referrals_12m.window.toDays');
    expect(out).to.match(/fix: /);
  });

  it('refuses a mapping that reads a protected attribute, with MAPPING_PROTECTED_ATTRIBUTE and exit 2', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    mapping.features.single_parent_household.filters = [{ column: 'koen', equals: 'K' }];
    const { code, err } = await run(['mapping', 'check', '--config', tempJson('m.json', mapping), '--db-config', dbConfig]);
    expect(code).to.equal(2);
    expect(err).to.match(/^MAPPING_PROTECTED_ATTRIBUTE: .*gender or sex/);
  });

  it('refuses SQL smuggled into a name before it reaches the database, with MAPPING_UNSAFE_IDENTIFIER', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    mapping.child.table = 'barn; DELETE FROM underretning';
    const { code, err } = await run(['mapping', 'check', '--config', tempJson('m.json', mapping), '--db-config', dbConfig]);
    expect(code).to.equal(2);
    expect(err).to.match(/^MAPPING_UNSAFE_IDENTIFIER: .*\$\.child\.table/);
  });
});

describe('the score command with --referral', () => {
  let dbConfig: string;
  let serverConfig: string;
  let pluginFile: string;
  let seeded: Awaited<ReturnType<typeof sharedSeededDatabase>>['seeded'];
  before(async () => {
    const shared = await sharedSeededDatabase();
    seeded = shared.seeded;
    dbConfig = tempJson('db.json', { client: 'better-sqlite3', connection: { filename: shared.file } });
    pluginFile = path.join(path.dirname(tempJson('x.json', {})), 'plugin.sqlite');
    serverConfig = tempJson('server.json', { pluginDatabase: { client: 'better-sqlite3', connection: { filename: pluginFile } } });
  });

  it('extracts, scores with the demo model and prints score, contributions and provenance as JSON', async () => {
    const r = seeded.population.studyReferrals.find((x) => x.features.prior_referrals_total > 0 && x.features.unborn === 0)!;
    const { code, out, err } = await run(['score', '--referral', String(r.id), '--db-config', dbConfig, '--config', serverConfig]);
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const result = JSON.parse(out);
    expect(result.referralId).to.equal(String(r.id));
    expect(result.score).to.be.within(1, 10);
    expect(result.modelId).to.equal('demo-synthetic-boosted-trees');
    expect(result.features).to.deep.equal(r.features);
    expect(result.contributions).to.have.length(22);
    expect(result.provenance.map((p: { feature: string }) => p.feature)).to.have.members(Object.keys(r.features));
    const prior = result.provenance.find((p: { feature: string }) => p.feature === 'prior_referrals_total');
    expect(prior.records).to.have.length(r.features.prior_referrals_total);
    // A score a person sees has its audit record, like a panel's.
    const audit = await runCli(['audit', '--referral', String(r.id), '--format', 'json', '--config', serverConfig]);
    const records = JSON.parse(audit.out) as Array<Record<string, unknown>>;
    expect(records).to.have.length(1);
    expect(records[0]).to.include({ view: 'cli', outcome: 'shown', score: result.score, modelId: 'demo-synthetic-boosted-trees', referralId: String(r.id) });
    expect(String(records[0]!.userId)).to.match(/^os:/);
  });

  it('prints no score when its audit record cannot be written (AUDIT_UNAVAILABLE)', async () => {
    const r = seeded.population.studyReferrals.find((x) => x.features.unborn === 0)!;
    // A folder that cannot exist: its parent is a file.
    const unwritable = tempJson('server.json', { pluginDatabase: { client: 'better-sqlite3', connection: { filename: path.join(dbConfig, 'plugin', 'plugin.sqlite') } } });
    const { code, out, err } = await run(['score', '--referral', String(r.id), '--db-config', dbConfig, '--config', unwritable]);
    expect(code).to.not.equal(0);
    expect(out).to.not.match(/"score"/);
    expect(err).to.match(/AUDIT_UNAVAILABLE/);
  });

  it('does not score a born child whose CPR number is gone: AGE_UNKNOWN, not an unborn score', async () => {
    const copy = tempSqliteFile('bs-cli-age-');
    copyFileSync((await sharedSeededDatabase()).file, copy);
    const r = seeded.population.studyReferrals.find((x) => x.features.unborn === 0 && x.features.age_years > 2)!;
    const db = openSqlite(copy);
    await db('barn').where('barn_id', r.childId).update({ cpr_nr: null });
    await db.destroy();
    try {
      const { code, out, err } = await run(['score', '--referral', String(r.id), '--db-config', tempJson('db-copy.json', { client: 'better-sqlite3', connection: { filename: copy } })]);
      expect(code).to.equal(1);
      expect(err).to.match(/^AGE_UNKNOWN referral /);
      expect(JSON.parse(out)).to.include({ scored: false, code: 'AGE_UNKNOWN' });
    } finally {
      rmSync(path.dirname(copy), { recursive: true, force: true });
    }
  });

  it('says REFERRAL_NOT_FOUND for an id the database does not hold', async () => {
    const { code, err } = await run(['score', '--referral', '987654321', '--db-config', dbConfig, '--config', serverConfig]);
    expect(code).to.equal(2);
    expect(err).to.match(/^REFERRAL_NOT_FOUND: /);
  });

  it('still asks for --model and --input when no referral is given', async () => {
    const { code, err } = await run(['score', '--input', 'x.json']);
    expect(code).to.equal(2);
    expect(err).to.match(/--model/);
  });
});
