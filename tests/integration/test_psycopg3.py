"""psycopg 3: server-side parameter binding (extended protocol), binary parameters and
results, prepared statements, executemany (pipelined), COPY in and out, a named cursor."""

import datetime
import decimal
import uuid

import psycopg
import psycopg.adapt
import psycopg.errors
import pytest


@pytest.fixture
def conn(server):
    with psycopg.connect(server.conninfo()) as connection:
        yield connection


def test_server_side_binding(conn):
    row = conn.execute("SELECT %s::int + 1, %s || '!', %s::text IS NULL", (41, "hi", None)).fetchone()
    assert row == (42, "hi!", True)
    # Untyped parameters: the server infers the types from the context.
    conn.execute("CREATE TABLE pg3_bind (id int PRIMARY KEY, balance int, name text)")
    conn.execute("INSERT INTO pg3_bind VALUES (%s, %s, %s)", (1, 10, "a"))
    conn.execute("UPDATE pg3_bind SET balance = balance + %s WHERE id = %s", (5, 1))
    assert conn.execute("SELECT balance FROM pg3_bind WHERE name = ANY(%s)",
                        (["a", "b"],)).fetchone() == (15,)
    conn.rollback()


def test_binary_results(conn):
    values = (7, 2 ** 40, 1.25, decimal.Decimal("3.50"), "text", True, b"\x00\xff",
              datetime.date(2024, 5, 1),
              datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.timezone.utc),
              uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
    with conn.cursor(binary=True) as cur:
        cur.execute("SELECT %s::int4, %s::int8, %s::float8, %s::numeric, %s::text, %s::bool, "
                    "%s::bytea, %s::date, %s::timestamptz, %s::uuid", values)
        assert cur.fetchone() == values
        assert all(column.type_code for column in cur.description)


def test_binary_parameters(conn):
    # %b forces binary parameter format for each value.
    row = conn.execute("SELECT %b::int4 * 2, %b::bytea, %b::float8",
                       (21, b"\x01\x02", 0.5)).fetchone()
    assert row == (42, b"\x01\x02", 0.5)


class RawBinaryLoader(psycopg.adapt.Loader):
    """The wire bytes of a binary result column, unparsed (Python's dates stop at 1..9999)."""

    format = psycopg.pq.Format.BINARY

    def load(self, data):
        return bytes(data)


def test_dates_across_eras_with_binary_parameters(conn):
    conn.execute("CREATE TABLE pg3_era (id int PRIMARY KEY, d date, ts timestamp)")
    conn.execute("CREATE INDEX pg3_era_d ON pg3_era (d)")
    conn.execute("INSERT INTO pg3_era VALUES (1, '0044-03-15 BC', '0044-03-15 12:30 BC'), "
                 "(2, '2024-05-01', '2024-05-01 00:00'), (3, '12345-06-07', '12345-06-07 08:00'), "
                 "(4, '-infinity', '-infinity'), (5, '4714-11-24 BC', '4714-11-24 00:00 BC'), "
                 "(6, 'infinity', 'infinity')")
    # Binary parameters compared with BC, AD and five-digit years, in value order.
    rows = conn.execute("SELECT id FROM pg3_era WHERE d < %b ORDER BY d",
                        (datetime.date(1, 1, 1),)).fetchall()
    assert rows == [(4,), (5,), (1,)]
    rows = conn.execute("SELECT id FROM pg3_era WHERE ts > %b ORDER BY ts DESC",
                        (datetime.datetime(9999, 12, 31, 23, 59),)).fetchall()
    assert rows == [(6,), (3,)]
    rows = conn.execute("SELECT d::text FROM pg3_era WHERE d BETWEEN %b AND %b ORDER BY d",
                        (datetime.date(1, 1, 1), datetime.date(9999, 1, 1))).fetchall()
    assert rows == [("2024-05-01",)]
    # Binary results: PostgreSQL's date_send / timestamp_send bytes.
    with conn.cursor(binary=True) as cur:
        cur.adapters.register_loader("date", RawBinaryLoader)
        cur.adapters.register_loader("timestamp", RawBinaryLoader)
        cur.execute("SELECT d, ts FROM pg3_era WHERE id IN (1, 3, 5) ORDER BY d")
        assert cur.fetchall() == [
            (bytes.fromhex("ffda97a7"), bytes.fromhex("fd0f7cc1411fa000")),
            (bytes.fromhex("fff49d7b"), bytes.fromhex("ff1af9e96690a200")),
            (bytes.fromhex("0039a81f"), bytes.fromhex("0487db0008b1c000")),
        ]
    conn.rollback()


def test_prepared_statement(conn):
    conn.execute("CREATE TABLE pg3_prep (id int PRIMARY KEY, v text)")
    for i in range(8):  # psycopg prepares after 5 executions of the same query
        conn.execute("INSERT INTO pg3_prep VALUES (%s, %s)", (i, f"v{i}"))
    conn.execute("SELECT v FROM pg3_prep WHERE id = %s", (3,), prepare=True)
    assert conn.execute("SELECT v FROM pg3_prep WHERE id = %s", (3,),
                        prepare=True).fetchone() == ("v3",)
    assert conn.execute("SELECT count(*) FROM pg3_prep").fetchone() == (8,)
    conn.rollback()


def test_executemany(conn):
    conn.execute("CREATE TABLE pg3_many (id int PRIMARY KEY, name text)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO pg3_many VALUES (%s, %s)", [(i, f"n{i}") for i in range(50)])
        cur.executemany("INSERT INTO pg3_many VALUES (%s, %s) RETURNING id",
                        [(100, "x"), (101, "y")], returning=True)
        returned = []
        while True:
            returned.append(cur.fetchone()[0])
            if not cur.nextset():
                break
        assert returned == [100, 101]
    assert conn.execute("SELECT count(*) FROM pg3_many").fetchone() == (52,)
    with pytest.raises(psycopg.errors.UniqueViolation):
        conn.cursor().executemany("INSERT INTO pg3_many VALUES (%s, %s)", [(200, "a"), (1, "dup")])
    conn.rollback()


def test_copy_in_and_out(conn):
    conn.execute("CREATE TABLE pg3_copy (id int, name text, score numeric)")
    with conn.cursor() as cur:
        with cur.copy("COPY pg3_copy (id, name, score) FROM STDIN") as copy:
            for row in [(1, "one", decimal.Decimal("1.5")), (2, None, None), (3, "tab\there", 0)]:
                copy.write_row(row)
        assert cur.rowcount == 3
        with cur.copy("COPY pg3_copy FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write("4,csv,4.25\n5,\"quoted, comma\",\n")
        rows = []
        with cur.copy("COPY (SELECT id, name, score FROM pg3_copy ORDER BY id) TO STDOUT") as copy:
            for row in copy.rows():
                rows.append(row)
        assert rows == [("1", "one", "1.5"), ("2", None, None), ("3", "tab\there", "0"),
                        ("4", "csv", "4.25"), ("5", "quoted, comma", None)]
    conn.rollback()


def test_copy_binary(conn):
    conn.execute("CREATE TABLE pg3_copy_bin (id int, name text)")
    with conn.cursor() as cur:
        with cur.copy("COPY pg3_copy_bin FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int4", "text"])
            copy.write_row((1, "binary"))
        assert conn.execute("SELECT * FROM pg3_copy_bin").fetchall() == [(1, "binary")]
    conn.rollback()


def test_errors_and_transaction_state(conn):
    with pytest.raises(psycopg.errors.DivisionByZero) as info:
        conn.execute("SELECT 1/0")
    assert info.value.sqlstate == "22012"
    with pytest.raises(psycopg.errors.InFailedSqlTransaction):
        conn.execute("SELECT 1")
    conn.rollback()
    with conn.transaction():
        conn.execute("CREATE TABLE pg3_tx (id int PRIMARY KEY)")
        with pytest.raises(psycopg.errors.UniqueViolation):
            with conn.transaction():  # a savepoint
                conn.execute("INSERT INTO pg3_tx VALUES (1), (1)")
        conn.execute("INSERT INTO pg3_tx VALUES (2)")
    assert conn.execute("SELECT id FROM pg3_tx").fetchall() == [(2,)]
    conn.execute("DROP TABLE pg3_tx")
    conn.commit()


def test_named_cursor(conn):
    with conn.cursor(name="pg3_named") as cur:
        cur.itersize = 4
        cur.execute("SELECT g, g * 2 FROM generate_series(1, 10) AS g ORDER BY g")
        assert cur.fetchmany(3) == [(1, 2), (2, 4), (3, 6)]
        assert len(cur.fetchall()) == 7
    conn.rollback()


def test_pipeline_mode(conn):
    conn.execute("CREATE TABLE pg3_pipe (id int PRIMARY KEY)")
    with conn.pipeline():
        for i in range(10):
            conn.execute("INSERT INTO pg3_pipe VALUES (%s)", (i,))
        cur = conn.execute("SELECT count(*) FROM pg3_pipe")
    assert cur.fetchone() == (10,)
    conn.rollback()


def test_type_info_fetch_and_enum_adaptation(conn):
    # TypeInfo.fetch asks pg_type through regtype casts (psycopg's own catalog query).
    from psycopg.types import TypeInfo
    from psycopg.types.enum import EnumInfo, register_enum
    info = TypeInfo.fetch(conn, "int4")
    assert (info.name, info.oid, info.array_oid, info.regtype) == ("int4", 23, 1007, "integer")
    info = TypeInfo.fetch(conn, "text")
    assert (info.oid, info.array_oid, info.regtype) == (25, 1009, "text")
    assert TypeInfo.fetch(conn, "no_such_type") is None
    conn.rollback()
    conn.execute("CREATE TYPE pg3_mood AS ENUM ('sad', 'ok', 'happy')")
    mood = EnumInfo.fetch(conn, "pg3_mood")
    assert mood is not None and mood.labels == ["sad", "ok", "happy"]
    assert mood.oid >= 16384 and mood.array_oid != 0
    register_enum(mood, conn)
    conn.execute("CREATE TABLE pg3_moods (id int PRIMARY KEY, m pg3_mood)")
    conn.execute("INSERT INTO pg3_moods VALUES (1, %s), (2, %s)", ("happy", "sad"))
    rows = conn.execute("SELECT m FROM pg3_moods ORDER BY m").fetchall()
    # Enum order, not text order; values come back as the registered Python enum.
    assert [r[0].name for r in rows] == ["sad", "happy"]
    conn.rollback()
