// The follow-up report's part of a mapping gets the panel's safeguards: names that are not plain identifiers
// and protected attributes are refused outright, and unknown tables and columns, dates that are not dates,
// undefined code lists and a § code under both laws are listed with their path and a fix.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { readDatabaseCatalog, type DatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { followUpTablesOf } from '../../adapters/mapping/follow-up-mapping-rules';
import { allTablesOf } from '../../adapters/mapping/mapping-on-database';
import { validateMapping } from '../../adapters/mapping/mapping-validator';
import { REPO_ROOT } from '../helpers/model-packages';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const shipped = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json'), 'utf8'));

describe('the mapping validator on the follow-up part', () => {
  let db: Knex;
  let catalog: DatabaseCatalog;
  before(async () => {
    db = openSqlite((await sharedSeededDatabase()).file);
    catalog = await readDatabaseCatalog(db, [...allTablesOf(shipped()), 'no_such_table']);
  });
  after(() => db.destroy());
  const check = (mapping: unknown) => validateMapping(mapping, { catalog });

  it('accepts the reference mapping\'s follow-up part on the seeded database', () => {
    const result = check(shipped());
    expect([result.problems, result.refusals, result.unsafe]).to.deep.equal([[], [], []]);
    expect(result.mapping!.followUp!.measures.laws).to.deep.equal({ barnetsLov: 'follow_up_measures_barnets_lov', serviceloven: 'follow_up_measures_serviceloven' });
  });

  it('refuses a name that is not a plain identifier before it reaches the database', () => {
    const m = shipped();
    m.followUp.placements.table = 'anbringelse; DROP TABLE barn';
    m.followUp.measures.child = 'sag.barn_id --';
    const result = check(m);
    expect(result.unsafe.map((u) => u.path).sort()).to.deep.equal(['$.followUp.measures.child', '$.followUp.placements.table']);
    expect(result.mapping).to.equal(null);
  });

  it('refuses a protected attribute or the CPR number anywhere in the part, by path', () => {
    const m = shipped();
    m.followUp.child.firstName = 'koen';
    m.followUp.wellbeingRatings.area = 'statsborgerskab';
    m.followUp.caseFile.number = 'cpr_nr';
    m.codeLists.follow_up_measures_serviceloven.codes.push('FN_INDKOMST');
    const paths = check(m).refusals.map((r) => r.path);
    expect(paths).to.include.members(['$.followUp.child.firstName', '$.followUp.wellbeingRatings.area', '$.followUp.caseFile.number']);
    expect(paths.some((p) => p.startsWith('$.codeLists.follow_up_measures_serviceloven.codes'))).to.equal(true);
  });

  it('lists unknown tables and columns, a date column that holds no date, a text value, undefined code lists and a code under both laws', () => {
    const m = shipped();
    m.followUp.wellbeingRatings.table = 'no_such_ratings';
    m.followUp.placements.start.column = 'anbringelsessted_kode_x';
    m.followUp.measures.end.column = 'sag.sagsnummer';
    m.followUp.placements.siteKinds = { PLEJEFAMILIE: 'no_such_list' };
    m.followUp.measures.laws.barnetsLov = 'follow_up_measures_serviceloven';
    m.followUp.measures.child = 'kode_paragraf.paragraf';
    const problems = check(m).problems.map((p) => `${p.path}: ${p.problem}`);
    expect(problems).to.include.members([
      '$.followUp.wellbeingRatings.table: the table "no_such_ratings" does not exist in the database',
      '$.followUp.placements.siteKinds.PLEJEFAMILIE: the code list "no_such_list" is not defined',
      '$.followUp.measures.child: "kode_paragraf.paragraf" names the table "kode_paragraf", which is neither the measures table nor joined',
    ]);
    expect(problems.some((p) => p.startsWith('$.followUp.placements.start.column: the column "anbringelsessted_kode_x" does not exist'))).to.equal(true);
    expect(problems.some((p) => p.startsWith('$.followUp.measures.laws: the codes "SEL-50"'))).to.equal(true);
    const dateProblem = validateMapping(
      (() => {
        const x = shipped();
        x.followUp.placements.end.column = 'anbringelse_id';
        x.followUp.wellbeingRatings.value = 'omraade_kode';
        return x;
      })(),
      { catalog },
    ).problems.map((p) => p.path);
    expect(dateProblem).to.include.members(['$.followUp.placements.end.column', '$.followUp.wellbeingRatings.value']);
  });

  it('publishes the follow-up part in the mapping schema editors read', () => {
    const published = JSON.parse(readFileSync(path.join(REPO_ROOT, 'adapters', 'mapping.schema.json'), 'utf8'));
    expect(Object.keys(published.properties.followUp.properties)).to.include.members(['placements', 'wellbeingRatings', 'measures', 'schoolAbsence', 'caseFile']);
  });

  it('reads exactly the host tables manifest.json declares for the follow-up report', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'manifest.json'), 'utf8')) as { extensionPoints: Array<{ id: string; reads: string[] }> };
    const point = manifest.extensionPoints.find((p) => p.id === 'follow-up-report')!;
    expect([...point.reads].sort()).to.deep.equal([...new Set(followUpTablesOf(shipped()))].sort());
  });
});
