"""TLS with sslmode=require: a throwaway self-signed certificate (litewire --tls-cert/--tls-key,
PostgreSQL ssl=on). libpq, psql and node-postgres must end up on an encrypted connection."""

from pathlib import Path

import psycopg

from clients import describe, run

NODE_DIR = Path(__file__).resolve().parent / "node"


def test_libpq_connection_is_encrypted(tls_server):
    with psycopg.connect(tls_server.conninfo(sslmode="require")) as conn:
        assert conn.pgconn.ssl_in_use
        assert conn.execute("SELECT 'over tls'").fetchone() == ("over tls",)


def test_libpq_queries_over_tls(tls_server):
    with psycopg.connect(tls_server.conninfo(sslmode="require")) as conn:
        conn.execute("CREATE TABLE tls_data (id int, payload text)")
        big = "x" * 100_000  # several TLS records
        conn.execute("INSERT INTO tls_data VALUES (1, %s)", (big,))
        assert conn.execute("SELECT length(payload) FROM tls_data").fetchone() == (100_000,)
        conn.rollback()


def test_psql_conninfo_reports_ssl(tls_server):
    result = run(["psql", "-X", "-c", r"\conninfo"], tls_server)
    assert result.returncode == 0, describe(result)
    assert "SSL connection (protocol: TLS" in result.stdout


def test_node_postgres_over_tls(tls_server):
    result = run(["node", NODE_DIR / "pg_connect.js"], tls_server, timeout=60)
    assert result.returncode == 0, describe(result)
