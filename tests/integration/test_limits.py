"""Limits and hostile input against litewire (flags that only litewire has): max connections
(53300), startup timeout, oversized and garbage messages (08P01, the server keeps serving
everyone else), statement_timeout (57014), idle_in_transaction_session_timeout (25P03),
lock_timeout on the writer (55P03)."""

import socket
import struct
import time

import psycopg2
import psycopg2.errors
import pytest

from harness import target_kind
from harness.litewire import LitewireServer

pytestmark = pytest.mark.skipif(target_kind() != "litewire",
                                reason="litewire's own limits and flags")


def startup_packet(user="postgres", database="postgres"):
    body = struct.pack("!i", 196608) + f"user\0{user}\0database\0{database}\0\0".encode()
    return struct.pack("!i", len(body) + 4) + body


def read_until_ready(sock):
    data = b""
    sock.settimeout(10)
    while b"Z\0\0\0\x05" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def error_code(data):
    """SQLSTATE of the first ErrorResponse in `data`, or None."""
    i = data.find(b"E")
    while i >= 0 and i + 5 <= len(data):
        length = struct.unpack("!i", data[i + 1:i + 5])[0]
        body = data[i + 5:i + 1 + length]
        for field in body.split(b"\0"):
            if field.startswith(b"C"):
                return field[1:].decode()
        i = data.find(b"E", i + 1)
    return None


def recv_all(sock, timeout=10):
    sock.settimeout(timeout)
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return data, True
            data += chunk
    except socket.timeout:
        return data, False
    except ConnectionResetError:
        return data, True


@pytest.fixture(scope="module")
def limited():
    with LitewireServer(extra_args=["--max-connections", "3", "--startup-timeout-ms", "1500",
                                    "--max-message-size", "100000"]) as srv:
        yield srv


def connect(srv, **kw):
    return psycopg2.connect(host=srv.host, port=srv.port, user="postgres", dbname="postgres",
                            connect_timeout=10, **kw)


def test_max_connections_gives_53300_and_frees_slots(limited):
    conns = [connect(limited) for _ in range(3)]
    with pytest.raises(psycopg2.OperationalError) as info:
        connect(limited)
    assert "too many clients" in str(info.value)
    conns.pop().close()
    time.sleep(0.3)
    extra = connect(limited)  # a slot was freed
    extra.close()
    for c in conns:
        c.close()


def test_startup_timeout_closes_silent_connections(limited):
    sock = socket.create_connection((limited.host, limited.port))
    data, closed = recv_all(sock, timeout=10)
    assert closed, "a client that never sends a startup packet is disconnected"
    sock.close()


def test_oversized_message_is_08P01_and_server_keeps_serving(limited):
    other = connect(limited)
    sock = socket.create_connection((limited.host, limited.port))
    sock.sendall(startup_packet())
    read_until_ready(sock)
    # A Query message declaring 10 MB, beyond --max-message-size.
    sock.sendall(b"Q" + struct.pack("!i", 10_000_000) + b"select 1")
    data, closed = recv_all(sock)
    assert error_code(data) == "08P01"
    assert closed
    with other.cursor() as cur:
        cur.execute("select 41 + 1")
        assert cur.fetchone()[0] == 42
    other.close()


def test_garbage_is_08P01_and_server_keeps_serving(limited):
    for garbage in [b"\x00\x00\x00\x03", b"\xff" * 64, struct.pack("!ii", 8, 12345678)]:
        sock = socket.create_connection((limited.host, limited.port))
        sock.sendall(garbage)
        data, closed = recv_all(sock)
        assert closed
        sock.close()
    # After the startup phase: an unknown message type and a truncated Bind.
    for message in [b"?" + struct.pack("!i", 4), b"B" + struct.pack("!i", 6) + b"\0\0"]:
        sock = socket.create_connection((limited.host, limited.port))
        sock.sendall(startup_packet())
        read_until_ready(sock)
        sock.sendall(message)
        data, closed = recv_all(sock)
        assert error_code(data) == "08P01"
        assert closed
        sock.close()
    c = connect(limited)
    with c.cursor() as cur:
        cur.execute("select 'still here'")
        assert cur.fetchone()[0] == "still here"
    c.close()


@pytest.fixture(scope="module")
def plain():
    with LitewireServer() as srv:
        yield srv


def test_statement_timeout_is_57014(plain):
    c = connect(plain)
    with c.cursor() as cur:
        cur.execute("SET statement_timeout = '200ms'")
        # A sleep that ran to completion would return a row, not fail: the error shows it
        # was interrupted at the deadline.
        with pytest.raises(psycopg2.errors.QueryCanceled) as info:
            cur.execute("SELECT pg_sleep(5)")
        assert "statement timeout" in str(info.value)
    c.close()


def test_idle_in_transaction_timeout_terminates_and_frees_the_writer(plain):
    idle = connect(plain)
    idle.autocommit = False
    with idle.cursor() as cur:
        cur.execute("SET idle_in_transaction_session_timeout = '300ms'")
        cur.execute("CREATE TABLE IF NOT EXISTS limits_idle (v int)")
    idle.commit()
    with idle.cursor() as cur:
        cur.execute("INSERT INTO limits_idle VALUES (1)")  # holds the writer
    time.sleep(1.0)
    with pytest.raises(psycopg2.OperationalError) as info:
        with idle.cursor() as cur:
            cur.execute("SELECT 1")
    assert "idle-in-transaction" in str(info.value) or "terminat" in str(info.value) or \
        "closed" in str(info.value)
    other = connect(plain)
    other.autocommit = True
    with other.cursor() as cur:
        cur.execute("INSERT INTO limits_idle VALUES (2)")  # the writer is free again
        cur.execute("SELECT array_agg(v ORDER BY v) FROM limits_idle")
        assert cur.fetchone()[0] == [2]  # the idle transaction's row was rolled back
    other.close()


def test_lock_timeout_on_the_writer_is_55P03(plain):
    holder = connect(plain)
    holder.autocommit = False
    waiter = connect(plain)
    waiter.autocommit = True
    with holder.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS limits_lock (v int)")
    holder.commit()
    with holder.cursor() as cur:
        cur.execute("INSERT INTO limits_lock VALUES (1)")  # holds the writer
    with waiter.cursor() as cur:
        cur.execute("SET lock_timeout = '300ms'")
        with pytest.raises(psycopg2.errors.LockNotAvailable):
            cur.execute("INSERT INTO limits_lock VALUES (2)")
    holder.commit()
    with waiter.cursor() as cur:
        cur.execute("INSERT INTO limits_lock VALUES (3)")
        cur.execute("SELECT array_agg(v ORDER BY v) FROM limits_lock")
        assert cur.fetchone()[0] == [1, 3]
    holder.close()
    waiter.close()


def test_idle_database_is_closed_and_reopens():
    """A database without sessions is closed after --database-idle-close-ms: its lock file
    (local mode) is released, and the next connection opens it again with its data intact."""
    import fcntl
    with LitewireServer(extra_args=["--database-idle-close-ms", "300"]) as srv:
        c = connect(srv)
        c.autocommit = True
        with c.cursor() as cur:
            cur.execute("CREATE TABLE idle_close (v int)")
            cur.execute("INSERT INTO idle_close VALUES (7)")
        lock_path = srv.data_dir / "postgres.db.litewire-lock"

        def lock_is_free():
            with open(lock_path, "a") as f:
                try:
                    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return False
                fcntl.flock(f, fcntl.LOCK_UN)
                return True

        assert not lock_is_free()  # open while a session uses it
        c.close()
        deadline = time.monotonic() + 10
        while not lock_is_free() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock_is_free(), "the idle database was not closed"
        c = connect(srv)
        with c.cursor() as cur:
            cur.execute("SELECT v FROM idle_close")
            assert cur.fetchone()[0] == 7
        c.close()
