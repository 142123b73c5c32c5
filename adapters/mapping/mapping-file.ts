// A field mapping file, validated against the model's features and the live database's tables and columns: the
// mapping a command or the server uses, or the refusal / problem list as one typed error.
import type { Knex } from 'knex';
import { readJsonFile } from '../../plugin/json-file';
import { validateMappingOnDatabase } from './mapping-on-database';
import type { FieldMapping } from './mapping-schema';
import { mappingOrThrow, type ModelFeatureRequirement } from './mapping-validator';

/** Without `features` the feature names are not checked. */
export async function loadMapping(file: string, db: Knex, features?: readonly ModelFeatureRequirement[]): Promise<FieldMapping> {
  return mappingOrThrow(await validateMappingOnDatabase(readJsonFile(file), db, features), file);
}
