// Where the product's own files are, wherever the command is run from.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_APPROVALS_FILE = path.join(PRODUCT_ROOT, 'models', 'approved-models.json');
export const DEMO_MODEL_DIR = path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'boosted-trees');
export const DEMO_CASES_FILE = path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'demo-cases.json');
