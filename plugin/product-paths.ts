// Where the product's own files are, wherever it is run from: the one home of these paths, which the server,
// the panel, the follow-up report, the adapters and the command line all import (nothing here reads a file).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_APPROVALS_FILE = path.join(PRODUCT_ROOT, 'models', 'approved-models.json');
export const DEMO_MODEL_DIR = path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'boosted-trees');
export const DEMO_CASES_FILE = path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'demo-cases.json');
/** The embedded database's default file (host tables of the demo, and the plugin's own tables). */
export const DEFAULT_SQLITE_FILE = path.join(PRODUCT_ROOT, 'var', 'beslutningsstotte.sqlite');
/** The field mapping for the reference schema (the demo host's tables), the default of every command. */
export const REFERENCE_MAPPING_FILE = path.join(PRODUCT_ROOT, 'adapters', 'mappings', 'reference-dubu.json');
/** The validation report's template, style and threshold switch. */
export const VALIDATION_TEMPLATES_DIR = path.join(PRODUCT_ROOT, 'templates', 'validation');
/** The entry of a batch run's extraction worker threads (it registers tsx's loader, then loads the TypeScript worker). */
export const BATCH_EXTRACTION_WORKER_FILE = path.join(PRODUCT_ROOT, 'plugin', 'batch', 'extraction-worker-bootstrap.mjs');
