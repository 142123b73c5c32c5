// The SQL of the adapters, and the only place it is built: knex query builders over the plan's validated
// identifiers (quoted by knex for the dialect at hand) with every value (ids, dates) as a bound parameter.
// The same builders serve SQLite and SQL Server; the tests compile them for `mssql` without a server.
import type { Knex } from 'knex';
import type { FieldMapping } from '../mapping/mapping-schema';
import { qualifiedTable, type DetailPlan, type SourceGroup } from './extraction-plan';

/** Ids per IN list: SQL Server takes at most 2,100 parameters in one statement. */
export const MAX_IDS_PER_QUERY = 1000;

type Id = string | number;

/** A host id as the caller gave it in text, bound as what it looks like: whole numbers (the reference schema) as numbers, else text. */
export const hostId = (id: string): Id => (/^\d{1,15}$/.test(id) ? Number(id) : id);

/**
 * The columns every referral row has: the referral, its child, received time, and the child's family and
 * birth; with `members`, also one row per child of the same family (`member_id`), so siblings come in the same
 * query. `r` is the referral table in `query`.
 */
function withReferralColumns(db: Knex, mapping: FieldMapping, query: Knex.QueryBuilder, members: boolean, own: readonly SourceGroup[]): Knex.QueryBuilder {
  const { referral, child } = mapping;
  const childTable = qualifiedTable(mapping, child.table);
  let q = query.leftJoin({ c: childTable }, `c.${child.id}`, `r.${referral.child}`);
  const select: Record<string, string> = {
    referral_id: `r.${referral.id}`,
    child_id: `r.${referral.child}`,
    received_at: `r.${referral.receivedAt.column}`,
    family_id: `c.${child.family}`,
    birth: `c.${child.birth.column}`,
  };
  if (child.expectedBirth) select.expected_birth = `c.${child.expectedBirth.column}`;
  if (child.unbornMarker) select.unborn_marker = `c.${child.unbornMarker.column}`;
  if (members) {
    q = q.leftJoin({ m: childTable }, `m.${child.family}`, `c.${child.family}`);
    select.member_id = `m.${child.id}`;
  }
  for (const group of own) {
    for (const [alias, column] of ownRowColumns(group)) select[`g${group.index}${alias}`] = `r.${column}`;
  }
  // The columns referral.filters test (which rows are referrals): applied by the plugin, exactly.
  (referral.filters ?? []).forEach((f, i) => {
    select[`__rf${i}`] = `r.${f.column}`;
  });
  return q.select(select);
}

/**
 * The columns of a group read from the referral's own row (see SourceGroup.withReferral), by their alias in
 * the group's rows; the referral query names each `g<group index><alias>`.
 */
export function ownRowColumns(group: SourceGroup): Array<readonly [string, string]> {
  return [
    ['__id', group.id] as const,
    ...(group.date ? [['__date', group.date.column] as const] : []),
    ...(group.end ? [['__end', group.end.column] as const] : []),
    ...group.columns.map((c) => [c.alias, c.column] as const),
  ];
}

/**
 * The referrals with their child, received time and the child's family and birth; with `members`, the
 * family's children; and the columns of the `own` groups, which read the referral's own row.
 */
export function referralQuery(db: Knex, mapping: FieldMapping, referralIds: readonly Id[], members = false, own: readonly SourceGroup[] = []): Knex.QueryBuilder {
  const { referral } = mapping;
  return withReferralColumns(db, mapping, db({ r: qualifiedTable(mapping, referral.table) }), members, own).whereIn(`r.${referral.id}`, [...referralIds]);
}

/**
 * The child's referrals received up to and including the given referral's received time (the newest `limit`):
 * the referral itself and the child's earlier ones, never one received after it, as referral rows (see
 * referralQuery), so the panel's history needs no second query for them.
 */
export function childReferralsUpToQuery(db: Knex, mapping: FieldMapping, referralId: Id, limit: number, members = false, own: readonly SourceGroup[] = []): Knex.QueryBuilder {
  const { table, id, child, receivedAt } = mapping.referral;
  const from = qualifiedTable(mapping, table);
  const newest = db({ a: from })
    .join({ b: from }, `b.${child}`, `a.${child}`)
    .where(`a.${id}`, referralId)
    .andWhere(`b.${receivedAt.column}`, '<=', db.ref(`a.${receivedAt.column}`))
    .select({ id: `b.${id}` })
    .orderBy(`b.${receivedAt.column}`, 'desc')
    .limit(limit)
    .as('h');
  return withReferralColumns(db, mapping, db.from(newest).join({ r: from }, `r.${id}`, 'h.id'), members, own);
}

/**
 * A group's records for the given keys, dated before `cut` (the latest referral's date or instant in the
 * batch; each referral's own cut is applied when its features are evaluated). No cut for the referral's
 * own record and for undated (static) records.
 */
export function groupQuery(db: Knex, group: SourceGroup, keys: readonly Id[], cut: string | null): Knex.QueryBuilder {
  let query = db({ s: group.from });
  for (const join of group.joins) {
    const on = `${join.fromColumn.tableAlias}.${join.fromColumn.column}`;
    query = join.kind === 'left'
      ? query.leftJoin({ [join.alias]: join.from }, `${join.alias}.${join.on.to}`, on)
      : query.join({ [join.alias]: join.from }, `${join.alias}.${join.on.to}`, on);
  }
  const select: Record<string, string> = {
    __id: `s.${group.id}`,
    __key: `${group.key.tableAlias}.${group.key.column}`,
  };
  if (group.date) select.__date = `${group.date.tableAlias}.${group.date.column}`;
  if (group.end) select.__end = `${group.end.tableAlias}.${group.end.column}`;
  for (const c of group.columns) select[c.alias] = `${c.tableAlias}.${c.column}`;
  query = query.select(select).whereIn(`${group.key.tableAlias}.${group.key.column}`, [...keys]);
  if (group.date && cut !== null) query = query.where(`${group.date.tableAlias}.${group.date.column}`, '<', cut);
  return query;
}

/** The detail rows (e.g. an assessment's dimension ratings) of the given records. */
export function detailQuery(db: Knex, detail: DetailPlan, recordIds: readonly Id[]): Knex.QueryBuilder {
  const select: Record<string, string> = { __on: `d.${detail.on}` };
  detail.columns.forEach((c, i) => {
    select[`d${i}`] = `d.${c}`;
  });
  return db({ d: detail.from }).select(select).whereIn(`d.${detail.on}`, [...recordIds]);
}

/** Runs `build` over `ids` in slices that fit one statement, and concatenates the rows. */
export async function inSlices<T>(ids: readonly Id[], build: (slice: readonly Id[]) => PromiseLike<unknown>): Promise<T[]> {
  if (ids.length === 0) return [];
  if (ids.length <= MAX_IDS_PER_QUERY) return (await build(ids)) as T[];
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_QUERY) {
    const rows = (await build(ids.slice(i, i + MAX_IDS_PER_QUERY))) as T[];
    for (const row of rows) out.push(row);
  }
  return out;
}

// ---- The dry run's own queries (mapping check): whole-table facts the extraction itself never asks. ----

const isMssql = (db: Knex) => String(db.client.config.client) === 'mssql';

/**
 * Values of `column` that occur in more than one row of `table` (the most frequent first, at most `limit`):
 * a key that must be unique and is not.
 */
export function duplicateKeysQuery(db: Knex, from: string, column: string, limit: number): Knex.QueryBuilder {
  return db(from)
    .select({ value: column })
    .count({ n: '*' })
    .whereNotNull(column)
    .groupBy(column)
    .havingRaw('count(*) > ?', [1])
    .orderBy('n', 'desc')
    .limit(limit);
}

/**
 * Every distinct value of a coded column with its number of rows (at most `limit` values), told apart exactly:
 * on SQL Server, whose default collation takes 'SKOLE', 'skole' and 'SKOLE ' as one value, a text column is
 * grouped by its binary collation and its length in bytes.
 */
export function codeCountsQuery(db: Knex, from: string, column: string, text: boolean, limit: number): Knex.QueryBuilder {
  if (isMssql(db) && text) {
    const code = db.raw('?? collate Latin1_General_BIN2', [column]);
    return db(from)
      .select({ code })
      .count({ n: '*' })
      .groupBy(code)
      .groupBy(db.raw('datalength(??)', [column]))
      .limit(limit);
  }
  return db(from).select({ code: column }).count({ n: '*' }).groupBy(column).limit(limit);
}

/** A sample of a column's non-empty values (for the dry run's date check). */
export function columnSampleQuery(db: Knex, from: string, column: string, limit: number): Knex.QueryBuilder {
  return db(from).select({ value: column }).whereNotNull(column).limit(limit);
}

/**
 * Ids of the referral table's rows, newest first (received time, then id), with the columns referral.filters
 * test (`__rf0`, …): a page of `limit` from `offset`. Within [from, to) when given (ISO dates or instants).
 */
export function referralRowsQuery(
  db: Knex,
  mapping: FieldMapping,
  page: { readonly limit: number; readonly offset?: number; readonly from?: string; readonly to?: string; readonly oldestFirst?: boolean },
): Knex.QueryBuilder {
  const { referral } = mapping;
  const select: Record<string, string> = { id: referral.id, received_at: referral.receivedAt.column };
  (referral.filters ?? []).forEach((f, i) => {
    select[`__rf${i}`] = f.column;
  });
  const direction = page.oldestFirst ? 'asc' : 'desc';
  let q = db(qualifiedTable(mapping, referral.table)).select(select);
  if (page.from !== undefined) q = q.where(referral.receivedAt.column, '>=', page.from);
  if (page.to !== undefined) q = q.where(referral.receivedAt.column, '<', page.to);
  q = q.orderBy(referral.receivedAt.column, direction).orderBy(referral.id, direction).limit(page.limit);
  return page.offset ? q.offset(page.offset) : q;
}

/**
 * One referral's own row in `table` (the referral table, or a table keyed by the referral id), with the named
 * columns aliased c0, c1, … (for the codes the panel labels: see ./referral-codes).
 */
export function referralOwnRowQuery(db: Knex, mapping: FieldMapping, table: string, key: string, referralId: Id, columns: readonly string[]): Knex.QueryBuilder {
  return db(qualifiedTable(mapping, table))
    .where(key, referralId)
    .first(Object.fromEntries(columns.map((c, i) => [`c${i}`, c])));
}
