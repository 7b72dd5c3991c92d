"""A litewire server from the build directory on a free port with a temporary data dir.

    with LitewireServer(binary) as lw:
        conninfo = lw.conninfo()

Its stderr (and stdout) go to a file in the temporary directory; the file is printed when
the server does not come up, when the `with` block raises, or when a caller asks
(print_log). Stopping sends SIGTERM, then SIGKILL after a bounded wait.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import cleanup
from harness.ports import free_port, port_accepts, wait_for_port
from harness.tls import make_self_signed_cert

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = float(os.environ.get("LITEWIRE_START_TIMEOUT", "15"))


def default_litewire_binary() -> Path:
    """LITEWIRE_BIN if set, else build/litewire in the repository."""
    return Path(os.environ.get("LITEWIRE_BIN", REPO_ROOT / "build" / "litewire"))


class LitewireError(RuntimeError):
    pass


class LitewireServer:
    """auth: trust | password | md5 | scram-sha-256. users: {name: password}, written to a
    users file with `litewire passwd`. tls: generate a self-signed certificate and pass
    --tls-cert/--tls-key. extra_args: more command-line flags."""

    def __init__(self, binary: Path | str | None = None, auth: str = "trust",
                 users: dict | None = None, tls: bool = False, extra_args=()):
        self.binary = Path(binary) if binary else default_litewire_binary()
        self.auth = auth
        self.users = dict(users or {})
        self.tls = tls
        self.extra_args = list(extra_args)
        self.host = "127.0.0.1"
        self.port = 0
        self.user = "postgres"
        self.dir: Path | None = None
        self.cert: Path | None = None
        self.key: Path | None = None
        self.process: subprocess.Popen | None = None
        self._log_handle = None

    @property
    def data_dir(self) -> Path:
        return self.dir / "data"

    @property
    def log_file(self) -> Path:
        return self.dir / "litewire.log"

    @property
    def users_file(self) -> Path:
        return self.dir / "users"

    def __enter__(self) -> "LitewireServer":
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and exc_type is not KeyboardInterrupt:
            self.print_log()
        self.stop()

    def start(self) -> None:
        if not self.binary.exists():
            raise LitewireError(f"litewire binary not found: {self.binary} (build it first, "
                                "or set LITEWIRE_BIN)")
        self.dir = Path(tempfile.mkdtemp(prefix="litewire-lw-"))
        cleanup.register(self.stop)
        self.data_dir.mkdir()
        for name, password in self.users.items():
            self.add_user(name, password)
        if self.tls:
            self.cert, self.key = make_self_signed_cert(self.dir)
        for attempt in range(3):
            self.port = free_port(self.host)
            if self._launch():
                return
            log = self.read_log()
            self._terminate()
            if attempt == 2 or "in use" not in log.lower():
                self.print_log()
                raise LitewireError(f"litewire did not accept connections on {self.host}:"
                                    f"{self.port} within {START_TIMEOUT:g} s")

    def _launch(self) -> bool:
        argv = [str(self.binary), "serve", "--data-dir", str(self.data_dir),
                "--host", self.host, "--port", str(self.port), "--auth", self.auth]
        if self.users:
            argv += ["--users", str(self.users_file)]
        if self.tls:
            argv += ["--tls-cert", str(self.cert), "--tls-key", str(self.key)]
        argv += self.extra_args
        self._log_handle = open(self.log_file, "ab")
        self._log_handle.write(("$ " + " ".join(argv) + "\n").encode())
        self._log_handle.flush()
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                        stdout=self._log_handle, stderr=subprocess.STDOUT,
                                        cwd=self.dir)
        return wait_for_port(self.host, self.port, START_TIMEOUT,
                             alive=lambda: self.process.poll() is None)

    def add_user(self, name: str, password: str) -> None:
        """`litewire passwd NAME --users FILE`, password on stdin."""
        result = subprocess.run([str(self.binary), "passwd", name, "--users",
                                 str(self.users_file)], input=password + "\n", text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
        if result.returncode != 0:
            raise LitewireError(f"litewire passwd {name} failed ({result.returncode}):\n"
                                f"{result.stdout}")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        cleanup.unregister(self.stop)
        if self.dir is None:
            return
        self._terminate()
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def _terminate(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                print("harness: litewire ignored SIGTERM for 10 s, sending SIGKILL",
                      file=sys.stderr)
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None

    def conninfo(self, dbname: str = "postgres", user: str | None = None, **extra) -> str:
        parts = {"host": self.host, "port": self.port, "dbname": dbname,
                 "user": user or self.user, "connect_timeout": 10}
        parts.update(extra)
        return " ".join(f"{k}={v}" for k, v in parts.items())

    def read_log(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except (OSError, TypeError):
            return ""

    def print_log(self) -> None:
        text = self.read_log()
        status = ""
        if self.process is not None and self.process.poll() is not None:
            status = f" (exited with {self.process.returncode})"
        print(f"----- litewire log{status} -----\n{text[-8000:]}\n----- end of litewire log -----",
              file=sys.stderr)


__all__ = ["LitewireServer", "LitewireError", "default_litewire_binary", "port_accepts"]
