"""pgbench with a custom script in the three protocol modes: no failed transaction, and
some work done. Timing is printed by pgbench, never asserted."""

import re

import psycopg
import pytest

from clients import describe, run

SCRIPT = r"""
\set aid random(1, 100)
\set delta random(-50, 50)
BEGIN;
UPDATE bench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
SELECT abalance FROM bench_accounts WHERE aid = :aid;
INSERT INTO bench_history (aid, delta) VALUES (:aid, :delta);
END;
"""


@pytest.fixture(scope="module")
def bench_tables(server):
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_accounts")
        conn.execute("DROP TABLE IF EXISTS bench_history")
        conn.execute("CREATE TABLE bench_accounts (aid int PRIMARY KEY, abalance int NOT NULL)")
        conn.execute("CREATE TABLE bench_history (aid int NOT NULL, delta int NOT NULL)")
        conn.execute("INSERT INTO bench_accounts SELECT g, 0 FROM generate_series(1, 100) g")
    return server


def parse_counts(output: str) -> tuple[int, int]:
    processed = re.search(r"number of transactions actually processed: (\d+)", output)
    failed = re.search(r"number of failed transactions: (\d+)", output)
    assert processed, output
    return int(processed.group(1)), int(failed.group(1)) if failed else 0


@pytest.mark.parametrize("mode", ["simple", "extended", "prepared"])
def test_pgbench_custom_script(bench_tables, mode, tmp_path):
    server = bench_tables
    script = tmp_path / "bench.sql"
    script.write_text(SCRIPT)
    result = run(["pgbench", "-n", "-f", script, "-c", "4", "-T", "5", "-M", mode],
                 server, timeout=120)
    print(result.stdout)
    assert result.returncode == 0, describe(result)
    processed, failed = parse_counts(result.stdout)
    assert failed == 0, describe(result)
    assert processed > 0, describe(result)
    with psycopg.connect(server.conninfo(), autocommit=True) as conn:
        history = conn.execute("SELECT count(*), coalesce(sum(delta), 0) FROM bench_history")
        count, total = history.fetchone()
        balance = conn.execute("SELECT sum(abalance) FROM bench_accounts").fetchone()[0]
    # Every committed transaction wrote one history row and moved one balance by its delta.
    assert count >= processed
    assert balance == total
