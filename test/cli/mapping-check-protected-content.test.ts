// `mapping check` reads what a name cannot show: a CPR column renamed or wrapped in a view, and features that
// are disguised copies of sex (from the CPR number) or of an evaluation-only attribute (citizenship), built as
// hostile views over a copy of the seeded database in a temporary folder.
import { expect } from 'chai';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/model-packages';
import { OTHER_HOST_VIEWS } from '../helpers/other-host-views';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

const shipped = () => JSON.parse(readFileSync(path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json'), 'utf8'));
const CHILD_SEX = "(CAST(substr(b.cpr_nr, -1) AS INTEGER) % 2)";

describe('mapping check on hostile schemas', () => {
  let dir: string;
  let dbConfig: string;
  let n = 0;
  const write = (content: unknown) => {
    const file = path.join(dir, `mapping-${n++}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const check = (mapping: unknown, ...more: string[]) => runCli(['mapping', 'check', '--config', write(mapping), '--db-config', dbConfig, ...more]);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-hostile-'));
    const file = path.join(dir, 'host.sqlite');
    copyFileSync((await sharedSeededDatabase()).file, file);
    dbConfig = path.join(dir, 'db.json');
    writeFileSync(dbConfig, JSON.stringify({ client: 'better-sqlite3', connection: { filename: file } }));
    const db = openSqlite(file);
    try {
      // Sex under neutral names, and the CPR number renamed behind a view.
      await db.raw(`CREATE VIEW underretning_udvidet AS SELECT u.*, CASE WHEN ${CHILD_SEX} = 1 THEN 'A' ELSE 'B' END AS kategori,
        CAST(substr(b.cpr_nr, -1) AS INTEGER) AS kontrolciffer, b.cpr_nr AS personnoegle FROM underretning u JOIN barn b ON b.barn_id = u.barn_id`);
      await db.raw('CREATE VIEW barn_udvidet AS SELECT barn_id, familie_id, fornavn, efternavn, termin_dato, cpr_nr AS personnoegle FROM barn');
      for (const view of OTHER_HOST_VIEWS) await db.raw(view);
      await db.raw('CREATE VIEW registered_sex AS SELECT barn_id AS person_ref, koen AS sex FROM barn');
      // Citizenship, supplied by the municipality for evaluation only, and two features that echo it.
      await db.schema.createTable('person_oplysning', (t) => {
        t.integer('barn_id').primary();
        t.string('statsborgerskab', 2);
      });
      const children = (await db('barn').pluck('barn_id')) as number[];
      await db.batchInsert('person_oplysning', children.map((id) => ({ barn_id: id, statsborgerskab: id % 4 === 0 ? 'SY' : 'DK' })), 200);
      await db.raw(`CREATE VIEW underretning_ekstra AS SELECT u.*, CASE WHEN p.statsborgerskab = 'SY' THEN 1 ELSE 0 END AS gruppe,
        CASE WHEN p.statsborgerskab = 'SY' AND (u.barn_id / 4) % 5 < 3 THEN 1 ELSE 0 END AS tilbud FROM underretning u JOIN person_oplysning p ON p.barn_id = u.barn_id`);
    } finally {
      await db.destroy();
    }
  });
  after(() => { if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true }); });

  const onView = (m: any, feature: string, view: string) => {
    m.features[feature].source.table = view;
    return m.features[feature];
  };
  const withCitizenship = (m: any) => {
    m.evaluationOnly = {
      description: 'Supplied by the municipality for fairness and proxy checks only.',
      attributes: { citizenship: { label: { da: 'Statsborgerskab', en: 'Citizenship' }, subject: 'child', table: 'person_oplysning', key: 'barn_id', column: 'statsborgerskab' } },
    };
    return m;
  };

  it('passes the reference mapping, with each feature\'s separation by sex in the report and none strong', async () => {
    const { code, out, err } = await check(shipped(), '--json');
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const { proxies } = JSON.parse(out);
    expect(proxies).to.include({ nearCopyAt: 0.9, strongAt: 0.7 });
    expect(proxies.measurements.filter((m: any) => m.attribute === 'sex_from_cpr')).to.have.length(22);
    for (const m of proxies.measurements) expect(m.verdict, `${m.feature} ${m.separation}`).to.equal('weak');
    expect(out).to.not.match(/\d{6}-?\d{4}/); // no CPR number leaves the check
  });

  it('passes the other host\'s mapping (birth dates, no CPR), measuring sex from a registered-sex column it names for evaluation only', async () => {
    const m = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'mappings', 'other-host.json'), 'utf8'));
    const plain = await check(m, '--json');
    expect(plain.err).to.equal('');
    expect(plain.code).to.equal(0);
    expect(JSON.parse(plain.out).proxies.unmeasured.map((u: any) => u.attribute)).to.deep.equal(['sex_from_cpr']);
    m.evaluationOnly = { attributes: { sex: { label: { da: 'Registreret køn', en: 'Registered sex' }, subject: 'child', table: 'registered_sex', key: 'person_ref', column: 'sex' } } };
    const { code, out } = await check(m, '--json');
    expect(code).to.equal(0);
    const measured = JSON.parse(out).proxies.measurements.filter((x: any) => x.attribute === 'sex');
    expect(measured).to.have.length(22);
    for (const x of measured) expect(x.verdict, `${x.feature} ${x.separation}`).to.equal('weak');
  });

  it('refuses a view column "kategori" that holds the sex, with its figure', async () => {
    const m = shipped();
    onView(m, 'source_school', 'underretning_udvidet').filters = [{ column: 'kategori', equals: 'A' }];
    const { code, err } = await check(m);
    expect(code).to.equal(2);
    expect(err).to.match(/^MAPPING_PROXY_ATTRIBUTE: .*"source_school" alone separates the children by sex_from_cpr with a separation \(AUC\) of 1\b/);
  });

  it('measures proxies on enough referrals even when the dry run is asked for a few', async () => {
    const m = shipped();
    onView(m, 'source_school', 'underretning_udvidet').filters = [{ column: 'kategori', equals: 'B' }];
    const { code, err } = await check(m, '--recent', '10');
    expect(code).to.equal(2);
    const children = Number(/^MAPPING_PROXY_ATTRIBUTE: .*"source_school" .*\((\d+) children\)/.exec(err)?.[1]);
    expect(children).to.be.above(100);
  });

  it('refuses "kontrolciffer", the CPR number\'s last digit, which no straight ranking would catch', async () => {
    const m = shipped();
    onView(m, 'severity', 'underretning_udvidet');
    m.features.severity.aggregate.value = 'kontrolciffer';
    const { code, err } = await check(m);
    expect(code).to.equal(2);
    expect(err).to.match(/^MAPPING_PROXY_ATTRIBUTE: .*"severity" alone separates the children by sex_from_cpr with a separation \(AUC\) of (1|0\.9\d*),/);
  });

  it('refuses a renamed CPR column behind a view, read by a non-age feature, by its content', async () => {
    const m = shipped();
    onView(m, 'source_police', 'underretning_udvidet').filters.push({ column: 'personnoegle', isNull: false });
    const { code, err } = await check(m);
    expect(code).to.equal(2);
    expect(err).to.match(/^MAPPING_PROTECTED_ATTRIBUTE: .*\$\.features\.source_police\.filters\[1\]\.column: "underretning_udvidet\.personnoegle" holds CPR numbers/);
  });

  it('lets the age construct alone read the renamed CPR column', async () => {
    const m = shipped();
    m.child.table = 'barn_udvidet';
    m.child.birth.column = 'personnoegle';
    const { code, err } = await check(m);
    expect(err).to.equal('');
    expect(code).to.equal(0);
  });

  it('refuses a near-copy of an evaluation-only attribute (citizenship) under a neutral name', async () => {
    const m = withCitizenship(shipped());
    onView(m, 'source_school', 'underretning_ekstra').filters = [{ column: 'gruppe', equals: 1 }];
    const { code, err } = await check(m);
    expect(code).to.equal(2);
    expect(err).to.match(/MAPPING_PROXY_ATTRIBUTE: .*"source_school" alone separates the children by citizenship with a separation \(AUC\) of 1\b/);
  });

  it('asks for a recorded justification for a strong association, and reports it once recorded', async () => {
    const m = withCitizenship(shipped());
    onView(m, 'source_school', 'underretning_ekstra').filters = [{ column: 'tilbud', equals: 1 }];
    const first = await check(m);
    expect(first.code).to.equal(1);
    expect(first.out).to.match(/"source_school" alone separates the children by citizenship with a separation of 0\.[78]\d*/);
    expect(first.out).to.include('"attribute": "citizenship"');

    m.proxyJustifications = [{ feature: 'source_school', attribute: 'citizenship', by: 'Kim Jensen, IT-chef', on: '2026-11-30', why: 'The offer is made to every family that asks; reviewed with the legal team.' }];
    const second = await check(m, '--json');
    expect(second.code).to.equal(0);
    const found = JSON.parse(second.out).proxies.measurements.find((x: any) => x.feature === 'source_school' && x.attribute === 'citizenship');
    expect(found).to.deep.include({ verdict: 'strong' });
    expect(found.justification).to.include({ by: 'Kim Jensen, IT-chef' });
  });
});
