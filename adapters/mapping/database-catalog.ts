// What the live host database holds: its tables and their columns with types, read through knex's column
// introspection (SQLite and SQL Server alike). The mapping validator checks a mapping against this snapshot;
// reading it is the only database work validation does.
import type { Knex } from 'knex';

export type ColumnClass = 'number' | 'boolean' | 'date' | 'text' | 'other';

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly class: ColumnClass;
}

/** Tables by lower-case name (SQL Server's default collation ignores case), each with its columns likewise. */
export type DatabaseCatalog = ReadonlyMap<string, { readonly name: string; readonly columns: ReadonlyMap<string, CatalogColumn> }>;

export function columnClass(type: string): ColumnClass {
  const t = type.toLowerCase();
  if (/bool|^bit$/.test(t)) return 'boolean';
  if (/date|time/.test(t)) return 'date';
  if (/int|float|real|double|decimal|numeric|money/.test(t)) return 'number';
  if (/char|text|clob|string/.test(t)) return 'text';
  return 'other';
}

/**
 * Reads the columns of `tables` (those that do not exist are simply absent from the result), in `schema` when
 * given (SQL Server; knex looks in dbo otherwise).
 */
export async function readDatabaseCatalog(db: Knex, tables: readonly string[], schema?: string): Promise<DatabaseCatalog> {
  const catalog = new Map<string, { name: string; columns: Map<string, CatalogColumn> }>();
  for (const table of new Set(tables)) {
    const query = schema ? db(table).withSchema(schema) : db(table);
    const info = (await query.columnInfo()) as unknown as Record<string, { type: string }>;
    const names = Object.keys(info);
    if (names.length === 0) continue;
    const columns = new Map<string, CatalogColumn>();
    for (const name of names) {
      const type = info[name]!.type;
      columns.set(name.toLowerCase(), { name, type, class: columnClass(type) });
    }
    catalog.set(table.toLowerCase(), { name: table, columns });
  }
  return catalog;
}
