// The synthetic seed writes the generator's story into the reference host schema, as a Danish system holds it.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { birthDateFromCpr } from '../../adapters/point-in-time';
import { openSqlite, sharedSeededDatabase } from '../helpers/seeded-database';

describe('the synthetic seed of the reference database', () => {
  let db: Knex;
  let seeded: Awaited<ReturnType<typeof sharedSeededDatabase>>['seeded'];
  before(async () => {
    const shared = await sharedSeededDatabase();
    seeded = shared.seeded;
    db = openSqlite(shared.file);
  });
  after(() => db.destroy());

  it('holds every child and every referral of the population, history included', async () => {
    expect(await db('barn').count({ n: '*' }).first()).to.deep.equal({ n: seeded.population.children.length });
    expect(await db('underretning').count({ n: '*' }).first()).to.deep.equal({ n: seeded.population.referrals.length });
    expect(seeded.population.studyReferrals).to.have.length(600);
  });

  it('gives each born child a CPR number that holds its birth date and, in the last digit, its registered sex', async () => {
    const children = await db('barn').whereNotNull('cpr_nr').select('cpr_nr', 'foedselsdato', 'koen');
    expect(children.length).to.be.greaterThan(100);
    for (const c of children) {
      expect(birthDateFromCpr(c.cpr_nr)).to.equal(c.foedselsdato);
      expect(Number(c.cpr_nr.slice(-1)) % 2 === 1 ? 'M' : 'K').to.equal(c.koen);
    }
  });

  it('cites Serviceloven before 1 January 2024 and Barnets Lov from then on', async () => {
    const rows = await db('foranstaltning').join('kode_paragraf', 'kode_paragraf.paragraf_kode', 'foranstaltning.paragraf_kode').select('afgoerelse_dato', 'kode_paragraf.lov as codeLaw', 'foranstaltning.lov as recordLaw');
    const laws = new Set(rows.map((r) => r.codeLaw));
    expect([...laws].sort()).to.deep.equal(['BL', 'SEL']);
    for (const r of rows) {
      expect(r.codeLaw).to.equal(r.afgoerelse_dato < '2024-01-01' ? 'SEL' : 'BL');
      expect(r.recordLaw, 'the measure records the law it was granted under').to.equal(r.codeLaw);
    }
  });

  it('records a received time on each referral, and never a measure that starts before its decision', async () => {
    const times = (await db('underretning').pluck('modtaget_tid')) as string[];
    for (const t of times) expect(t).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await db('foranstaltning').whereRaw('start_dato < afgoerelse_dato').count({ n: '*' }).first()).to.deep.equal({ n: 0 });
  });

  it('rates the Trivselslineal a few times for children in care', async () => {
    const row = await db('trivselslineal_vurdering').min({ lo: 'vaerdi' }).max({ hi: 'vaerdi' }).countDistinct({ children: 'barn_id' }).first();
    expect(row!.lo).to.be.at.least(1);
    expect(row!.hi).to.be.at.most(10);
    expect(row!.children).to.be.greaterThan(10);
  });
});
