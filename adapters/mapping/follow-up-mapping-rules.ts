// The rules for the follow-up report's part of a mapping (`followUp`) that the schema cannot say, with the same
// safeguards as the panel's features: no table, column or code list that points at a protected attribute (the
// CPR number is read for the birth date alone, through child.birth), tables and columns that exist, dates where
// records are placed in time (the report leaves out what is dated after its period), numbers where a value is
// read, and code lists that are defined. Pure: the checks of names and the catalog are handed in.
import type { FieldMapping, FollowUpMappingSpec } from './mapping-schema';

export type ColumnExpectation = 'number' | 'date' | 'text-or-date';

export interface FollowUpRuleChecks {
  readonly problem: (path: string, problem: string, fix: string) => void;
  readonly protectedUse: (path: string, name: string | number | boolean, what: string) => void;
  /** true when the table exists (or no catalog is known); reports it otherwise. */
  readonly table: (path: string, name: string) => boolean;
  readonly column: (path: string, table: string, name: string, expect?: ColumnExpectation) => void;
}

/** Every table the follow-up part names (for reading the catalog). */
export function followUpTablesOf(mapping: FieldMapping): string[] {
  const fu = mapping.followUp;
  if (!fu) return [];
  return [
    mapping.child.table,
    mapping.referral.table,
    fu.placements.table,
    fu.measures.table,
    ...(fu.measures.joins ?? []).map((j) => j.table),
    ...(fu.measures.codeTable ? [fu.measures.codeTable.table] : []),
    ...(fu.wellbeingRatings ? [fu.wellbeingRatings.table] : []),
    ...(fu.schoolAbsence ? [fu.schoolAbsence.table] : []),
    ...(fu.caseFile ? [fu.caseFile.table] : []),
  ];
}

export function checkFollowUpPart(mapping: FieldMapping, fu: FollowUpMappingSpec, checks: FollowUpRuleChecks): void {
  const { problem, protectedUse, table, column } = checks;
  const base = '$.followUp';
  const codeList = (path: string, name: string) => {
    protectedUse(path, name, 'code list');
    if (!(mapping.codeLists && name in mapping.codeLists)) {
      problem(path, `the code list "${name}" is not defined`, `define it under codeLists, or use one of: ${Object.keys(mapping.codeLists ?? {}).join(', ') || '(none defined)'}`);
    }
  };
  /** A plain table with its columns, each checked for protected attributes and against the catalog. */
  const plainTable = (path: string, name: string, columns: ReadonlyArray<readonly [string, string, ColumnExpectation?]>) => {
    protectedUse(`${path}.table`, name, 'table');
    for (const [prop, col] of columns) protectedUse(`${path}.${prop}`, col, 'column');
    if (!table(`${path}.table`, name)) return;
    for (const [prop, col, expect] of columns) column(`${path}.${prop}`, name, col, expect);
  };

  // The child's name comes from the table of children; its birth from child.birth (checked with the panel's part).
  for (const [prop, col] of [['firstName', fu.child.firstName], ['lastName', fu.child.lastName]] as const) {
    if (col === undefined) continue;
    protectedUse(`${base}.child.${prop}`, col, 'column');
    if (col.includes('.')) problem(`${base}.child.${prop}`, 'the name is read from the table of children itself', `write the column name alone (a column of ${mapping.child.table})`);
    else column(`${base}.child.${prop}`, mapping.child.table, col);
  }

  const p = fu.placements;
  plainTable(`${base}.placements`, p.table, [['id', p.id], ['child', p.child], ['start.column', p.start.column, 'date'], ['end.column', p.end.column, 'date'], ['site', p.site]]);
  for (const [kind, list] of Object.entries(p.siteKinds ?? {})) codeList(`${base}.placements.siteKinds.${kind}`, list);

  const r = fu.wellbeingRatings;
  if (r) {
    plainTable(`${base}.wellbeingRatings`, r.table, [['id', r.id], ['child', r.child], ['date.column', r.date.column, 'date'], ['area', r.area], ['value', r.value, 'number']]);
    for (const [area, list] of Object.entries(r.areas ?? {})) codeList(`${base}.wellbeingRatings.areas.${area}`, list);
  }

  const a = fu.schoolAbsence;
  if (a) plainTable(`${base}.schoolAbsence`, a.table, [['id', a.id], ['child', a.child], ['periodEnd.column', a.periodEnd.column, 'date'], ['percent', a.percent, 'number']]);

  const c = fu.caseFile;
  if (c) plainTable(`${base}.caseFile`, c.table, [['id', c.id], ['child', c.child], ['number', c.number], ['opened.column', c.opened.column, 'date']]);

  // Measures: the source table, its joins (to reach the child), the § code and its law, and the code table.
  const m = fu.measures;
  const path = `${base}.measures`;
  protectedUse(`${path}.table`, m.table, 'table');
  protectedUse(`${path}.id`, m.id, 'column');
  const tables = new Map<string, string>([[m.table.toLowerCase(), m.table]]);
  const sourceOk = table(`${path}.table`, m.table);
  if (sourceOk) column(`${path}.id`, m.table, m.id);
  const ref = (at: string, value: string, expect?: ColumnExpectation) => {
    const [t, col] = value.includes('.') ? (value.split('.') as [string, string]) : [m.table, value];
    protectedUse(at, col, 'column');
    const known = tables.get(t.toLowerCase());
    if (!known) {
      problem(at, `"${value}" names the table "${t}", which is neither the measures table nor joined`, `join "${t}" under joins, or name a column of ${[...tables.values()].join(', ')}`);
      return;
    }
    if (sourceOk || known !== m.table) column(at, known, col, expect);
  };
  (m.joins ?? []).forEach((join, i) => {
    protectedUse(`${path}.joins[${i}].table`, join.table, 'table');
    protectedUse(`${path}.joins[${i}].on.to`, join.on.to, 'column');
    const ok = table(`${path}.joins[${i}].table`, join.table);
    ref(`${path}.joins[${i}].on.from`, join.on.from);
    if (ok) column(`${path}.joins[${i}].on.to`, join.table, join.on.to);
    tables.set(join.table.toLowerCase(), join.table);
  });
  ref(`${path}.child`, m.child);
  ref(`${path}.code`, m.code);
  ref(`${path}.start.column`, m.start.column, 'date');
  ref(`${path}.end.column`, m.end.column, 'date');
  // The law of each measure: recorded on the measure (law.column, its values by code list), by § code (laws),
  // or, for a host that records no law, by the grant date (law.byGrantDate). A value no list holds is unknown.
  const inBothLists = (at: string, barnetsLov: string, serviceloven: string, what: string) => {
    const bl = new Set((mapping.codeLists?.[barnetsLov]?.codes ?? []).map(String));
    const both = (mapping.codeLists?.[serviceloven]?.codes ?? []).map(String).filter((code) => bl.has(code));
    if (both.length > 0) problem(at, `the ${what} ${both.map((x) => `"${x}"`).join(', ')} are in both laws' lists`, `a ${what.replace(/s$/, '')} belongs to one law: keep each in one list`);
  };
  if (m.laws) {
    codeList(`${path}.laws.barnetsLov`, m.laws.barnetsLov);
    codeList(`${path}.laws.serviceloven`, m.laws.serviceloven);
    inBothLists(`${path}.laws`, m.laws.barnetsLov, m.laws.serviceloven, 'codes');
  }
  const law = m.law;
  if (law) {
    if (law.column !== undefined && law.byGrantDate !== undefined) {
      problem(`${path}.law`, 'both a law column and byGrantDate are given', 'map the column where the host records the law; byGrantDate is only for a host that records none');
    }
    if (law.column !== undefined) {
      ref(`${path}.law.column`, law.column);
      if (law.barnetsLov === undefined || law.serviceloven === undefined) {
        problem(`${path}.law`, "the law column's values are not translated", 'name the code lists of the values that mean Barnets Lov (barnetsLov) and Serviceloven (serviceloven)');
      } else {
        codeList(`${path}.law.barnetsLov`, law.barnetsLov);
        codeList(`${path}.law.serviceloven`, law.serviceloven);
        inBothLists(`${path}.law`, law.barnetsLov, law.serviceloven, 'values');
      }
    } else if (law.barnetsLov !== undefined || law.serviceloven !== undefined) {
      problem(`${path}.law`, 'code lists for the law are given without the column they translate', 'name the column with the law (column), or remove the lists');
    }
    if (law.byGrantDate !== undefined) ref(`${path}.law.byGrantDate.column`, law.byGrantDate.column, 'date');
    if (law.column === undefined && law.byGrantDate === undefined) {
      problem(`${path}.law`, 'neither a law column nor byGrantDate is given', 'name the column where each measure records its law, or byGrantDate when the host records none');
    }
  }
  if (!m.laws && !law) {
    problem(path, 'the report cannot tell which law a measure was granted under', 'map law.column (the law on each measure), laws (the § codes of each law), or law.byGrantDate when the host records neither');
  }
  if (m.placementCodes !== undefined) codeList(`${path}.placementCodes`, m.placementCodes);
  const k = m.codeTable;
  if (k) {
    const cols: Array<readonly [string, string]> = [['code', k.code], ['label', k.label]];
    if (k.paragraph) cols.push(['paragraph', k.paragraph]);
    plainTable(`${path}.codeTable`, k.table, cols);
  }
}
