"""The remaining clients of the protocol tests under SCRAM-SHA-256 and under TLS
(sslmode=require): psycopg2 (libpq, simple protocol) and pgbench in all three protocol modes.
psql, psycopg 3, node-postgres and the libpq program are covered in test_scram.py,
test_tls.py and test_libpq.py."""

import re

import psycopg2
import pytest

from clients import describe, run

SCRIPT = "\\set v random(1, 1000)\nSELECT :v + 1;\n"


def pgbench(server, mode, tmp_path):
    script = tmp_path / "select.sql"
    script.write_text(SCRIPT)
    result = run(["pgbench", "-n", "-f", str(script), "-M", mode, "-c", "2", "-t", "50"], server,
                 timeout=120)
    assert result.returncode == 0, describe(result)
    processed = re.search(r"number of transactions actually processed: (\d+)", result.stdout)
    failed = re.search(r"number of failed transactions: (\d+)", result.stdout)
    assert processed and int(processed.group(1)) == 100, describe(result)
    assert not failed or int(failed.group(1)) == 0, describe(result)


def psycopg2_round_trip(conninfo):
    conn = psycopg2.connect(conninfo)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT %s::int + 1, current_user", (41,))
            value, user = cur.fetchone()
        assert value == 42
        return conn, user
    finally:
        conn.close()


def test_psycopg2_scram(scram_server):
    _, user = psycopg2_round_trip(scram_server.conninfo())
    assert user == "alice"
    with pytest.raises(psycopg2.OperationalError) as info:
        psycopg2.connect(scram_server.conninfo(password="wrong"))
    assert "password authentication failed" in str(info.value)


def test_psycopg2_tls(tls_server):
    conn = psycopg2.connect(tls_server.conninfo(sslmode="require"))
    try:
        assert conn.info.ssl_in_use
        with conn.cursor() as cur:
            cur.execute("SELECT 'over tls'")
            assert cur.fetchone()[0] == "over tls"
    finally:
        conn.close()


@pytest.mark.parametrize("mode", ["simple", "extended", "prepared"])
def test_pgbench_scram(scram_server, mode, tmp_path):
    pgbench(scram_server, mode, tmp_path)


@pytest.mark.parametrize("mode", ["simple", "extended", "prepared"])
def test_pgbench_tls(tls_server, mode, tmp_path):
    pgbench(tls_server, mode, tmp_path)
