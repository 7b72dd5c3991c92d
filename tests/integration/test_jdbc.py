"""pgjdbc 42.5 (Debian's libpostgresql-jdbc-java, extended protocol only): jdbc/JdbcClient.java is
compiled with javac into a temporary directory and run once against the server; each of its
checks prints PASS or FAIL with the reason, and each test here asserts one check: prepared
statements past prepareThreshold (named server statements), binary transfer, batches (also
reWriteBatchedInserts), transactions with savepoints and fetch size, DatabaseMetaData
(getTables, getColumns, getPrimaryKeys, getIndexInfo, getImportedKeys) and ResultSetMetaData."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

JAR = Path(os.environ.get("LITEWIRE_PGJDBC_JAR", "/usr/share/java/postgresql.jar"))
SOURCE = Path(__file__).resolve().parent / "jdbc" / "JdbcClient.java"
CHECKS = ["schema", "prepared", "binary", "batches", "transactions", "metadata"]


@pytest.fixture(scope="module")
def results(server, tmp_path_factory):
    if not JAR.exists() or shutil.which("javac") is None:
        pytest.fail(f"pgjdbc ({JAR}) and javac are required: scripts/install-deps.sh installs them")
    classes = tmp_path_factory.mktemp("jdbc")
    compiled = subprocess.run(["javac", "-encoding", "UTF-8", "-cp", str(JAR), "-d", str(classes),
                               str(SOURCE)], capture_output=True, text=True, timeout=180)
    assert compiled.returncode == 0, compiled.stderr
    run = subprocess.run(["java", "-Dfile.encoding=UTF-8", "-cp", f"{JAR}:{classes}", "JdbcClient",
                          server.host, str(server.port)],
                         capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = {}
    for line in run.stdout.splitlines():
        m = re.match(r"(PASS|FAIL) (\w+)(?:: (.*))?$", line)
        if m:
            lines[m.group(2)] = (m.group(1), m.group(3))
    assert sorted(lines) == sorted(CHECKS), run.stdout + run.stderr
    return lines


@pytest.mark.parametrize("check", CHECKS)
def test_jdbc(results, check):
    status, reason = results[check]
    assert status == "PASS", reason
