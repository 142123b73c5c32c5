// What a name check cannot see, read from the live database: a column holding CPR numbers under another name or
// behind a view (only the age construct may read one), and a feature that is a proxy for a protected attribute
// (measured in `mapping check`'s dry run by ./proxy-separation). The protected values read here (the sex the
// CPR number holds, the evaluation-only columns) live only inside these functions: only figures leave them,
// never a value, and nothing is logged.
import type { Knex } from 'knex';
import { qualifiedTable } from '../extraction/extraction-plan';
import { inSlices } from '../extraction/host-queries';
import { cprContentOf, sexFromCprForCheck } from './cpr-content';
import { columnsReadByMapping } from './mapping-columns';
import { RESERVED_EVALUATION_ATTRIBUTE, type FieldMapping, type ProxyJustificationSpec } from './mapping-schema';
import { MIN_GROUP_CHILDREN, separationByCategory, verdictOf, type ProxyVerdict } from './proxy-separation';
import { oneValueEach } from './one-value-each';

/** How many non-empty values of each column the CPR-content scan samples. */
export const CPR_SCAN_SAMPLE = 200;

export interface ContentRefusal {
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
}

/** Every place the mapping reads, outside the age construct, a column whose content is CPR numbers. */
export async function cprContentRefusals(db: Knex, mapping: FieldMapping): Promise<ContentRefusal[]> {
  const reads = columnsReadByMapping(mapping).filter((r) => r.use !== 'age');
  const verdicts = new Map<string, ReturnType<typeof cprContentOf>>();
  const refusals: ContentRefusal[] = [];
  for (const read of reads) {
    const key = `${read.table.toLowerCase()}.${read.column.toLowerCase()}`;
    let content = verdicts.get(key);
    if (!content) {
      let values: unknown[];
      try {
        values = (await db(qualifiedTable(mapping, read.table)).whereNotNull(read.column).limit(CPR_SCAN_SAMPLE).pluck(read.column)) as unknown[];
      } catch {
        // A column the catalog does not hold is already a problem of its own; it has no content to read.
        values = [];
      }
      content = cprContentOf(values);
      verdicts.set(key, content);
    }
    if (!content.holdsCpr) continue;
    refusals.push({
      path: read.path,
      problem: `"${read.table}.${read.column}" holds CPR numbers (${content.cprLike} of ${content.sampled} sampled values are ten digits that start with a valid date), read here for something other than age (the CPR number holds the child's sex)`,
      fix: 'remove it; a column of CPR numbers may only be child.birth or the value of age-at-child-birth, with format "cpr"',
    });
  }
  return refusals;
}

export interface ProxyMeasurement {
  readonly feature: string;
  /** "sex_from_cpr", or a name under evaluationOnly.attributes. */
  readonly attribute: string;
  /** The category measured against the rest (for sex: "male"). */
  readonly group: string;
  readonly separation: number;
  readonly inGroup: number;
  readonly children: number;
  readonly verdict: ProxyVerdict;
  readonly justification: ProxyJustificationSpec | null;
}

export interface ProxyReport {
  readonly children: number;
  readonly measurements: readonly ProxyMeasurement[];
  /** Attributes that could not be measured, with the reason in words. */
  readonly unmeasured: readonly { readonly attribute: string; readonly reason: string }[];
}

export interface DryRunReferral {
  readonly referralId: string;
  readonly features: Readonly<Record<string, number>>;
}

type Id = string | number;

/**
 * Measures, for every feature, how well it alone separates the dry run's children (each child once, by its most
 * recent referral in `referrals`, which come newest first) by sex (from the child's CPR number, when child.birth
 * is one) and by each evaluation-only attribute.
 */
export async function measureProxies(db: Knex, mapping: FieldMapping, referrals: readonly DryRunReferral[], features: readonly string[]): Promise<ProxyReport> {
  const { referral, child } = mapping;
  const table = (name: string) => qualifiedTable(mapping, name);
  const referralRows = await inSlices<Record<string, unknown>>(
    referrals.map((r) => r.referralId),
    (slice) => db(table(referral.table)).select({ k: referral.id, v: referral.child }).whereIn(referral.id, [...slice]),
  );
  const childOf = new Map(referralRows.map((r) => [String(r.k), r.v as Id]));
  const chosen: { referral: DryRunReferral; childId: Id }[] = [];
  const seen = new Set<string>();
  for (const r of referrals) {
    const childId = childOf.get(r.referralId);
    if (childId === undefined || childId === null || seen.has(String(childId))) continue;
    seen.add(String(childId));
    chosen.push({ referral: r, childId });
  }
  const childIds = chosen.map((c) => c.childId);

  const attributes: { name: string; categories: (string | null)[] }[] = [];
  const unmeasured: { attribute: string; reason: string }[] = [];
  if (child.birth.format === 'cpr') {
    const rows = await inSlices<Record<string, unknown>>(childIds, (slice) =>
      db(table(child.table)).select({ k: child.id, v: child.birth.column }).whereIn(child.id, [...slice]),
    );
    const sexOf = new Map(rows.map((r) => [String(r.k), sexFromCprForCheck(r.v)]));
    attributes.push({
      name: RESERVED_EVALUATION_ATTRIBUTE,
      categories: chosen.map((c) => {
        const sex = sexOf.get(String(c.childId));
        return sex === undefined || sex === null ? null : sex === 1 ? 'male' : 'female';
      }),
    });
  } else {
    unmeasured.push({ attribute: RESERVED_EVALUATION_ATTRIBUTE, reason: 'child.birth is not a CPR number; name a column with the registered sex under evaluationOnly to measure it' });
  }
  for (const [name, attribute] of Object.entries(mapping.evaluationOnly?.attributes ?? {})) {
    const keys = attribute.subject === 'child' ? childIds : chosen.map((c) => c.referral.referralId);
    const rows = await inSlices<Record<string, unknown>>(keys, (slice) =>
      db(table(attribute.table)).select({ k: attribute.key, v: attribute.column }).whereIn(attribute.key, [...slice]),
    );
    const valueOf = oneValueEach(rows);
    attributes.push({ name, categories: keys.map((k) => valueOf.get(String(k)) ?? null) });
  }

  const justifications = mapping.proxyJustifications ?? [];
  const measurements: ProxyMeasurement[] = [];
  for (const attribute of attributes) {
    let measuredAny = false;
    for (const feature of features) {
      const values = chosen.map((c) => (feature in c.referral.features ? c.referral.features[feature]! : null));
      const strongest = separationByCategory(values, attribute.categories)[0];
      if (!strongest) continue;
      measuredAny = true;
      measurements.push({
        feature,
        attribute: attribute.name,
        group: strongest.group,
        separation: Math.round(strongest.separation * 1000) / 1000,
        inGroup: strongest.inGroup,
        children: strongest.children,
        verdict: verdictOf(strongest.separation),
        justification: justifications.find((j) => j.feature === feature && j.attribute === attribute.name) ?? null,
      });
    }
    if (!measuredAny) {
      unmeasured.push({ attribute: attribute.name, reason: `fewer than ${MIN_GROUP_CHILDREN} children in each group among the ${chosen.length} children of the dry run` });
    }
  }
  return { children: chosen.length, measurements, unmeasured };
}
