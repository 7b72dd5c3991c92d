-- UPDATE and DELETE, with and without RETURNING.

CREATE TABLE acc (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0 CHECK (balance >= 0));
INSERT INTO acc VALUES (1, 'ann', 100), (2, 'bob', 50), (3, 'cid', 0), (4, 'dee', 75);

-- case: update_one_row
UPDATE acc SET balance = balance + 10 WHERE id = 1;
SELECT * FROM acc WHERE id = 1;

-- case: update_many_rows
UPDATE acc SET balance = balance * 2 WHERE balance > 0;
SELECT id, balance FROM acc ORDER BY id;

-- case: update_no_match
UPDATE acc SET balance = 1 WHERE id = 99;

-- case: update_returning
UPDATE acc SET balance = balance - 25 WHERE id IN (1, 2) RETURNING id, balance;

-- case: update_returning_star
UPDATE acc SET owner = upper(owner) WHERE id = 3 RETURNING *;

-- case: update_set_multiple_columns
UPDATE acc SET owner = 'zed', balance = 1 WHERE id = 4;
SELECT * FROM acc ORDER BY id;

-- case: update_from_subquery
UPDATE acc SET balance = (SELECT max(balance) FROM acc) WHERE id = 3 RETURNING balance;

-- case: update_violates_check
UPDATE acc SET balance = balance - 60 WHERE id = 2;
SELECT balance FROM acc WHERE id = 2;

-- case: update_violates_not_null
UPDATE acc SET owner = NULL WHERE id = 1;

-- case: update_violates_primary_key
UPDATE acc SET id = 2 WHERE id = 1;

-- case: update_unknown_column
UPDATE acc SET nope = 1;

-- case: delete_one_row
DELETE FROM acc WHERE id = 2;
SELECT id FROM acc ORDER BY id;

-- case: delete_returning
DELETE FROM acc WHERE balance < 80 RETURNING id, owner;

-- case: delete_all
DELETE FROM acc;
SELECT count(*) FROM acc;

-- case: delete_no_match
DELETE FROM acc WHERE owner = 'nobody';

-- case: delete_with_subquery
DELETE FROM acc WHERE balance = (SELECT min(balance) FROM acc) RETURNING *;
