// The one reader of the product's JSON files (configuration, mappings, manifests, wording, approvals): a file that
// cannot be read or is not JSON becomes a typed error naming the file, in the shape the caller's domain uses.
import { readFileSync } from 'node:fs';
import { BeslutningsstotteError } from './errors';

/** Builds the caller's error for a file that cannot be used; `detail` names the file and what is wrong with it. */
export type JsonFileFailure = (detail: string, cause: unknown) => Error;

const inputInvalid: JsonFileFailure = (detail, cause) => new BeslutningsstotteError('INPUT_INVALID', { detail }, { cause });

export function readJsonFile(file: string | URL, failure: JsonFileFailure = inputInvalid): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw failure(`the file ${String(file)} cannot be read`, cause);
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw failure(`the file ${String(file)} is not valid JSON`, cause);
  }
}
