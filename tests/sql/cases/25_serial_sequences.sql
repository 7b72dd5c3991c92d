-- Serial columns' sequences named by pg_get_serial_sequence with quoted and unquoted table
-- names (the schema name differs: the oracle runs each case in a schema of its own), and the
-- sequence reset Django runs after loading fixtures.

CREATE TABLE plain (k int PRIMARY KEY, n serial);
CREATE TABLE pk (id serial PRIMARY KEY, v text);

-- case: serial_sequence_names
SELECT pg_get_serial_sequence('plain', 'n') = pg_get_serial_sequence('"plain"', 'n'),
       pg_get_serial_sequence('PLAIN', 'n') = pg_get_serial_sequence('plain', 'n'),
       pg_get_serial_sequence('"pk"', 'id') LIKE '%pk_id_seq', pg_get_serial_sequence('pk', 'v');
SELECT pg_get_serial_sequence('"PLAIN"', 'n');

-- case: setval_of_serial_sequence_after_explicit_ids
INSERT INTO plain (k, n) VALUES (1, 5), (2, 9);
SELECT setval(pg_get_serial_sequence('"plain"', 'n'), coalesce(max("n"), 1), max("n") IS NOT null)
  FROM "plain";
INSERT INTO plain (k) VALUES (3) RETURNING n;
INSERT INTO pk VALUES (7, 'a');
SELECT setval(pg_get_serial_sequence('"pk"', 'id'), coalesce(max("id"), 1), max("id") IS NOT null)
  FROM "pk";
INSERT INTO pk (v) VALUES ('b') RETURNING id;
