// LISTEN / NOTIFY and pg_notify() between two node-postgres connections.
'use strict';
const { Client } = require('pg');
const { assert, config, run } = require('./common');

run(async () => {
  const listener = new Client(config());
  const sender = new Client(config());
  await listener.connect();
  await sender.connect();
  try {
    const received = [];
    const both = new Promise((resolve) => {
      listener.on('notification', (msg) => {
        received.push([msg.channel, msg.payload]);
        if (received.length === 2) resolve();
      });
    });
    await listener.query('LISTEN node_channel');
    await sender.query("NOTIFY node_channel, 'hello'");
    await sender.query("SELECT pg_notify('node_channel', 'from function')");
    await both;
    assert.deepStrictEqual(received, [['node_channel', 'hello'], ['node_channel', 'from function']]);

    // Notifications sent inside a transaction arrive only after COMMIT.
    await sender.query('BEGIN');
    await sender.query("NOTIFY node_channel, 'after commit'");
    const early = await listener.query('SELECT 1');
    assert.strictEqual(received.length, 2);
    const third = new Promise((resolve) => listener.once('notification', (msg) => resolve(msg.payload)));
    await sender.query('COMMIT');
    assert.strictEqual(await third, 'after commit');
    assert.ok(early);
    await listener.query('UNLISTEN node_channel');
  } finally {
    await listener.end();
    await sender.end();
  }
});
