// Runs the command line in-process, as a user would call it, and makes input files for it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../plugin/cli/main';
import { removeWhenTestsAreDone } from './temporary-directory';

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Writes `content` (a string, or a value written as JSON) to a new temporary file named `name`. */
export function tempFile(name: string, content: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'beslutningsstotte-cli-'));
  removeWhenTestsAreDone(dir);
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
