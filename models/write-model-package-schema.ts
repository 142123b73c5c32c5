// Publishes the model package JSON Schema for editors and suppliers: `npm run schemas:write`.
// A test keeps models/model-package.schema.json equal to what this writes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelPackageSchema } from '../plugin/scoring/model-package-schema';

export const MODEL_PACKAGE_SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'model-package.schema.json');

export function modelPackageSchemaText(): string {
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...ModelPackageSchema }, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(MODEL_PACKAGE_SCHEMA_FILE, modelPackageSchemaText());
  console.log(`wrote ${MODEL_PACKAGE_SCHEMA_FILE}`);
}
