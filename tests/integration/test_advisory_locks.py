"""Advisory locks as migration tools use them (pg_advisory_lock, pg_try_advisory_lock,
pg_advisory_unlock, the xact and shared forms), between real sessions: psycopg 3 sends keys as
parameters (extended protocol), psycopg2 as literals (simple protocol). The same tests pass
against PostgreSQL (LITEWIRE_TEST_TARGET=postgres)."""

import threading
import time

import psycopg
import psycopg.errors
import psycopg2
import pytest


@pytest.fixture
def connect(server):
    opened = []

    def open_one():
        c = psycopg.connect(server.conninfo(), autocommit=True)
        opened.append(c)
        return c

    yield open_one
    for c in opened:
        c.close()


def one(conn, sql, params=None):
    return conn.execute(sql, params).fetchone()[0]


def test_try_lock_excludes_other_sessions_until_unlocked(connect):
    a, b = connect(), connect()
    assert one(a, "SELECT pg_try_advisory_lock(%s)", (4242,)) is True
    assert one(b, "SELECT pg_try_advisory_lock(%s)", (4242,)) is False
    # Re-entrant: the holder locks again and must unlock twice.
    assert one(a, "SELECT pg_try_advisory_lock(4242)") is True
    assert one(a, "SELECT pg_advisory_unlock(4242)") is True
    assert one(b, "SELECT pg_try_advisory_lock(4242)") is False
    assert one(a, "SELECT pg_advisory_unlock(4242)") is True
    assert one(b, "SELECT pg_try_advisory_lock(4242) AS locked") is True
    assert one(b, "SELECT pg_advisory_unlock(4242)") is True


def test_unlock_of_a_lock_not_held_is_false_with_a_warning(connect):
    a = connect()
    notices = []
    a.add_notice_handler(lambda d: notices.append((d.severity_nonlocalized, d.message_primary)))
    assert one(a, "SELECT pg_advisory_unlock(%s)", (77,)) is False
    assert notices == [("WARNING", "you don't own a lock of type ExclusiveLock")]


def test_blocking_lock_waits_for_the_holder(connect):
    a, b = connect(), connect()
    # pg_advisory_lock returns void: an empty value, not NULL.
    cur = a.execute("SELECT pg_advisory_lock(%s)", (9001,))
    assert cur.description[0].name == "pg_advisory_lock"
    assert cur.fetchone() == ("",)
    acquired = threading.Event()

    def waiter():
        b.execute("SELECT pg_advisory_lock(9001)")
        acquired.set()

    t = threading.Thread(target=waiter)
    t.start()
    # b cannot get the lock while a holds it (it would be a bug if it did, at any point).
    assert not acquired.wait(0.5)
    assert one(a, "SELECT pg_advisory_unlock(9001)") is True
    assert acquired.wait(10)
    t.join()
    assert one(a, "SELECT pg_try_advisory_lock(9001)") is False
    b.execute("SELECT pg_advisory_unlock_all()")
    assert one(a, "SELECT pg_try_advisory_lock(9001)") is True


def test_lock_timeout_and_cancel_end_the_wait(connect):
    a, b = connect(), connect()
    a.execute("SELECT pg_advisory_lock(1, 2)")
    b.execute("SET lock_timeout = '200ms'")
    with pytest.raises(psycopg.errors.LockNotAvailable):
        b.execute("SELECT pg_advisory_lock(1, 2)")
    b.execute("SET lock_timeout = 0")
    timer = threading.Timer(0.3, b.cancel)
    timer.start()
    with pytest.raises(psycopg.errors.QueryCanceled):
        b.execute("SELECT pg_advisory_lock(1, 2)")
    timer.join()
    # Two int4 keys are a key space apart from one bigint key.
    assert one(b, "SELECT pg_try_advisory_lock(%s)", ((1 << 32) | 2,)) is True


def test_transaction_level_locks_end_with_the_transaction(connect):
    a, b = connect(), connect()
    with a.transaction():
        a.execute("SELECT pg_advisory_xact_lock(%s)", (555,))
        assert one(b, "SELECT pg_try_advisory_xact_lock(555)") is False
    assert one(b, "SELECT pg_try_advisory_lock(555)") is True
    b.execute("SELECT pg_advisory_unlock(555)")
    # A rolled back transaction releases them too.
    a.autocommit = False
    a.execute("SELECT pg_advisory_xact_lock(556)")
    a.rollback()
    a.autocommit = True
    assert one(b, "SELECT pg_try_advisory_lock(556)") is True


def test_shared_locks_coexist_and_exclude_an_exclusive_one(connect):
    a, b, c = connect(), connect(), connect()
    assert one(a, "SELECT pg_try_advisory_lock_shared(31)") is True
    assert one(b, "SELECT pg_try_advisory_lock_shared(31)") is True
    assert one(c, "SELECT pg_try_advisory_lock(31)") is False
    assert one(a, "SELECT pg_advisory_unlock_shared(31)") is True
    assert one(b, "SELECT pg_advisory_unlock_shared(31)") is True
    assert one(c, "SELECT pg_try_advisory_lock(31)") is True


def test_a_closed_session_releases_its_locks(server, connect):
    a = connect()
    a.execute("SELECT pg_advisory_lock(12345)")
    other = psycopg2.connect(server.conninfo())
    other.autocommit = True
    cur = other.cursor()
    cur.execute("SELECT pg_try_advisory_lock(12345)")
    assert cur.fetchone()[0] is False
    a.close()
    deadline = time.monotonic() + 10
    got = False
    while not got and time.monotonic() < deadline:
        cur.execute("SELECT pg_try_advisory_lock(12345)")
        got = cur.fetchone()[0]
        if not got:
            time.sleep(0.05)
    assert got
    other.close()


def test_null_key_gives_null(connect):
    a = connect()
    assert one(a, "SELECT pg_try_advisory_lock(NULL)") is None
