// What the commands that read the host database share: the mapping file, validated against the model's
// features and the live database's tables and columns, and the model's feature list from model.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { readDatabaseCatalog } from '../../adapters/mapping/database-catalog';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import {
  mappingOrThrow,
  validateMapping,
  type MappingValidation,
  type ModelFeatureRequirement,
} from '../../adapters/mapping/mapping-validator';
import { BeslutningsstotteError } from '../errors';
import { parseModelManifest } from '../scoring/model-manifest';
import { PRODUCT_ROOT } from '../product-paths';

export const REFERENCE_MAPPING_FILE = path.join(PRODUCT_ROOT, 'adapters', 'mappings', 'reference-dubu.json');

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `the file ${file} could not be read` }, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `the file ${file} is not valid JSON` }, { cause });
  }
}

/** The features a model package declares (from model.json alone: no ONNX session is started). */
export function modelFeatureRequirements(modelDir: string): { id: string; version: string; features: ModelFeatureRequirement[] } {
  const file = path.join(modelDir, 'model.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new BeslutningsstotteError('MODEL_PACKAGE_MISSING', { dir: modelDir, detail: 'model.json cannot be read' }, { cause });
  }
  const manifest = parseModelManifest(text, modelDir);
  return { id: manifest.id, version: manifest.version, features: manifest.features.map((f) => ({ name: f.name, kind: f.kind })) };
}

/** Tables a mapping names (only call on a mapping the schema accepted: the names are plain identifiers). */
export function tablesOf(mapping: FieldMapping): string[] {
  const tables = [mapping.referral.table, mapping.child.table];
  for (const f of Object.values(mapping.features)) {
    if (f.source) tables.push(f.source.table);
    for (const j of f.joins ?? []) tables.push(j.table);
    if (f.aggregate.fn === 'latest' && typeof f.aggregate.value === 'object') tables.push(f.aggregate.value.countOf.table);
  }
  return [...new Set(tables)];
}

/**
 * Validates a mapping in full: schema and refusals first (before any name reaches the database), then the
 * rules, with the live database's catalog.
 */
export async function validateMappingOnDatabase(raw: unknown, db: Knex, features: readonly ModelFeatureRequirement[]): Promise<MappingValidation> {
  const first = validateMapping(raw, { features });
  if (!first.mapping || first.unsafe.length > 0 || first.refusals.length > 0) return first;
  const catalog = await readDatabaseCatalog(db, tablesOf(first.mapping), first.mapping.schema);
  return validateMapping(raw, { features, catalog });
}

/** The mapping, or the refusal / problem list as an error. */
export async function loadMapping(file: string, db: Knex, features: readonly ModelFeatureRequirement[]): Promise<FieldMapping> {
  const raw = readJsonFile(file);
  return mappingOrThrow(await validateMappingOnDatabase(raw, db, features), file);
}
