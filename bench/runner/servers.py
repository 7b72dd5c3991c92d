"""The servers under test, each started in its own temporary directory on a free port:
PostgreSQL 15 (run as the system user litewire-test), litewire in local mode, litewire in
shared mode with dynalite. Every process started here is stopped here, by its own id."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from . import pgwire

HOST = "127.0.0.1"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "litewire-test"
DYNALITE = Path(__file__).resolve().parents[2] / "tests/node_modules/dynalite/cli.js"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def stop_process(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 20) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def descendants(pid: int) -> list[int]:
    """pid and every process below it, from /proc/*/stat parent links."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    result, stack = [], [pid]
    while stack:
        current = stack.pop()
        result.append(current)
        stack.extend(children.get(current, []))
    return result


def memory_kb(pid: int) -> dict:
    """Resident memory of a process tree: the sum of RSS (counts shared pages once per process,
    so it overstates a multi-process server such as PostgreSQL) and the sum of PSS (shared pages
    divided among the processes sharing them: the tree's real footprint)."""
    rss = pss = processes = 0
    for p in descendants(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
            processes += 1
        except OSError:
            continue
    return {"rss_kb": rss, "pss_kb": pss, "processes": processes}


class Server:
    """Common shape: name, port, process, start(), stop(), pid for memory."""
    name = "server"
    label = "server"

    def __init__(self):
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.dir = Path(tempfile.mkdtemp(prefix=f"litewire-bench-{self.name}-"))
        self.log_path = self.dir / "server.log"
        self.note = ""

    @property
    def pid(self) -> int:
        return self.process.pid

    def dsn_args(self) -> list[str]:
        return ["-h", HOST, "-p", str(self.port), "-U", "postgres"]

    def log_tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Postgres(Server):
    """PostgreSQL 15 with its defaults (fsync on, synchronous_commit on), trust auth on
    127.0.0.1. `extra` adds -c settings (the idle-connection test raises max_connections)."""
    name = "postgres"
    label = "PostgreSQL 15"

    def __init__(self, extra: dict | None = None):
        super().__init__()
        self.extra = extra or {}
        self.data = self.dir / "data"
        self.socket_dir = self.dir / "socket"
        self.socket_dir.mkdir()
        shutil.chown(self.dir, PG_USER)
        shutil.chown(self.socket_dir, PG_USER)
        # initdb is excluded from every timing; --no-sync only skips initdb's own final fsync.
        subprocess.run([PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
                        "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"],
                       user=PG_USER, check=True, capture_output=True, cwd=self.dir)

    def command(self) -> list:
        args = [PG_BIN / "postgres", "-D", self.data, "-p", str(self.port),
                "-c", f"listen_addresses={HOST}",
                "-c", f"unix_socket_directories={self.socket_dir}"]
        for key, value in self.extra.items():
            args += ["-c", f"{key}={value}"]
        return args

    def spawn(self) -> float:
        """Starts the postmaster; returns the monotonic time of exec."""
        self.port = self.port or free_port()
        log = open(self.log_path, "ab")
        started = time.monotonic()
        self.process = subprocess.Popen(self.command(), user=PG_USER, stdout=log, stderr=log,
                                        cwd=self.dir)
        log.close()
        return started

    def start(self) -> None:
        self.spawn()
        pgwire.wait_until_ready(HOST, self.port, 60, poll_s=0.01, process=self.process)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGINT)  # fast shutdown


class Litewire(Server):
    """litewire in local mode (WAL, synchronous=full by default: PostgreSQL's durability)."""
    name = "litewire"
    label = "litewire"

    def __init__(self, binary: Path, extra_args: list[str] | None = None):
        super().__init__()
        self.binary = binary
        self.extra_args = extra_args or []
        self.data = self.dir / "data"
        self.env = dict(os.environ)

    def command(self) -> list:
        return [self.binary, "serve", "--data-dir", self.data, "--host", HOST,
                "--port", str(self.port), "--max-connections", "12000",
                "--log-level", "warn", *self.extra_args]

    def spawn(self) -> float:
        self.port = self.port or free_port()
        log = open(self.log_path, "ab")
        started = time.monotonic()
        self.process = subprocess.Popen(self.command(), stdout=log, stderr=log, env=self.env,
                                        cwd=self.dir)
        log.close()
        return started

    def start(self) -> None:
        self.spawn()
        pgwire.wait_until_ready(HOST, self.port, 60, poll_s=0.01, process=self.process)

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM)


class Dynalite:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.log_path = directory / "dynalite.log"
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(["node", DYNALITE, "--port", str(self.port)],
                                        stdout=log, stderr=log)
        log.close()
        end = time.monotonic() + 20
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError("dynalite exited at start")
            try:
                socket.create_connection((HOST, self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("dynalite did not listen")

    def stop(self) -> None:
        stop_process(self.process, signal.SIGTERM)


class LitewireShared(Litewire):
    """litewire in shared mode (rollback journal, DynamoDB lease) with dynalite standing in
    for DynamoDB. start() raises when shared mode cannot start or serve; the runner skips it."""
    name = "shared"
    label = "litewire shared"

    def __init__(self, binary: Path):
        super().__init__(binary, ["--mode", "shared", "--dynamodb-table", "litewire-bench",
                                  "--database-id", "bench"])
        self.dynalite: Dynalite | None = None

    def start(self) -> None:
        if not DYNALITE.exists():
            raise RuntimeError(f"dynalite not installed ({DYNALITE})")
        self.dynalite = Dynalite(self.dir)
        self.env.update({
            "AWS_ENDPOINT_URL_DYNAMODB": f"http://{HOST}:{self.dynalite.port}",
            "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
        })
        created = subprocess.run([self.binary, "dynamodb", "create-table", "--dynamodb-table",
                                  "litewire-bench"], env=self.env, capture_output=True,
                                 text=True, timeout=60)
        if created.returncode != 0:
            raise RuntimeError("dynamodb create-table failed: "
                               + (created.stderr or created.stdout).strip()[-300:])
        self.spawn()
        pgwire.wait_until_ready(HOST, self.port, 20, poll_s=0.02, process=self.process)

    def stop(self) -> None:
        super().stop()
        if self.dynalite:
            self.dynalite.stop()


def psql(server: Server, sql: str | None = None, file: Path | None = None,
         timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs psql against `server` with ON_ERROR_STOP; returns the completed process."""
    args = [PG_BIN / "psql", *server.dsn_args(), "-d", "postgres", "-X", "-q", "-A", "-t",
            "-v", "ON_ERROR_STOP=1"]
    args += ["-f", str(file)] if file else ["-c", sql]
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)
