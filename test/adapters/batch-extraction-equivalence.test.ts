// Property: the set-based extraction a batch uses (referrals in slices, one query per record group per slice,
// each slice cut at its latest referral and every referral then cut at its own received moment) gives exactly
// the features, missing values and unknown codes of the one-referral path, on random host data; and whatever the
// host records or changes after a moment never alters the features of a referral received up to it.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { FeatureExtractor, type ExtractedReferral } from '../../adapters/extraction/feature-extractor';
import { toIsoInstant } from '../../adapters/point-in-time';
import { seedReferenceDatabase } from '../../adapters/reference-schema/seed-database';
import { openSqlite } from '../helpers/seeded-database';
import { referenceMapping } from '../helpers/reference-mapping';

/** A record the host adds (or a change it makes), placed relative to the pivot moment. */
interface Edit {
  readonly kind: 'referral' | 'measure' | 'case' | 'assessment' | 'move' | 'household' | 'close' | 'case-on-referrals';
  readonly child: number;
  /** Days from the pivot's day (negative: before it; 0: the same day, which for an instant means minutes below). */
  readonly days: number;
  /** Minutes from the pivot's instant, for instants on the pivot's day (negative: earlier that day). */
  readonly minutes: number;
  /** Index into the kind's codes, the last of which the mapping does not know. */
  readonly code: number;
  readonly flag: boolean;
}

const SOURCES = ['SKOLE', 'POLITI', 'SUNDHEDSPLEJE', 'FORAELDRE', 'ANONYM', 'BORGER', 'NY_KILDE'];
const PARAGRAPHS = ['SEL-52-3-3', 'SEL-58', 'BL-32-1-1', 'BL-46', 'SEL-50', 'SEL-99'];
const MOVES = ['FLYTNING', 'TILFLYTNING', 'UKENDT_FLYT'];
const DIMENSIONS = ['BARN_SUNDHED', 'BARN_SKOLEGANG', 'BARN_RELATIONER'];

const editOf: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('referral', 'measure', 'case', 'assessment', 'move', 'household', 'close', 'case-on-referrals'),
  child: fc.nat({ max: 10_000 }),
  days: fc.oneof(fc.integer({ min: -800, max: 800 }), fc.integer({ min: -2, max: 2 })),
  minutes: fc.integer({ min: -600, max: 600 }),
  code: fc.nat({ max: 100 }),
  flag: fc.boolean(),
});

const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const shiftInstant = (instant: string, days: number, minutes: number) =>
  new Date(Date.parse(`${instant.replace(' ', 'T')}Z`) + days * 86_400_000 + minutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');

/** Whether an edit is wholly after the pivot moment (so no referral received up to it may see it). */
function isAfter(edit: Edit): boolean {
  if (edit.kind === 'close' || edit.kind === 'case-on-referrals') return true; // changes that happen later by construction
  if (edit.kind === 'referral') return edit.days > 0 || (edit.days === 0 && edit.minutes > 0);
  return edit.days >= 0; // a record dated on the pivot's day cannot be shown to precede a referral of that day
}

async function applyEdit(db: Knex, edit: Edit, pivot: { instant: string; day: string }, children: ReadonlyArray<{ barn_id: number; familie_id: number }>): Promise<void> {
  const child = children[edit.child % children.length]!;
  const day = shiftDay(pivot.day, edit.days);
  const next = async (table: string, id: string) => Number((await db(table).max({ m: id }).first())!.m ?? 0) + 1;
  const pick = <T>(codes: readonly T[]) => codes[edit.code % codes.length]!;
  switch (edit.kind) {
    case 'referral':
      await db('underretning').insert({
        underretning_id: await next('underretning', 'underretning_id'),
        barn_id: child.barn_id,
        modtaget_tid: edit.days === 0 ? shiftInstant(pivot.instant, 0, edit.minutes) : `${day} ${String(8 + (edit.code % 10)).padStart(2, '0')}:15:00`,
        kilde_kode: pick(SOURCES),
        alvorlighed: 1 + (edit.code % 3),
        aarsag_tekst: null,
      });
      return;
    case 'case':
    case 'measure': {
      const caseId = await next('sag', 'sag_id');
      await db('sag').insert({ sag_id: caseId, barn_id: child.barn_id, sagsnummer: 'P-1', oprettet_dato: day, afsluttet_dato: edit.flag ? null : shiftDay(day, 30 + edit.code) });
      if (edit.kind === 'measure') {
        await db('foranstaltning').insert({ foranstaltning_id: await next('foranstaltning', 'foranstaltning_id'), sag_id: caseId, paragraf_kode: pick(PARAGRAPHS), afgoerelse_dato: day, start_dato: day, slut_dato: null });
      }
      return;
    }
    case 'assessment': {
      const id = await next('ics_undersoegelse', 'undersoegelse_id');
      await db('ics_undersoegelse').insert({ undersoegelse_id: id, barn_id: child.barn_id, paragraf_kode: 'SEL-50', startet_dato: shiftDay(day, -20), afsluttet_dato: day });
      for (let i = 0; i <= edit.code % 3; i++) {
        await db('ics_dimension_vurdering').insert({ vurdering_id: await next('ics_dimension_vurdering', 'vurdering_id'), undersoegelse_id: id, dimension_kode: DIMENSIONS[(edit.code + i) % DIMENSIONS.length]!, bekymring: edit.flag || i === 0 });
      }
      return;
    }
    case 'move':
      await db('adresse_historik').insert({ adresse_id: await next('adresse_historik', 'adresse_id'), familie_id: child.familie_id, gyldig_fra: day, flytte_kode: pick(MOVES), vejnavn: 'Prøvevej', husnummer: '2', postnummer: '8000', bynavn: 'Aarhus C' });
      return;
    case 'household':
      await db('husstand_historik').insert({ husstand_id: await next('husstand_historik', 'husstand_id'), familie_id: child.familie_id, gyldig_fra: day, antal_voksne: edit.flag ? 1 : 2, enlig_forsoerger: edit.flag });
      return;
    case 'close': {
      // Open cases, measures, running assessments and current addresses closed on a day after the pivot's.
      const later = shiftDay(pivot.day, 1 + Math.abs(edit.days));
      await db('sag').whereNull('afsluttet_dato').andWhere('barn_id', child.barn_id).update({ afsluttet_dato: later });
      await db('foranstaltning').whereNull('slut_dato').update({ slut_dato: later });
      await db('ics_undersoegelse').whereNull('afsluttet_dato').update({ afsluttet_dato: later });
      await db('adresse_historik').whereNull('gyldig_til').andWhere('familie_id', child.familie_id).update({ gyldig_til: later });
      return;
    }
    case 'case-on-referrals': {
      const someCase = await db('sag').where('barn_id', child.barn_id).first('sag_id');
      if (someCase) await db('underretning').where('barn_id', child.barn_id).update({ sag_id: someCase.sag_id });
      return;
    }
  }
}

/** What the score rests on: values, missing features and unknown codes (provenance is the panel's, not compared). */
const essence = (e: ExtractedReferral) => ({ id: e.referralId, receivedAt: e.receivedAt, age: e.age, features: e.features, missing: [...e.missing], unknownCodes: e.unknownCodes });

describe('batch extraction: the set-based path equals the one-referral path, as of each referral\'s received moment', function () {
  this.timeout(180_000);
  let dir: string;
  let base: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'bs-batch-equivalence-'));
    base = path.join(dir, 'base.sqlite');
    const db = openSqlite(base);
    try {
      await seedReferenceDatabase(db, { seed: 5150, referrals: 90 });
      // Codes the host has and the mapping does not know (a new source, a new paragraph): explicit unknown states.
      await db('kode_underretningskilde').insert({ kilde_kode: 'NY_KILDE', betegnelse: 'Ny kilde' });
      await db('kode_paragraf').insert({ paragraf_kode: 'SEL-99', lov: 'SEL', paragraf: '§ 99', betegnelse: 'Ukendt' });
    } finally {
      await db.destroy();
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same features in random slices and orders as one at a time, and nothing recorded or changed after a referral alters it', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        fc.array(editOf, { minLength: 1, maxLength: 14 }),
        fc.integer({ min: 1, max: 45 }),
        fc.integer({ min: 1, max: 45 }),
        fc.nat(),
        async (pivotIndex, edits, sliceA, sliceB, shuffleSeed) => {
          const file = path.join(dir, `run-${run++}.sqlite`);
          copyFileSync(base, file);
          const db = openSqlite(file);
          try {
            const extractor = new FeatureExtractor(db, referenceMapping());
            const referrals = (await db('underretning').orderBy([{ column: 'modtaget_tid' }, { column: 'underretning_id' }]).select('underretning_id', 'modtaget_tid')) as Array<{ underretning_id: number; modtaget_tid: string }>;
            const children = (await db('barn').orderBy('barn_id').select('barn_id', 'familie_id')) as Array<{ barn_id: number; familie_id: number }>;
            const instant = toIsoInstant(referrals[pivotIndex % referrals.length]!.modtaget_tid)!;
            const pivot = { instant, day: instant.slice(0, 10) };

            for (const edit of edits.filter((e) => !isAfter(e))) await applyEdit(db, edit, pivot, children);
            const upToPivot = ((await db('underretning').select('underretning_id', 'modtaget_tid')) as Array<{ underretning_id: number; modtaget_tid: string }>)
              .filter((r) => toIsoInstant(r.modtaget_tid)! <= pivot.instant)
              .map((r) => r.underretning_id);
            const before = (await extractor.extractBatch(upToPivot, { sliceSize: sliceA })).map(essence);
            expect(before.map((e) => Number(e.id))).to.deep.equal(upToPivot);

            for (const edit of edits.filter(isAfter)) await applyEdit(db, edit, pivot, children);
            const later = (await extractor.extractBatch(upToPivot, { sliceSize: sliceB })).map(essence);
            expect(later, 'features of referrals received up to the moment, after later records and changes').to.deep.equal(before);

            // Every referral now in the host (those added too), in a shuffled order and random slices, against one at a time.
            const all = ((await db('underretning').pluck('underretning_id')) as number[]).map((id, i, ids) => ids[(i * 7919 + shuffleSeed) % ids.length]!);
            const unique = [...new Set(all)];
            const batch = (await extractor.extractBatch(unique, { sliceSize: sliceA })).map(essence);
            const single: ReturnType<typeof essence>[] = [];
            for (const id of unique) single.push(essence(await extractor.extract(id)));
            expect(batch).to.deep.equal(single);
          } finally {
            await db.destroy();
            rmSync(file, { force: true });
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
