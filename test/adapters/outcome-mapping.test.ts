// The mapping's outcome part (where the host records placements, for the validation report alone) gets the same
// safeguards as the other parts: names that are not plain identifiers and protected attributes are refused, and
// unknown tables and columns are listed with their path; the reader finds each referral's placements, the sex
// from the CPR number and nothing for a mapping without the part.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { readDatabaseCatalog, type DatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { latestHostDate, readHostEvaluationData } from '../../adapters/mapping/evaluation-outcome-reader';
import { allTablesOf } from '../../adapters/mapping/mapping-on-database';
import { validateMapping } from '../../adapters/mapping/mapping-validator';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { REPO_ROOT } from '../helpers/model-packages';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const shipped = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json'), 'utf8'));

describe('the mapping\'s outcome part', () => {
  let db: Knex;
  let catalog: DatabaseCatalog;
  before(async () => {
    db = openSqlite((await sharedSeededDatabase()).file);
    catalog = await readDatabaseCatalog(db, [...allTablesOf(shipped()), 'no_such_table']);
  });
  after(() => db.destroy());
  const check = (mapping: unknown) => validateMapping(mapping, { catalog });

  it('is in the reference mapping and accepted on the seeded database', () => {
    const result = check(shipped());
    expect([result.problems, result.refusals, result.unsafe]).to.deep.equal([[], [], []]);
    expect(result.mapping!.outcome!.placements.table).to.equal('anbringelse');
    expect(allTablesOf(result.mapping!)).to.include('anbringelse');
  });

  it('lists a table or column the database does not have, and a start column that holds numbers, not dates', () => {
    const m = shipped();
    m.outcome.placements.child = 'barnet';
    m.outcome.placements.start.column = 'foranstaltning_id';
    let result = check(m);
    expect(result.problems.map((p) => p.path)).to.include.members(['$.outcome.placements.child', '$.outcome.placements.start.column']);
    m.outcome.placements.table = 'no_such_table';
    result = check(m);
    expect(result.problems.map((p) => p.path)).to.include('$.outcome.placements.table');
  });

  it('refuses a protected attribute and a name that is not a plain identifier', () => {
    const m = shipped();
    m.outcome.placements.child = 'cpr_nr';
    expect(check(m).refusals.map((r) => r.path)).to.include('$.outcome.placements.child');
    m.outcome.placements.table = 'anbringelse; DROP TABLE barn';
    const result = check(m);
    expect(result.unsafe.map((u) => u.path)).to.deep.equal(['$.outcome.placements.table']);
    expect(result.mapping).to.equal(null);
  });

  it('reads each referral\'s placements and sex from the host, and no placements without the part', async () => {
    const mapping = shipped() as FieldMapping;
    const rows = (await db('underretning as u').join('anbringelse as a', 'a.barn_id', 'u.barn_id').select('u.underretning_id', 'a.start_dato').limit(5)) as Array<{ underretning_id: number; start_dato: string }>;
    expect(rows.length).to.be.greaterThan(0);
    const ids = [...new Set(rows.map((r) => String(r.underretning_id)))];
    const data = await readHostEvaluationData(db, mapping, ids);
    for (const r of rows) expect(data.byReferral.get(String(r.underretning_id))!.placementStarts).to.include(String(r.start_dato).slice(0, 10));
    expect(data.hasOutcome).to.equal(true);
    expect(data.sexKnown).to.equal(true);
    for (const id of ids) expect(['male', 'female']).to.include(data.byReferral.get(id)!.sex);
    const { outcome: _outcome, ...without } = mapping;
    const none = await readHostEvaluationData(db, without as FieldMapping, ids);
    expect(none.hasOutcome).to.equal(false);
    expect(none.byReferral.get(ids[0]!)!.placementStarts).to.equal(null);
    const latest = (await db('underretning').max({ v: 'modtaget_tid' }).first()) as { v: string };
    expect(await latestHostDate(db, mapping)).to.equal(String(latest.v).slice(0, 10));
  });
});
