// Every test run gets one temporary directory of its own, inside the machine's (os.tmpdir()), and every
// temporary file a test makes goes there: this module sets TMPDIR before any test file loads (.mocharc.json
// "require"), so os.tmpdir() in tests, helpers, child processes and Chromium's profile points inside it.
// After the whole suite the directory is removed, so a run leaves nothing behind in the temporary directory
// even when a test fails half-way; what was left in it is named, so a test that forgets to clean up is seen.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Mocha loads this file through `require` and a test helper may import it again as an ES module: two module
// instances. They share one run (on globalThis), so the second neither makes a directory inside the first's
// (Chromium's socket path would grow too long) nor keeps a list of its own.
interface TestRun {
  readonly machineTmp: string;
  readonly runDir: string;
  readonly removeWhenDone: string[];
}
const shared = globalThis as { beslutningsstotteTestRun?: TestRun };
const tsxCache = `tsx-${process.geteuid?.() ?? os.userInfo().username}`;
const run: TestRun = (shared.beslutningsstotteTestRun ??= (() => {
  const machineTmp = os.tmpdir();
  const runDir = mkdtempSync(path.join(machineTmp, 'beslutningsstotte-test-run-'));
  process.env.TMPDIR = runDir;
  // tsx keeps its compile cache in os.tmpdir()/tsx-<uid>: child processes (the CLI run as a real command) keep
  // using the machine's cache through a link, rather than compiling everything afresh. Removing the run's
  // directory removes the link, never the cache.
  mkdirSync(path.join(machineTmp, tsxCache), { recursive: true });
  symlinkSync(path.join(machineTmp, tsxCache), path.join(runDir, tsxCache), 'dir');
  return { machineTmp, runDir, removeWhenDone: [] };
})());
const { machineTmp, runDir, removeWhenDone } = run;

/** A test helper's temporary directory that lives as long as the run (a suite's `before` may make files that all
 * of its tests read): it is removed when the tests are done, before what was left behind is named. */
export function removeWhenTestsAreDone(dir: string): void {
  removeWhenDone.push(dir);
}

export const mochaHooks = {
  afterAll(): void {
    for (const dir of removeWhenDone.splice(0)) rmSync(dir, { recursive: true, force: true });
    const left = readdirSync(runDir).filter((name) => name !== tsxCache);
    process.env.TMPDIR = machineTmp;
    rmSync(runDir, { recursive: true, force: true });
    delete shared.beslutningsstotteTestRun;
    if (left.length > 0) console.log(`  (${left.length} temporary entries that tests did not remove went with the run's directory: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''})`);
  },
};
