"""psycopg2 (libpq, simple protocol, client-side parameters): types round-trip, transactions,
errors with their SQLSTATE, server-side (named) cursors."""

import datetime
import decimal
import uuid

import psycopg2
import psycopg2.errors
import psycopg2.extras
import pytest


@pytest.fixture
def conn(server):
    connection = psycopg2.connect(server.conninfo())
    yield connection
    connection.close()


def test_parameters_round_trip(conn):
    values = (42, 2 ** 40, 1.5, decimal.Decimal("12.34"), "it's \"quoted\"", None, True,
              datetime.date(2024, 5, 1), datetime.datetime(2024, 5, 1, 12, 34, 56, 500000),
              b"\x00\x01\xff", [1, 2, 3])
    with conn.cursor() as cur:
        cur.execute("SELECT %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s", values)
        row = cur.fetchone()
    assert row[:8] == values[:8]
    assert row[8] == values[8]
    assert bytes(row[9]) == values[9]
    assert row[10] == values[10]


def test_named_parameters_and_table(conn):
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE pg2_items (id serial PRIMARY KEY, name text NOT NULL, "
                    "price numeric(8,2), created date)")
        cur.execute("INSERT INTO pg2_items (name, price, created) VALUES "
                    "(%(name)s, %(price)s, %(created)s) RETURNING id",
                    {"name": "apple", "price": decimal.Decimal("1.50"),
                     "created": datetime.date(2024, 1, 2)})
        assert cur.fetchone() == (1,)
        cur.executemany("INSERT INTO pg2_items (name, price) VALUES (%s, %s)",
                        [("b", 2), ("c", None)])
        cur.execute("SELECT id, name, price, created FROM pg2_items ORDER BY id")
        assert cur.fetchall() == [(1, "apple", decimal.Decimal("1.50"), datetime.date(2024, 1, 2)),
                                  (2, "b", decimal.Decimal("2.00"), None),
                                  (3, "c", None, None)]
        cur.execute("UPDATE pg2_items SET price = price * 2 WHERE price IS NOT NULL")
        assert cur.rowcount == 2
    conn.rollback()


def test_transaction_commit_and_rollback(conn, server):
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE pg2_tx (id int PRIMARY KEY)")
    conn.commit()
    with conn.cursor() as cur:
        cur.execute("INSERT INTO pg2_tx VALUES (1)")
    conn.rollback()
    with conn:  # commits on success
        with conn.cursor() as cur:
            cur.execute("INSERT INTO pg2_tx VALUES (2)")
    other = psycopg2.connect(server.conninfo())
    try:
        with other.cursor() as cur:
            cur.execute("SELECT id FROM pg2_tx ORDER BY id")
            assert cur.fetchall() == [(2,)]
    finally:
        other.close()
    with conn.cursor() as cur:
        cur.execute("DROP TABLE pg2_tx")
    conn.commit()


def test_errors_carry_sqlstate(conn):
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE pg2_err (id int PRIMARY KEY, n int NOT NULL CHECK (n > 0))")
        cur.execute("INSERT INTO pg2_err VALUES (1, 1)")
        conn.commit()
        cases = [("INSERT INTO pg2_err VALUES (1, 1)", "23505", psycopg2.errors.UniqueViolation),
                 ("INSERT INTO pg2_err VALUES (2, NULL)", "23502",
                  psycopg2.errors.NotNullViolation),
                 ("INSERT INTO pg2_err VALUES (2, 0)", "23514", psycopg2.errors.CheckViolation),
                 ("SELECT * FROM pg2_missing", "42P01", psycopg2.errors.UndefinedTable),
                 ("SELECT 1/0", "22012", psycopg2.errors.DivisionByZero),
                 ("SELEC 1", "42601", psycopg2.errors.SyntaxError)]
        for sql, code, error_class in cases:
            with pytest.raises(error_class) as info:
                cur.execute(sql)
            assert info.value.pgcode == code, sql
            conn.rollback()
        cur.execute("DROP TABLE pg2_err")
    conn.commit()


def test_in_failed_transaction(conn):
    with conn.cursor() as cur:
        with pytest.raises(psycopg2.errors.DivisionByZero):
            cur.execute("SELECT 1/0")
        with pytest.raises(psycopg2.errors.InFailedSqlTransaction) as info:
            cur.execute("SELECT 1")
        assert info.value.pgcode == "25P02"
    conn.rollback()
    with conn.cursor() as cur:
        cur.execute("SELECT 'recovered'")
        assert cur.fetchone() == ("recovered",)


def test_autocommit_and_savepoints(conn):
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("CREATE TABLE pg2_sp (id int PRIMARY KEY)")
        cur.execute("BEGIN")
        cur.execute("INSERT INTO pg2_sp VALUES (1)")
        cur.execute('SAVEPOINT "s 1"')
        with pytest.raises(psycopg2.errors.UniqueViolation):
            cur.execute("INSERT INTO pg2_sp VALUES (1)")
        cur.execute('ROLLBACK TO SAVEPOINT "s 1"')
        cur.execute("INSERT INTO pg2_sp VALUES (2)")
        cur.execute("COMMIT")
        cur.execute("SELECT id FROM pg2_sp ORDER BY id")
        assert cur.fetchall() == [(1,), (2,)]
        cur.execute("DROP TABLE pg2_sp")


def test_dict_cursor_and_uuid(conn):
    psycopg2.extras.register_uuid()
    value = uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute("SELECT %s::uuid AS id, 'x' AS name", (value,))
        assert cur.fetchone() == {"id": value, "name": "x"}
    conn.rollback()


def test_named_server_side_cursor(conn):
    with conn.cursor(name="pg2_named", withhold=True) as cur:
        cur.itersize = 3
        cur.execute("SELECT g FROM generate_series(1, 10) AS g ORDER BY g")
        assert [row[0] for row in cur] == list(range(1, 11))
    conn.rollback()


def test_identical_notifications_in_one_transaction_arrive_once(server):
    # NOTIFY's documented rule: within one transaction, the same channel and payload are
    # delivered once; different payloads each arrive, in the order sent.
    listener = psycopg2.connect(server.conninfo())
    sender = psycopg2.connect(server.conninfo())
    try:
        listener.autocommit = True
        with listener.cursor() as cur:
            cur.execute("LISTEN pg2_dedup")
        with sender.cursor() as cur:
            cur.execute("NOTIFY pg2_dedup, 'a'")
            cur.execute("SELECT pg_notify('pg2_dedup', 'a')")
            cur.execute("NOTIFY pg2_dedup, 'b'")
            cur.execute("NOTIFY pg2_dedup, 'a'")
        sender.commit()
        import select
        received = []
        deadline = 50
        while len(received) < 2 and deadline > 0:
            select.select([listener], [], [], 0.1)
            listener.poll()
            while listener.notifies:
                received.append(listener.notifies.pop(0).payload)
            deadline -= 1
        # One more round: a duplicate would have arrived with the others.
        select.select([listener], [], [], 0.2)
        listener.poll()
        received += [n.payload for n in listener.notifies]
        assert received == ["a", "b"]
    finally:
        listener.close()
        sender.close()


def test_drop_database_waits_for_closing_sessions_and_refuses_open_ones(server):
    admin = psycopg2.connect(server.conninfo())
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute("CREATE DATABASE pg2_dropme")
        other = psycopg2.connect(server.conninfo(dbname="pg2_dropme"))
        with other.cursor() as cur:
            cur.execute("SELECT 1")
        # A session still connected: 55006 (after PostgreSQL's grace period for closing ones).
        with admin.cursor() as cur:
            with pytest.raises(psycopg2.Error) as held:
                cur.execute("DROP DATABASE pg2_dropme")
        assert held.value.pgcode == "55006"
        # Disconnect and drop at once (Django's test runner does this): the closing session
        # is waited for, not reported as in use.
        other.close()
        with admin.cursor() as cur:
            cur.execute("DROP DATABASE pg2_dropme")
            cur.execute("SELECT count(*) FROM pg_database WHERE datname = 'pg2_dropme'")
            assert cur.fetchone() == (0,)
    finally:
        admin.close()
