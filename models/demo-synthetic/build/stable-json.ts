// JSON for generated files that must come out byte-identical on every build: keys in the order the builder
// wrote them (objects are always built in code, in one fixed order), every non-integer number rounded to a
// fixed number of significant digits and printed in ECMAScript's exactly specified shortest form, two-space
// indentation and a final newline.

export const SIGNIFICANT_DIGITS = 6;

export function roundSignificant(x: number, digits = SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} to JSON`);
  if (Number.isInteger(x)) return x;
  const rounded = Number(x.toPrecision(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'number') return roundSignificant(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normalise(v);
    return out;
  }
  return value;
}

/** The file text of `value` as stable JSON. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(normalise(value), null, 2)}\n`;
}
