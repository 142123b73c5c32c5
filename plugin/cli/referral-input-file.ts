// Reads referrals for the command line from a JSON array or a CSV file (or standard input). A JSON item is
// either { "id": ..., "features": { ... } } or a flat object whose other keys are features; a CSV has a header
// row and an optional "id" column. Empty CSV cells are missing values, never zeros.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BeslutningsstotteError } from '../errors';
import type { ReferralInput } from '../scoring/referral-scorer';

const ID_KEYS = ['id', 'referralId', 'referral_id'];

function fromObject(item: unknown, position: number): ReferralInput {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `item ${position} is not an object` });
  }
  const record = item as Record<string, unknown>;
  const idKey = ID_KEYS.find((k) => k in record);
  const id = idKey === undefined ? undefined : String(record[idKey]);
  if ('features' in record) {
    const features = record.features;
    if (typeof features !== 'object' || features === null || Array.isArray(features)) {
      throw new BeslutningsstotteError('INPUT_INVALID', { detail: `item ${position}: "features" is not an object` });
    }
    return { ...(id === undefined ? {} : { id }), features: features as Record<string, unknown> };
  }
  const features = Object.fromEntries(Object.entries(record).filter(([k]) => k !== idKey));
  return { ...(id === undefined ? {} : { id }), features };
}

function csvCell(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const number = Number(trimmed);
  return Number.isNaN(number) ? trimmed : number;
}

export function parseReferralInput(text: string, format: 'json' | 'csv'): ReferralInput[] {
  if (format === 'csv') {
    let rows: Record<string, string>[];
    try {
      rows = parse(text, { columns: true, skip_empty_lines: true, bom: true });
    } catch (cause) {
      throw new BeslutningsstotteError('INPUT_INVALID', { detail: `the CSV could not be parsed (${(cause as Error).message})` }, { cause });
    }
    return rows.map((row, i) => {
      const cells = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, ID_KEYS.includes(k) ? v : csvCell(v)]));
      const result = fromObject(cells, i + 1);
      return { ...result, features: Object.fromEntries(Object.entries(result.features).filter(([, v]) => v !== undefined)) };
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: 'the file is not valid JSON' }, { cause });
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item, i) => fromObject(item, i + 1));
}

export function readReferralInput(file: string, format?: 'json' | 'csv'): ReferralInput[] {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (cause) {
    throw new BeslutningsstotteError('INPUT_INVALID', { detail: `the file ${file} could not be read` }, { cause });
  }
  const chosen = format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
  return parseReferralInput(text, chosen);
}
