// Validates a field mapping before anything runs: the schema, then the rules a schema cannot say (every model
// feature mapped and no other, types that fit, tables and columns that exist in the live database, windows that
// never look past the referral, no filter or value reading a column that can change after its row was made,
// known codes and their "other" codes, keys of one type), and the refusals: a source that points at a protected attribute, the CPR
// number read for anything but age, or a name that is not a plain identifier. Pure: the model's features and
// the database catalog are handed in. Every problem comes with its JSON path and a fix.
import type { ErrorObject } from 'ajv';
import { BeslutningsstotteError } from '../../plugin/errors';
import { protectedAttributeIn } from '../../plugin/protected-attributes';
import { schemaErrors } from '../../plugin/schema-validator';
import type { DatabaseCatalog } from './database-catalog';
import { checkFollowUpPart } from './follow-up-mapping-rules';
import { checkEvaluationOnlyParts } from './evaluation-only-rules';
import { checkOutcomePart } from './outcome-mapping-rules';
import {
  COLUMN_REF_PATTERN,
  FILTER_TESTS,
  IDENTIFIER_PATTERN,
  MappingSchema,
  type FeatureMappingSpec,
  type FieldMapping,
  type FilterSpec,
} from './mapping-schema';

export type FeatureKind = 'count' | 'binary' | 'category' | 'continuous';

export interface ModelFeatureRequirement {
  readonly name: string;
  readonly kind: FeatureKind;
}

export interface MappingProblem {
  /** JSON path in the mapping file, e.g. $.features.open_case.window.toDays */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
}

export interface MappingValidation {
  /** The typed mapping, when the schema accepted it (even if rules failed). */
  readonly mapping: FieldMapping | null;
  /** Rule and schema problems: the mapping cannot be used until they are fixed. */
  readonly problems: readonly MappingProblem[];
  /** Protected attributes or CPR misuse: the mapping is refused outright. */
  readonly refusals: readonly MappingProblem[];
  /** Names that are not plain identifiers (possible SQL): the mapping is refused outright. */
  readonly unsafe: readonly MappingProblem[];
}

export interface ValidateOptions {
  /** The model's features; without them, feature names are not checked. */
  readonly features?: readonly ModelFeatureRequirement[];
  /** The live database's tables and columns; without it, names are not checked against the database. */
  readonly catalog?: DatabaseCatalog;
}

const jsonPath = (pointer: string) =>
  '$' + pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');

const valueAt = (root: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);

/** Keeps, for each failed union, only the branch the author most likely meant (by its `fn`, else fewest errors). */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const union of errors.filter((e) => e.keyword === 'anyOf')) {
    if (!kept.includes(union)) continue;
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of kept) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    if (branches.size === 0) continue;
    const fnMismatch = (errs: ErrorObject[]) => errs.some((e) => e.keyword === 'const' && e.instancePath === `${union.instancePath}/fn`);
    const all = [...branches];
    const inBranches = (e: ErrorObject) => e === union || e.schemaPath.startsWith(prefix);
    if (all.every(([, errs]) => fnMismatch(errs))) {
      kept = [...kept.filter((e) => !inBranches(e)), { ...union, keyword: 'fn-unknown' }];
      continue;
    }
    const candidates = all.filter(([, errs]) => !fnMismatch(errs));
    const best = candidates.sort((a, b) => a[1].length - b[1].length)[0]![0];
    kept = kept.filter((e) => !inBranches(e) || (e !== union && e.schemaPath.startsWith(`${prefix}${best}/`)));
  }
  return kept;
}

function schemaProblem(error: ErrorObject, root: unknown): MappingProblem {
  const path = jsonPath(error.instancePath);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      return { path: `${path}.${name}`, problem: `unknown property "${name}"`, fix: 'remove it, or correct its spelling (adapters/README.md lists every property)' };
    }
    case 'required':
      return { path, problem: `"${String(error.params.missingProperty)}" is missing`, fix: `add "${String(error.params.missingProperty)}"` };
    case 'fn-unknown':
      return {
        path: `${path}.fn`,
        problem: `unknown aggregation "${String(valueAt(root, `${error.instancePath}/fn`))}"`,
        fix: 'use one of count, exists, latest, age-at-referral, unborn, age-at-child-birth',
      };
    case 'const':
      return { path, problem: `must be ${JSON.stringify(error.params.allowedValue)}`, fix: `write ${JSON.stringify(error.params.allowedValue)}` };
    default:
      return { path, problem: error.message ?? error.keyword, fix: 'correct the value as adapters/README.md describes' };
  }
}

const IDENTIFIER = new RegExp(IDENTIFIER_PATTERN);
const COLUMN_REF = new RegExp(COLUMN_REF_PATTERN);

/** Validates `raw` (parsed JSON); never throws. */
export function validateMapping(raw: unknown, options: ValidateOptions = {}): MappingValidation {
  const errors = relevantErrors(schemaErrors(MappingSchema, raw));
  const unsafe: MappingProblem[] = [];
  const problems: MappingProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'pattern' && (error.params.pattern === IDENTIFIER_PATTERN || error.params.pattern === COLUMN_REF_PATTERN)) {
      unsafe.push({
        path: jsonPath(error.instancePath),
        problem: `"${String(valueAt(raw, error.instancePath))}" is not a plain table or column name`,
        fix: 'write only the name: letters, digits and _ (and one "." between a joined table and its column)',
      });
    } else {
      problems.push(schemaProblem(error, raw));
    }
  }
  if (errors.length > 0) return { mapping: null, problems, refusals: [], unsafe };
  const mapping = raw as FieldMapping;
  const refusals: MappingProblem[] = [];
  checkRules(mapping, options, problems, refusals);
  return { mapping, problems, refusals, unsafe };
}

function checkRules(mapping: FieldMapping, options: ValidateOptions, problems: MappingProblem[], refusals: MappingProblem[]): void {
  const codeLists = mapping.codeLists ?? {};
  const protectedUse = (path: string, name: string | number | boolean, what: string) => {
    const attribute = protectedAttributeIn(String(name));
    if (attribute === null) return;
    refusals.push(
      attribute === 'the CPR number'
        ? { path, problem: `${what} "${name}" is the CPR number, read here for something other than age (the CPR number holds the child's sex)`, fix: 'remove it; the CPR number may only be child.birth or the value of age-at-child-birth, with format "cpr"' }
        : { path, problem: `${what} "${name}" points at ${attribute}`, fix: `remove it: ${attribute} may never feed a feature` },
    );
  };

  // Identity and point-in-time columns.
  if (mapping.schema !== undefined) protectedUse('$.schema', mapping.schema, 'schema');
  protectedUse('$.referral.table', mapping.referral.table, 'table');
  protectedUse('$.referral.id', mapping.referral.id, 'column');
  protectedUse('$.referral.child', mapping.referral.child, 'column');
  protectedUse('$.referral.receivedAt.column', mapping.referral.receivedAt.column, 'column');
  protectedUse('$.child.table', mapping.child.table, 'table');
  protectedUse('$.child.id', mapping.child.id, 'column');
  protectedUse('$.child.family', mapping.child.family, 'column');
  if (mapping.child.birth.format !== 'cpr' || protectedAttributeIn(mapping.child.birth.column) !== 'the CPR number') {
    protectedUse('$.child.birth.column', mapping.child.birth.column, 'column');
  }
  if (mapping.child.expectedBirth) protectedUse('$.child.expectedBirth.column', mapping.child.expectedBirth.column, 'column');
  if (mapping.child.unbornMarker) {
    protectedUse('$.child.unbornMarker.column', mapping.child.unbornMarker.column, 'column');
    protectedUse('$.child.unbornMarker.equals', mapping.child.unbornMarker.equals, 'code');
  }
  for (const [name, list] of Object.entries(codeLists)) {
    protectedUse(`$.codeLists.${name}`, name, 'code list');
    list.codes.forEach((code, i) => protectedUse(`$.codeLists.${name}.codes[${i}]`, code, 'code'));
    checkCodeLabels(`$.codeLists.${name}`, list.codes, list.labels, problems);
  }

  const catalog = options.catalog;
  const table = (path: string, name: string) => {
    if (!catalog || catalog.has(name.toLowerCase())) return true;
    problems.push({ path, problem: `the table "${name}" does not exist in the database`, fix: 'write the name of an existing table (check spelling and schema)' });
    return false;
  };
  const column = (path: string, tableName: string, name: string, expect?: 'number' | 'date' | 'text-or-date') => {
    if (!catalog) return;
    const t = catalog.get(tableName.toLowerCase());
    if (!t) return; // already reported
    const c = t.columns.get(name.toLowerCase());
    if (!c) {
      problems.push({ path, problem: `the column "${name}" does not exist in table "${tableName}"`, fix: `use one of: ${[...t.columns.values()].map((x) => x.name).filter((n) => protectedAttributeIn(n) === null).join(', ') || '(no column of this table may be read)'}` });
      return;
    }
    if (expect === 'number' && c.class !== 'number' && c.class !== 'boolean') {
      problems.push({ path, problem: `"${tableName}.${name}" holds ${c.type}, which cannot be a number`, fix: 'take a numeric or yes/no column, or count records with a filter on this one' });
    }
    if (expect === 'date' && c.class !== 'date' && c.class !== 'text') {
      problems.push({ path, problem: `"${tableName}.${name}" holds ${c.type}, which cannot be a date`, fix: 'take a date or datetime column' });
    }
    if (expect === 'text-or-date' && c.class !== 'date' && c.class !== 'text') {
      problems.push({ path, problem: `"${tableName}.${name}" holds ${c.type}, which cannot be a date or a CPR number`, fix: 'take a date column, or a text column with the CPR number' });
    }
  };

  const reads = new ColumnReads();
  const referralOk = table('$.referral.table', mapping.referral.table);
  if (referralOk) {
    column('$.referral.id', mapping.referral.table, mapping.referral.id);
    column('$.referral.child', mapping.referral.table, mapping.referral.child);
    column('$.referral.receivedAt.column', mapping.referral.table, mapping.referral.receivedAt.column, 'date');
  }
  if (mapping.referral.receivedAt.format !== undefined && mapping.referral.receivedAt.format !== 'iso') {
    problems.push({
      path: '$.referral.receivedAt.format',
      problem: `the referral's received time is written as ${mapping.referral.receivedAt.format}, but it orders referrals in the database, where only ISO text or a real date column sorts by time`,
      fix: 'give the plugin a view that turns the column into a date (e.g. CONVERT(date, col, 105) on SQL Server), or remove "format"',
    });
  }
  reads.add('$.referral.child', mapping.referral.table, mapping.referral.child, 'key');
  checkFilterList(
    '$.referral.filters',
    mapping.referral.filters,
    mapping,
    (p, text, fix) => problems.push({ path: p, problem: text, fix }),
    protectedUse,
    (p, ref, expect) => {
      if (ref.includes('.')) {
        problems.push({ path: p, problem: `a referral filter tests a column of the referral table itself, not "${ref}"`, fix: `write the column name alone (a column of ${mapping.referral.table})` });
        return;
      }
      protectedUse(p, ref, 'column');
      if (referralOk) column(p, mapping.referral.table, ref, expect);
    },
    (p, ref, use) => reads.add(p, mapping.referral.table, ref, use),
  );
  if (table('$.child.table', mapping.child.table)) {
    column('$.child.id', mapping.child.table, mapping.child.id);
    column('$.child.family', mapping.child.table, mapping.child.family);
    column('$.child.birth.column', mapping.child.table, mapping.child.birth.column, 'text-or-date');
    if (mapping.child.expectedBirth) column('$.child.expectedBirth.column', mapping.child.table, mapping.child.expectedBirth.column, 'date');
    if (mapping.child.unbornMarker) column('$.child.unbornMarker.column', mapping.child.table, mapping.child.unbornMarker.column);
  }

  // Which features: exactly the model's.
  if (options.features) {
    const wanted = new Map(options.features.map((f) => [f.name, f]));
    for (const name of Object.keys(mapping.features)) {
      if (!wanted.has(name)) {
        problems.push({ path: `$.features.${name}`, problem: `"${name}" is not a feature of the model`, fix: `remove it, or rename it to one of: ${[...wanted.keys()].filter((n) => !(n in mapping.features)).join(', ') || '(all are mapped)'}` });
      }
    }
    for (const f of options.features) {
      if (!(f.name in mapping.features)) {
        problems.push({ path: '$.features', problem: `the model feature "${f.name}" (${f.kind}) is not mapped`, fix: `add "${f.name}" under features (adapters/README.md shows an example of each kind)` });
      }
    }
  }

  for (const [name, feature] of Object.entries(mapping.features)) {
    protectedUse(`$.features.${name}`, name, 'feature');
    checkFeature(`$.features.${name}`, feature, options.features?.find((f) => f.name === name)?.kind, mapping, problems, protectedUse, table, column, reads);
  }
  checkPointInTime(mapping, reads, problems, protectedUse);
  checkOtherCodes(mapping, reads, problems, protectedUse, column);
  if (catalog) checkKeyTypes(mapping, catalog, problems);
  // The follow-up report's part, with the same safeguards (./follow-up-mapping-rules).
  if (mapping.followUp) {
    checkFollowUpPart(mapping, mapping.followUp, { problem: (path, problem, fix) => problems.push({ path, problem, fix }), protectedUse, table, column });
  }
  checkEvaluationOnlyParts(mapping, catalog, problems, refusals);
  // The validation report's outcome part (./outcome-mapping-rules).
  if (mapping.outcome) checkOutcomePart(mapping.outcome, { problem: (path, problem, fix) => problems.push({ path, problem, fix }), protectedUse, table, column });
}

type ReadUse = 'filter' | 'isNull' | 'value' | 'key' | 'join' | 'end' | 'date' | 'code';

/** Every column a mapping reads, with how, so the point-in-time and code rules see the mapping whole. */
class ColumnReads {
  readonly list: Array<{ readonly path: string; readonly table: string; readonly column: string; readonly use: ReadUse }> = [];
  add(path: string, table: string, column: string, use: ReadUse): void {
    this.list.push({ path, table, column, use });
  }
}

const columnKey = (table: string, column: string) => `${table.toLowerCase()}.${column.toLowerCase()}`;

/** The columns of `section` (changingColumns / fixedColumns) as table.column keys. */
function declaredColumns(section: Readonly<Record<string, readonly string[]>> | undefined): Set<string> {
  const out = new Set<string>();
  for (const [t, cols] of Object.entries(section ?? {})) for (const c of cols) out.add(columnKey(t, c));
  return out;
}

/**
 * Point in time for columns that change: a filter, a value, a key or a join may not read a column whose content
 * can change after its row was made (listed in changingColumns, or the end of a record anywhere); only a
 * record's date and the end of an activeAtReferral window may, as both are bounded by the referral time. An
 * emptiness test (isNull) is allowed only on a column declared fixed.
 */
function checkPointInTime(
  mapping: FieldMapping,
  reads: ColumnReads,
  problems: MappingProblem[],
  protectedUse: (path: string, name: string | number | boolean, what: string) => void,
): void {
  for (const [section, values] of [['changingColumns', mapping.changingColumns], ['fixedColumns', mapping.fixedColumns]] as const) {
    for (const [t, cols] of Object.entries(values ?? {})) {
      protectedUse(`$.${section}.${t}`, t, 'table');
      cols.forEach((c, i) => protectedUse(`$.${section}.${t}[${i}]`, c, 'column'));
    }
  }
  const changing = declaredColumns(mapping.changingColumns);
  const ends = new Map<string, string>();
  for (const r of reads.list) if (r.use === 'end') ends.set(columnKey(r.table, r.column), r.path);
  const fixed = declaredColumns(mapping.fixedColumns);
  for (const key of fixed) {
    if (changing.has(key) || ends.has(key)) {
      problems.push({ path: '$.fixedColumns', problem: `"${key}" is listed as fixed but also as changing (or used as a record's end)`, fix: 'a column either changes after its row was made or it does not: keep it in one list' });
    }
  }
  const useText: Record<ReadUse, string> = { filter: 'a filter tests', isNull: 'a filter tests', code: 'a filter tests', value: 'the value reads', key: 'the key reads', join: 'the join reads', end: '', date: '' };
  for (const r of reads.list) {
    if (r.use === 'end' || r.use === 'date') continue;
    const key = columnKey(r.table, r.column);
    const why = changing.has(key) ? 'listed under changingColumns' : ends.has(key) ? `the end of a record (${ends.get(key)})` : null;
    if (why !== null) {
      problems.push({
        path: r.path,
        problem: `${useText[r.use]} "${r.table}.${r.column}", which can change after its row was made (${why}): the feature would show what is known today, not what was known when the referral came in`,
        fix: `read it only as source.end with "window": { "activeAtReferral": true } (or as source.date), which bound it by the referral time; or read a column that is written once`,
      });
    } else if (r.use === 'isNull' && !fixed.has(key)) {
      problems.push({
        path: r.path,
        problem: `an isNull test on "${r.table}.${r.column}": an empty column is how "not yet ended" or "not yet decided" looks, and it is filled in later`,
        fix: `for a period, give source.date and source.end with "window": { "activeAtReferral": true }; if the column is written when the row is made and never changed, list it under fixedColumns.${r.table}`,
      });
    }
  }
}

/** Code labels (issue 15): each labels a code of its own list (labels are only shown, never read by a feature). */
function checkCodeLabels(
  path: string,
  codes: ReadonlyArray<string | number | boolean>,
  labels: Readonly<Record<string, { readonly da: string; readonly en?: string }>> | undefined,
  problems: MappingProblem[],
): void {
  if (labels === undefined) return;
  const own = new Set(codes.map((c) => (typeof c === 'boolean' ? (c ? '1' : '0') : String(c))));
  for (const [code, label] of Object.entries(labels)) {
    const p = `${path}.labels[${JSON.stringify(code)}]`;
    if (!own.has(code)) problems.push({ path: p, problem: `"${code}" is not one of this list's codes`, fix: `label only the codes listed under "codes" (${[...own].join(', ')}), written exactly as there` });
  }
}

/** otherCodes: each entry names a coded column some filter tests, with either codes or a reason. */
function checkOtherCodes(
  mapping: FieldMapping,
  reads: ColumnReads,
  problems: MappingProblem[],
  protectedUse: (path: string, name: string | number | boolean, what: string) => void,
  column: (path: string, tableName: string, name: string) => void,
): void {
  const coded = new Set(reads.list.filter((r) => r.use === 'code').map((r) => columnKey(r.table, r.column)));
  (mapping.otherCodes ?? []).forEach((entry, i) => {
    const p = `$.otherCodes[${i}]`;
    protectedUse(`${p}.table`, entry.table, 'table');
    protectedUse(`${p}.column`, entry.column, 'column');
    (entry.codes ?? []).forEach((code, j) => protectedUse(`${p}.codes[${j}]`, code, 'code'));
    if (entry.codes !== undefined) checkCodeLabels(p, entry.codes, entry.labels, problems);
    else if (entry.labels !== undefined) problems.push({ path: `${p}.labels`, problem: 'labels are given without "codes"', fix: 'list the codes under "codes" and label those' });
    if ((entry.codes === undefined) === (entry.anyOther === undefined)) {
      problems.push({ path: p, problem: 'give either "codes" or "anyOther"', fix: 'list the codes the column holds that no feature counts, or say in "anyOther" why any other code may be passed over' });
    }
    if (!coded.has(columnKey(entry.table, entry.column))) {
      problems.push({ path: p, problem: `no filter tests "${entry.table}.${entry.column}" against codes`, fix: `name a table and column a filter tests with inList, in, equals or notEquals: ${[...coded].join(', ') || '(none)'}` });
    } else column(`${p}.column`, entry.table, entry.column);
  });
}

/**
 * Keys that meet must hold the same kind of value: a text key against a number key finds nothing (or, with
 * an implicit conversion, the wrong rows) and gives features that are zero or missing everywhere.
 */
function checkKeyTypes(mapping: FieldMapping, catalog: DatabaseCatalog, problems: MappingProblem[]): void {
  const classOf = (t: string, c: string) => {
    const cls = catalog.get(t.toLowerCase())?.columns.get(c.toLowerCase())?.class;
    return cls === 'number' || cls === 'text' ? cls : null;
  };
  const compare = (path: string, a: readonly [string, string], b: readonly [string, string]) => {
    const x = classOf(...a);
    const y = classOf(...b);
    if (x !== null && y !== null && x !== y) {
      problems.push({
        path,
        problem: `"${a[0]}.${a[1]}" holds ${x === 'text' ? 'text' : 'numbers'} but is matched with "${b[0]}.${b[1]}", which holds ${y === 'text' ? 'text' : 'numbers'}`,
        fix: 'match keys of the same type: give the plugin a view that converts one of them (e.g. CAST(col AS int)), after checking that every value converts',
      });
    }
  };
  const { referral, child } = mapping;
  compare('$.referral.child', [referral.table, referral.child], [child.table, child.id]);
  for (const [name, f] of Object.entries(mapping.features)) {
    if (!f.source || !f.subject) continue;
    const tables = new Map<string, string>([[f.source.table.toLowerCase(), f.source.table]]);
    for (const j of f.joins ?? []) tables.set(j.table.toLowerCase(), j.table);
    const resolve = (ref: string): readonly [string, string] => {
      if (!ref.includes('.')) return [f.source!.table, ref];
      const [t, c] = ref.split('.') as [string, string];
      return [tables.get(t.toLowerCase()) ?? t, c];
    };
    (f.joins ?? []).forEach((j, i) => compare(`$.features.${name}.joins[${i}].on`, resolve(j.on.from), [j.table, j.on.to]));
    const subjectKey: readonly [string, string] =
      f.subject === 'referral' ? [referral.table, referral.id] : f.subject === 'family' ? [child.table, child.family] : [child.table, child.id];
    compare(`$.features.${name}.source.key`, resolve(f.source.key), subjectKey);
  }
}

/** Checks one list of filters: one test each, code lists defined, comparisons on numbers; records what they read. */
function checkFilterList(
  p: string,
  filters: readonly FilterSpec[] | undefined,
  mapping: FieldMapping,
  problem: (path: string, text: string, fix: string) => void,
  protectedUse: (path: string, name: string | number | boolean, what: string) => void,
  ref: (path: string, column: string, expect?: 'number') => void,
  read: (path: string, column: string, use: ReadUse) => void,
): void {
  (filters ?? []).forEach((f, i) => {
    const tests = FILTER_TESTS.filter((k) => f[k] !== undefined);
    if (tests.length !== 1) problem(`${p}[${i}]`, `a filter needs exactly one test, found ${tests.length}`, `keep one of ${FILTER_TESTS.join(', ')}`);
    if (f.inList !== undefined && !(mapping.codeLists && f.inList in mapping.codeLists)) {
      problem(`${p}[${i}].inList`, `the code list "${f.inList}" is not defined`, `define it under codeLists, or use one of: ${Object.keys(mapping.codeLists ?? {}).join(', ') || '(none defined)'}`);
    }
    for (const v of [...(f.in ?? []), ...(f.equals !== undefined ? [f.equals] : []), ...(f.notEquals !== undefined ? [f.notEquals] : [])]) {
      protectedUse(`${p}[${i}]`, v, 'code');
    }
    const numeric = f.lessThan !== undefined || f.atMost !== undefined || f.greaterThan !== undefined || f.atLeast !== undefined;
    ref(`${p}[${i}].column`, f.column, numeric ? 'number' : undefined);
    read(`${p}[${i}].column`, f.column, f.isNull !== undefined ? 'isNull' : isCodeTest(f) ? 'code' : 'filter');
  });
}

/** A test against codes (a code list, a list of values, or a text value): the column's codes are then checked. */
export function isCodeTest(f: FilterSpec): boolean {
  if (f.inList !== undefined || f.in !== undefined) return true;
  const v = f.equals ?? f.notEquals;
  return typeof v === 'string';
}

function checkFeature(
  path: string,
  feature: FeatureMappingSpec,
  kind: FeatureKind | undefined,
  mapping: FieldMapping,
  problems: MappingProblem[],
  protectedUse: (path: string, name: string | number | boolean, what: string) => void,
  table: (path: string, name: string) => boolean,
  column: (path: string, tableName: string, name: string, expect?: 'number' | 'date' | 'text-or-date') => void,
  reads: ColumnReads,
): void {
  const aggregate = feature.aggregate;
  const fromChild = aggregate.fn === 'age-at-referral' || aggregate.fn === 'unborn';
  const problem = (p: string, text: string, fix: string) => problems.push({ path: `${path}${p}`, problem: text, fix });

  // The feature's kind must be able to hold what the aggregation gives.
  if (kind) {
    const gives =
      aggregate.fn === 'count' ? 'a whole number of records'
      : aggregate.fn === 'age-at-referral' || aggregate.fn === 'age-at-child-birth' ? 'an age in years'
      : aggregate.fn === 'latest' && typeof aggregate.value === 'object' && 'countOf' in aggregate.value ? 'a whole number of detail rows'
      : null;
    if ((kind === 'binary' || kind === 'category') && gives !== null) {
      problem('.aggregate.fn', `the model wants 0 or 1 for this ${kind} feature, but ${aggregate.fn} gives ${gives}`, 'use "exists" (1 when a record counts) with filters that pick the records');
    }
    if (kind === 'count' && (aggregate.fn === 'age-at-referral' || aggregate.fn === 'age-at-child-birth') && aggregate.decimals !== 0) {
      problem('.aggregate', `the model wants a whole number, but ${aggregate.fn} gives an age with decimals`, 'set "decimals": 0, or map a count');
    }
  }

  if (fromChild) {
    if (feature.source || feature.subject || feature.window || feature.joins || feature.filters) {
      problem('', `${aggregate.fn} reads only child.birth; source, subject, joins, filters and window are not used`, 'remove them');
    }
    return;
  }
  if (!feature.source || !feature.subject) {
    problem('', `${aggregate.fn} needs "subject" and "source"`, 'name whose records (subject) and where they are (source)');
    return;
  }
  const source = feature.source;
  const tables = new Map<string, string>([[source.table.toLowerCase(), source.table]]);
  protectedUse(`${path}.source.table`, source.table, 'table');
  const sourceOk = table(`${path}.source.table`, source.table);

  (feature.joins ?? []).forEach((join, i) => {
    protectedUse(`${path}.joins[${i}].table`, join.table, 'table');
    protectedUse(`${path}.joins[${i}].on.to`, join.on.to, 'column');
    const ok = table(`${path}.joins[${i}].table`, join.table);
    refColumn(`${path}.joins[${i}].on.from`, join.on.from);
    read(`${path}.joins[${i}].on.from`, join.on.from, 'join');
    if (ok) column(`${path}.joins[${i}].on.to`, join.table, join.on.to);
    tables.set(join.table.toLowerCase(), join.table);
    reads.add(`${path}.joins[${i}].on.to`, join.table, join.on.to, 'join');
  });

  /** Records what a column reference reads (resolved to its table) for the point-in-time and code rules. */
  function read(p: string, ref: string, use: ReadUse): void {
    const [t, c] = ref.includes('.') ? (ref.split('.') as [string, string]) : [source.table, ref];
    reads.add(p, tables.get(t.toLowerCase()) ?? t, c, use);
  }

  function refColumn(p: string, ref: string, expect?: 'number' | 'date' | 'text-or-date'): void {
    protectedUse(p, ref.includes('.') ? ref.split('.')[1]! : ref, 'column');
    const [t, c] = ref.includes('.') ? (ref.split('.') as [string, string]) : [source.table, ref];
    const known = tables.get(t.toLowerCase());
    if (!known) {
      problem(p.slice(path.length), `"${ref}" names the table "${t}", which is neither the source nor joined`, `join "${t}" under joins, or name a column of ${[...tables.values()].join(', ')}`);
      return;
    }
    if (sourceOk || known !== source.table) column(p, known, c, expect);
  }

  if (sourceOk) column(`${path}.source.id`, source.table, source.id);
  protectedUse(`${path}.source.id`, source.id, 'column');
  refColumn(`${path}.source.key`, source.key);
  read(`${path}.source.key`, source.key, 'key');
  if (source.date) {
    refColumn(`${path}.source.date.column`, source.date.column, 'date');
    read(`${path}.source.date.column`, source.date.column, 'date');
  }
  if (source.end) {
    refColumn(`${path}.source.end.column`, source.end.column, 'date');
    read(`${path}.source.end.column`, source.end.column, 'end');
  }

  const filterProblem = (p: string, text: string, fix: string) => problems.push({ path: p, problem: text, fix });
  const checkFilters = (p: string, filters: readonly FilterSpec[] | undefined, ref: (p: string, c: string, expect?: 'number') => void, readAs: (p: string, c: string, use: ReadUse) => void) =>
    checkFilterList(`${path}${p}`, filters, mapping, filterProblem, protectedUse, ref, readAs);
  checkFilters('.filters', feature.filters, (p, c, expect) => refColumn(p, c, expect), read);

  if (aggregate.fn === 'latest') {
    if (typeof aggregate.value === 'string') {
      refColumn(`${path}.aggregate.value`, aggregate.value, 'number');
      read(`${path}.aggregate.value`, aggregate.value, 'value');
    } else if ('test' in aggregate.value) {
      checkFilters('.aggregate.value', [aggregate.value.test], (p, c, expect) => refColumn(p.replace(/\[0\]\.column$/, '.test.column'), c, expect), (p, c, use) => read(p.replace(/\[0\]\.column$/, '.test.column'), c, use === 'filter' ? 'value' : use));
    } else {
      const detail = aggregate.value.countOf;
      protectedUse(`${path}.aggregate.value.countOf.table`, detail.table, 'table');
      if (table(`${path}.aggregate.value.countOf.table`, detail.table)) {
        protectedUse(`${path}.aggregate.value.countOf.on`, detail.on, 'column');
        column(`${path}.aggregate.value.countOf.on`, detail.table, detail.on);
        checkFilters(
          '.aggregate.value.countOf.filters',
          detail.filters,
          (p, c, expect) => {
            if (c.includes('.')) problem(p.slice(path.length), 'a detail filter tests a column of the detail table itself', `write the column name alone (a column of ${detail.table})`);
            else {
              protectedUse(p, c, 'column');
              column(p, detail.table, c, expect);
            }
          },
          (p, c, use) => reads.add(p, detail.table, c, use),
        );
        reads.add(`${path}.aggregate.value.countOf.on`, detail.table, detail.on, 'join');
      }
    }
  }
  if (aggregate.fn === 'age-at-child-birth') {
    read(`${path}.aggregate.value`, aggregate.value, 'value');
    if (aggregate.format !== 'cpr' || protectedAttributeIn(aggregate.value.split('.').pop()!) !== 'the CPR number') {
      refColumn(`${path}.aggregate.value`, aggregate.value, 'date');
    } else {
      const [t, c] = aggregate.value.includes('.') ? (aggregate.value.split('.') as [string, string]) : [source.table, aggregate.value];
      const known = tables.get(t.toLowerCase());
      if (known) column(`${path}.aggregate.value`, known, c, 'text-or-date');
      else problem('.aggregate.value', `"${aggregate.value}" names the table "${t}", which is neither the source nor joined`, `join "${t}" under joins`);
    }
  }

  // Point in time: windows never look past the referral, and history needs dates.
  const window = feature.window;
  if (feature.subject === 'referral') {
    if (window) problem('.window', 'the referral\'s own record has no window', 'remove "window"');
  } else if (window && 'activeAtReferral' in window) {
    if (!source.date || !source.end) problem('.window', 'activeAtReferral needs source.date (start) and source.end', 'add source.date and source.end');
  } else {
    if (window?.toDays !== undefined && window.toDays > 0) {
      problem('.window.toDays', `the window ends ${window.toDays} days after the referral date: it looks past the referral`, 'use 0 (up to the referral) or a negative number of days');
    }
    if (window?.fromDays !== undefined && window.fromDays > 0) {
      problem('.window.fromDays', `the window starts ${window.fromDays} days after the referral date: it looks past the referral`, 'use a negative number of days, e.g. -365 for the last year');
    }
    if (window?.fromDays !== undefined && window.fromDays >= (window.toDays ?? 0) && window.fromDays <= 0) {
      problem('.window', 'the window is empty (fromDays is not before toDays)', 'make fromDays smaller than toDays');
    }
    if (!source.date && aggregate.fn !== 'age-at-child-birth') {
      problem('.source', `"${source.table}" records have no date, so records made after the referral would count`, 'add source.date: the column that says when each record happened');
    }
  }
}

/** The typed mapping of a validation, or the refusal / problem list as an error (refusals first). */
export function mappingOrThrow(result: MappingValidation, file: string): FieldMapping {
  const first = result.unsafe[0];
  if (first) {
    throw new BeslutningsstotteError('MAPPING_UNSAFE_IDENTIFIER', { file, path: first.path, value: String(first.problem.match(/^"(.*)" is not/)?.[1] ?? '') });
  }
  if (result.refusals.length > 0) {
    throw new BeslutningsstotteError('MAPPING_PROTECTED_ATTRIBUTE', { file, detail: result.refusals.map((r) => `${r.path}: ${r.problem}`).join('; ') });
  }
  if (result.problems.length > 0 || !result.mapping) {
    throw new BeslutningsstotteError('MAPPING_INVALID', {
      file,
      count: result.problems.length,
      detail: result.problems.map((p) => `${p.path}: ${p.problem}. Fix: ${p.fix}.`).join(' '),
    });
  }
  return result.mapping;
}

/** Validates and throws the refusal or the problem list; returns the typed mapping. */
export function assertValidMapping(raw: unknown, file: string, options: ValidateOptions = {}): FieldMapping {
  return mappingOrThrow(validateMapping(raw, options), file);
}
