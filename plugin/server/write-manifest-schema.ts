// `npx tsx plugin/server/write-manifest-schema.ts`: writes manifest.schema.json from the TypeBox schema.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PRODUCT_ROOT } from '../product-paths';
import { PluginManifestSchema } from './plugin-manifest-schema';

export const PUBLISHED_MANIFEST_SCHEMA = path.join(PRODUCT_ROOT, 'manifest.schema.json');
export const manifestSchemaText = () => `${JSON.stringify(PluginManifestSchema, null, 2)}\n`;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(PRODUCT_ROOT, 'plugin/server/write-manifest-schema.ts')) {
  writeFileSync(PUBLISHED_MANIFEST_SCHEMA, manifestSchemaText());
}
