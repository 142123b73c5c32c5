// The adapter tests, written once and run on each database: the embedded SQLite (feature-extractor.test.ts)
// and SQL Server when MSSQL_URL is set (sql-server-live.test.ts). The adapters must extract, from the seeded
// host database, the same features the generator computed from its own story; nothing recorded after the
// referral counts; every value comes with its provenance; and one referral costs a fixed number of queries.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { readDatabaseCatalog } from '../../adapters/mapping/database-catalog';
import { validateMapping } from '../../adapters/mapping/mapping-validator';
import { toIsoInstant } from '../../adapters/point-in-time';
import { allTablesOf } from '../../adapters/mapping/mapping-on-database';
import type { SeedResult } from '../../adapters/reference-schema/seed-database';
import { referenceMapping } from '../helpers/reference-mapping';

export interface AdapterTestTarget {
  /** The shared seeded database (the caller's knex; it is destroyed after the suite), or null when skipped. */
  seeded(ctx: Mocha.Context): Promise<{ db: Knex; seeded: SeedResult } | null>;
  /** A freshly seeded database the tests may change, or null when skipped. */
  fresh(ctx: Mocha.Context, size: { seed: number; referrals: number }): Promise<{ db: Knex; seeded: SeedResult } | null>;
}

export function describeAdapterContract(label: string, target: AdapterTestTarget): void {
  describe(`feature extraction on the seeded reference database (${label})`, () => {
    let db: Knex;
    let seeded: SeedResult;
    let extractor: FeatureExtractor;
    before(async function () {
      const opened = await target.seeded(this);
      if (!opened) return;
      ({ db, seeded } = opened);
      extractor = new FeatureExtractor(db, referenceMapping());
    });
    after(() => db?.destroy());

    it('gives every referral exactly the features the generator computed from the same story (batch path)', async () => {
      const referrals = seeded.population.referrals;
      const extracted = await extractor.extractBatch(referrals.map((r) => r.id), { sliceSize: 250 });
      expect(extracted).to.have.length(referrals.length);
      const mismatches: string[] = [];
      extracted.forEach((e, i) => {
        const r = referrals[i]!;
        expect(e.referralId).to.equal(String(r.id));
        for (const [name, value] of Object.entries(r.features)) {
          if (e.features[name] !== value) mismatches.push(`referral ${r.id} ${name}: generator ${value}, extracted ${e.features[name]}`);
        }
      });
      expect(mismatches.slice(0, 10)).to.deep.equal([]);
    });

    it('gives the same features one referral at a time as in a batch', async () => {
      for (const r of seeded.population.studyReferrals.slice(0, 40)) {
        const one = await extractor.extract(r.id);
        expect(one.features, `referral ${r.id}`).to.deep.equal(r.features);
        expect(one.missing).to.deep.equal([]);
      }
    });

    it('reads one referral in a fixed number of queries, however many siblings and records the child has', async () => {
      const bySiblings = [...seeded.population.studyReferrals].sort(
        (a, b) => a.features.sibling_referrals_total + a.features.prior_referrals_total - (b.features.sibling_referrals_total + b.features.prior_referrals_total),
      );
      const plan = extractor.plan;
      const bound = 1 + plan.groups.filter((g) => !g.withReferral).length + plan.groups.reduce((n, g) => n + g.details.length, 0);
      const counts: number[] = [];
      for (const r of [bySiblings[0]!, bySiblings[bySiblings.length - 1]!]) {
        let queries = 0;
        const count = () => queries++;
        db.on('query', count);
        await extractor.extract(r.id);
        db.off('query', count);
        counts.push(queries);
      }
      // The referral with its family's children and its own row's columns, one query per other record group
      // and per detail table: no more.
      expect(bound).to.equal(9);
      for (const n of counts) expect(n).to.be.within(bound - 1, bound);
    });

    it('says where each value came from: tables, record ids, dates before the referral, raw values, never the CPR number', async () => {
      const r = seeded.population.studyReferrals.find((x) => x.features.prior_referrals_total >= 2 && x.features.sibling_referrals_total >= 1)!;
      const { provenance, receivedAt } = await extractor.extract(r.id);
      const prior = provenance!.find((p) => p.feature === 'prior_referrals_total')!;
      expect(prior).to.include({ table: 'underretning', subject: 'child', value: r.features.prior_referrals_total });
      expect(prior.tableLabel).to.deep.equal({ da: 'Underretninger (DUBU)', en: 'Referrals (DUBU)' });
      expect(prior.records).to.have.length(r.features.prior_referrals_total);
      for (const rec of prior.records) expect(rec.date! < receivedAt).to.equal(true);
      const siblings = provenance!.find((p) => p.feature === 'sibling_referrals_total')!;
      expect(siblings.records.every((rec) => rec.siblingId !== undefined)).to.equal(true);
      const source = provenance!.find((p) => p.feature === `source_${r.source}`);
      if (source) expect(source.records[0]!.values).to.have.property('kilde_kode');
      const age = provenance!.find((p) => p.feature === 'age_years')!;
      expect(JSON.stringify(age)).to.not.match(/\d{6}-\d{4}/);
      expect(age).to.include({ table: 'barn' });
      expect(age.tableLabel).to.deep.equal({ da: 'Barnets fødselsdato (CPR)', en: "The child's date of birth (CPR)" });
      expect(provenance!.every((p) => p.tableLabel !== null), 'every source of the shipped mapping has a label').to.equal(true);
      expect(provenance!.map((p) => p.feature)).to.have.members(Object.keys(r.features));
    });

    it('gives a referral with the same child\'s earlier referrals, oldest first, each as of its own time, the newest maxEarlier, none later', async () => {
      const byChild = new Map<number, typeof seeded.population.referrals>();
      for (const r of seeded.population.referrals) byChild.set(r.childId, [...(byChild.get(r.childId) ?? []), r]);
      const own = [...byChild.values()].find((list) => list.length >= 4)!;
      const rows: Array<{ id: number; at: unknown }> = await db('underretning').whereIn('underretning_id', own.map((r) => r.id)).select({ id: 'underretning_id', at: 'modtaget_tid' });
      const inOrder = rows.sort((a, b) => (toIsoInstant(a.at)! < toIsoInstant(b.at)! ? -1 : 1)).map((r) => r.id);
      const third = inOrder[2]!;
      const found = (await extractor.extractWithEarlier(third, { maxEarlier: 20, provenance: true }))!;
      expect(found.referral.referralId).to.equal(String(third));
      expect(found.referral.provenance).to.be.an('array').that.is.not.empty;
      expect(found.earlier.map((r) => r.referralId)).to.deep.equal(inOrder.slice(0, 2).map(String));
      const generator = new Map(seeded.population.referrals.map((r) => [String(r.id), r.features]));
      for (const e of found.earlier) expect(e.features, `referral ${e.referralId}`).to.deep.equal(generator.get(e.referralId));
      let queries = 0;
      const count = () => queries++;
      db.on('query', count);
      await extractor.extractWithEarlier(inOrder[inOrder.length - 1]!, { maxEarlier: 20, provenance: true });
      db.off('query', count);
      expect(queries, 'no more queries than for the referral alone').to.be.at.most(9);
      const newestOnly = (await extractor.extractWithEarlier(third, { maxEarlier: 1 }))!;
      expect(newestOnly.earlier.map((r) => r.referralId)).to.deep.equal([String(inOrder[1])]);
      expect((await extractor.extractWithEarlier(third, { maxEarlier: 0 }))!.earlier).to.deep.equal([]);
      expect(await extractor.extractWithEarlier(99_999_999, { maxEarlier: 20 })).to.equal(null);
    });

    it('finds every table and column of the shipped mapping in the live database', async () => {
      const mapping = referenceMapping();
      const catalog = await readDatabaseCatalog(db, allTablesOf(mapping));
      expect(validateMapping(mapping, { catalog }).problems).to.deep.equal([]);
    });

    it('refuses an unknown referral id with REFERRAL_NOT_FOUND', async () => {
      try {
        await extractor.extract(99_999_999);
        expect.fail('extracted an unknown referral');
      } catch (error) {
        expect(error).to.have.property('code', 'REFERRAL_NOT_FOUND');
      }
    });
  });

  describe(`point in time: records made after the referral never count (${label})`, () => {
    let db: Knex;
    let seeded: SeedResult;
    let extractor: FeatureExtractor;
    before(async function () {
      const opened = await target.fresh(this, { seed: 77, referrals: 150 });
      if (!opened) return;
      ({ db, seeded } = opened);
      extractor = new FeatureExtractor(db, referenceMapping());
    });
    after(() => db?.destroy());

    /** Adds, for the referral's child, family and a sibling, one record of every kind dated `offsetDays` from the referral date. */
    async function addRecordsAround(referralId: number, offsetDays: number, minutes = 0): Promise<void> {
      const ref = await db('underretning').join('barn', 'barn.barn_id', 'underretning.barn_id').where('underretning_id', referralId).first('underretning.barn_id', 'familie_id', 'modtaget_tid');
      const sibling = await db('barn').where('familie_id', ref.familie_id).whereNot('barn_id', ref.barn_id).first('barn_id');
      const at = new Date(`${toIsoInstant(ref.modtaget_tid)!.replace(' ', 'T')}Z`);
      at.setUTCDate(at.getUTCDate() + offsetDays);
      at.setUTCMinutes(at.getUTCMinutes() + minutes);
      const instant = at.toISOString().slice(0, 19).replace('T', ' ');
      const day = instant.slice(0, 10);
      const next = async (table: string, id: string) => Number((await db(table).max({ m: id }).first())!.m) + 1;
      for (const child of [ref.barn_id, sibling?.barn_id].filter((c) => c !== undefined)) {
        const caseId = await next('sag', 'sag_id');
        await db('sag').insert({ sag_id: caseId, barn_id: child, sagsnummer: 'T-1', oprettet_dato: day, afsluttet_dato: null });
        await db('underretning').insert({ underretning_id: await next('underretning', 'underretning_id'), barn_id: child, modtaget_tid: instant, kilde_kode: 'POLITI', alvorlighed: 2, aarsag_tekst: null });
        for (const code of ['SEL-52-3-3', 'SEL-58']) {
          await db('foranstaltning').insert({ foranstaltning_id: await next('foranstaltning', 'foranstaltning_id'), sag_id: caseId, paragraf_kode: code, afgoerelse_dato: day, start_dato: day, slut_dato: null });
        }
      }
      const assessment = await next('ics_undersoegelse', 'undersoegelse_id');
      await db('ics_undersoegelse').insert({ undersoegelse_id: assessment, barn_id: ref.barn_id, paragraf_kode: 'SEL-50', startet_dato: day, afsluttet_dato: day });
      await db('ics_dimension_vurdering').insert({ vurdering_id: await next('ics_dimension_vurdering', 'vurdering_id'), undersoegelse_id: assessment, dimension_kode: 'BARN_SUNDHED', bekymring: true });
      await db('adresse_historik').insert({ adresse_id: await next('adresse_historik', 'adresse_id'), familie_id: ref.familie_id, gyldig_fra: day, flytte_kode: 'FLYTNING', vejnavn: 'Testvej', husnummer: '1', postnummer: '8000', bynavn: 'Aarhus C' });
      // The household as it stood on `day` (a later change must not decide what the new row toggles).
      const single = await db('husstand_historik').where('familie_id', ref.familie_id).andWhere('gyldig_fra', '<=', day).orderBy([{ column: 'gyldig_fra', order: 'desc' }, { column: 'husstand_id', order: 'desc' }]).first('enlig_forsoerger');
      await db('husstand_historik').insert({ husstand_id: await next('husstand_historik', 'husstand_id'), familie_id: ref.familie_id, gyldig_fra: day, antal_voksne: 1, enlig_forsoerger: !single.enlig_forsoerger });
    }

    const pickReferral = (skip: number) =>
      seeded.population.studyReferrals.filter((r) => seeded.population.children.filter((c) => c.familyId === r.familyId).length > 1 && r.date < '2024-06-01')[skip]!;

    it('ignores a referral, measures, a placement, an assessment, a case, a move and a household change one day after', async () => {
      const r = pickReferral(0);
      const before = (await extractor.extract(r.id)).features;
      expect(before).to.deep.equal(r.features);
      await addRecordsAround(r.id, 1);
      expect((await extractor.extract(r.id)).features).to.deep.equal(before);
    });

    it('ignores a sibling referral received later on the same day', async () => {
      const r = pickReferral(1);
      const before = (await extractor.extract(r.id)).features;
      await addRecordsAround(r.id, 0, 1);
      const after = (await extractor.extract(r.id)).features;
      expect(after.sibling_referrals_total).to.equal(before.sibling_referrals_total);
      expect(after.prior_referrals_total).to.equal(before.prior_referrals_total);
    });

    it('keeps every feature of every referral when columns that change are changed after the referral (cases and measures ended, running assessments completed, a case id written onto each referral, addresses ended)', async () => {
      const ids = seeded.population.referrals.map((r) => r.id);
      const before = await extractor.extractBatch(ids);
      const later = '2031-06-30';
      const open = (await db('sag').whereNull('afsluttet_dato').count({ n: '*' }).first())!.n;
      expect(Number(open), 'the seed has cases still open, so the change below is real').to.be.greaterThan(0);
      await db('sag').whereNull('afsluttet_dato').update({ afsluttet_dato: later });
      await db('foranstaltning').whereNull('slut_dato').update({ slut_dato: later });
      await db('ics_undersoegelse').whereNull('afsluttet_dato').update({ afsluttet_dato: later });
      await db('adresse_historik').whereNull('gyldig_til').update({ gyldig_til: later });
      const firstCase = (await db('sag').min({ id: 'sag_id' }).first())!.id;
      await db('underretning').update({ sag_id: firstCase });
      const after = await extractor.extractBatch(ids);
      expect(after.map((e) => e.features)).to.deep.equal(before.map((e) => e.features));
      expect(after.flatMap((e) => e.missing)).to.deep.equal([]);
    });

    it('counts the same records when they lie one day before (the test can tell)', async () => {
      const r = pickReferral(2);
      const before = (await extractor.extract(r.id)).features;
      await addRecordsAround(r.id, -1);
      const after = (await extractor.extract(r.id)).features;
      expect(after.prior_referrals_total).to.equal(before.prior_referrals_total! + 1);
      expect(after.sibling_referrals_12m).to.equal(before.sibling_referrals_12m! + 1);
      expect(after.prior_preventive_measures).to.equal(before.prior_preventive_measures! + 1);
      expect(after.prior_placements).to.equal(before.prior_placements! + 1);
      expect(after.sibling_placements).to.equal(before.sibling_placements! + 1);
      expect(after.open_case).to.equal(1);
      expect(after.household_moves_3y).to.equal(before.household_moves_3y! + 1);
      expect(after.single_parent_household).to.equal(1 - before.single_parent_household!);
      expect(after.ics_concerns_last_assessment).to.equal(1);
    });
  });
}
