// Keeps a SQLite connection's prepared statements, so a query the plugin runs again (the same SQL text, new
// bound values) is not parsed and planned again. knex's better-sqlite3 client prepares every statement it
// runs; this wraps the connection's `prepare` when the pool creates the connection. Statements that return
// rows are kept (knex runs them to completion with `all`, so a kept statement is never busy), and with
// `writes` also those that change rows (knex runs them to completion with `run`: the plugin database's batch
// inserts repeat one shape thousands of times), at most `capacity`, the least recently used leaving first.
// SQLite re-plans a kept statement by itself when the schema changes. The cache belongs to one connection of
// one process and holds no data.

interface PreparedStatement {
  readonly reader: boolean;
}

interface PreparingConnection {
  prepare(sql: string): PreparedStatement;
}

export const STATEMENT_CACHE_CAPACITY = 256;

export interface StatementCacheOptions {
  /** Statements kept at most (default STATEMENT_CACHE_CAPACITY). */
  readonly capacity?: number;
  /** Keep statements that change rows too (default: only those that read). */
  readonly writes?: boolean;
}

export function cacheStatements<C extends PreparingConnection>(connection: C, options: StatementCacheOptions = {}): C {
  const capacity = options.capacity ?? STATEMENT_CACHE_CAPACITY;
  const writes = options.writes === true;
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, PreparedStatement>();
  connection.prepare = (sql: string) => {
    const hit = kept.get(sql);
    if (hit) {
      kept.delete(sql); // most recently used last
      kept.set(sql, hit);
      return hit;
    }
    const statement = prepare(sql);
    if (writes || statement.reader) {
      kept.set(sql, statement);
      if (kept.size > capacity) kept.delete(kept.keys().next().value!);
    }
    return statement;
  };
  return connection;
}
