// The child's age as a real host records it, end to end on the seeded SQLite reference database with the
// shipped mapping and the demo model: an unborn child has no CPR number, only an expected date of birth, and is
// scored in the unborn band with the parent's age at that date; a born child without a usable CPR number is
// "age unknown", never "unborn"; a person of 18 or more is never scored.
import { expect } from 'chai';
import { copyFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { FeatureExtractor } from '../../adapters/extraction/feature-extractor';
import { exactAgeYears } from '../../plugin/calendar-age';
import { DEFAULT_APPROVALS_FILE, PRODUCT_ROOT } from '../../plugin/product-paths';
import { createHostReferralSource } from '../../plugin/panel/host-referral-source';
import { buildRiskPanel, type RiskPanelDeps } from '../../plugin/panel/risk-panel-service';
import { readApprovalList } from '../../plugin/scoring/model-approval';
import { loadModelPackage, type LoadedModelPackage } from '../../plugin/scoring/model-package-loader';
import type { FlagRepository } from '../../plugin/storage/flag-repository';
import { referenceMapping } from '../helpers/reference-mapping';
import { openSqlite, sharedSeededDatabase, tempSqliteFile } from '../helpers/seeded-database';

const noFlags = { forReferral: async () => [] } as unknown as FlagRepository;

describe('the child’s age as the host records it (seeded SQLite, shipped mapping, demo model)', () => {
  let db: Knex;
  let model: LoadedModelPackage;
  let deps: RiskPanelDeps;
  let extractor: FeatureExtractor;
  let own: string;

  before(async () => {
    const { file } = await sharedSeededDatabase();
    // A copy of the shared database: these tests change rows.
    own = tempSqliteFile('bs-child-age-');
    copyFileSync(file, own);
    db = openSqlite(own);
    model = await loadModelPackage(path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'boosted-trees'), {
      approvals: readApprovalList(DEFAULT_APPROVALS_FILE),
    });
    deps = { model, modelErrorCode: null, data: createHostReferralSource(db, referenceMapping()), flags: noFlags };
    extractor = new FeatureExtractor(db, referenceMapping());
  });
  after(async () => {
    await model?.runtime.release();
    await db?.destroy();
    if (own) rmSync(path.dirname(own), { recursive: true, force: true });
  });

  /** Referrals about children the host has no CPR number for, with the child's expected date of birth. */
  const withoutCpr = () =>
    db('underretning as u')
      .join('barn as b', 'b.barn_id', 'u.barn_id')
      .whereNull('b.cpr_nr')
      .select({ id: 'u.underretning_id', child: 'b.barn_id', received: 'u.modtaget_tid', due: 'b.termin_dato' })
      .orderBy('u.underretning_id') as Promise<Array<{ id: number; child: number; received: string; due: string | null }>>;

  it('the seed holds unborn referrals without a CPR number, each with an expected date of birth', async () => {
    const rows = await withoutCpr();
    expect(rows.length).to.be.greaterThan(0);
    for (const r of rows) {
      expect(r.due).to.be.a('string');
      expect(r.due! > String(r.received).slice(0, 10)).to.equal(true);
    }
  });

  it('scores an unborn referral without a CPR number in the unborn band, with the parent’s age at the expected date of birth', async () => {
    const [r] = await withoutCpr();
    const extracted = await extractor.extract(r!.id);
    expect(extracted.age).to.include({ state: 'unborn', by: 'expected-birth', expectedBirthDate: r!.due });
    expect(extracted.features.unborn).to.equal(1);
    expect(extracted.features.age_years).to.equal(0);
    const parents: Array<{ born: string }> = await db('foraelder_relation as f').join('person as p', 'p.person_id', 'f.person_id').where('f.barn_id', r!.child).select({ born: 'p.foedselsdato' });
    const youngest = Math.min(...parents.map((p) => exactAgeYears(p.born, r!.due!, 1)));
    expect(extracted.features.parent_age_at_birth).to.equal(youngest);

    const outcome = await buildRiskPanel(deps, String(r!.id));
    if (outcome.kind !== 'score') throw new Error(`expected a score, got ${outcome.kind}`);
    expect(outcome.score.ageBand).to.equal('unborn');
  });

  it('takes the parent’s age at the expected date of birth: moving the date moves the age', async () => {
    const [r] = await withoutCpr();
    const before = (await extractor.extract(r!.id)).features.parent_age_at_birth!;
    const due = r!.due!;
    const later = new Date(Date.parse(`${due}T00:00:00Z`) + 120 * 86_400_000).toISOString().slice(0, 10);
    await db('barn').where('barn_id', r!.child).update({ termin_dato: later });
    try {
      const after = (await extractor.extract(r!.id)).features.parent_age_at_birth!;
      expect(after).to.be.closeTo(before + 0.3, 0.11);
    } finally {
      await db('barn').where('barn_id', r!.child).update({ termin_dato: due });
    }
  });

  /** A born child (a referral after its birth) with its CPR number replaced by `cpr`. */
  async function bornChildWithCpr(cpr: string | null, skip: number): Promise<{ id: number; restore: () => Promise<void> }> {
    const row = await db('underretning as u')
      .join('barn as b', 'b.barn_id', 'u.barn_id')
      .whereNotNull('b.cpr_nr')
      .andWhere('b.foedselsdato', '<', db.raw('substr(u.modtaget_tid, 1, 10)'))
      .orderBy('u.underretning_id')
      .offset(skip)
      .first({ id: 'u.underretning_id', child: 'b.barn_id', cpr: 'b.cpr_nr' });
    await db('barn').where('barn_id', row.child).update({ cpr_nr: cpr });
    return { id: row.id, restore: () => db('barn').where('barn_id', row.child).update({ cpr_nr: row.cpr }) };
  }

  for (const [what, cpr] of [
    ['no CPR number', null],
    ['a replacement number with letters (erstatningsnummer)', '010190-AB12'],
    ['a number whose date does not exist', '310290-1234'],
  ] as const) {
    it(`gives a born child with ${what} the state "age unknown", not "unborn"`, async () => {
      const child = await bornChildWithCpr(cpr, 3);
      try {
        const extracted = await extractor.extract(child.id);
        expect(extracted.age.state).to.equal('unknown');
        expect(extracted.features).to.not.have.property('unborn');
        expect(extracted.missing).to.include.members(['age_years', 'unborn']);
        const outcome = await buildRiskPanel(deps, String(child.id));
        expect(outcome.kind).to.equal('age-unknown');
      } finally {
        await child.restore();
      }
    });
  }

  it('never scores a person who was 18 or older when the referral was received, and keeps the true age (no cap)', async () => {
    const row = await db('underretning as u')
      .join('barn as b', 'b.barn_id', 'u.barn_id')
      .whereNotNull('b.cpr_nr')
      .orderBy('u.underretning_id')
      .first({ id: 'u.underretning_id', child: 'b.barn_id', cpr: 'b.cpr_nr', born: 'b.foedselsdato', received: 'u.modtaget_tid' });
    const referralDate = String(row.received).slice(0, 10);
    // Born exactly 18 years before the referral date: the 18th birthday is the referral's day.
    const born = `${Number(referralDate.slice(0, 4)) - 18}${referralDate.slice(4)}`;
    const cpr = `${born.slice(8, 10)}${born.slice(5, 7)}${born.slice(2, 4)}-${Number(born.slice(0, 4)) < 2000 ? '1' : '4'}234`;
    await db('barn').where('barn_id', row.child).update({ cpr_nr: cpr });
    try {
      const extracted = await extractor.extract(row.id);
      expect(extracted.age).to.include({ state: 'adult', completedYears: 18 });
      expect(extracted.features.age_years).to.equal(18);
      const outcome = await buildRiskPanel(deps, String(row.id));
      expect(outcome.kind).to.equal('adult-at-referral');
    } finally {
      await db('barn').where('barn_id', row.child).update({ cpr_nr: row.cpr });
    }
  });

  it('scores the same child the day before its 18th birthday', async () => {
    const row = await db('underretning as u')
      .join('barn as b', 'b.barn_id', 'u.barn_id')
      .whereNotNull('b.cpr_nr')
      .orderBy('u.underretning_id')
      .first({ id: 'u.underretning_id', child: 'b.barn_id', cpr: 'b.cpr_nr', received: 'u.modtaget_tid' });
    const referralDate = String(row.received).slice(0, 10);
    const next = new Date(Date.parse(`${referralDate}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const born = `${Number(next.slice(0, 4)) - 18}${next.slice(4)}`;
    const cpr = `${born.slice(8, 10)}${born.slice(5, 7)}${born.slice(2, 4)}-${Number(born.slice(0, 4)) < 2000 ? '1' : '4'}234`;
    await db('barn').where('barn_id', row.child).update({ cpr_nr: cpr });
    // The parents must be older than the child: born 25 years before it.
    const parents: Array<{ id: number; born: string }> = await db('foraelder_relation as f').join('person as p', 'p.person_id', 'f.person_id').where('f.barn_id', row.child).select({ id: 'p.person_id', born: 'p.foedselsdato' });
    for (const p of parents) await db('person').where('person_id', p.id).update({ foedselsdato: `${Number(born.slice(0, 4)) - 25}${born.slice(4)}` });
    try {
      const extracted = await extractor.extract(row.id);
      expect(extracted.age).to.include({ state: 'born', completedYears: 17 });
      expect(extracted.features.age_years).to.equal(17.99);
      const outcome = await buildRiskPanel(deps, String(row.id));
      if (outcome.kind !== 'score') throw new Error(`expected a score, got ${outcome.kind}`);
      expect(outcome.score.ageBand).to.equal('14-17');
    } finally {
      await db('barn').where('barn_id', row.child).update({ cpr_nr: row.cpr });
      for (const p of parents) await db('person').where('person_id', p.id).update({ foedselsdato: p.born });
    }
  });
});
