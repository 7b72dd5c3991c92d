// postgres.js: every query is a named statement (Describe first, parameters typed from the
// ParameterDescription), a transaction, an error code, a cursor, and COPY in and out.
'use strict';
const postgres = require('postgres');
const { assert, config, run } = require('./common');

run(async () => {
  const c = config();
  const sql = postgres({
    host: c.host, port: c.port, user: c.user, password: c.password, database: c.database,
    ssl: c.ssl ? { rejectUnauthorized: false } : false, max: 2, connect_timeout: 10,
    onnotice: () => {},
  });
  try {
    const [row] = await sql`SELECT ${41}::int + 1 AS n, ${'x'} AS t`;
    assert.deepStrictEqual({ ...row }, { n: 42, t: 'x' });

    await sql`DROP TABLE IF EXISTS node_pgjs`;
    await sql`CREATE TABLE node_pgjs (id int PRIMARY KEY, balance int NOT NULL)`;
    await sql`INSERT INTO node_pgjs ${sql([{ id: 1, balance: 10 }, { id: 2, balance: 20 }])}`;
    await sql.begin(async (tx) => {
      await tx`UPDATE node_pgjs SET balance = balance + ${5} WHERE id = ${1}`;
      await tx`UPDATE node_pgjs SET balance = balance - ${5} WHERE id = ${2}`;
    });
    await assert.rejects(sql.begin(async (tx) => {
      await tx`UPDATE node_pgjs SET balance = 0`;
      await tx`INSERT INTO node_pgjs VALUES (1, 1)`;
    }), (err) => err.code === '23505');
    const rows = await sql`SELECT id, balance FROM node_pgjs ORDER BY id`;
    assert.deepStrictEqual(rows.map((r) => [r.id, r.balance]), [[1, 15], [2, 15]]);
    const ids = await sql`SELECT id FROM node_pgjs WHERE id = ANY(${[1, 3]}::int[])`;
    assert.deepStrictEqual(ids.map((r) => r.id), [1]);

    const seen = [];
    await sql`SELECT g FROM generate_series(1, 7) AS g ORDER BY g`.cursor(3, (batch) => {
      seen.push(...batch.map((r) => r.g));
    });
    assert.deepStrictEqual(seen, [1, 2, 3, 4, 5, 6, 7]);

    // COPY FROM STDIN through a writable stream, COPY TO STDOUT through a readable one.
    await sql`DROP TABLE IF EXISTS node_pgjs_copy`;
    await sql`CREATE TABLE node_pgjs_copy (id int PRIMARY KEY, name text, note text)`;
    const writable = await sql`COPY node_pgjs_copy FROM STDIN`.writable();
    await new Promise((resolve, reject) => {
      writable.on('error', reject);
      writable.on('finish', resolve);
      writable.write('1\talpha\t\\N\n2\tbe\\ttab\tx\n');
      writable.end('3\tgamma\ty\n');
    });
    const copied = await sql`SELECT id, name, note FROM node_pgjs_copy ORDER BY id`;
    assert.deepStrictEqual(copied.map((r) => [r.id, r.name, r.note]),
                           [[1, 'alpha', null], [2, 'be\ttab', 'x'], [3, 'gamma', 'y']]);
    const readable = await sql`COPY (SELECT id, name FROM node_pgjs_copy ORDER BY id) TO STDOUT WITH (FORMAT csv)`.readable();
    let text = '';
    for await (const chunk of readable) text += chunk.toString();
    assert.strictEqual(text, '1,alpha\n2,be\ttab\n3,gamma\n');
    await sql`DROP TABLE node_pgjs_copy`;
    await sql`DROP TABLE node_pgjs`;
  } finally {
    await sql.end({ timeout: 5 });
  }
});
