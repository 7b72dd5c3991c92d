"""Shared mode: several litewire processes on ONE data directory, writes serialized by the
DynamoDB lease (dynalite here), the file opened through SQLite's unix-none VFS so that no file
lock helps (storage whose locks cannot be trusted).

Scenarios: concurrent writers through three instances lose no update and the file passes
`litewire check`; kill -9 of the holder (another instance takes over, no acknowledged commit
missing, the fence grows); SIGSTOP of the holder past its lease (its open transaction cannot
commit, the newer holder's commits survive); DynamoDB unreachable (reads work, writes fail with
55P03, then resume); and the same read-modify-write without the lease, which loses updates.

Outcomes only, never timings. Runs against litewire only (PostgreSQL has no shared mode).
"""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from harness import free_port, target_kind, wait_for_port  # noqa: E402
from harness.litewire import default_litewire_binary  # noqa: E402

DYNALITE = TESTS_DIR / "node_modules" / "dynalite" / "cli.js"
LEASE_MS = 1500
TABLE = "litewire-test-locks"

pytestmark = pytest.mark.skipif(target_kind() != "litewire", reason="shared mode is litewire's")


class Dynalite:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.process = subprocess.Popen(
            ["node", str(DYNALITE), "--port", str(self.port), "--path", str(directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for_port("127.0.0.1", self.port, 30, alive=lambda: self.process.poll() is None):
            raise RuntimeError("dynalite did not start")

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)


def aws_env(endpoint: str) -> dict:
    env = dict(os.environ)
    env.update(AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
               AWS_REGION="us-east-1", AWS_ENDPOINT_URL_DYNAMODB=endpoint)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
        env.pop(name, None)
    return env


class Instance:
    """One litewire process in shared mode on a data directory other instances share."""

    def __init__(self, data_dir: Path, endpoint: str, database_id: str, log: Path):
        self.data_dir = data_dir
        self.endpoint = endpoint
        self.database_id = database_id
        self.log_path = log
        self.port = free_port()
        argv = [str(default_litewire_binary()), "serve", "--data-dir", str(data_dir),
                "--port", str(self.port), "--mode", "shared", "--dynamodb-table", TABLE,
                "--database-id", database_id, "--sqlite-vfs", "unix-none",
                "--lease-ms", str(LEASE_MS), "--lease-acquire-timeout-ms", "3000",
                "--lease-idle-release-ms", "50"]
        self.log = open(log, "ab")
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=subprocess.STDOUT, env=aws_env(endpoint))
        if not wait_for_port("127.0.0.1", self.port, 30, alive=lambda: self.process.poll() is None):
            raise RuntimeError("litewire did not start:\n" + log.read_text(errors="replace")[-4000:])

    def connect(self, **kw):
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, dbname="postgres",
                                user="postgres", connect_timeout=10, **kw)
        conn.autocommit = True
        return conn

    def signal(self, sig) -> None:
        os.kill(self.process.pid, sig)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def dynalite():
    with tempfile.TemporaryDirectory(prefix="litewire-dynalite-") as d:
        server = Dynalite(Path(d))
        try:
            result = subprocess.run([str(default_litewire_binary()), "dynamodb", "create-table",
                                     "--dynamodb-table", TABLE], env=aws_env(server.endpoint),
                                    capture_output=True, text=True, timeout=60)
            assert result.returncode == 0, result.stderr
            yield server
        finally:
            server.stop()


@pytest.fixture
def cluster(dynalite, tmp_path):
    """cluster(n) starts n instances on one fresh data directory (own database id)."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database_id = "test-" + uuid.uuid4().hex[:8]
    instances = []

    def start(n):
        for _ in range(n):
            instances.append(Instance(data_dir, dynalite.endpoint, database_id,
                                      tmp_path / f"litewire-{len(instances)}.log"))
        return list(instances)

    start.data_dir = data_dir
    start.dynalite = dynalite
    try:
        yield start
    except Exception:
        raise
    finally:
        for inst in instances:
            inst.stop()
        if os.environ.get("LITEWIRE_SHARED_LOGS"):
            for log in sorted(tmp_path.glob("litewire-*.log")):
                print(f"----- {log.name} -----\n{log.read_text(errors='replace')[-6000:]}")


def retry(fn, attempts=60):
    """Runs fn until it does not fail with 55P03 (lock not available: retryable)."""
    for _ in range(attempts):
        try:
            return fn()
        except psycopg2.Error as e:
            if e.pgcode != "55P03":
                raise
            time.sleep(0.2)
    raise AssertionError("still 55P03 after retries")


def check_file(data_dir: Path) -> str:
    result = subprocess.run([str(default_litewire_binary()), "check", "postgres", "--data-dir",
                             str(data_dir)], capture_output=True, text=True, timeout=120)
    return result.stdout.strip() + result.stderr.strip()


def test_concurrent_writers_on_three_instances_lose_nothing(cluster):
    instances = cluster(3)
    with instances[0].connect() as c:
        cur = c.cursor()
        retry(lambda: cur.execute("CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)"))
        retry(lambda: cur.execute("INSERT INTO counters VALUES (1, 0), (2, 0)"))
    acked = {1: 0, 2: 0}
    errors = []
    lock = threading.Lock()

    def worker(inst, rounds):
        try:
            conn = inst.connect()
            cur = conn.cursor()
            for i in range(rounds):
                try:
                    if i % 2 == 0:
                        cur.execute("UPDATE counters SET n = n + 1 WHERE id = 1")
                        key = 1
                    else:
                        # Read-modify-write in a transaction: FOR UPDATE moves it to the writer.
                        cur.execute("BEGIN")
                        cur.execute("SELECT n FROM counters WHERE id = 2 FOR UPDATE")
                        n = cur.fetchone()[0]
                        cur.execute("UPDATE counters SET n = %s WHERE id = 2", (n + 1,))
                        cur.execute("COMMIT")
                        key = 2
                except psycopg2.Error as e:
                    if e.pgcode != "55P03":
                        raise
                    if conn.status != psycopg2.extensions.STATUS_READY:
                        conn.rollback()
                    cur.execute("ROLLBACK")
                    continue
                with lock:
                    acked[key] += 1
            conn.close()
        except Exception as e:  # noqa: BLE001 - reported by the main thread
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(instances[i % 3], 20)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert not errors, errors
    assert acked[1] + acked[2] > 0
    with instances[2].connect() as c:
        cur = c.cursor()
        cur.execute("SELECT id, n FROM counters ORDER BY id")
        final = dict(cur.fetchall())
    print(f"acknowledged {acked}, stored {final}")
    assert final == acked
    for inst in instances:
        inst.stop()
    assert check_file(cluster.data_dir) == "ok"


def fence_of(data_dir: Path) -> int:
    """The fence recorded in the file (read directly: catalog and translator hide _litewire_)."""
    import sqlite3

    for _ in range(200):
        # Read-only and without working locks, a read refuses while a commit's journal exists.
        db = sqlite3.connect(f"file:{data_dir / 'postgres.db'}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute('SELECT fence FROM "_litewire_fence"').fetchone()[0]
        except sqlite3.OperationalError:
            time.sleep(0.02)
        finally:
            db.close()
    raise AssertionError("the fence table stayed unreadable")


def test_kill_9_of_the_holder_another_takes_over(cluster):
    a, b = cluster(2)
    conn = a.connect()
    cur = conn.cursor()
    retry(lambda: cur.execute("CREATE TABLE killed (id int PRIMARY KEY)"))
    acked = []
    stop = threading.Event()

    def writer():
        i = 0
        while not stop.is_set():
            i += 1
            try:
                cur.execute("INSERT INTO killed VALUES (%s)", (i,))
            except psycopg2.Error:
                return
            acked.append(i)

    t = threading.Thread(target=writer)
    t.start()
    while len(acked) < 20:
        time.sleep(0.05)
    fence_before = fence_of(cluster.data_dir)
    a.signal(signal.SIGKILL)
    a.process.wait(timeout=10)
    stop.set()
    t.join(timeout=30)
    with b.connect() as c:
        bcur = c.cursor()
        retry(lambda: bcur.execute("INSERT INTO killed VALUES (-1)"))
        bcur.execute("SELECT id FROM killed")
        stored = {r[0] for r in bcur.fetchall()}
    missing = set(acked) - stored
    assert not missing, f"acknowledged but missing: {sorted(missing)}"
    assert -1 in stored
    assert fence_of(cluster.data_dir) > fence_before
    b.stop()
    assert check_file(cluster.data_dir) == "ok"


def test_sigstop_of_the_holder_cannot_commit_after_being_superseded(cluster):
    a, b = cluster(2)
    ca = a.connect()
    cura = ca.cursor()
    retry(lambda: cura.execute("CREATE TABLE fenced (id int PRIMARY KEY, who text)"))
    retry(lambda: cura.execute("INSERT INTO fenced VALUES (1, 'a-before')"))
    # A holds the writer with an open transaction, then freezes past its lease.
    cura.execute("BEGIN")
    cura.execute("INSERT INTO fenced VALUES (2, 'a-stale')")
    a.signal(signal.SIGSTOP)
    try:
        with b.connect() as cb:
            curb = cb.cursor()
            # B takes over once A's record version stayed unchanged for a whole lease.
            retry(lambda: curb.execute("INSERT INTO fenced VALUES (3, 'b')"))
    finally:
        a.signal(signal.SIGCONT)
    with pytest.raises(psycopg2.Error) as err:
        cura.execute("COMMIT")
    assert err.value.pgcode == "55P03", err.value.pgerror
    ca.rollback() if ca.status != psycopg2.extensions.STATUS_READY else None
    # A writes again with a new grant; nothing of the stale transaction survived.
    ca2 = a.connect()
    retry(lambda: ca2.cursor().execute("INSERT INTO fenced VALUES (4, 'a-after')"))
    with b.connect() as cb:
        curb = cb.cursor()
        curb.execute("SELECT id, who FROM fenced ORDER BY id")
        rows = curb.fetchall()
    assert rows == [(1, "a-before"), (3, "b"), (4, "a-after")]
    ca.close()
    ca2.close()
    a.stop()
    b.stop()
    assert check_file(cluster.data_dir) == "ok"


def test_dynamodb_unreachable_reads_work_writes_fail_then_resume(cluster):
    (a,) = cluster(1)
    conn = a.connect()
    cur = conn.cursor()
    retry(lambda: cur.execute("CREATE TABLE outage (id int PRIMARY KEY)"))
    retry(lambda: cur.execute("INSERT INTO outage VALUES (1)"))
    dynalite = cluster.dynalite
    os.kill(dynalite.process.pid, signal.SIGSTOP)  # requests hang: a blackholed endpoint
    try:
        # Writes go on while the lease granted before the outage is valid, then fail (the
        # heartbeat cannot renew it and no new grant can be had).
        error = None
        for i in range(2, 400):
            try:
                cur.execute("INSERT INTO outage VALUES (%s)", (i,))
            except psycopg2.Error as e:
                error = e
                break
            time.sleep(0.05)
        assert error is not None and error.pgcode == "55P03", error
        with pytest.raises(psycopg2.Error) as again:
            cur.execute("INSERT INTO outage VALUES (1000)")
        assert again.value.pgcode == "55P03"
        cur.execute("SELECT count(*) FROM outage")
        during = cur.fetchone()[0]
    finally:
        os.kill(dynalite.process.pid, signal.SIGCONT)
    assert during >= 1
    retry(lambda: cur.execute("INSERT INTO outage VALUES (100)"))
    cur.execute("SELECT max(id) FROM outage")
    assert cur.fetchone()[0] == 100
    conn.close()


NO_LEASE_PROGRAM = r"""
import sqlite3, sys
path, rounds = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(f"file:{path}?vfs=unix-none", uri=True, isolation_level=None, timeout=5)
db.execute("PRAGMA journal_mode=DELETE")
failed = 0
for _ in range(rounds):
    try:
        db.execute("BEGIN IMMEDIATE")
        n = db.execute("SELECT n FROM c").fetchone()[0]
        db.execute("UPDATE c SET n = ?", (n + 1,))
        db.execute("COMMIT")
    except sqlite3.Error:
        failed += 1
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
print(rounds - failed)
"""


def test_without_the_lease_unix_none_writers_lose_updates(tmp_path):
    """Demonstration: the same read-modify-write without any lease on lock-less storage. It
    usually loses updates; that is printed, not asserted (it is a race)."""
    import sqlite3

    path = tmp_path / "nolease.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE c (n int)")
    db.execute("INSERT INTO c VALUES (0)")
    db.commit()
    db.close()
    script = tmp_path / "nolease.py"
    script.write_text(NO_LEASE_PROGRAM)
    procs = [subprocess.Popen([sys.executable, str(script), str(path), "400"],
                              stdout=subprocess.PIPE, text=True) for _ in range(3)]
    committed = sum(int(p.communicate(timeout=120)[0].strip() or 0) for p in procs)
    try:
        db = sqlite3.connect(path)
        stored = db.execute("SELECT n FROM c").fetchone()[0]
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as e:
        stored, integrity = None, f"unreadable: {e}"
    print(f"without the lease: {committed} commits acknowledged, counter {stored}, "
          f"lost {committed - (stored or 0)}, integrity {integrity}")
    assert committed > 0
    # Hundreds of the ~1,000 updates are lost in every run seen; one lost update is enough.
    assert committed > (stored or 0) or integrity != "ok"
