"""SCRAM-SHA-256 authentication: litewire started with --auth scram-sha-256 and a users file
written by `litewire passwd`; PostgreSQL with the role's password and scram-sha-256 in
pg_hba.conf. libpq (psycopg, psql) and node-postgres must log in, and wrong passwords fail."""

import socket
import struct
from pathlib import Path

import psycopg
import pytest

from clients import describe, run

NODE_DIR = Path(__file__).resolve().parent / "node"


def first_auth_request(server) -> tuple[int, list[str]]:
    """Send a StartupMessage by hand and decode the server's first Authentication message."""
    params = f"user\0{server.user}\0database\0{server.dbname}\0\0".encode()
    body = struct.pack("!i", 196608) + params
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(struct.pack("!i", len(body) + 4) + body)
        header = b""
        while len(header) < 5:
            chunk = sock.recv(5 - len(header))
            assert chunk, "server closed the connection"
            header += chunk
        kind, length = header[:1], struct.unpack("!i", header[1:])[0]
        payload = b""
        while len(payload) < length - 4:
            chunk = sock.recv(length - 4 - len(payload))
            assert chunk, "server closed the connection"
            payload += chunk
    assert kind == b"R", (kind, payload)
    code = struct.unpack("!i", payload[:4])[0]
    mechanisms = [m.decode() for m in payload[4:].split(b"\0") if m]
    return code, mechanisms


def test_server_asks_for_scram(scram_server):
    code, mechanisms = first_auth_request(scram_server)
    assert code == 10  # AuthenticationSASL
    assert "SCRAM-SHA-256" in mechanisms


def test_libpq_login(scram_server):
    with psycopg.connect(scram_server.conninfo()) as conn:
        assert conn.execute("SELECT current_user").fetchone() == (scram_server.user,)
        assert conn.pgconn.used_password


def test_wrong_password_is_refused(scram_server):
    with pytest.raises(psycopg.OperationalError) as info:
        psycopg.connect(scram_server.conninfo(password="wrong password"))
    assert "password authentication failed" in str(info.value)


def test_missing_password_is_refused(scram_server):
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(scram_server.conninfo(password=None, passfile="/dev/null"))


def test_unknown_user_is_refused(scram_server):
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(scram_server.conninfo(user="mallory", password="whatever"))


def test_psql_login(scram_server):
    result = run(["psql", "-X", "-A", "-t", "-c", "SELECT current_user"], scram_server)
    assert result.returncode == 0, describe(result)
    assert result.stdout.strip() == scram_server.user


def test_node_postgres_login(scram_server):
    result = run(["node", NODE_DIR / "pg_connect.js"], scram_server, timeout=60)
    assert result.returncode == 0, describe(result)


def test_node_postgres_wrong_password(scram_server):
    result = run(["node", NODE_DIR / "pg_connect.js"], scram_server, timeout=60,
                 PGPASSWORD="wrong password", EXPECT_AUTH_FAILURE="1")
    assert result.returncode == 0, describe(result)
