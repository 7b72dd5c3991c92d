// Connects with the environment's user, password and sslmode, and reports what it got.
// Used by the SCRAM and TLS tests; a wrong password must fail with 28P01.
'use strict';
const { Client } = require('pg');
const { assert, config, run } = require('./common');

run(async () => {
  const client = new Client(config());
  try {
    await client.connect();
  } catch (err) {
    if (process.env.EXPECT_AUTH_FAILURE === '1') {
      assert.strictEqual(err.code, '28P01', `expected 28P01, got ${err.code}: ${err.message}`);
      return;
    }
    throw err;
  }
  try {
    assert.notStrictEqual(process.env.EXPECT_AUTH_FAILURE, '1', 'connected with a wrong password');
    const r = await client.query('SELECT current_user AS u');
    assert.strictEqual(r.rows[0].u, process.env.PGUSER);
    if (process.env.PGSSLMODE === 'require') {
      assert.ok(client.connection.stream.encrypted, 'connection is not encrypted');
    }
  } finally {
    await client.end();
  }
});
