"""`litewire backup` and `litewire check` while the server runs and writes: the copy is a
consistent database holding at least every row committed before the backup started."""

import sqlite3
import subprocess
import threading

import psycopg2
import pytest

from harness import target_kind
from harness.litewire import LitewireServer

pytestmark = pytest.mark.skipif(target_kind() != "litewire", reason="litewire's own subcommands")


def test_backup_and_check_while_writing(tmp_path):
    with LitewireServer() as srv:
        conn = psycopg2.connect(host=srv.host, port=srv.port, user="postgres", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE tools_rows (id int PRIMARY KEY, payload text)")
            cur.execute("INSERT INTO tools_rows SELECT g, repeat('x', 100) FROM generate_series(1, 500) g")
        stop = threading.Event()

        def keep_writing():
            writer = psycopg2.connect(host=srv.host, port=srv.port, user="postgres", dbname="postgres")
            writer.autocommit = True
            n = 1000
            with writer.cursor() as cur:
                while not stop.is_set():
                    cur.execute("INSERT INTO tools_rows VALUES (%s, 'during backup')", (n,))
                    n += 1
            writer.close()

        thread = threading.Thread(target=keep_writing)
        thread.start()
        copy = tmp_path / "copy.db"
        try:
            backup = subprocess.run([str(srv.binary), "backup", "postgres", str(copy),
                                     "--data-dir", str(srv.data_dir)],
                                    capture_output=True, text=True, timeout=60)
            check = subprocess.run([str(srv.binary), "check", "postgres", "--data-dir", str(srv.data_dir)],
                                   capture_output=True, text=True, timeout=60)
        finally:
            stop.set()
            thread.join()
        assert backup.returncode == 0, backup.stderr
        assert check.returncode == 0 and check.stdout.strip() == "ok", check.stdout + check.stderr
        db = sqlite3.connect(copy)
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM tools_rows WHERE id <= 500").fetchone()[0] == 500
        db.close()
        missing = subprocess.run([str(srv.binary), "check", "no_such_db", "--data-dir", str(srv.data_dir)],
                                 capture_output=True, text=True, timeout=60)
        assert missing.returncode != 0 and "does not exist" in missing.stderr
        conn.close()
