// Recognises CPR numbers by their content, whatever the column is called: ten digits (a hyphen after the sixth
// allowed; stored as a number, a leading zero may be lost) whose first six form a valid date DDMMYY. A column
// counts as holding CPR numbers when most sampled values look like one. Pure.
//
// `sexFromCprForCheck` is the one place that reads the CPR number's last digit. Only `mapping check`'s proxy
// measurement and the validation report's fairness figures (./evaluation-outcome-reader) call it: the result is
// never stored, logged or used as a feature; only group figures leave them.

/** A column holds CPR numbers when at least this share of its sampled, non-empty values looks like one. */
export const CPR_COLUMN_SHARE = 0.8;
/** Fewer non-empty sampled values than this say nothing either way. */
export const CPR_MIN_SAMPLED = 5;

function digitsOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    const text = String(value);
    return text.length === 9 || text.length === 10 ? text.padStart(10, '0') : null;
  }
  if (typeof value === 'bigint') return digitsOf(Number(value));
  if (typeof value !== 'string') return null;
  const m = /^(\d{6})-?(\d{4})$/.exec(value.trim());
  return m ? m[1]! + m[2]! : null;
}

function validDdMmYy(six: string): boolean {
  const dd = Number(six.slice(0, 2));
  const mm = Number(six.slice(2, 4));
  const yy = Number(six.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1) return false;
  // The century is unknown here, so 29 February is allowed in any year that could be a leap year (yy % 4 === 0).
  const days = [31, yy % 4 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mm - 1]!;
  return dd <= days;
}

/** Whether one value looks like a CPR number. */
export function looksLikeCpr(value: unknown): boolean {
  const digits = digitsOf(value);
  return digits !== null && validDdMmYy(digits.slice(0, 6));
}

export interface CprContent {
  readonly sampled: number;
  readonly cprLike: number;
  readonly holdsCpr: boolean;
}

/** How many of the sampled values (empty ones left out) look like CPR numbers, and whether the column holds them. */
export function cprContentOf(values: readonly unknown[]): CprContent {
  const present = values.filter((v) => v !== null && v !== undefined && String(v).trim() !== '');
  const cprLike = present.filter(looksLikeCpr).length;
  return { sampled: present.length, cprLike, holdsCpr: present.length >= CPR_MIN_SAMPLED && cprLike >= CPR_COLUMN_SHARE * present.length };
}

/** 1 for the odd last digit the CPR number gives a male, 0 for even (female); null when not a CPR number. */
export function sexFromCprForCheck(value: unknown): 0 | 1 | null {
  if (!looksLikeCpr(value)) return null;
  return (Number(digitsOf(value)!.slice(-1)) % 2) as 0 | 1;
}
