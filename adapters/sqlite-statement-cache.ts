// Keeps a SQLite connection's prepared read statements, so a query the plugin runs again (the same SQL text,
// new bound values) is not parsed and planned again. knex's better-sqlite3 client prepares every statement it
// runs; this wraps the connection's `prepare` when the pool creates the connection. Only statements that
// return rows are kept (knex runs them to completion with `all`, so a kept statement is never busy), at most
// `capacity`, the least recently used leaving first. SQLite re-plans a kept statement by itself when the
// schema changes. The cache belongs to one connection of one process and holds no data.

interface PreparedStatement {
  readonly reader: boolean;
}

interface PreparingConnection {
  prepare(sql: string): PreparedStatement;
}

export const STATEMENT_CACHE_CAPACITY = 256;

export function cacheReadStatements<C extends PreparingConnection>(connection: C, capacity = STATEMENT_CACHE_CAPACITY): C {
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
    if (statement.reader) {
      kept.set(sql, statement);
      if (kept.size > capacity) kept.delete(kept.keys().next().value!);
    }
    return statement;
  };
  return connection;
}
