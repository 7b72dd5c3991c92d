"""Shared mode test helpers: dynalite on a free port, litewire instances in shared mode on one
data directory through SQLite's unix-none VFS (storage whose locks cannot be trusted), and the
`dynalite` / `cluster` fixtures (import them into a test module to use them).
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg2
import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from harness import free_port, wait_for_port  # noqa: E402
from harness.litewire import default_litewire_binary  # noqa: E402

DYNALITE = TESTS_DIR / "node_modules" / "dynalite" / "cli.js"
LEASE_MS = 1500
TABLE = "litewire-test-locks"

class Dynalite:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.start()

    def start(self) -> None:
        """Starts (or, after kill(), restarts) dynalite on its port and data directory."""
        self.process = subprocess.Popen(
            ["node", str(DYNALITE), "--port", str(self.port), "--path", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if not wait_for_port("127.0.0.1", self.port, 30, alive=lambda: self.process.poll() is None):
            raise RuntimeError("dynalite did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

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

    def __init__(self, data_dir: Path, endpoint: str, database_id: str, log: Path,
                 extra_args=()):
        self.data_dir = data_dir
        self.endpoint = endpoint
        self.database_id = database_id
        self.log_path = log
        self.port = free_port()
        self.admin_port = free_port()
        argv = [str(default_litewire_binary()), "serve", "--data-dir", str(data_dir),
                "--port", str(self.port), "--mode", "shared", "--dynamodb-table", TABLE,
                "--database-id", database_id, "--sqlite-vfs", "unix-none",
                "--lease-ms", str(LEASE_MS), "--lease-acquire-timeout-ms", "3000",
                "--lease-idle-release-ms", "50", "--admin-port", str(self.admin_port),
                *extra_args]
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

    def metric(self, name: str) -> float:
        """The value of a /metrics sample of database postgres (0 when absent)."""
        url = f"http://127.0.0.1:{self.admin_port}/metrics"
        with urllib.request.urlopen(url, timeout=10) as r:
            text = r.read().decode()
        for line in text.splitlines():
            if line.startswith(name + "{") and 'database="postgres"' in line:
                return float(line.rsplit(" ", 1)[1])
        return 0.0

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
    """cluster(n) starts n instances on one fresh data directory (own database id);
    `endpoint` replaces dynalite's (a proxy in front of it), `extra_args` are added flags."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    database_id = "test-" + uuid.uuid4().hex[:8]
    instances = []

    def start(n, endpoint=None, extra_args=()):
        first = len(instances)
        for _ in range(n):
            instances.append(Instance(data_dir, endpoint or dynalite.endpoint, database_id,
                                      tmp_path / f"litewire-{len(instances)}.log", extra_args))
        return instances[first:]

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
