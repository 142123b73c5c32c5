// The reference host schema: what a DUBU-like child-welfare case system holds, with Danish table, column and
// code names as a Danish system would have them. No public DUBU schema exists, so this is our reference for the
// shipped mapping, the seed and the tests; a municipality's own system is reached through its own mapping.
//
// Dates are `date` columns (no time); the only instant is a referral's `modtaget_tid` (received at), a
// `datetime`. On SQLite both are stored as ISO text ('2023-04-05', '2023-04-05 10:15:00'); on SQL Server as
// date / datetime2. Indexes serve the feature queries: every history table is indexed by the key the
// adapters look up (child, case, family) followed by the date the point-in-time cut compares.
import type { Knex } from 'knex';

export const name = '001-reference-host-schema';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('kode_underretningskilde', (t) => {
    t.string('kilde_kode', 40).primary();
    t.string('betegnelse', 200).notNullable();
  });
  await knex.schema.createTable('kode_paragraf', (t) => {
    t.string('paragraf_kode', 20).primary();
    t.string('lov', 10).notNullable(); // SEL (Serviceloven) or BL (Barnets Lov)
    t.string('paragraf', 40).notNullable(); // e.g. '§ 52, stk. 3, nr. 7'
    t.string('betegnelse', 200).notNullable();
    t.date('gyldig_fra');
    t.date('gyldig_til');
  });
  await knex.schema.createTable('kode_ics_dimension', (t) => {
    t.string('dimension_kode', 40).primary();
    t.string('trekantside', 40).notNullable(); // BARNETS_UDVIKLING, FORAELDREKOMPETENCER, FAMILIE_OG_NETVAERK
    t.string('betegnelse', 200).notNullable();
  });

  await knex.schema.createTable('familie', (t) => {
    t.integer('familie_id').primary();
    t.date('oprettet_dato').notNullable();
  });
  await knex.schema.createTable('person', (t) => {
    t.integer('person_id').primary();
    t.string('cpr_nr', 11);
    t.string('fornavn', 100).notNullable();
    t.string('efternavn', 100).notNullable();
    t.date('foedselsdato').notNullable();
    t.string('statsborgerskab', 40); // held by the host; a mapping that reads it is refused
    t.index(['cpr_nr'], 'ix_person_cpr');
  });
  await knex.schema.createTable('barn', (t) => {
    t.integer('barn_id').primary();
    t.integer('familie_id').notNullable().references('familie_id').inTable('familie');
    // Null while the child is unborn; indexed, not unique, since SQL Server's unique constraint allows one null.
    t.string('cpr_nr', 11);
    t.string('fornavn', 100);
    t.string('efternavn', 100).notNullable();
    t.date('foedselsdato');
    t.date('termin_dato');
    t.string('koen', 1); // 'M' / 'K'; held by the host; a mapping that reads it is refused
    t.index(['familie_id'], 'ix_barn_familie');
    t.index(['cpr_nr'], 'ix_barn_cpr');
  });
  await knex.schema.createTable('foraelder_relation', (t) => {
    t.integer('relation_id').primary();
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.integer('person_id').notNullable().references('person_id').inTable('person');
    t.string('relation_kode', 20).notNullable(); // MOR, FAR, MEDMOR
    t.boolean('foraeldremyndighed').notNullable();
    t.index(['barn_id'], 'ix_foraelder_relation_barn');
  });
  await knex.schema.createTable('husstand_historik', (t) => {
    t.integer('husstand_id').primary();
    t.integer('familie_id').notNullable().references('familie_id').inTable('familie');
    t.date('gyldig_fra').notNullable();
    t.integer('antal_voksne').notNullable();
    t.boolean('enlig_forsoerger').notNullable();
    t.index(['familie_id', 'gyldig_fra'], 'ix_husstand_familie_dato');
  });
  await knex.schema.createTable('adresse_historik', (t) => {
    t.integer('adresse_id').primary();
    t.integer('familie_id').notNullable().references('familie_id').inTable('familie');
    t.date('gyldig_fra').notNullable();
    t.date('gyldig_til');
    t.string('flytte_kode', 20).notNullable(); // TILFLYTNING (into the municipality), FLYTNING (a move)
    t.string('vejnavn', 100).notNullable();
    t.string('husnummer', 10).notNullable();
    t.string('postnummer', 4).notNullable();
    t.string('bynavn', 60).notNullable();
    t.index(['familie_id', 'gyldig_fra'], 'ix_adresse_familie_dato');
  });

  await knex.schema.createTable('sag', (t) => {
    t.integer('sag_id').primary();
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.string('sagsnummer', 30).notNullable();
    t.date('oprettet_dato').notNullable();
    t.date('afsluttet_dato');
    t.index(['barn_id', 'oprettet_dato'], 'ix_sag_barn_dato');
  });
  await knex.schema.createTable('underretning', (t) => {
    t.integer('underretning_id').primary();
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.datetime('modtaget_tid').notNullable();
    t.string('kilde_kode', 40).notNullable().references('kilde_kode').inTable('kode_underretningskilde');
    t.decimal('alvorlighed', 3, 1).notNullable(); // the screening's severity, 1.0 (concern) to 3.0 (acute)
    t.text('aarsag_tekst'); // free text: never a feature, never logged
    t.integer('sag_id').references('sag_id').inTable('sag');
    t.index(['barn_id', 'modtaget_tid'], 'ix_underretning_barn_tid');
  });
  await knex.schema.createTable('ics_undersoegelse', (t) => {
    t.integer('undersoegelse_id').primary();
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.integer('sag_id').references('sag_id').inTable('sag');
    t.integer('underretning_id').references('underretning_id').inTable('underretning');
    t.string('paragraf_kode', 20).notNullable().references('paragraf_kode').inTable('kode_paragraf'); // SEL-50 / BL-20
    t.date('startet_dato').notNullable();
    t.date('afsluttet_dato'); // null while the assessment runs
    t.index(['barn_id', 'afsluttet_dato'], 'ix_ics_undersoegelse_barn_dato');
  });
  await knex.schema.createTable('ics_dimension_vurdering', (t) => {
    t.integer('vurdering_id').primary();
    t.integer('undersoegelse_id').notNullable().references('undersoegelse_id').inTable('ics_undersoegelse');
    t.string('dimension_kode', 40).notNullable().references('dimension_kode').inTable('kode_ics_dimension');
    t.boolean('bekymring').notNullable();
    t.text('vurdering_tekst');
    t.index(['undersoegelse_id'], 'ix_ics_dimension_undersoegelse');
  });
  await knex.schema.createTable('foranstaltning', (t) => {
    t.integer('foranstaltning_id').primary();
    t.integer('sag_id').notNullable().references('sag_id').inTable('sag');
    t.string('paragraf_kode', 20).notNullable().references('paragraf_kode').inTable('kode_paragraf');
    t.date('afgoerelse_dato').notNullable();
    t.date('start_dato').notNullable();
    t.date('slut_dato');
    t.index(['sag_id', 'start_dato'], 'ix_foranstaltning_sag_dato');
  });
  await knex.schema.createTable('anbringelse', (t) => {
    t.integer('anbringelse_id').primary();
    t.integer('foranstaltning_id').notNullable().references('foranstaltning_id').inTable('foranstaltning');
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.string('anbringelsessted_kode', 30).notNullable(); // PLEJEFAMILIE, NETVAERKSPLEJE, DOEGNINSTITUTION, OPHOLDSSTED
    t.date('start_dato').notNullable();
    t.date('slut_dato');
    t.index(['barn_id', 'start_dato'], 'ix_anbringelse_barn_dato');
  });
  await knex.schema.createTable('trivselslineal_vurdering', (t) => {
    t.integer('trivsel_id').primary();
    t.integer('barn_id').notNullable().references('barn_id').inTable('barn');
    t.integer('sag_id').references('sag_id').inTable('sag');
    t.date('vurderings_dato').notNullable();
    t.string('omraade_kode', 40).notNullable(); // the five statutory areas of the child assessment
    t.integer('vaerdi').notNullable(); // 1–10, higher is better wellbeing (the default ruler)
    t.text('bekymringer_tekst');
    t.text('ressourcer_tekst');
    t.index(['barn_id', 'vurderings_dato'], 'ix_trivselslineal_barn_dato');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'trivselslineal_vurdering',
    'anbringelse',
    'foranstaltning',
    'ics_dimension_vurdering',
    'ics_undersoegelse',
    'underretning',
    'sag',
    'adresse_historik',
    'husstand_historik',
    'foraelder_relation',
    'barn',
    'person',
    'familie',
    'kode_ics_dimension',
    'kode_paragraf',
    'kode_underretningskilde',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
