r"""psql's describe commands on litewire and on PostgreSQL 15, for the same schema, compared
output against output. PostgreSQL is the oracle (tests/harness PostgresCluster); the litewire
side is LitewireServer. Both are started here whatever LITEWIRE_TEST_TARGET says."""

import re
import subprocess

import pytest

from harness import LitewireServer, PostgresCluster

SCHEMA = """
CREATE TABLE author (
    id serial PRIMARY KEY,
    name varchar(100) NOT NULL,
    email text UNIQUE
);
CREATE TABLE book (
    id serial PRIMARY KEY,
    title varchar(200) NOT NULL,
    price numeric(10,2) DEFAULT 9.99 CHECK (price >= 0),
    pages integer NOT NULL DEFAULT 100,
    in_print boolean DEFAULT true,
    author_id integer REFERENCES author(id) ON DELETE CASCADE,
    isbn char(13),
    CONSTRAINT book_isbn_key UNIQUE (isbn)
);
CREATE INDEX book_title_idx ON book (title);
CREATE VIEW cheap_books AS SELECT id, title, price FROM book WHERE price < 10;
CREATE SEQUENCE order_number_seq START 1000 INCREMENT 5;
"""


def psql(host, port, command):
    result = subprocess.run(
        ["psql", "-X", "-P", "pager=off", "-h", host, "-p", str(port), "-U", "postgres",
         "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", command],
        text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    return result


@pytest.fixture(scope="module")
def servers():
    with PostgresCluster() as pg, LitewireServer() as lw:
        for srv in (pg, lw):
            setup = subprocess.run(
                ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", srv.host, "-p",
                 str(srv.port), "-U", "postgres", "-d", "postgres"],
                input=SCHEMA, text=True, capture_output=True, timeout=60)
            assert setup.returncode == 0, setup.stderr
        yield pg, lw


def normalize(text):
    # Relation sizes (\d+, \dt+, \di+) depend on the storage engine: PostgreSQL's heap pages
    # versus litewire's fixed estimate. Keep the unit, drop the number.
    text = re.sub(r"\b\d+ (bytes|kB|MB|GB)\b", r"N \1", text)
    # A table psql prints aligned: column widths follow the widest value, so a size column
    # padded differently shifts the separators. Collapse runs of spaces and dashes.
    text = re.sub(r" +", " ", text)
    text = re.sub(r"-+", "-", text)
    return text


def drop_template_databases(text):
    # PostgreSQL clusters always have template0 and template1 (CREATE DATABASE copies them);
    # litewire serves one database per data directory and has no templates, so \l compares the
    # rows of the databases both have. The row count footer differs for the same reason.
    lines = text.splitlines()
    kept, skip_continuation = [], False
    for line in lines:
        name = line.split("|")[0].strip()
        if name in ("template0", "template1"):
            skip_continuation = True
            continue
        if skip_continuation and name == "":
            continue
        skip_continuation = False
        if re.fullmatch(r"\(\d+ rows?\)", line.strip()):
            continue
        kept.append(line)
    return "\n".join(kept)


def compare(servers, command, extra=None):
    pg, lw = servers
    expected = psql(pg.host, pg.port, command)
    actual = psql(lw.host, lw.port, command)
    assert expected.returncode == 0, expected.stderr
    assert actual.returncode == 0, actual.stderr
    want, got = normalize(expected.stdout), normalize(actual.stdout)
    if extra is not None:
        want, got = extra(want), extra(got)
    assert got == want, f"--- PostgreSQL ---\n{expected.stdout}\n--- litewire ---\n{actual.stdout}"


@pytest.mark.parametrize("command", [
    r"\d", r"\d book", r"\d+ book", r"\dt", r"\dt+", r"\di", r"\di+", r"\dv", r"\ds",
    r"\dn", r"\df", r"\du", r"\d cheap_books", r"\d order_number_seq", r"\d book_title_idx",
    r"\d book_pkey", r"\d author", r"\d+ cheap_books",
])
def test_describe_matches_postgres(servers, command):
    compare(servers, command)


def test_list_databases_matches_postgres(servers):
    compare(servers, r"\l", drop_template_databases)


def test_normalization_keeps_differences_visible():
    # The normalization must not hide what the comparison is about: a different default,
    # constraint text or column type still differs afterwards.
    assert normalize(" price | numeric(10,2) | | | 9.99") != normalize(
        " price | numeric(10,2) | | | 9.98")
    assert normalize('"c" CHECK (price >= 0::numeric)') != normalize('"c" CHECK ((price >= 0))')
    assert normalize("8192 bytes") == normalize("0 bytes")
