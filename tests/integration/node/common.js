// Shared by the node client scripts: connection settings from the libpq environment that
// the Python test passes (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE).
'use strict';
const assert = require('assert');

function config(extra = {}) {
  const ssl = process.env.PGSSLMODE === 'require' ? { rejectUnauthorized: false } : false;
  return {
    host: process.env.PGHOST,
    port: Number(process.env.PGPORT),
    user: process.env.PGUSER,
    password: process.env.PGPASSWORD,
    database: process.env.PGDATABASE,
    ssl,
    connectionTimeoutMillis: 10000,
    ...extra,
  };
}

// Runs main(); any rejection or assertion prints and exits 1. A watchdog bounds the run.
function run(main, timeoutMs = 60000) {
  const timer = setTimeout(() => {
    console.error(`timed out after ${timeoutMs} ms`);
    process.exit(2);
  }, timeoutMs);
  main().then(
    () => { clearTimeout(timer); console.log('ok'); },
    (err) => {
      console.error(err && err.stack ? err.stack : err);
      if (err && err.code) console.error(`SQLSTATE ${err.code}`);
      process.exit(1);
    });
}

module.exports = { assert, config, run };
