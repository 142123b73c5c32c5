// `mapping check` dry-runs the follow-up report's part as it does the panel's features: the children in care on
// the newest referral's day, what each part found, and warnings that name the mapping property to fix.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, tempFile } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/model-packages';
import { sharedSeededDatabase } from '../helpers/seeded-database';

const SHIPPED = path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json');

describe('the mapping check command on the follow-up part', () => {
  let dbConfig: string;
  before(async () => {
    const { file } = await sharedSeededDatabase();
    dbConfig = tempFile('db.json', { client: 'better-sqlite3', connection: { filename: file } });
  });

  it('reads the children in care through the reference mapping: ratings, measures under both laws, case numbers, nothing it cannot place', async () => {
    const { code, out, err } = await runCli(['mapping', 'check', '--config', SHIPPED, '--db-config', dbConfig, '--recent', '100', '--json']);
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const fu = JSON.parse(out).followUp;
    expect(fu.childrenInCare).to.be.greaterThan(0);
    expect(fu.childrenRead).to.equal(Math.min(100, fu.childrenInCare));
    expect(fu.withRatings).to.be.greaterThan(0);
    expect(fu.measuresByLaw.BL + fu.measuresByLaw.SEL).to.equal(fu.measureChanges);
    expect(fu.measureCodesWithoutLaw).to.deep.equal([]);
    expect(fu.ratingAreasUnknown).to.deep.equal([]);
    expect(fu.placeKindsUnknown).to.deep.equal([]);
    expect(fu.withAbsence).to.be.a('number').and.to.be.greaterThan(0); // the reference schema holds monthly school absence
    expect(fu.absenceOutsideRange).to.equal(0);
    expect(fu.withCaseNumber).to.equal(fu.childrenRead);
  });

  it('warns, naming the property to fix, when § codes fall in neither law\'s list', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    delete mapping.followUp.measures.law; // the law by § code alone
    mapping.codeLists.follow_up_measures_barnets_lov.codes = ['BL-20'];
    const { code, out } = await runCli(['mapping', 'check', '--config', tempFile('m.json', mapping), '--db-config', dbConfig, '--recent', '50']);
    expect(code).to.equal(0);
    expect(out).to.match(/Follow-up report: \d+ children in care on \d{4}-\d{2}-\d{2}/);
    expect(out).to.match(/warning: measures under no known law: .*fix: add their codes to followUp\.measures\.laws/);
  });

  it('warns when the law a measure records is a value neither of the law column\'s lists holds', async () => {
    const mapping = JSON.parse(readFileSync(SHIPPED, 'utf8'));
    mapping.codeLists.follow_up_law_barnets_lov.codes = ['BARNETS_LOV'];
    const { code, out } = await runCli(['mapping', 'check', '--config', tempFile('m.json', mapping), '--db-config', dbConfig, '--recent', '50', '--json']);
    expect(code).to.equal(0);
    const fu = JSON.parse(out).followUp;
    expect(fu.measuresByLaw.BL).to.equal(0); // "BL" is no longer a value the mapping knows: unknown, not guessed by date
    expect(fu.measuresByLaw.none).to.be.greaterThan(0);
  });
});
