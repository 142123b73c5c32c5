// How well one feature alone separates children by a protected attribute: the measure `mapping check` uses to
// find proxies (adapters/README.md, "Proxies: measured, not guessed"). Pure: values in, numbers out.
//
// The measure ("separation") is an AUC: the chance that, for a random child in the group and a random child
// outside it, the feature alone ranks the one in the group higher (ties count half). 0.5 is no separation at
// all, 1.0 a perfect copy. The ranking is the best one the feature allows, whatever its shape: each value of the
// feature (or, above 20 distinct values, each of 20 equal-sized groups of neighbouring values; a missing value is
// a group of its own) is scored by the share of children in the protected group among children with that value.
// So a CPR check digit (odd for boys, even for girls) is caught as surely as a straight copy. Because the CPR
// number keeps the sex in its last digit, a whole-number feature with more than 20 values (the CPR's last four
// digits, say) is also read by its last digit, and the stronger of the two readings counts. To keep a feature
// from looking separating just because it has many values, the shares are learnt on one half of the children
// (alternate children) and applied to the other, and the other way round (two-fold cross-fitting).

/** At or above: a near-copy of the protected attribute; the mapping is refused, and no justification helps. */
export const NEAR_COPY_SEPARATION = 0.9;
/** At or above (and below the near-copy line): a strong association; it needs a recorded justification. */
export const STRONG_SEPARATION = 0.7;
/** A group (and the rest) needs at least this many children in the dry run to be measured. */
export const MIN_GROUP_CHILDREN = 30;
/** Above this many distinct values, a feature's values are put into this many groups by rank. */
export const MAX_VALUE_GROUPS = 20;

export type ProxyVerdict = 'near-copy' | 'strong' | 'weak';

export function verdictOf(separation: number): ProxyVerdict {
  if (separation >= NEAR_COPY_SEPARATION) return 'near-copy';
  if (separation >= STRONG_SEPARATION) return 'strong';
  return 'weak';
}

/** The AUC of `scores` for `labels` (1 in the group, 0 outside): Mann–Whitney, ties counting half. */
export function aucOf(scores: readonly number[], labels: readonly (0 | 1)[]): number {
  const order = scores.map((s, i) => ({ s, y: labels[i]! })).sort((a, b) => a.s - b.s);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && order[j]!.s === order[i]!.s) j++;
    const midRank = (i + 1 + j) / 2; // ranks i+1 … j share their mean
    for (let k = i; k < j; k++) {
      if (order[k]!.y === 1) {
        positives++;
        rankSum += midRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The value group of each observation: "missing", the value itself, or (above 20 distinct values) its rank group. */
export function valueGroups(values: readonly (number | null)[]): string[] {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const distinct = new Set(present);
  if (distinct.size <= MAX_VALUE_GROUPS) return values.map((v) => (v === null ? 'missing' : `=${v}`));
  const below = new Map<number, number>();
  present.forEach((v, i) => {
    if (!below.has(v)) below.set(v, i);
  });
  return values.map((v) => (v === null ? 'missing' : `#${Math.floor((below.get(v)! * MAX_VALUE_GROUPS) / present.length)}`));
}

/**
 * Separation of `labels` by `values` (one entry per child): the cross-fitted AUC described above. NaN when the
 * group or the rest is empty.
 */
export function separationOf(values: readonly (number | null)[], labels: readonly (0 | 1)[]): number {
  const byValue = crossFittedSeparation(valueGroups(values), labels);
  const present = values.filter((v): v is number => v !== null);
  if (new Set(present).size <= MAX_VALUE_GROUPS || !present.every(Number.isInteger)) return byValue;
  const byLastDigit = crossFittedSeparation(lastDigitGroups(values), labels);
  return byLastDigit > byValue ? byLastDigit : byValue;
}

/** The last decimal digit of each whole-number value ("missing" for none). */
export function lastDigitGroups(values: readonly (number | null)[]): string[] {
  return values.map((v) => (v === null ? 'missing' : `~${Math.abs(v) % 10}`));
}

function crossFittedSeparation(groups: readonly string[], labels: readonly (0 | 1)[]): number {
  const folds = [0, 1].map((fold) => {
    const byGroup = new Map<string, { n: number; inGroup: number }>();
    let n = 0;
    let inGroup = 0;
    groups.forEach((g, i) => {
      if (i % 2 !== fold) return;
      const cell = byGroup.get(g) ?? { n: 0, inGroup: 0 };
      cell.n++;
      cell.inGroup += labels[i]!;
      byGroup.set(g, cell);
      n++;
      inGroup += labels[i]!;
    });
    return { byGroup, share: n > 0 ? inGroup / n : 0.5 };
  });
  const scores = groups.map((g, i) => {
    const other = folds[1 - (i % 2)]!;
    const cell = other.byGroup.get(g);
    return cell ? cell.inGroup / cell.n : other.share;
  });
  return aucOf(scores, labels);
}

export interface GroupSeparation {
  /** The group of the protected attribute measured against all other children (its code, e.g. "1" or "SY"). */
  readonly group: string;
  readonly separation: number;
  readonly inGroup: number;
  readonly children: number;
}

/**
 * For a protected attribute with any number of categories (one entry per child, null when unknown), the
 * separation of each category from the rest, for every category with at least MIN_GROUP_CHILDREN children in
 * it and outside it; the strongest first. Children with an unknown attribute are left out.
 */
export function separationByCategory(values: readonly (number | null)[], categories: readonly (string | null)[]): GroupSeparation[] {
  const known = categories.flatMap((c, i) => (c === null ? [] : [i]));
  const counts = new Map<string, number>();
  for (const i of known) counts.set(categories[i]!, (counts.get(categories[i]!) ?? 0) + 1);
  const out: GroupSeparation[] = [];
  for (const [group, inGroup] of counts) {
    if (inGroup < MIN_GROUP_CHILDREN || known.length - inGroup < MIN_GROUP_CHILDREN) continue;
    const separation = separationOf(
      known.map((i) => values[i] ?? null),
      known.map((i) => (categories[i] === group ? 1 : 0)),
    );
    out.push({ group, separation, inGroup, children: known.length });
  }
  return out.sort((a, b) => b.separation - a.separation);
}
