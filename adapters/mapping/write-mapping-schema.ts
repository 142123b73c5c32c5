// Writes adapters/mapping.schema.json from the TypeBox schema (`npx tsx adapters/mapping/write-mapping-schema.ts`);
// a test fails when the published file and the schema differ.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MappingSchema } from './mapping-schema';

export const PUBLISHED_MAPPING_SCHEMA = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'mapping.schema.json');

export function publishedMappingSchemaText(): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...MappingSchema }, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(PUBLISHED_MAPPING_SCHEMA, publishedMappingSchemaText());
}
