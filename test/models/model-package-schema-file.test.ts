// The published JSON Schema for model.json is the one the loader enforces.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { MODEL_PACKAGE_SCHEMA_FILE, modelPackageSchemaText } from '../../models/write-model-package-schema';

describe('models/model-package.schema.json', () => {
  it('equals the schema the loader compiles (run `npm run schemas:write` after changing it)', () => {
    expect(readFileSync(MODEL_PACKAGE_SCHEMA_FILE, 'utf8')).to.equal(modelPackageSchemaText());
  });
});
