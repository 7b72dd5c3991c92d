-- Transactions: BEGIN/COMMIT/ROLLBACK in their spellings, savepoints, the aborted state
-- (25P02). The runner also compares the transaction status (I/T/E) after every statement.

CREATE TABLE t (id int PRIMARY KEY, v text);
INSERT INTO t VALUES (1, 'one');

-- case: begin_commit
BEGIN;
INSERT INTO t VALUES (2, 'two');
COMMIT;
SELECT id FROM t ORDER BY id;

-- case: begin_rollback
BEGIN;
INSERT INTO t VALUES (2, 'two');
UPDATE t SET v = 'uno' WHERE id = 1;
ROLLBACK;
SELECT * FROM t ORDER BY id;

-- case: start_transaction_end
START TRANSACTION;
DELETE FROM t;
END;
SELECT count(*) FROM t;

-- case: begin_work_commit_work
BEGIN WORK;
INSERT INTO t VALUES (3, 'three');
COMMIT WORK;
SELECT count(*) FROM t;

-- case: abort_is_rollback
BEGIN;
DELETE FROM t;
ABORT;
SELECT count(*) FROM t;

-- case: begin_isolation_levels
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT count(*) FROM t;
COMMIT;
BEGIN ISOLATION LEVEL SERIALIZABLE;
COMMIT;
BEGIN ISOLATION LEVEL READ COMMITTED;
COMMIT;

-- case: error_aborts_transaction_25P02
BEGIN;
INSERT INTO t VALUES (2, 'two');
SELECT 1 / 0;
SELECT 1;
INSERT INTO t VALUES (3, 'three');
COMMIT;
SELECT id FROM t ORDER BY id;

-- case: rollback_after_error
BEGIN;
INSERT INTO t VALUES (1, 'dup');
ROLLBACK;
SELECT count(*) FROM t;

-- case: savepoint_rollback_to
BEGIN;
INSERT INTO t VALUES (2, 'two');
SAVEPOINT sp1;
INSERT INTO t VALUES (3, 'three');
ROLLBACK TO SAVEPOINT sp1;
INSERT INTO t VALUES (4, 'four');
COMMIT;
SELECT id FROM t ORDER BY id;

-- case: savepoint_recovers_from_error
BEGIN;
SAVEPOINT a;
INSERT INTO t VALUES (1, 'dup');
SELECT 1;
ROLLBACK TO a;
INSERT INTO t VALUES (5, 'five');
COMMIT;
SELECT id FROM t ORDER BY id;

-- case: savepoint_release
BEGIN;
SAVEPOINT a;
INSERT INTO t VALUES (2, 'two');
RELEASE SAVEPOINT a;
SAVEPOINT "Quoted Name";
INSERT INTO t VALUES (3, 'three');
RELEASE "Quoted Name";
COMMIT;
SELECT id FROM t ORDER BY id;

-- case: nested_savepoints
BEGIN;
SAVEPOINT a;
INSERT INTO t VALUES (2, 'two');
SAVEPOINT b;
INSERT INTO t VALUES (3, 'three');
ROLLBACK TO a;
SELECT id FROM t ORDER BY id;
COMMIT;

-- case: rollback_to_unknown_savepoint_3B001
BEGIN;
ROLLBACK TO SAVEPOINT nope;
ROLLBACK;

-- case: savepoint_outside_transaction_25P01
SAVEPOINT a;
RELEASE SAVEPOINT a;

-- case: commit_without_begin_warns
COMMIT;
ROLLBACK;

-- case: begin_inside_transaction_warns
BEGIN;
BEGIN;
COMMIT;

-- case: commit_of_failed_transaction_rolls_back
BEGIN;
INSERT INTO t VALUES (9, 'nine');
SELECT missing;
COMMIT;
SELECT count(*) FROM t;

-- case: read_only_transaction_25006
BEGIN READ ONLY;
SELECT count(*) FROM t;
INSERT INTO t VALUES (2, 'two');
ROLLBACK;

-- case: set_transaction_read_only
BEGIN;
SET TRANSACTION READ ONLY;
UPDATE t SET v = 'x';
ROLLBACK;

-- case: transaction_sees_own_writes
BEGIN;
UPDATE t SET v = 'changed' WHERE id = 1;
SELECT v FROM t WHERE id = 1;
ROLLBACK;
SELECT v FROM t WHERE id = 1;

-- case: ddl_in_transaction_rolls_back
BEGIN;
CREATE TABLE u (a int);
INSERT INTO u VALUES (1);
ROLLBACK;
SELECT * FROM u;

-- case: constraint_error_in_transaction
BEGIN;
INSERT INTO t VALUES (2, 'two');
INSERT INTO t VALUES (2, 'again');
ROLLBACK;
SELECT count(*) FROM t;
