// Extracts model features from the host database with a field mapping: for one referral (with provenance, for
// the panel) or for many (set-based, for batch scoring). One referral costs a fixed number of queries: the
// referral with the family's children (when siblings are read) and its own row's columns, one per other record
// group and one per detail count (for the latest records only), whatever the number of features or siblings; a
// batch costs the same per slice of 1,000 referrals. Each query is compiled once per shape (./compiled-queries).
import type { Knex } from 'knex';
import { BeslutningsstotteError } from '../../plugin/errors';
import type { FieldMapping } from '../mapping/mapping-schema';
import { childAgeAtReferral, type ChildAgeAtReferral } from '../child-age';
import { birthDateFromCpr, toIsoDate, toIsoInstant } from '../point-in-time';
import { canonicalValue } from './extraction-plan';
import { compileExtractionPlan, type ExtractionPlan, type SourceGroup } from './extraction-plan';
import {
  compareIds,
  countedRecords,
  evaluateFeature,
  latestRecord,
  dateNormaliser,
  normaliseDate,
  passes,
  type EvaluationInput,
  type FeatureProvenance,
  type RecordRow,
  type ReferralContext,
  type UnknownCode,
} from './feature-evaluation';
import { CompiledQueries } from './compiled-queries';
import { childReferralsUpToQuery, detailQuery, groupQuery, inSlices, MAX_IDS_PER_QUERY, ownRowColumns, referralQuery } from './host-queries';

export interface ExtractedReferral {
  readonly referralId: string;
  readonly receivedAt: string;
  /** The child's age on the referral date: born (under 18), adult (never scored), unborn, or unknown. */
  readonly age: ChildAgeAtReferral;
  /** Feature values by name; a feature without a value is absent here and listed in `missing`. */
  readonly features: Record<string, number>;
  readonly missing: readonly string[];
  /** Features without a value because a record met a code the mapping does not know (each also in `missing`). */
  readonly unknownCodes: readonly UnknownCode[];
  readonly provenance: readonly FeatureProvenance[] | null;
}

export interface ReferralWithEarlier {
  readonly referral: ExtractedReferral;
  /** The same child's referrals received before it (at most the newest `maxEarlier`), oldest first. */
  readonly earlier: readonly ExtractedReferral[];
}

export interface ExtractOptions {
  readonly provenance?: boolean;
  /** Referrals per slice in a batch (default 1,000). */
  readonly sliceSize?: number;
  /** Called after each query with its label and duration (for `mapping check`'s slowest query). */
  readonly onQuery?: (label: string, ms: number) => void;
}

type Id = string | number;

const keyOf = (v: unknown): string => String(v);

/** The details of a record whose group counts none (shared: never written to). */
const NO_DETAILS: Array<Array<Record<string, unknown>>> = Object.freeze([]) as unknown as Array<Array<Record<string, unknown>>>;

/** A referral as its row gave it: the context, its family's children, and its own row's records (by own-row group). */
type ReferralRow = ReferralContext & { readonly members: Set<string>; readonly ownRows: readonly RecordRow[] };

/** The record a group reads from the referral's own row, from the referral query's `g<index>` columns. */
function ownRecord(group: SourceGroup, referralId: string, row: Record<string, unknown>): RecordRow {
  const values: Record<string, unknown> = {};
  for (const [alias] of ownRowColumns(group)) values[alias] = row[`g${group.index}${alias}`];
  return {
    id: keyOf(values.__id),
    key: referralId,
    date: group.date ? normaliseDate(values.__date, group.date.type, group.date.format) : null,
    end: group.end ? normaliseDate(values.__end, group.end.type, group.end.format) : null,
    values,
    details: [],
  };
}

export class FeatureExtractor {
  readonly plan: ExtractionPlan;
  /** Every query of the plan, compiled once per shape and then only bound (see ./compiled-queries). */
  private readonly queries: CompiledQueries;
  /** Groups read from the referral's own row by the referral query itself. */
  private readonly ownRowGroups: readonly SourceGroup[];

  constructor(
    private readonly db: Knex,
    mapping: FieldMapping,
  ) {
    this.plan = compileExtractionPlan(mapping);
    this.queries = new CompiledQueries(db, MAX_IDS_PER_QUERY);
    this.ownRowGroups = this.plan.groups.filter((g) => g.withReferral);
  }

  /** One referral's features as of its received time, with provenance. */
  async extract(referralId: Id, options: ExtractOptions = {}): Promise<ExtractedReferral> {
    const [result] = await this.extractSlice([referralId], { provenance: true, ...options });
    if (!result) throw new BeslutningsstotteError('REFERRAL_NOT_FOUND', { id: String(referralId) });
    return result;
  }

  /**
   * One referral and the same child's earlier referrals (received up to its received time; at most the newest
   * `maxEarlier`), each as of its own received time. The query that finds the child's referrals also reads
   * them (and the family's children), and the rest is one set-based extraction for all of them: the same
   * number of queries as a single referral, whatever the history. Null when the host has no such referral.
   */
  async extractWithEarlier(referralId: Id, options: ExtractOptions & { readonly maxEarlier: number }): Promise<ReferralWithEarlier | null> {
    const { mapping } = this.plan;
    // With referral.filters some of the child's rows may be other enquiries: read up to a full slice of the
    // child's rows so that the newest maxEarlier referrals are still among them once the filters are applied.
    const limit = this.plan.referralFilters.length > 0 ? MAX_IDS_PER_QUERY : options.maxEarlier + 1;
    if (!Number.isInteger(options.maxEarlier) || options.maxEarlier < 0 || options.maxEarlier + 1 > MAX_IDS_PER_QUERY) {
      throw new RangeError(`maxEarlier must be a whole number from 0 to ${MAX_IDS_PER_QUERY - 1}`);
    }
    const members = this.plan.needsFamilyMembers;
    const rows = await this.timed(`referral and earlier ones: ${mapping.referral.table}`, options, () =>
      this.queries.run<Record<string, unknown>>(`earlier:${limit}:${members}`, { ids: [referralId] }, ([id]) =>
        childReferralsUpToQuery(this.db, mapping, id!, limit, members, this.ownRowGroups),
      ),
    );
    const wanted = keyOf(referralId);
    const contexts = this.referralContexts(rows);
    if (contexts.size === 0) return null;
    let current = contexts.get(wanted);
    if (!current) {
      // More than `limit` of the child's referrals received at the very same instant can crowd it out.
      const own = await this.queries.run<Record<string, unknown>>(`referral:${members}`, { ids: [referralId] }, (ids) => referralQuery(this.db, mapping, ids, members, this.ownRowGroups));
      current = this.referralContexts(own).get(wanted);
      if (!current) return null;
    }
    // Oldest first (referrals received at the same instant in id order), the newest maxEarlier.
    const all = [...contexts.values()]
      .filter((c) => c.referralId !== wanted)
      .sort((a, b) => (a.receivedAt === b.receivedAt ? compareIds(a.referralId, b.referralId) : a.receivedAt < b.receivedAt ? -1 : 1));
    const earlier = all.slice(Math.max(0, all.length - options.maxEarlier));
    const extracted = await this.extractContexts([...earlier, current], options);
    const referral = extracted[extracted.length - 1]!;
    return { referral, earlier: extracted.slice(0, -1) };
  }

  /** Many referrals, set-based; unknown ids are left out of the result. Results come in the order asked. */
  async extractBatch(referralIds: readonly Id[], options: ExtractOptions = {}): Promise<ExtractedReferral[]> {
    const size = options.sliceSize ?? 1000;
    const out: ExtractedReferral[] = [];
    for (let i = 0; i < referralIds.length; i += size) {
      out.push(...(await this.extractSlice(referralIds.slice(i, i + size), options)));
    }
    return out;
  }

  private async timed<T>(label: string, options: ExtractOptions, run: () => Promise<T>): Promise<T> {
    if (!options.onQuery) return run();
    const started = performance.now();
    const result = await run();
    options.onQuery(label, performance.now() - started);
    return result;
  }

  private async extractSlice(referralIds: readonly Id[], options: ExtractOptions): Promise<ExtractedReferral[]> {
    const { mapping } = this.plan;
    const members = this.plan.needsFamilyMembers;
    const referralRows = await this.timed(`referral: ${mapping.referral.table}`, options, () =>
      inSlices<Record<string, unknown>>(referralIds, (slice) =>
        this.queries.run(`referral:${members}`, { ids: slice }, (ids) => referralQuery(this.db, mapping, ids, members, this.ownRowGroups)),
      ),
    );
    const contexts = this.referralContexts(referralRows);
    const ordered = referralIds.flatMap((id) => contexts.get(keyOf(id)) ?? []);
    return this.extractContexts(ordered, options);
  }

  /**
   * Referral rows (one per referral, or one per child of its family) as contexts, with each family's children
   * and the records the referral's own row holds for the groups that read it.
   */
  private referralContexts(rows: ReadonlyArray<Record<string, unknown>>): Map<string, ReferralRow> {
    const { mapping } = this.plan;
    const contexts = new Map<string, ReferralRow>();
    for (const row of rows) {
      const referralId = keyOf(row.referral_id);
      let ctx = contexts.get(referralId);
      if (!ctx) {
        // A row of the referral table that referral.filters do not take as a referral (an application, another enquiry).
        if (!this.plan.referralFilters.every((f) => passes(f, row[f.column]))) continue;
        const receivedAt = toIsoInstant(row.received_at);
        if (receivedAt === null) continue; // a referral without a received time cannot be placed in time
        ctx = {
          referralId,
          childId: keyOf(row.child_id),
          familyId: row.family_id === null || row.family_id === undefined ? null : keyOf(row.family_id),
          receivedAt,
          referralDate: receivedAt.slice(0, 10),
          age: childAgeAtReferral(
            {
              birthDate: mapping.child.birth.format === 'cpr' ? birthDateFromCpr(row.birth) : toIsoDate(row.birth),
              expectedBirthDate: mapping.child.expectedBirth ? toIsoDate(row.expected_birth) : null,
              markedUnborn:
                mapping.child.unbornMarker !== undefined &&
                canonicalValue(row.unborn_marker) !== null &&
                canonicalValue(row.unborn_marker) === canonicalValue(mapping.child.unbornMarker.equals),
            },
            receivedAt.slice(0, 10),
          ),
          members: new Set(),
          ownRows: this.ownRowGroups.map((group) => ownRecord(group, referralId, row)),
        };
        contexts.set(referralId, ctx);
      }
      if (row.member_id !== null && row.member_id !== undefined) ctx.members.add(keyOf(row.member_id));
    }
    return contexts;
  }

  /** The features of the given referrals (results in the same order), from their contexts. */
  private async extractContexts(ctxs: readonly ReferralRow[], options: ExtractOptions): Promise<ExtractedReferral[]> {
    const { mapping } = this.plan;
    if (ctxs.length === 0) return [];
    // Siblings: the other children of each family.
    const siblings = new Map<ReferralContext, string[]>(ctxs.map((c) => [c, [...c.members].filter((id) => id !== c.childId)]));
    const siblingsOf = (ctx: ReferralContext) => siblings.get(ctx) ?? [];

    const maxInstant = ctxs.reduce((m, c) => (c.receivedAt > m ? c.receivedAt : m), '');
    const maxDate = maxInstant.slice(0, 10);
    const rowsByGroup = new Map<number, Map<string, RecordRow[]>>();
    this.ownRowGroups.forEach((group, i) => rowsByGroup.set(group.index, new Map(ctxs.map((c) => [c.referralId, [c.ownRows[i]!]]))));
    for (const group of this.plan.groups) {
      if (group.withReferral) continue;
      const keys = this.keysFor(group, ctxs, siblingsOf);
      // Text dates in another order than ISO do not sort as text, so SQL cannot cut them; the plugin's exact
      // cut (when the features are evaluated) still applies.
      const cut = group.keySpace === 'referral' || !group.date || group.date.format !== 'iso' ? null : group.date.type === 'datetime' ? maxInstant : maxDate;
      rowsByGroup.set(group.index, await this.fetchGroup(group, keys, cut, options));
    }

    // One evaluation input per referral and group (index groups.length: features without a group).
    const childTableLabel = mapping.child.label ?? null;
    const groupCount = this.plan.groups.length;
    const inputs = ctxs.map((ctx) => {
      const sibs = siblingsOf(ctx);
      const perGroup: EvaluationInput[] = [];
      for (let g = 0; g <= groupCount; g++) {
        perGroup.push({ ctx, rowsByKey: g < groupCount ? rowsByGroup.get(g)! : null, siblings: sibs, childTable: mapping.child.table, childTableLabel });
      }
      return perGroup;
    });
    const inputFor = (i: number, group: SourceGroup | null): EvaluationInput => inputs[i]![group ? group.index : groupCount]!;

    // Detail rows (e.g. ICS dimension ratings) only for the records some feature takes as the latest.
    for (const feature of this.plan.features) {
      if (feature.detail === null) continue;
      const group = feature.group!;
      const wanted = new Map<string, RecordRow>();
      for (let i = 0; i < ctxs.length; i++) {
        const latest = latestRecord(countedRecords(feature, inputFor(i, group)));
        if (latest) wanted.set(latest.id, latest);
      }
      const plan = group.details[feature.detail]!;
      const rows = await this.timed(`detail: ${plan.table}`, options, () =>
        inSlices<Record<string, unknown>>([...wanted.keys()], (slice) =>
          this.queries.run(`detail:${group.index}:${feature.detail}`, { ids: slice }, (ids) => detailQuery(this.db, plan, ids)),
        ),
      );
      const byRecord = new Map<string, Array<Record<string, unknown>>>();
      for (const row of rows) {
        const on = keyOf(row.__on);
        const list = byRecord.get(on) ?? [];
        list.push(row);
        byRecord.set(on, list);
      }
      for (const [id, record] of wanted) (record.details as Array<ReadonlyArray<Record<string, unknown>>>)[feature.detail] = byRecord.get(id) ?? [];
    }

    const withProvenance = options.provenance === true;
    const results: ExtractedReferral[] = [];
    for (let i = 0; i < ctxs.length; i++) {
      const ctx = ctxs[i]!;
      const features: Record<string, number> = {};
      const missing: string[] = [];
      const unknownCodes: UnknownCode[] = [];
      const provenance: FeatureProvenance[] = [];
      for (const feature of this.plan.features) {
        const { value, provenance: p, unknownCode } = evaluateFeature(feature, inputFor(i, feature.group), withProvenance);
        if (value === null) missing.push(feature.name);
        else features[feature.name] = value;
        if (unknownCode) unknownCodes.push(unknownCode);
        if (p) provenance.push(p);
      }
      results.push({ referralId: ctx.referralId, receivedAt: ctx.receivedAt, age: ctx.age, features, missing, unknownCodes, provenance: withProvenance ? provenance : null });
    }
    return results;
  }

  private keysFor(group: SourceGroup, ctxs: readonly ReferralContext[], siblingsOf: (c: ReferralContext) => string[]): string[] {
    const keys = new Set<string>();
    const readsSiblings = this.plan.features.some((f) => f.group === group && f.subject === 'siblings');
    const readsChild = this.plan.features.some((f) => f.group === group && f.subject === 'child');
    for (const ctx of ctxs) {
      if (group.keySpace === 'referral') keys.add(ctx.referralId);
      else if (group.keySpace === 'family') {
        if (ctx.familyId !== null) keys.add(ctx.familyId);
      } else {
        if (readsChild) keys.add(ctx.childId);
        if (readsSiblings) for (const s of siblingsOf(ctx)) keys.add(s);
      }
    }
    return [...keys];
  }

  private async fetchGroup(group: SourceGroup, keys: readonly string[], cut: string | null, options: ExtractOptions): Promise<Map<string, RecordRow[]>> {
    const raw = await this.timed(`group: ${group.table}`, options, () =>
      inSlices<Record<string, unknown>>(keys, (slice) =>
        this.queries.run(`group:${group.index}`, { ids: slice, values: cut === null ? [] : [cut] }, (ids, values) =>
          groupQuery(this.db, group, ids, cut === null ? null : (values[0] as string)),
        ),
      ),
    );
    const seen = new Set<string>();
    const byKey = new Map<string, RecordRow[]>();
    const toDate = group.date ? dateNormaliser(group.date.type, group.date.format) : null;
    const toEnd = group.end ? dateNormaliser(group.end.type, group.end.format) : null;
    const details = group.details.length > 0;
    for (const row of raw) {
      const id = keyOf(row.__id);
      const key = keyOf(row.__key);
      if (group.joins.length > 0) {
        const unique = `${key}\u0000${id}`;
        if (seen.has(unique)) continue; // a join that found several rows: the record counts once
        seen.add(unique);
      }
      const record: RecordRow = {
        id,
        key,
        date: toDate ? toDate(row.__date) : null,
        end: toEnd ? toEnd(row.__end) : null,
        values: row,
        // Only a group with detail counts has its records' detail rows filled in (see extractContexts).
        details: details ? [] : NO_DETAILS,
      };
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [record]);
      else list.push(record);
    }
    return byKey;
  }
}
