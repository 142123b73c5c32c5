// A model package is one sealed unit: every file it uses lies inside its folder and is covered by the
// approval, and declared tree covers fit together. Each test changes one thing and would pass without its check.
import { expect } from 'chai';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_APPROVALS_FILE, PRODUCT_ROOT } from '../../plugin/product-paths';
import { readApprovalList } from '../../plugin/scoring/model-approval';
import { loadModelPackage } from '../../plugin/scoring/model-package-loader';
import { alteredPackage, caught, fixtureApprovals, fixturePackage } from '../helpers/model-packages';

const TREES = fixturePackage('sklearn-gradient-boosting-binary');
const DEMO_TREES = path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'boosted-trees');
const DEMO_LOGISTIC = path.join(PRODUCT_ROOT, 'models', 'demo-synthetic', 'logistic');

const temporary: string[] = [];
function copyOf(dir: string): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'bs-sealed-'));
  temporary.push(copy);
  cpSync(dir, copy, { recursive: true });
  return copy;
}

describe('a model package is one sealed unit', () => {
  after(() => {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  });

  it('the approved fixture and demo packages load as they are', async () => {
    for (const [dir, approvals] of [
      [TREES, fixtureApprovals()],
      [DEMO_TREES, readApprovalList(DEFAULT_APPROVALS_FILE)],
      [DEMO_LOGISTIC, readApprovalList(DEFAULT_APPROVALS_FILE)],
    ] as const) {
      const model = await loadModelPackage(dir, { approvals });
      await model.runtime.release();
    }
  });

  describe('the approval covers every file', () => {
    it('when the reference sample is edited after approval, the package is refused (every explanation would change)', async () => {
      const dir = copyOf(TREES);
      const file = path.join(dir, 'reference-sample.json');
      const rows = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, number>>;
      writeFileSync(file, `${JSON.stringify([...rows, ...rows.slice(0, 3)])}\n`);
      const error = await caught(() => loadModelPackage(dir, { approvals: fixtureApprovals() }));
      expect(error.code).to.equal('MODEL_FILE_NOT_APPROVED');
      expect(error.message).to.contain('reference-sample.json');
    });

    it('when the model card is edited after approval, the package is refused', async () => {
      const dir = copyOf(DEMO_LOGISTIC);
      writeFileSync(path.join(dir, 'MODEL_CARD.md'), `${readFileSync(path.join(dir, 'MODEL_CARD.md'), 'utf8')}\nAUC 0.99\n`);
      const error = await caught(() => loadModelPackage(dir, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) }));
      expect(error.code).to.equal('MODEL_FILE_NOT_APPROVED');
      expect(error.details).to.include({ file: 'MODEL_CARD.md' });
    });

    it('when a file is added to the folder after approval, even in a subfolder, the package is refused', async () => {
      const dir = copyOf(TREES);
      cpSync(path.join(dir, 'reference-sample.json'), path.join(dir, 'extra', 'reference-sample.json'), { recursive: true });
      const error = await caught(() => loadModelPackage(dir, { approvals: fixtureApprovals() }));
      expect(error.code).to.equal('MODEL_FILE_NOT_APPROVED');
      expect(error.details).to.include({ file: 'extra/reference-sample.json' });
    });

    it('when a file the approval lists is gone, the package is refused', async () => {
      const dir = copyOf(DEMO_LOGISTIC);
      rmSync(path.join(dir, 'MODEL_CARD.md'));
      const error = await caught(() => loadModelPackage(dir, { approvals: readApprovalList(DEFAULT_APPROVALS_FILE) }));
      expect(error.code).to.equal('MODEL_FILE_NOT_APPROVED');
    });
  });

  describe('every file lies inside the folder', () => {
    for (const [what, name] of [
      ['a path that climbs out with ..', '../reference-sample.json'],
      ['a path that climbs out and back in', 'sub/../../elsewhere/reference-sample.json'],
      ['an absolute path', '/etc/hostname'],
      ['a Windows drive path', 'C:/models/reference-sample.json'],
    ] as const) {
      it(`a reference sample named by ${what} is refused (MODEL_PACKAGE_PATH)`, async () => {
        const pkg = alteredPackage(TREES, (m) => {
          m.explanation.referenceSample = name;
        });
        temporary.push(pkg.dir);
        const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
        expect(error.code).to.equal('MODEL_PACKAGE_PATH');
      });
    }

    it('a reference sample that is a symbolic link out of the folder is refused, even with the same content', async () => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'bs-outside-'));
      temporary.push(outside);
      const pkg = alteredPackage(TREES);
      temporary.push(pkg.dir);
      const sample = path.join(pkg.dir, 'reference-sample.json');
      cpSync(sample, path.join(outside, 'sample.json'));
      rmSync(sample);
      symlinkSync(path.join(outside, 'sample.json'), sample);
      const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
      expect(error.code).to.equal('MODEL_PACKAGE_PATH');
      expect(error.details).to.include({ file: 'reference-sample.json' });
    });

    it('a model.onnx that is a symbolic link out of the folder is refused', async () => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'bs-outside-'));
      temporary.push(outside);
      const pkg = alteredPackage(TREES);
      temporary.push(pkg.dir);
      const onnx = path.join(pkg.dir, 'model.onnx');
      cpSync(onnx, path.join(outside, 'model.onnx'));
      rmSync(onnx);
      symlinkSync(path.join(outside, 'model.onnx'), onnx);
      const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
      expect(error.code).to.equal('MODEL_PACKAGE_PATH');
    });

    it('a folder linked in from outside is refused', async () => {
      const outside = mkdtempSync(path.join(os.tmpdir(), 'bs-outside-'));
      temporary.push(outside);
      const pkg = alteredPackage(TREES);
      temporary.push(pkg.dir);
      symlinkSync(outside, path.join(pkg.dir, 'more'));
      const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
      expect(error.code).to.equal('MODEL_PACKAGE_PATH');
    });

    it('a package reached through a symbolic link to its folder still loads (only links out of the folder are refused)', async () => {
      const link = path.join(mkdtempSync(path.join(os.tmpdir(), 'bs-link-')), 'current');
      temporary.push(path.dirname(link));
      symlinkSync(TREES, link);
      const model = await loadModelPackage(link, { approvals: fixtureApprovals() });
      await model.runtime.release();
    });
  });

  describe('declared tree covers fit together', () => {
    it('a child’s cover raised without its parent’s is refused (MODEL_COVERS_INCONSISTENT), naming tree and node', async () => {
      const pkg = alteredPackage(DEMO_TREES, (m) => {
        m.explanation.covers![3]![1]! += 50;
      });
      temporary.push(pkg.dir);
      const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
      expect(error.code).to.equal('MODEL_COVERS_INCONSISTENT');
      expect(error.details).to.include({ tree: 3 });
    });

    it('covers moved between two siblings, so every sum but one still holds, are refused', async () => {
      const pkg = alteredPackage(DEMO_TREES, (m) => {
        const tree = m.explanation.covers![5]!;
        // Root 0 keeps its cover; its children 1 and 2 trade weight, so 1's and 2's own children no longer add up.
        tree[1]! += 10;
        tree[2]! -= 10;
      });
      temporary.push(pkg.dir);
      const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
      expect(error.code).to.equal('MODEL_COVERS_INCONSISTENT');
    });

    it('a zero cover is refused (MODEL_COVERS_INCONSISTENT); a negative one breaks the schema (MODEL_PACKAGE_INVALID)', async () => {
      for (const [value, code] of [[0, 'MODEL_COVERS_INCONSISTENT'], [-1, 'MODEL_PACKAGE_INVALID']] as const) {
        const pkg = alteredPackage(DEMO_TREES, (m) => {
          const tree = m.explanation.covers![0]!;
          tree[tree.length - 1] = value;
        });
        temporary.push(pkg.dir);
        const error = await caught(() => loadModelPackage(pkg.dir, { approvals: pkg.approvals }));
        expect(error.code, String(value)).to.equal(code);
      }
    });
  });
});
