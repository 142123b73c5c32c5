// Reads a stored measurement's values field by field, as the report needs them: a value outside its
// instrument's range (a host rating off the configured ruler, an SDQ response of 3, an ORS line of 12, a
// shape that is not the instrument's) is named as invalid, so the report shows that one value as invalid
// and goes on; nothing here throws for stored data. Pure.
import { isOrsItemValue, ORS_AREAS, type OrsArea } from './instruments/ors-scoring';
import { SDQ_IMPACT_ITEMS, SDQ_ITEM_COUNT, type SdqImpactItem, type SdqImpactResponses, type SdqInformant } from './instruments/sdq-scoring';
import { isWellbeingRating, type WellbeingRulerConfig } from './instruments/wellbeing-ruler';

export interface Checked<T> {
  /** The usable values; fields that were invalid are left out (null). */
  readonly value: T;
  /** The fields that held an invalid value ('values' when the whole record is not the instrument's shape). */
  readonly invalid: readonly string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === null || v === undefined;

export function checkOrsValues(values: unknown): Checked<Record<OrsArea, number | null>> {
  const items = isObject(values) && isObject(values.items) ? values.items : null;
  const out = Object.fromEntries(ORS_AREAS.map((a) => [a, null])) as Record<OrsArea, number | null>;
  if (items === null) return { value: out, invalid: ['values'] };
  const invalid: string[] = [];
  for (const a of ORS_AREAS) {
    const v = items[a];
    if (absent(v)) continue;
    if (isOrsItemValue(v)) out[a] = v;
    else invalid.push(a);
  }
  return { value: out, invalid };
}

export function checkSdqValues(values: unknown, informant: SdqInformant): Checked<{ items: Array<number | null>; impact: SdqImpactResponses | null }> {
  const empty = { items: Array<number | null>(SDQ_ITEM_COUNT).fill(null), impact: null };
  if (!isObject(values) || !Array.isArray(values.items) || values.items.length !== SDQ_ITEM_COUNT) return { value: empty, invalid: ['values'] };
  const invalid: string[] = [];
  const items = (values.items as unknown[]).map((v, i) => {
    if (absent(v)) return null;
    if (v === 0 || v === 1 || v === 2) return v;
    invalid.push(`item${i + 1}`);
    return null;
  });
  let impact: SdqImpactResponses | null = null;
  if (isObject(values.impact)) {
    const raw = values.impact;
    const ok = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
    let difficulties: number | null = null;
    if (!absent(raw.difficulties)) {
      if (ok(raw.difficulties, 3)) difficulties = raw.difficulties as number;
      else invalid.push('impactDifficulties');
    }
    const impactItems: Partial<Record<SdqImpactItem, number | null>> = {};
    const rawItems = isObject(raw.items) ? raw.items : {};
    for (const item of SDQ_IMPACT_ITEMS[informant]) {
      const v = rawItems[item];
      if (absent(v)) continue;
      if (ok(v, 3)) impactItems[item] = v as number;
      else invalid.push(`impact_${item}`);
    }
    impact = { difficulties, items: impactItems };
  } else if (!absent(values.impact)) invalid.push('impact');
  return { value: { items, impact }, invalid };
}

/**
 * A Trivselslineal rating against the configured ruler: a whole number within its range; where the record
 * says which ruler it was rated on (range and direction), that must be the configured one, or the number
 * means something else here.
 */
export function checkRulerValue(values: unknown, ruler: WellbeingRulerConfig): Checked<number | null> {
  if (!isObject(values)) return { value: null, invalid: ['values'] };
  const scale = values.scale;
  if (isObject(scale) && (scale.min !== ruler.min || scale.max !== ruler.max || (scale.higherIsBetter !== undefined && scale.higherIsBetter !== ruler.higherIsBetter))) {
    return { value: null, invalid: ['scale'] };
  }
  return isWellbeingRating(ruler, values.value) ? { value: values.value, invalid: [] } : { value: null, invalid: ['value'] };
}
