// Each extraction query compiled once, then run with new bound values. The SQL of a query depends only on the
// mapping and on how many ids it holds; knex builds and compiles it the first time a shape is asked for (with
// its usual quoting of the validated identifiers), and later calls only fill in the values. Id lists are padded
// to a few sizes (1, 2, 4, … 512, 1,000) by repeating their last id, so a mapping has a few dozen shapes rather
// than one per list length: the cache stays small, and SQL Server's plan cache sees the same few statements.
// The cache is per extractor (per mapping) and per process; it holds SQL text only, never data, so instances
// sharing one database need not agree on anything.
import type { Knex } from 'knex';

type Id = string | number;

/** Builds a query for the given ids and other values; the same shape must always give the same SQL. */
export type QueryBuild = (ids: readonly Id[], values: readonly unknown[]) => Knex.QueryBuilder;

/** Values a compiled query is run with: its ids (padded to the shape's size) and its other values in order. */
export interface QueryValues {
  readonly ids: readonly Id[];
  readonly values?: readonly unknown[];
}

interface Compiled {
  readonly sql: string;
  /** For each binding of `sql`, in order: which id, which other value, or a constant of the shape (a TOP). */
  readonly slots: ReadonlyArray<{ readonly id: number } | { readonly value: number } | { readonly constant: unknown }>;
}

/** The id-list sizes queries are compiled for; a list is padded up to the next one. */
export function paddedSize(n: number, max: number): number {
  if (n <= 1) return 1;
  let size = 1;
  while (size < n) size *= 2;
  return Math.min(size, max);
}

/** Sentinels stand in for the values while knex compiles a shape; they only ever reach knex's compiler. */
const idSentinel = (i: number) => `\u0000bs-id:${i}\u0000`;
const valueSentinel = (i: number) => `\u0000bs-value:${i}\u0000`;
const SENTINEL = /^\u0000bs-(id|value):(\d+)\u0000$/;

export class CompiledQueries {
  private readonly compiled = new Map<string, Compiled>();

  constructor(
    private readonly db: Knex,
    /** The largest id list one statement holds (ids beyond it are the caller's next slice). */
    private readonly maxIds: number,
  ) {}

  /** How many shapes have been compiled (for tests). */
  get size(): number {
    return this.compiled.size;
  }

  /**
   * Runs the query `build` makes for `input`, compiling it the first time this `name` is asked for with this
   * many ids (after padding) and as many other values. `build` must give the same SQL for the same shape.
   */
  run<T>(name: string, input: QueryValues, build: QueryBuild): Promise<T[]> {
    const { sql, bindings } = this.bind(name, input, build);
    return this.db.raw(sql, bindings as Knex.RawBinding[]) as unknown as Promise<T[]>;
  }

  /** The statement and its bindings for `input` (SQL with `?` placeholders, as knex's toSQL gives it). */
  bind(name: string, input: QueryValues, build: QueryBuild): { readonly sql: string; readonly bindings: readonly unknown[] } {
    const values = input.values ?? [];
    const size = input.ids.length === 0 ? 0 : paddedSize(input.ids.length, this.maxIds);
    if (input.ids.length > size) throw new RangeError(`${input.ids.length} ids in one statement; at most ${this.maxIds}`);
    const key = `${name}\u0000${size}\u0000${values.length}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compile(build(Array.from({ length: size }, (_, i) => idSentinel(i)), values.map((_, i) => valueSentinel(i))));
      this.compiled.set(key, compiled);
    }
    const last = input.ids[input.ids.length - 1];
    const bindings = compiled.slots.map((slot) =>
      'id' in slot ? (slot.id < input.ids.length ? input.ids[slot.id] : last) : 'value' in slot ? values[slot.value] : slot.constant,
    );
    return { sql: compiled.sql, bindings };
  }
}

function compile(query: Knex.QueryBuilder): Compiled {
  const { sql, bindings } = query.toSQL();
  const slots = bindings.map((binding) => {
    const m = typeof binding === 'string' ? SENTINEL.exec(binding) : null;
    if (!m) return { constant: binding };
    return m[1] === 'id' ? { id: Number(m[2]) } : { value: Number(m[2]) };
  });
  // A sentinel inlined into the SQL text would mean a value that is not bound: never run such a statement.
  if (sql.includes('\u0000')) throw new Error('a value reached the SQL text instead of a binding');
  return { sql, slots };
}
