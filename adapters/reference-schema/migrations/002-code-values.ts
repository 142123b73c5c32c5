// Fills the code tables of the reference host schema from ../code-values.
import type { Knex } from 'knex';
import { ICS_DIMENSIONS, PARAGRAPH_CODES, REFERRAL_SOURCE_CODES, BARNETS_LOV_FROM } from '../code-values';

export const name = '002-code-values';

export async function up(knex: Knex): Promise<void> {
  await knex('kode_underretningskilde').insert(
    Object.values(REFERRAL_SOURCE_CODES).flatMap((codes) => codes.map((c) => ({ kilde_kode: c.code, betegnelse: c.label }))),
  );
  await knex('kode_paragraf').insert(
    PARAGRAPH_CODES.map((p) => ({
      paragraf_kode: p.code,
      lov: p.law,
      paragraf: p.paragraph,
      betegnelse: p.label,
      gyldig_fra: p.law === 'BL' ? BARNETS_LOV_FROM : null,
      gyldig_til: p.law === 'SEL' ? '2023-12-31' : null,
    })),
  );
  await knex('kode_ics_dimension').insert(
    ICS_DIMENSIONS.map((d) => ({ dimension_kode: d.code, trekantside: d.side, betegnelse: d.label })),
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('kode_ics_dimension').del();
  await knex('kode_paragraf').del();
  await knex('kode_underretningskilde').del();
}
