-- PostgreSQL's regular expressions (Advanced Regular Expressions): the ~ family, SIMILAR TO,
-- substring forms, regexp_replace/match/matches/split_to_table/split_to_array and the
-- PostgreSQL 15 functions regexp_count/instr/like/substr; flags, errors, preference rules,
-- back references, newline handling and positions in characters of non-ASCII text.

CREATE TABLE r (id int PRIMARY KEY, s text);
INSERT INTO r VALUES (1, 'foo bar baz'), (2, 'Foo123'), (3, E'line1\nline2'), (4, NULL),
  (5, 'żółw ćma'), (6, '');

-- case: operators_basic
SELECT 'abc' ~ 'b', 'abc' ~ '^b', 'abc' ~* 'B', 'abc' !~ 'B', 'abc' !~* 'B', 'abc' ~ '',
  NULL ~ 'a', 'a' ~ NULL;

-- case: operators_on_column
SELECT id, s ~ '^[a-z]+ ', s ~* '^foo', s !~ '\d' FROM r ORDER BY id;

-- case: where_clause_regex
SELECT id FROM r WHERE s ~ '\d{3}$' OR s ~* 'BAZ$' ORDER BY id;

-- case: leftmost_longest_alternation
SELECT substring('abc' from 'a|ab'), substring('abcd' from 'ab|abcd|abc'),
  substring('xyz' from 'y|xyz|x');

-- case: preference_rules_greedy_non_greedy
SELECT substring('aaab' from 'a+?'), substring('aaab' from 'a+?b'), substring('xaaay' from 'a*?y'),
  regexp_match('abcabc', '(a.*?)c'), regexp_match('abcabc', '(a.*)c'),
  regexp_match('aaa', '(a+?)(a*)'), regexp_match('aaa', '(a*)(a+?)');

-- case: preference_whole_re_non_greedy
SELECT regexp_match('abc01234xyz', '(.*?)(\d+)(.*)'), regexp_match('abc01234xyz', '(.*)(\d+)(.*)'),
  regexp_match('abc01234xyz', '(.*?)(\d+)');

-- case: dot_matches_newline_by_default
SELECT E'a\nb' ~ 'a.b', E'a\nb' ~ '^b', E'a\nb' ~ 'a$', E'a\nb' ~ '[^x]b';

-- case: newline_flags
SELECT regexp_like(E'a\nb', 'a.b', 'n'), regexp_like(E'a\nb', '^b', 'n'),
  regexp_like(E'a\nb', 'a.b', 'p'), regexp_like(E'a\nb', '^b', 'p'),
  regexp_like(E'a\nb', 'a.b', 'w'), regexp_like(E'a\nb', '^b', 'w'),
  regexp_like(E'a\nb', '^b', 'm'), regexp_like(E'a\nb', '^b', 'ns'),
  regexp_like(E'a\nb', 'a[^x]b', 'n');

-- case: case_flags
SELECT regexp_like('ABC', 'b'), regexp_like('ABC', 'b', 'i'), regexp_like('ABC', 'b', 'ic'),
  regexp_like('ABC', 'b', 'ci'), regexp_replace('aAa', 'a', 'x', 'gi');

-- case: quoted_expanded_basic_extended_flags
SELECT regexp_like('a.c', 'a.c', 'q'), regexp_like('abc', 'a.c', 'q'), regexp_like('a+b', 'a+', 'q'),
  regexp_like('abc', 'a b c  # spaces and a comment', 'x'), regexp_like('abc', 'a b c', 't'),
  regexp_like('a+', 'a+', 'b'), regexp_like('aa', 'a\{2\}', 'b'), regexp_like('ab', '\(a\)b', 'b'),
  regexp_like('a{1}', 'a{1}', 'e'), regexp_like('ab', 'a|b', 'e'), regexp_like('aa', 'a\{2\}', 'e'),
  regexp_like('a|b', 'a|b', 'e');

-- case: embedded_options
SELECT 'ABC' ~ '(?i)b', 'abc' ~* '(?c)B', 'a b' ~ '(?x)a\ b', E'a\nb' ~ '(?n)^b',
  'a.c' ~ '***=a.c', 'abc' ~ '***=a.c', 'abc' ~ '***:(?i)B';

-- case: escapes_and_classes
SELECT 'a1_' ~ '^\w+$', 'a b' ~ '\s', 'x9' ~ '\d', 'x9' ~ '^\D\d$', 'ab' ~ '^[[:alpha:]]+$',
  'a1' ~ '^[[:alnum:]]+$', ' ' ~ '[[:space:]]', 'AB' ~ '^[[:upper:]]+$', 'x' ~ '[[:digit:]]',
  'a]b' ~ '[]]', 'a-b' ~ '[a\-]', 'tab	here' ~ '\t';

-- case: word_boundaries
SELECT 'foo bar' ~ '\mbar', 'foobar' ~ '\mbar', 'foo bar' ~ 'foo\M', 'foobar' ~ 'foo\M',
  'foo bar' ~ '\yfoo\y', 'foobar' ~ 'o\Yb', 'foo bar' ~ '[[:<:]]bar', 'foo bar' ~ 'foo[[:>:]]',
  regexp_replace('cat concat cat', '\mcat\M', 'dog', 'g');

-- case: back_references
SELECT 'abab' ~ '^(ab)\1$', 'abac' ~ '^(ab)\1$', regexp_match('xyzzy', '(.)\1'),
  regexp_replace('hello  world', '(\s)\1+', '\1', 'g'), 'aa' ~ '^(a)\1$';

-- case: quantifiers_and_bounds
SELECT 'aaa' ~ '^a{3}$', 'aaaa' ~ '^a{3}$', 'aa' ~ '^a{2,}$', 'a' ~ '^a{2,3}$', 'ab' ~ '^ab?c?$',
  substring('aaaa' from 'a{2,3}'), substring('aaaa' from 'a{2,3}?');

-- case: lookahead_constraints
SELECT 'foobar' ~ 'foo(?=bar)', 'foobaz' ~ 'foo(?=bar)', 'foobaz' ~ 'foo(?!bar)',
  substring('price: 100 EUR' from '\d+(?= EUR)'), regexp_replace('a1b2', '[a-z](?=\d)', 'X', 'g');

-- case: non_capturing_groups
SELECT regexp_match('abc', '(?:a)(b)(c)'), substring('abc' from '(?:a)(b)');

-- case: non_ascii_positions_in_characters
SELECT regexp_instr('żółw ćma', 'ć'), regexp_instr('żółw ćma', 'ma', 1, 1, 1),
  regexp_count('ąąą', 'ą'), regexp_substr('żółw ćma', '\S+', 1, 2), substring('żółw' from 'ó(.)'),
  regexp_replace('żółw', 'ó', 'o'), regexp_split_to_array('a→b→c', '→'), 'żółw' ~ '^ż.łw$',
  regexp_instr('日本語テキスト', 'テ'), regexp_count('żółw ćma', '.', 3);

-- case: non_ascii_columns
SELECT id, regexp_replace(s, '[aeiouó]', '_', 'g'), regexp_count(s, '[a-z]'), regexp_count(s, '.')
  FROM r ORDER BY id;

-- case: non_ascii_letters_in_classes
-- divergence: character classes, word boundaries and case folding follow Unicode in litewire; PostgreSQL in the C locale (the oracle's) counts only ASCII letters as letters
SELECT regexp_count('żółw ćma', '\w'), 'é' ~ '[[:alpha:]]', 'É' ~* 'é', 'żółw' ~ '^\w+$';

-- case: regexp_replace_first_and_global
SELECT regexp_replace('banana', 'a', 'o'), regexp_replace('banana', 'a', 'o', 'g'),
  regexp_replace('banana', 'x', 'o', 'g'), regexp_replace('', '^', 'x'),
  regexp_replace('abc', '', '-', 'g'), regexp_replace('abc', 'x*', '-', 'g'),
  regexp_replace('aaa', 'a*', 'X', 'g'), regexp_replace('abc', '$', '!');

-- case: regexp_replace_back_references
SELECT regexp_replace('John Smith', '(\w+) (\w+)', '\2, \1'), regexp_replace('abc', 'b', '[\&]'),
  regexp_replace('a1b22', '\d+', '<\&>', 'g'), regexp_replace('x', 'x', '\\'),
  regexp_replace('ab', '(a)(x)?b', '[\2]'), regexp_replace('ab', 'a', '\0\9\q'),
  regexp_replace('abc', '(b)', '\1\1'), regexp_replace('abc', 'b', 'x\');

-- case: regexp_replace_start_and_n
SELECT regexp_replace('abcabcabc', 'b', 'X', 4), regexp_replace('abcabcabc', 'b', 'X', 1, 2),
  regexp_replace('abcabcabc', 'b', 'X', 1, 0), regexp_replace('abcabcabc', 'b', 'X', 2, 0, 'g'),
  regexp_replace('abcabcabc', 'B', 'X', 1, 3, 'i'), regexp_replace('abcabcabc', 'b', 'X', 1, 9),
  regexp_replace('abcabc', '^a', 'X', 2), regexp_replace('abc', 'b', 'X', 10),
  regexp_replace('abcabc', 'b', 'X', 1, 0, 'g'), regexp_replace('ąbąb', 'b', 'X', 3);

-- case: regexp_replace_errors
SELECT regexp_replace('abc', 'b', 'x', 0);
SELECT regexp_replace('abc', 'b', 'x', 1, -1);
SELECT regexp_replace('abc', 'b', 'x', '1');
SELECT regexp_replace('abc', 'b', 'x', 'gz');
SELECT regexp_replace('abc', '(', 'x');

-- case: regexp_match_groups_and_nulls
SELECT regexp_match('foobarbequebaz', '(bar)(beque)'), regexp_match('foobarbequebaz', 'barbeque'),
  regexp_match('abc', 'x'), regexp_match('abc', '(x)?(b)'), regexp_match('ABC', 'b', 'i'),
  (regexp_match('k=v', '(\w)=(\w)'))[2];

-- case: regexp_match_global_error
SELECT regexp_match('abc', 'b', 'g');

-- case: regexp_matches_rows
SELECT regexp_matches('foobarbequebazilbarfbonk', '(b[^b]+)(b[^b]+)', 'g');
SELECT regexp_matches('abc', '', 'g');
SELECT regexp_matches('aaa', 'a*', 'g');
SELECT regexp_matches('a1b2c3', '[a-z](\d)', 'g');
SELECT regexp_matches('ABC', '[a-z]', 'gi');

-- case: regexp_matches_empty_matches_and_ordinality
SELECT * FROM regexp_matches('abc', 'x*', 'g') WITH ORDINALITY AS m(v, n);
SELECT * FROM regexp_matches('ab12cd3', '\d+', 'g') WITH ORDINALITY AS m(v, n);

-- case: regexp_matches_per_row_and_flags_error
SELECT id, regexp_matches(s, '(\w)\w*$') FROM r WHERE id < 4 ORDER BY id;
SELECT regexp_matches('abc', 'b', 'k');

-- case: regexp_split_to_table_basic
SELECT regexp_split_to_table('the quick  brown fox', '\s+');
SELECT regexp_split_to_table('abc', '');
SELECT regexp_split_to_table('abc', 'x*');
SELECT regexp_split_to_table(',a,,b,', ',');
SELECT regexp_split_to_table('', ',');

-- case: regexp_split_to_table_in_from
SELECT w, n FROM regexp_split_to_table('one two three', ' ') WITH ORDINALITY AS t(w, n) ORDER BY n;
SELECT id, regexp_split_to_table(s, ' ') FROM r WHERE id IN (1, 5) ORDER BY 1, 2;

-- case: regexp_split_to_array_forms
SELECT regexp_split_to_array('the quick  brown fox', '\s+'), regexp_split_to_array('abc', ''),
  regexp_split_to_array('aXbxc', 'x', 'i'), regexp_split_to_array('abc', 'b|'),
  regexp_split_to_array('', 'a'), regexp_split_to_array('a', 'a'),
  array_length(regexp_split_to_array('a b c', ' '), 1);

-- case: regexp_split_errors
SELECT regexp_split_to_array('abc', 'b', 'g');
SELECT regexp_split_to_table('abc', 'b', 'g');
SELECT regexp_split_to_array('abc', '[');

-- case: regexp_count_forms
SELECT regexp_count('ABCABCAXYaxy', 'A.'), regexp_count('ABCABCAXYaxy', 'A.', 1, 'i'),
  regexp_count('ABCABCAXYaxy', 'A.', 4), regexp_count('abc', ''), regexp_count('aaa', 'a*'),
  regexp_count('abc', 'x'), regexp_count('abc', 'b', 10), regexp_count('', '');

-- case: regexp_count_errors
SELECT regexp_count('abc', 'b', 0);
SELECT regexp_count('abc', 'b', 1, 'g');

-- case: regexp_instr_forms
SELECT regexp_instr('number of your street, town zip, FR', '[^,]+', 1, 2),
  regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 0, 'i', 2),
  regexp_instr('ABCDEFGHI', '(c..)(...)', 1, 1, 1, 'i', 2),
  regexp_instr('abcabc', 'b', 3), regexp_instr('abc', 'x'), regexp_instr('abc', 'b', 1, 2),
  regexp_instr('abc', '(x)?b', 1, 1, 0, '', 1), regexp_instr('abc', 'b', 1, 1, 0, '', 1),
  regexp_instr('abc', 'b', 1, 1, 0, '', 2), regexp_instr('abc', ''), regexp_instr('abc', '$');

-- case: regexp_instr_errors
SELECT regexp_instr('abc', 'b', 0);
SELECT regexp_instr('abc', 'b', 1, 0);
SELECT regexp_instr('abc', 'b', 1, 1, 2);
SELECT regexp_instr('abc', 'b', 1, 1, 0, 'g');
SELECT regexp_instr('abc', 'b', 1, 1, 0, '', -1);

-- case: regexp_like_forms
SELECT regexp_like('Hello World', 'world'), regexp_like('Hello World', 'world', 'i'),
  regexp_like('', ''), regexp_like('abc', '^b'), regexp_like(NULL, 'a');
SELECT regexp_like('abc', 'b', 'g');

-- case: regexp_substr_forms
SELECT regexp_substr('number of your street, town zip, FR', '[^,]+', 1, 2),
  regexp_substr('ABCDEFGHI', '(c..)(...)', 1, 1, 'i', 2), regexp_substr('abc', 'x'),
  regexp_substr('abcabc', 'b.', 3), regexp_substr('abc', '(x)?b', 1, 1, '', 1),
  regexp_substr('abc', 'b', 1, 1, '', 1), regexp_substr('abc', 'b', 1, 1, '', 2),
  regexp_substr('abc', 'b', 1, 2);
SELECT regexp_substr('abc', 'b', 1, 0);
SELECT regexp_substr('abc', 'b', 1, 1, 'g');

-- case: substring_from_pattern
SELECT substring('Thomas' from '...$'), substring('Thomas' from 'o(.)a'), substring('Thomas' from 'x'),
  substring('Thomas' from '(x)?m'), substring('Thomas', 'T.'), substring('Thomas' from 2),
  substring('Thomas' from 2 for 3), substring(NULL from 'a'), substring('abc' from NULL::text);

-- case: substring_similar
SELECT substring('foobar' similar '#"o_b#"%' escape '#'), substring('foobar' similar '#"o_b#"' escape '#'),
  substring('Thomas' from '%#"o_a#"_' for '#'), substring('abc' similar 'a%' escape '#'),
  substring('abc' similar '#"a#"%' escape '#'), substring('abc' similar 'x#"b#"c' escape '#'),
  substring('aaa' similar '#"a*#"a*' escape '#'), substring('aaa' similar 'a*#"a*#"' escape '#'),
  substring('xoabyoaby' similar '%#"o_b#"%' escape '#'), substring('abcabc' similar '%#"b%#"' escape '#'),
  substring('abcabc' similar '%#"b%' escape '#'), substring('a1b22c' similar '%#"[0-9]+#"%' escape '#'),
  substring('abc' similar '#"%#"' escape '#'), substring('' similar '#"%#"' escape '#');

-- case: substring_similar_three_separators_error
SELECT substring('abc' similar '#"a#"b#"c' escape '#');

-- case: similar_to_rewrite_text
SELECT similar_to_escape('a%b_c.d\e^f$g(h|i)*[x.\]y]+{2}'), similar_to_escape('a#"b#"c', '#'),
  similar_to_escape('[^]a]%', ''), similar_to_escape('[]a]%'), similar_to_escape('a|b?'),
  similar_to_escape('ab\'), similar_to_escape('aéb', 'é'), similar_to_escape('50%'),
  similar_to_escape('x', NULL), similar_to_escape('[\]', ''), similar_to_escape('[#"]', '#');

-- case: similar_to_edge_cases
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'ab', 'a.c' SIMILAR TO 'a.c', 'abc' SIMILAR TO 'a.c',
  E'a\nc' SIMILAR TO 'a_c', E'a\nc' SIMILAR TO 'a%', 'a^b' SIMILAR TO 'a^b', 'a$' SIMILAR TO 'a$',
  'ab' SIMILAR TO '(a|x)(b|y)', 'AB' SIMILAR TO 'ab', '%' SIMILAR TO '\%', 'x' SIMILAR TO '\%',
  'a\b' SIMILAR TO 'a\\b', 'a\b' SIMILAR TO 'a\b' ESCAPE '', 'ab' SIMILAR TO 'a' || '%',
  'abc' SIMILAR TO '[a-c]{3}', 'żółw' SIMILAR TO 'ż_łw', 'a' SIMILAR TO 'a' ESCAPE NULL;

-- case: similar_to_multibyte_escape
SELECT 'a%' SIMILAR TO 'aé%' ESCAPE 'é', 'ab' SIMILAR TO 'aé%' ESCAPE 'é';
SELECT 'a' SIMILAR TO 'a' ESCAPE 'éé';

-- case: bad_patterns_2201b
SELECT 'a' ~ '(';
SELECT 'a' ~ 'a{2,1}';
SELECT 'a' ~ '[z-a]';
SELECT 'a' ~ '*';
SELECT 'a' ~ '\z';
SELECT 'a' ~ 'a)';
SELECT 'a' ~ '[[:nope:]]';
SELECT regexp_match('a', '(a)\2');

-- case: bad_flags_22023
SELECT regexp_like('a', 'a', 'z');
SELECT regexp_matches('a', 'a', 'Q');
SELECT regexp_count('a', 'a', 1, 'é');

-- case: regex_in_check_constraint_and_case
CREATE TABLE codes (c text CHECK (c ~ '^[A-Z]{2}\d{2}$'));
INSERT INTO codes VALUES ('AB12');
INSERT INTO codes VALUES ('ab12');
SELECT c, CASE WHEN c ~ '^A' THEN 'starts with A' ELSE 'other' END FROM codes;

-- case: regex_with_parameters_and_columns
CREATE TABLE pats (p text, f text);
INSERT INTO pats VALUES ('^f', ''), ('A', 'i'), ('\d+', 'g'), ('z', 'c');
SELECT p, f, regexp_replace('foo1 bar22', p, '#', f), regexp_count('foo1 bar22', p) FROM pats
  WHERE f <> 'g' ORDER BY p;
SELECT p, regexp_replace('foo1 bar22', p, '#', f) FROM pats WHERE f = 'g';

-- case: search_after_match_sees_previous_character
SELECT regexp_count('ab', '\ma|\mb'), regexp_replace('ab', '\ma|\mb', 'X', 'g'), regexp_count('a b', '\ma|\mb');

-- case: character_escapes_and_constraints
SELECT 'A' ~ '\x41', 'A' ~ '\u0041', 'abc' ~ '\Aabc\Z', 'a1' ~ '[\d]', 'a' ~ '[[:<:]]a', 'é' ~ '\u00e9', 'ab' ~ 'a\Bb';

-- case: bad_patterns_more_2201b
SELECT 'a' ~ 'a{255}';
SELECT 'a' ~ 'a{256}';
SELECT 'a' ~ '(?z)a';
SELECT 'a' ~ 'a**';
SELECT 'a' ~ '\1(a)';
SELECT 'a' ~ '[a';
SELECT 'a' ~ 'a{1';
SELECT 'a' ~ '\';

-- case: empty_matches_in_non_ascii_text
SELECT regexp_replace('żół', '', '-', 'g'), regexp_replace('żół', 'x*', '-', 'g'), regexp_split_to_array('żół', ''),
 regexp_matches('żół', '', 'g');

-- case: start_positions_at_and_past_the_end
SELECT regexp_count('abc', 'b', 4), regexp_count('abc', '', 4), regexp_count('abc', '', 5), regexp_instr('abc', '', 4),
  regexp_replace('abcabc', 'b', 'X', 1, 5), regexp_substr('abc', '', 4), regexp_match('abc', '(?x) b  c');

-- case: similar_to_classes_and_quoting
SELECT 'abc' SIMILAR TO '[[:alpha:]]+', 'a1' SIMILAR TO '[[:alpha:]]+', 'ab' SIMILAR TO '(a|b){2}', 'a' SIMILAR TO '[^b]',
  'a*' SIMILAR TO 'a\*', '|' SIMILAR TO '\|', 'ab' SIMILAR TO 'a{1}b', 'a' SIMILAR TO '_%', '' SIMILAR TO '%';

-- case: varchar_char_name_subjects
CREATE TABLE v (c varchar(10), b char(5), n name);
INSERT INTO v VALUES ('abc', 'ab', 'xyz');
SELECT c ~ 'b', b ~ 'ab   $', b ~ 'ab$', n ~ 'y', regexp_replace(c, 'b', 'X'), regexp_count(b, ' ') FROM v;

-- case: null_arguments
SELECT regexp_replace('a', 'a', NULL), regexp_replace('a', 'a', 'b', NULL), regexp_count(NULL, 'a'), regexp_instr('a', 'a', NULL),
  regexp_split_to_array('a', NULL), regexp_like('a', 'a', NULL), regexp_substr('a', NULL), regexp_match('a', 'a', NULL);
SELECT regexp_split_to_table(NULL, 'a');

-- case: prepared_statement_parameters
PREPARE p1(text, text) AS SELECT $1 ~ $2, regexp_replace($1, $2, 'X', 'g');
EXECUTE p1('banana', 'an');

-- case: long_inputs
SELECT length(regexp_replace(repeat('ab', 100000), 'a', '', 'g')), regexp_count(repeat('abc', 50000), 'c'), repeat('x', 300000) ~ '^(x|y)*$';

-- case: word_constraints_and_anchors_in_global_search
SELECT regexp_replace('foo bar', '\y', '|', 'g'), regexp_replace('foo bar', '\m', '<', 'g'), regexp_replace('foo bar', '\M', '>', 'g'),
  regexp_replace('ab cd', '\m.', 'X', 'g'), regexp_count('aaa', '\ya'), regexp_replace('abab', '(?x) \m a  # c', 'X', 'g'),
  regexp_replace(E'a\nb\nc', '^.', 'X', 'gn'), regexp_replace(E'a\nb\nc', '^', '>', 'gw'), regexp_replace(E'a\nb', '^', '>', 'gp'),
  regexp_matches('ab ab', '\m(a+?)(b*)', 'g'), regexp_replace('a a a', '\ma', 'X', 'g'), regexp_replace('aaa', '\Ya', 'X', 'g'),
  regexp_replace('xaxa', '***:(?i)\mX', 'Y', 'g'), regexp_split_to_array('one two  three', '\y'), regexp_count('a.b.c', '\M');

-- case: char_n_padding_seen_by_operators
CREATE TABLE v2 (b char(5));
INSERT INTO v2 VALUES ('ab'), ('abcde'), (NULL);
SELECT b, b ~ 'ab$', b ~ '^ab   $', b SIMILAR TO 'ab%', b SIMILAR TO 'ab', b !~* 'AB ' FROM v2 ORDER BY 1;
SELECT 'ab'::char(4) ~ 'ab  $', 'ab'::char ~ '^a$';
