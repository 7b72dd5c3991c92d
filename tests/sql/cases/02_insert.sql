-- INSERT in its common forms, with and without RETURNING.

CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric(10,2), qty int DEFAULT 0);

-- case: insert_single_row
INSERT INTO items VALUES (1, 'apple', 1.5, 10);
SELECT * FROM items;

-- case: insert_multi_row
INSERT INTO items VALUES (1, 'a', 1, 1), (2, 'b', 2, 2), (3, 'c', 3, 3);
SELECT id, name FROM items ORDER BY id;

-- case: insert_column_list_uses_default
INSERT INTO items (id, name) VALUES (1, 'a');
SELECT id, name, price, qty FROM items;

-- case: insert_default_keyword
INSERT INTO items VALUES (1, 'a', DEFAULT, DEFAULT);
SELECT * FROM items;

-- case: insert_returning_star
INSERT INTO items VALUES (1, 'a', 2.5, 3) RETURNING *;

-- case: insert_returning_expression
INSERT INTO items VALUES (1, 'a', 2.5, 4), (2, 'b', 1.25, 2) RETURNING id, price * qty AS total;

-- case: insert_returning_renamed
INSERT INTO items (id, name) VALUES (7, 'seven') RETURNING name AS item_name, qty;

-- case: insert_select
-- setup
INSERT INTO items VALUES (1, 'a', 1, 1), (2, 'b', 2, 2);
CREATE TABLE copy_of_items (id int, name text);
-- test
INSERT INTO copy_of_items SELECT id, name FROM items WHERE id > 1;
SELECT * FROM copy_of_items;

-- case: insert_on_conflict_do_nothing
INSERT INTO items VALUES (1, 'a', 1, 1);
INSERT INTO items VALUES (1, 'b', 2, 2) ON CONFLICT DO NOTHING;
INSERT INTO items VALUES (1, 'b', 2, 2) ON CONFLICT (id) DO NOTHING RETURNING id;
SELECT * FROM items;

-- case: insert_on_conflict_do_update
INSERT INTO items VALUES (1, 'a', 1, 1);
INSERT INTO items VALUES (1, 'b', 2, 5) ON CONFLICT (id) DO UPDATE SET qty = items.qty + excluded.qty RETURNING *;

-- case: insert_null_into_not_null
INSERT INTO items (id, name) VALUES (1, NULL);

-- case: insert_missing_not_null_column
INSERT INTO items (id) VALUES (1);

-- case: insert_duplicate_key
INSERT INTO items VALUES (1, 'a');
INSERT INTO items VALUES (1, 'b');

-- case: insert_too_many_values
INSERT INTO items (id, name) VALUES (1, 'a', 3);

-- case: insert_string_into_integer
INSERT INTO items (id, name) VALUES ('abc', 'a');

-- case: insert_numeric_rounds_to_scale
INSERT INTO items (id, name, price) VALUES (1, 'a', 1.005), (2, 'b', 2.994), (3, 'c', 7);
SELECT id, price FROM items ORDER BY id;

-- case: insert_numeric_overflow
INSERT INTO items (id, name, price) VALUES (1, 'a', 123456789.12);

-- case: insert_empty_string_is_not_null
INSERT INTO items VALUES (1, '');
SELECT id, name, name IS NULL AS is_null, length(name) FROM items;
