// pg-cursor: a named portal read in batches (Execute with a row limit, PortalSuspended).
'use strict';
const { Client } = require('pg');
const Cursor = require('pg-cursor');
const { assert, config, run } = require('./common');

run(async () => {
  const client = new Client(config());
  await client.connect();
  try {
    const cursor = client.query(new Cursor('SELECT g, $1::text || g AS label FROM generate_series(1, 10) AS g ORDER BY g', ['row ']));
    const seen = [];
    for (;;) {
      const rows = await cursor.read(3);
      if (rows.length === 0) break;
      assert.ok(rows.length <= 3);
      seen.push(...rows.map((r) => r.g));
    }
    assert.deepStrictEqual(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await cursor.close();

    // Closing a cursor early, then the connection is still usable.
    const early = client.query(new Cursor('SELECT g FROM generate_series(1, 100) AS g'));
    const first = await early.read(5);
    assert.strictEqual(first.length, 5);
    await early.close();
    const after = await client.query('SELECT 1 AS one');
    assert.strictEqual(after.rows[0].one, 1);
  } finally {
    await client.end();
  }
});
