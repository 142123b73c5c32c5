// Host rows of a key and a value (`k`, `v`) as one value per key: a key whose rows disagree gets null, so a key
// with two values is never guessed at (the checks and the evaluation read sex, birth and groups this way).
export function oneValueEach(rows: readonly Record<string, unknown>[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const row of rows) {
    if (row.v === null || row.v === undefined) continue;
    const key = String(row.k);
    const value = String(row.v).trim();
    out.set(key, out.has(key) && out.get(key) !== value ? null : value);
  }
  return out;
}
