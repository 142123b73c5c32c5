// The error registry, its types and the documented table of codes stay in step.
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BeslutningsstotteError, ERROR_CODES, type ErrorCode } from '../plugin/errors';
import { REPO_ROOT } from './helpers/model-packages';

describe('the error registry', () => {
  const doc = readFileSync(path.join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
  const documented = new Map(
    [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const),
  );

  it('documents every code with its HTTP status, and nothing else', () => {
    const registry = new Map(Object.entries(ERROR_CODES).map(([code, spec]) => [code, spec.status] as const));
    expect(Object.fromEntries(documented)).to.deep.equal(Object.fromEntries(registry));
  });

  it('fills every placeholder of each message from the details given', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const names = [...ERROR_CODES[code].template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const error = new BeslutningsstotteError(code, Object.fromEntries(names.map((n) => [n, `<${n}>`])));
      expect(error.message, code).to.not.match(/\{\w+\}/);
      expect(error.code).to.equal(code);
      expect(error.status).to.equal(ERROR_CODES[code].status);
    }
  });
});
