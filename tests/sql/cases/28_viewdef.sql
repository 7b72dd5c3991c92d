-- pg_get_viewdef and information_schema.views.view_definition of simple views, pretty and not:
-- qualified columns, one target per line, implicit casts, parentheses.

CREATE TABLE book (id serial PRIMARY KEY, title varchar(200) NOT NULL, price numeric(10,2),
  pages int, note text, code char(3), author_id int);
CREATE TABLE author (id int PRIMARY KEY, name text, country text);
CREATE TABLE review (id int PRIMARY KEY, book_id int, stars int);

-- case: viewdef_single_table
-- setup
CREATE VIEW v1 AS SELECT id, title, price FROM book WHERE price < 10;
CREATE VIEW v4 AS SELECT * FROM book;
-- test
SELECT pg_get_viewdef('v1'::regclass, true), pg_get_viewdef('v1'::regclass);
SELECT pg_get_viewdef('v4'::regclass, true), pg_get_viewdef('v4'::regclass);
SELECT table_name, view_definition FROM information_schema.views WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
  ORDER BY table_name;

-- case: viewdef_conditions
-- setup
CREATE VIEW v2 AS SELECT id AS book_id, pages, note FROM book
  WHERE pages >= 100 AND note = 'x' OR title = 'it''s';
CREATE VIEW v3 AS SELECT b.id, b.code FROM book b WHERE b.code = 'abc' AND b.pages <> 3;
CREATE VIEW v5 AS SELECT id FROM book WHERE price > 1.5 AND note IS NULL;
CREATE VIEW v6 AS SELECT id FROM book
  WHERE (pages = 0 OR pages = -5 OR note IS NOT NULL) AND (price = 0);
CREATE VIEW v7 AS SELECT id FROM book WHERE pages = 1 AND pages = 2 AND pages = 3;
-- test
SELECT c.relname, pg_get_viewdef(c.oid, true), pg_get_viewdef(c.oid)
  FROM pg_class c WHERE c.relkind = 'v' AND c.relname IN ('v2', 'v3', 'v5', 'v6', 'v7')
  ORDER BY c.relname;

-- case: viewdef_joins
-- setup
CREATE VIEW j1 AS SELECT b.id, a.name FROM book b JOIN author a ON a.id = b.author_id;
CREATE VIEW j2 AS SELECT book.title, author.name AS author FROM book
  LEFT JOIN author ON author.id = book.author_id WHERE author.country = 'x';
CREATE VIEW j3 AS SELECT b.id, r.stars FROM book b JOIN author a ON a.id = b.author_id
  JOIN review r ON r.book_id = b.id AND r.stars > 3;
CREATE VIEW j4 AS SELECT b.id, a.name FROM book b, author a WHERE a.id = b.author_id;
-- test
SELECT c.relname, pg_get_viewdef(c.oid, true), pg_get_viewdef(c.oid)
  FROM pg_class c WHERE c.relkind = 'v' AND c.relname LIKE 'j%' ORDER BY c.relname;
