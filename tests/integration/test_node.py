"""node-postgres, pg-cursor, pg-copy-streams and postgres.js, each as a plain node script in
tests/integration/node/ that exits non-zero on failure."""

from pathlib import Path

import pytest

from clients import describe, run

NODE_DIR = Path(__file__).resolve().parent / "node"
SCRIPTS = [
    "pg_basic.js",
    "pg_cursor.js",
    "pg_listen.js",
    "pg_copy.js",
    "postgres_js.js",
]


@pytest.mark.parametrize("script", SCRIPTS)
def test_node_client(server, script):
    result = run(["node", NODE_DIR / script], server, timeout=90, cwd=NODE_DIR)
    assert result.returncode == 0, describe(result)
    assert result.stdout.strip().endswith("ok"), describe(result)
