// A mapping checked in full against the live host database: schema and refusals first (before any name reaches
// the database), then the rules with the database's catalog of the tables the mapping names (the panel's part
// and the follow-up report's part).
import type { Knex } from 'knex';
import { readDatabaseCatalog } from './database-catalog';
import { followUpTablesOf } from './follow-up-mapping-rules';
import { outcomeTablesOf } from './outcome-mapping-rules';
import { cprContentRefusals } from './protected-content-check';
import type { FieldMapping } from './mapping-schema';
import { validateMapping, type MappingValidation, type ModelFeatureRequirement } from './mapping-validator';

/** Tables the panel's part of a mapping names (only call on a mapping the schema accepted: the names are plain identifiers). */
export function tablesOf(mapping: FieldMapping): string[] {
  const tables = [mapping.referral.table, mapping.child.table];
  for (const f of Object.values(mapping.features)) {
    if (f.source) tables.push(f.source.table);
    for (const j of f.joins ?? []) tables.push(j.table);
    if (f.aggregate.fn === 'latest' && typeof f.aggregate.value === 'object' && 'countOf' in f.aggregate.value) tables.push(f.aggregate.value.countOf.table);
  }
  for (const a of Object.values(mapping.evaluationOnly?.attributes ?? {})) tables.push(a.table);
  return [...new Set(tables)];
}

/** Every table the mapping names, every part. */
export function allTablesOf(mapping: FieldMapping): string[] {
  return [...new Set([...tablesOf(mapping), ...followUpTablesOf(mapping), ...outcomeTablesOf(mapping)])];
}

/**
 * Validates a mapping in full; without `features` the feature names are not checked against a model. After the
 * names, the content of the columns it reads (CPR numbers), so that a renamed or view-wrapped CPR column is
 * refused too.
 */
export async function validateMappingOnDatabase(raw: unknown, db: Knex, features?: readonly ModelFeatureRequirement[]): Promise<MappingValidation> {
  const first = validateMapping(raw, features ? { features } : {});
  if (!first.mapping || first.unsafe.length > 0 || first.refusals.length > 0) return first;
  const catalog = await readDatabaseCatalog(db, allTablesOf(first.mapping), first.mapping.schema);
  const second = validateMapping(raw, features ? { features, catalog } : { catalog });
  if (!second.mapping || second.unsafe.length > 0 || second.refusals.length > 0) return second;
  // A refusal outranks the problems: a CPR column read for something else is refused even in a mapping with other
  // problems, so fixing those first never hides it.
  return { ...second, refusals: await cprContentRefusals(db, second.mapping) };
}
