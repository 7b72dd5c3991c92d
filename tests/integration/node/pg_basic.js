// node-postgres: parameters, named prepared statements, a transaction, errors with codes.
'use strict';
const { Client } = require('pg');
const { assert, config, run } = require('./common');

run(async () => {
  const client = new Client(config());
  await client.connect();
  try {
    const one = await client.query('SELECT $1::int + 1 AS n, $2::text AS t', [41, 'x']);
    assert.deepStrictEqual(one.rows, [{ n: 42, t: 'x' }]);
    assert.strictEqual(one.fields[0].dataTypeID, 23);

    await client.query('DROP TABLE IF EXISTS node_basic');
    await client.query('CREATE TABLE node_basic (id int PRIMARY KEY, name text, amount numeric(8,2))');

    // Named statements are parsed once and reused.
    for (let i = 1; i <= 5; i++) {
      const r = await client.query({
        name: 'node_insert',
        text: 'INSERT INTO node_basic VALUES ($1, $2, $3) RETURNING id',
        values: [i, `name ${i}`, i * 1.5],
      });
      assert.strictEqual(r.rows[0].id, i);
    }
    const sel = await client.query({ name: 'node_select', text: 'SELECT name, amount FROM node_basic WHERE id = $1', values: [2] });
    assert.deepStrictEqual(sel.rows, [{ name: 'name 2', amount: '3.00' }]);
    const again = await client.query({ name: 'node_select', text: 'SELECT name, amount FROM node_basic WHERE id = $1', values: [3] });
    assert.strictEqual(again.rows[0].name, 'name 3');

    // A transaction that commits and one that rolls back.
    await client.query('BEGIN');
    await client.query('UPDATE node_basic SET amount = amount + 1 WHERE id = $1', [1]);
    await client.query('COMMIT');
    await client.query('BEGIN');
    await client.query('DELETE FROM node_basic');
    await client.query('ROLLBACK');
    const count = await client.query('SELECT count(*)::int AS c, sum(amount) AS s FROM node_basic');
    assert.deepStrictEqual(count.rows, [{ c: 5, s: '23.50' }]);

    // Errors carry the SQLSTATE; the connection stays usable.
    await assert.rejects(client.query('INSERT INTO node_basic VALUES (1, $1, 0)', ['dup']),
      (err) => err.code === '23505');
    await assert.rejects(client.query('SELECT 1/0'), (err) => err.code === '22012');
    await client.query('BEGIN');
    await assert.rejects(client.query('SELECT nope FROM node_basic'), (err) => err.code === '42703');
    await assert.rejects(client.query('SELECT 1'), (err) => err.code === '25P02');
    await client.query('ROLLBACK');

    // Buffers go as binary bytea; rows come back typed.
    const bin = await client.query('SELECT $1::bytea AS b, true AS t, NULL::int AS n', [Buffer.from([0, 1, 255])]);
    assert.deepStrictEqual(bin.rows[0].b, Buffer.from([0, 1, 255]));
    assert.strictEqual(bin.rows[0].t, true);
    assert.strictEqual(bin.rows[0].n, null);

    await client.query('DROP TABLE node_basic');
  } finally {
    await client.end();
  }
});
