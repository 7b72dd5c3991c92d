"""A throwaway PostgreSQL 15 cluster: the oracle every test compares litewire with.

    with PostgresCluster() as pg:
        conninfo = pg.conninfo(dbname="postgres")

initdb runs with --no-sync and the server with fsync=off: this cluster is disposable and
only ever answers tests. PostgreSQL refuses to run as root, so when we are root every
server command runs as the `litewire-test` system user and the directory is chown'd to it.
"""

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import cleanup
from harness.ports import free_port
from harness.tls import make_self_signed_cert

PG_BIN = Path(os.environ.get("LITEWIRE_PG_BIN", "/usr/lib/postgresql/15/bin"))
RUN_AS = "litewire-test"


class PostgresCluster:
    """One initdb'd cluster in a temporary directory, listening on 127.0.0.1:<free port>.

    auth: the pg_hba method for TCP connections (trust, password, md5, scram-sha-256); the
    unix socket stays `trust` so that setup code can always connect as `postgres`.
    tls: generate a self-signed certificate and set ssl=on.
    settings: extra postgresql.conf lines {name: value}.
    """

    def __init__(self, auth: str = "trust", tls: bool = False, settings: dict | None = None):
        self.auth = auth
        self.tls = tls
        self.settings = dict(settings or {})
        self.host = "127.0.0.1"
        self.port = 0
        self.user = "postgres"
        self.dir: Path | None = None
        self.cert: Path | None = None
        self.key: Path | None = None
        self._started = False

    # -- paths -----------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.dir / "sock"

    @property
    def log_file(self) -> Path:
        return self.dir / "postgres.log"

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> "PostgresCluster":
        self.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and exc_type is not KeyboardInterrupt:
            self.print_log()
        self.stop()

    def start(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="litewire-pg-"))
        cleanup.register(self.stop)
        os.chmod(self.dir, 0o755)
        self.socket_dir.mkdir()
        if self.tls:
            self.cert, self.key = make_self_signed_cert(self.dir)
        self._chown_tree()
        self._run([PG_BIN / "initdb", "-D", self.data_dir, "-U", "postgres", "-A", "trust",
                   "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C"])
        self._write_hba()
        for attempt in range(3):
            self.port = free_port(self.host)
            self._write_conf()
            result = self._run([PG_BIN / "pg_ctl", "-D", self.data_dir, "-l", self.log_file,
                                "-w", "-t", "60", "start"], check=False)
            if result.returncode == 0:
                self._started = True
                return
            if "could not bind" not in self.read_log() or attempt == 2:
                self.print_log()
                raise RuntimeError(f"PostgreSQL did not start (pg_ctl exit {result.returncode})")

    def stop(self) -> None:
        cleanup.unregister(self.stop)
        if self.dir is None:
            return
        if self._started:
            result = self._run([PG_BIN / "pg_ctl", "-D", self.data_dir, "-m", "immediate",
                                "-w", "-t", "30", "stop"], check=False)
            if result.returncode != 0:
                self._kill_postmaster()
            self._started = False
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    # -- connecting ------------------------------------------------------------------------
    def conninfo(self, dbname: str = "postgres", user: str | None = None, **extra) -> str:
        parts = {"host": self.host, "port": self.port, "dbname": dbname,
                 "user": user or self.user, "connect_timeout": 10}
        parts.update(extra)
        return " ".join(f"{k}={_quote(v)}" for k, v in parts.items())

    def admin_conninfo(self, dbname: str = "postgres") -> str:
        """Over the unix socket as the superuser, which is always `trust`."""
        return f"host={self.socket_dir} port={self.port} dbname={dbname} user=postgres"

    def admin_execute(self, sql: str, dbname: str = "postgres") -> None:
        """Run one statement as superuser over the unix socket (roles, settings, databases)."""
        import psycopg
        with psycopg.connect(self.admin_conninfo(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def create_role(self, name: str, password: str, superuser: bool = True) -> None:
        su = "SUPERUSER" if superuser else ""
        self.admin_execute(
            f"CREATE ROLE {_ident(name)} LOGIN {su} PASSWORD {_literal(password)}")

    def read_log(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")
        except OSError:
            return ""

    def print_log(self) -> None:
        text = self.read_log()
        if text:
            print(f"----- PostgreSQL log ({self.log_file}) -----\n{text[-8000:]}"
                  "----- end of PostgreSQL log -----", file=sys.stderr)

    # -- internals -------------------------------------------------------------------------
    def _write_conf(self) -> None:
        conf = {
            "listen_addresses": f"'{self.host}'",
            "port": self.port,
            "unix_socket_directories": f"'{self.socket_dir}'",
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": 40,
            "shared_buffers": "'32MB'",
            "timezone": "'UTC'",
            "log_timezone": "'UTC'",
            "datestyle": "'iso, mdy'",
            "lc_messages": "'C'",
            "log_min_messages": "warning",
        }
        if self.tls:
            conf.update(ssl="on", ssl_cert_file=f"'{self.cert}'", ssl_key_file=f"'{self.key}'")
        conf.update(self.settings)
        lines = [f"{name} = {value}" for name, value in conf.items()]
        # Written as a separate file so that a retry with a new port replaces it.
        (self.data_dir / "litewire_test.conf").write_text("\n".join(lines) + "\n")
        main = self.data_dir / "postgresql.conf"
        text = main.read_text()
        if "include = 'litewire_test.conf'" not in text:
            main.write_text(text + "\ninclude = 'litewire_test.conf'\n")
        self._chown_tree()

    def _write_hba(self) -> None:
        host_type = "hostssl" if self.tls else "host"
        lines = ["local all all trust", f"{host_type} all all 127.0.0.1/32 {self.auth}"]
        if self.tls:
            lines.append("hostnossl all all 127.0.0.1/32 reject")
        (self.data_dir / "pg_hba.conf").write_text("\n".join(lines) + "\n")

    def _chown_tree(self) -> None:
        if os.geteuid() != 0:
            return
        entry = pwd.getpwnam(RUN_AS)
        for root, dirs, files in os.walk(self.dir):
            os.chown(root, entry.pw_uid, entry.pw_gid)
            for name in files:
                os.chown(os.path.join(root, name), entry.pw_uid, entry.pw_gid)

    def _run(self, argv, check: bool = True) -> subprocess.CompletedProcess:
        argv = [str(a) for a in argv]
        if os.geteuid() == 0:
            argv = ["runuser", "-u", RUN_AS, "--"] + argv
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, cwd=self.dir)
        if check and result.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stdout}")
        return result

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 9)
        except (OSError, ValueError, IndexError):
            pass


def _quote(value) -> str:
    text = str(value)
    if text and all(c.isalnum() or c in "._-/:" for c in text):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
