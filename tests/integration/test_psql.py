r"""psql: connecting, \conninfo, several statements on one line, errors in a script with and
without ON_ERROR_STOP, and \copy in and out as CSV with a header."""

import csv

from clients import describe, run

PSQL = ["psql", "-X", "-v", "VERBOSITY=default"]


def psql(server, *args, input_text=None, **env):
    return run(PSQL + list(args), server, input_text=input_text, **env)


def test_connect_and_conninfo(server):
    result = psql(server, "-c", r"\conninfo")
    assert result.returncode == 0, describe(result)
    assert 'You are connected to database "postgres" as user "postgres"' in result.stdout
    assert f'port "{server.port}"' in result.stdout


def test_select_unaligned(server):
    result = psql(server, "-A", "-t", "-c", "SELECT 1 AS one, 'two' AS two")
    assert result.returncode == 0, describe(result)
    assert result.stdout == "1|two\n"


def test_multi_statement_line(server):
    # One -c string with several statements: psql sends it as one simple Query and (since
    # psql 15) prints every result.
    result = psql(server, "-A", "-t", "-c", "SELECT 1; SELECT 'second'; SELECT 3")
    assert result.returncode == 0, describe(result)
    assert result.stdout.split() == ["1", "second", "3"]


def test_multi_statement_line_from_stdin(server):
    script = ("CREATE TABLE psql_multi (id int); INSERT INTO psql_multi VALUES (1), (2); "
              "SELECT count(*) FROM psql_multi; DROP TABLE psql_multi;\n")
    result = psql(server, "-A", "-t", input_text=script)
    assert result.returncode == 0, describe(result)
    assert result.stdout.split() == ["CREATE", "TABLE", "INSERT", "0", "2", "2", "DROP", "TABLE"]


def test_error_mid_script_continues_without_on_error_stop(server, tmp_path):
    script = tmp_path / "script.sql"
    script.write_text(
        "CREATE TABLE psql_err (id int PRIMARY KEY);\n"
        "INSERT INTO psql_err VALUES (1);\n"
        "INSERT INTO psql_err VALUES (1);\n"
        "SELECT 1/0;\n"
        "INSERT INTO psql_err VALUES (2);\n"
        "SELECT count(*) AS n FROM psql_err;\n"
        "DROP TABLE psql_err;\n")
    result = psql(server, "-A", "-t", "-v", "ON_ERROR_STOP=0", "-f", script)
    assert result.returncode == 0, describe(result)
    assert "duplicate key value violates unique constraint" in result.stderr
    assert "division by zero" in result.stderr
    assert "\n2\n" in "\n" + result.stdout  # both good INSERTs ran, the count is 2


def test_error_mid_script_stops_with_on_error_stop(server, tmp_path):
    script = tmp_path / "script.sql"
    script.write_text("SELECT 'before';\nSELECT 1/0;\nSELECT 'after';\n")
    result = psql(server, "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", script)
    assert result.returncode == 3, describe(result)
    assert "before" in result.stdout and "after" not in result.stdout


def test_error_in_single_transaction(server, tmp_path):
    script = tmp_path / "script.sql"
    script.write_text(
        "CREATE TABLE psql_single (id int);\n"
        "INSERT INTO psql_single VALUES (1);\n"
        "SELECT missing_column FROM psql_single;\n")
    result = psql(server, "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", script)
    assert result.returncode == 3, describe(result)
    check = psql(server, "-A", "-t", "-c", "SELECT count(*) FROM psql_single")
    assert check.returncode != 0 and "does not exist" in check.stderr, describe(check)


def test_copy_in_and_out_csv_header(server, tmp_path):
    source = tmp_path / "in.csv"
    rows = [["id", "name", "note"], ["1", "plain", ""], ["2", "with, comma", 'say "hi"'],
            ["3", "multi\nline", "x"]]
    with source.open("w", newline="") as f:
        csv.writer(f).writerows(rows)
    target = tmp_path / "out.csv"
    setup = psql(server, "-c", "CREATE TABLE psql_copy (id int PRIMARY KEY, name text, note text)")
    assert setup.returncode == 0, describe(setup)
    try:
        copy_in = psql(server, "-c",
                       rf"\copy psql_copy FROM '{source}' WITH (FORMAT csv, HEADER true)")
        assert copy_in.returncode == 0, describe(copy_in)
        assert copy_in.stdout.strip() == "COPY 3"
        nulls = psql(server, "-A", "-t", "-c",
                     "SELECT id FROM psql_copy WHERE note IS NULL ORDER BY id")
        assert nulls.stdout.split() == ["1"], describe(nulls)
        copy_out = psql(server, "-c", rf"\copy (SELECT * FROM psql_copy ORDER BY id) TO "
                                      rf"'{target}' WITH (FORMAT csv, HEADER true)")
        assert copy_out.returncode == 0, describe(copy_out)
        assert copy_out.stdout.strip() == "COPY 3"
        with target.open(newline="") as f:
            assert list(csv.reader(f)) == rows
    finally:
        psql(server, "-c", "DROP TABLE IF EXISTS psql_copy")


def test_copy_into_identity_columns(server):
    # COPY fills identity columns it is not given from their sequences (START WITH / INCREMENT
    # BY), and takes given values even for GENERATED ALWAYS (COPY has no OVERRIDING clause).
    setup = psql(server, "-c",
                 "CREATE TABLE psql_ident (id int GENERATED ALWAYS AS IDENTITY (START WITH 10) "
                 "PRIMARY KEY, seat int GENERATED BY DEFAULT AS IDENTITY (START WITH 5 INCREMENT BY 5), "
                 "label text)")
    assert setup.returncode == 0, describe(setup)
    try:
        copy_in = psql(server, "-c", r"\copy psql_ident (label) FROM STDIN",
                       input_text="a\nb\nc\n")
        assert copy_in.returncode == 0 and copy_in.stdout.strip() == "COPY 3", describe(copy_in)
        given = psql(server, "-c", r"\copy psql_ident (id, seat, label) FROM STDIN",
                     input_text="1\t7\tgiven\n")
        assert given.returncode == 0 and given.stdout.strip() == "COPY 1", describe(given)
        more = psql(server, "-A", "-t", "-c", "INSERT INTO psql_ident (label) VALUES ('d') RETURNING id, seat")
        assert more.returncode == 0, describe(more)
        rows = psql(server, "-A", "-t", "-c", "SELECT id, seat, label FROM psql_ident ORDER BY label")
        assert rows.stdout.split() == ["10|5|a", "11|10|b", "12|15|c", "13|20|d", "1|7|given"], \
            describe(rows)
        rejected = psql(server, "-c", "INSERT INTO psql_ident (id, label) VALUES (1, 'x')")
        assert rejected.returncode != 0 and "OVERRIDING SYSTEM VALUE" in rejected.stderr, describe(rejected)
    finally:
        psql(server, "-c", "DROP TABLE IF EXISTS psql_ident")


def test_describe_table(server):
    setup = psql(server, "-c", "CREATE TABLE psql_describe (id int PRIMARY KEY, name text NOT NULL)")
    assert setup.returncode == 0, describe(setup)
    try:
        result = psql(server, "-c", r"\d psql_describe")
        assert result.returncode == 0, describe(result)
        assert 'Table "public.psql_describe"' in result.stdout
        assert "psql_describe_pkey" in result.stdout
        listing = psql(server, "-c", r"\dt")
        assert listing.returncode == 0 and "psql_describe" in listing.stdout, describe(listing)
    finally:
        psql(server, "-c", "DROP TABLE IF EXISTS psql_describe")
