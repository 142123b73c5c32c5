// A SQLite connection of the host database keeps its prepared read statements: the same SQL is prepared once;
// writes are not kept unless asked (the plugin database's are); the least recently used statement leaves when
// the cache is full.
import { createRequire } from 'node:module';
import { expect } from 'chai';
import { cacheStatements } from '../../adapters/sqlite-statement-cache';
import { openSqlite, tempSqliteFile } from '../helpers/seeded-database';
import { openPluginDatabase } from '../../plugin/storage/plugin-database';
import { HOST_SQLITE_MMAP_BYTES } from '../../adapters/database-config';

/** The little of better-sqlite3 these tests use (the package ships no types). */
interface Statement {
  readonly reader: boolean;
  run(...values: unknown[]): unknown;
  all(...values: unknown[]): unknown[];
}
interface Connection {
  prepare(sql: string): Statement;
  exec(sql: string): void;
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => Connection;

describe('the SQLite statement cache', () => {
  it('prepares a read once and reuses it with new values; never keeps a write', () => {
    const connection = cacheStatements(new Database(':memory:'), { capacity: 2 });
    connection.exec('create table t (id integer primary key, v text)');
    const insert = 'insert into t (id, v) values (?, ?)';
    expect(connection.prepare(insert)).to.not.equal(connection.prepare(insert));
    connection.prepare(insert).run(1, 'a');
    connection.prepare(insert).run(2, 'b');
    const read = 'select v from t where id = ?';
    expect(connection.prepare(read)).to.equal(connection.prepare(read));
    expect(connection.prepare(read).all(1)).to.deep.equal([{ v: 'a' }]);
    expect(connection.prepare(read).all(2)).to.deep.equal([{ v: 'b' }]);
    connection.close();
  });

  it('with writes, keeps a write too, and it writes each time it is run again', () => {
    const connection = cacheStatements(new Database(':memory:'), { capacity: 4, writes: true });
    connection.exec('create table t (id integer primary key, v text)');
    const insert = 'insert into t (id, v) values (?, ?)';
    expect(connection.prepare(insert)).to.equal(connection.prepare(insert));
    connection.prepare(insert).run(1, 'a');
    connection.prepare(insert).run(2, 'b');
    expect(connection.prepare('select id, v from t order by id').all()).to.deep.equal([{ id: 1, v: 'a' }, { id: 2, v: 'b' }]);
    connection.close();
  });

  it('lets the least recently used statement go when full', () => {
    const connection = cacheStatements(new Database(':memory:'), { capacity: 2 });
    const [a, b, c] = ['select 1', 'select 2', 'select 3'];
    const first = connection.prepare(a);
    connection.prepare(b);
    connection.prepare(a); // a is now the most recently used
    connection.prepare(c); // b leaves
    expect(connection.prepare(a)).to.equal(first);
    const second = connection.prepare(b);
    expect(connection.prepare(b)).to.equal(second);
    connection.close();
  });

  it('is on the plugin database\'s connections, writes included, and a kept insert still sees a changed schema', async () => {
    const db = openPluginDatabase({ client: 'better-sqlite3', connection: { filename: tempSqliteFile('bs-cache-plugin-') } });
    try {
      await db.schema.createTable('t', (t) => t.integer('id'));
      await db('t').insert({ id: 1 });
      await db.schema.alterTable('t', (t) => t.text('v').defaultTo('d'));
      await db('t').insert({ id: 2 });
      expect(await db('t').select('*').orderBy('id')).to.deep.equal([{ id: 1, v: 'd' }, { id: 2, v: 'd' }]);
      const connection = (await db.client.acquireConnection()) as Connection;
      try {
        expect(connection.prepare('insert into t (id) values (?)')).to.equal(connection.prepare('insert into t (id) values (?)'));
      } finally {
        await db.client.releaseConnection(connection);
      }
    } finally {
      await db.destroy();
    }
  });

  it('is on the host database\'s connections, and a statement still sees a changed schema', async () => {
    const db = openSqlite(tempSqliteFile('bs-cache-'));
    try {
      await db.schema.createTable('t', (t) => t.integer('id'));
      await db('t').insert({ id: 1 });
      expect(await db('t').select('*')).to.deep.equal([{ id: 1 }]);
      await db.schema.alterTable('t', (t) => t.text('v'));
      await db('t').update({ v: 'x' });
      expect(await db('t').select('*')).to.deep.equal([{ id: 1, v: 'x' }]);
      const connection = (await db.client.acquireConnection()) as Connection & { pragma(source: string, options: { simple: true }): unknown };
      try {
        expect(connection.prepare('select * from t')).to.equal(connection.prepare('select * from t'));
        expect(connection.pragma('mmap_size', { simple: true }), 'the host file is read through memory mapping').to.equal(HOST_SQLITE_MMAP_BYTES);
      } finally {
        await db.client.releaseConnection(connection);
      }
    } finally {
      await db.destroy();
    }
  });
});
