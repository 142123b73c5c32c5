// `beslutningsstotte score`, run as a user would: arguments in, JSON lines out, errors with codes on stderr.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { runCli, tempFile } from '../helpers/cli';
import { FIXTURE_PACKAGES, REPO_ROOT, fixturePackage } from '../helpers/model-packages';

const APPROVED = path.join(FIXTURE_PACKAGES, 'approved-models.json');
const MODEL = fixturePackage('sklearn-logistic-binary');

const run = runCli;
const inputFile = tempFile;

describe('the score command', () => {
  it('prints one JSON object per referral with score, band, base value and sorted contributions', async () => {
    const file = inputFile('in.json', JSON.stringify([
      { id: 'a', x1: 5.1, x2: 3.5, x3: 1.4 },
      { id: 'b', features: { x1: 6.3, x2: 2.5, x3: 5 } },
    ]));
    const { code, out, err } = await run(['score', '--model', MODEL, '--input', file, '--approved', APPROVED]);
    expect(err).to.equal('');
    expect(code).to.equal(0);
    const lines = out.split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).to.deep.equal(['a', 'b']);
    for (const line of lines) {
      expect(line).to.include.keys('probability', 'score', 'ageBand', 'baseValue', 'contributions', 'modelId', 'modelVersion');
      expect(line.modelId).to.equal('fixture-sklearn-logistic-binary');
      const sizes = line.contributions.map((c: { contribution: number }) => Math.abs(c.contribution));
      expect(sizes).to.deep.equal([...sizes].sort((x, y) => y - x));
    }
    expect(lines[0].probability).to.be.below(lines[1].probability);
  });

  it('reads CSV, treating an empty cell as missing and reporting it by code on stderr with exit 1', async () => {
    const file = inputFile('in.csv', 'id,x1,x2,x3\nok,5.1,3.5,1.4\nhole,5.1,,1.4\n');
    const { code, out, err } = await run(['score', '--model', MODEL, '--input', file, '--approved', APPROVED]);
    expect(code).to.equal(1);
    expect(out.split('\n')).to.have.length(1);
    expect(JSON.parse(out).id).to.equal('ok');
    expect(err).to.match(/^FEATURE_MISSING referral hole: The input "x2" is missing/m);
  });

  it('refuses a model that is not approved with its code and exit 2', async () => {
    const file = inputFile('in.json', '[]');
    const approvals = inputFile('approved.json', JSON.stringify({ approved: [] }));
    const { code, err } = await run(['score', '--model', MODEL, '--input', file, '--approved', approvals]);
    expect(code).to.equal(2);
    expect(err).to.match(/^MODEL_UNKNOWN: /);
  });

  it('refuses a file that is not JSON with INPUT_INVALID', async () => {
    const file = inputFile('in.json', '{ not json');
    const { code, err } = await run(['score', '--model', MODEL, '--input', file, '--approved', APPROVED]);
    expect(code).to.equal(2);
    expect(err).to.match(/^INPUT_INVALID: /);
  });

  it('runs as the installed `beslutningsstotte` command (a real process)', async () => {
    const file = inputFile('in.json', JSON.stringify([{ id: 'a', x1: 5.1, x2: 3.5, x3: 1.4 }]));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'beslutningsstotte.js'), 'score', '--model', MODEL, '--input', file, '--approved', APPROVED],
      { cwd: os.tmpdir() },
    );
    expect(JSON.parse(stdout).score).to.be.within(1, 10);
  });
});
