// pg-copy-streams: COPY FROM STDIN and COPY TO STDOUT through node-postgres.
'use strict';
const { Client } = require('pg');
const { from, to } = require('pg-copy-streams');
const { Readable, Writable } = require('stream');
const { pipeline } = require('stream/promises');
const { assert, config, run } = require('./common');

run(async () => {
  const client = new Client(config());
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS node_copy');
    await client.query('CREATE TABLE node_copy (id int, name text)');
    const input = Readable.from(['1,one\n2,', '"two, quoted"\n3,\n']);
    await pipeline(input, client.query(from('COPY node_copy FROM STDIN WITH (FORMAT csv)')));
    const count = await client.query('SELECT count(*)::int AS c, count(name)::int AS named FROM node_copy');
    assert.deepStrictEqual(count.rows, [{ c: 3, named: 2 }]);

    const chunks = [];
    const sink = new Writable({ write(chunk, _enc, cb) { chunks.push(chunk); cb(); } });
    await pipeline(client.query(to('COPY (SELECT * FROM node_copy ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER true)')), sink);
    assert.strictEqual(Buffer.concat(chunks).toString(), 'id,name\n1,one\n2,"two, quoted"\n3,\n');
    await client.query('DROP TABLE node_copy');
  } finally {
    await client.end();
  }
});
