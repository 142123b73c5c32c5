// The shipped reference mapping, validated, for tests.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assertValidMapping } from '../../adapters/mapping/mapping-validator';
import type { FieldMapping } from '../../adapters/mapping/mapping-schema';
import { REPO_ROOT } from './model-packages';

export const REFERENCE_MAPPING_FILE = path.join(REPO_ROOT, 'adapters', 'mappings', 'reference-dubu.json');

export const referenceMapping = (): FieldMapping =>
  assertValidMapping(JSON.parse(readFileSync(REFERENCE_MAPPING_FILE, 'utf8')), REFERENCE_MAPPING_FILE);
