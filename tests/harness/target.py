"""Which server an integration test talks to.

LITEWIRE_TEST_TARGET selects it:
  litewire (default)  start build/litewire (or $LITEWIRE_BIN) on a free port
  postgres            start a throwaway PostgreSQL 15, to check the test itself
  HOST:PORT           use a server that is already running (trust auth, no TLS; tests that
                      need another auth method or TLS raise TargetUnsupported)
"""

import os
from contextlib import contextmanager
from dataclasses import dataclass, field

from harness.litewire import LitewireServer
from harness.postgres import PostgresCluster


class TargetUnsupported(Exception):
    """The selected target cannot provide what the test needs (e.g. TLS on HOST:PORT)."""


def target_kind() -> str:
    value = os.environ.get("LITEWIRE_TEST_TARGET", "litewire").strip() or "litewire"
    if value in ("litewire", "postgres"):
        return value
    if ":" in value:
        return "external"
    raise ValueError(f"LITEWIRE_TEST_TARGET must be litewire, postgres or HOST:PORT, not {value!r}")


def litewire_xfail(reason: str):
    """Marks a test litewire is known to fail, with the reason (an issue number and what is
    missing). Strict: once litewire passes, the test fails until the marker is removed. Has no
    effect when the target is PostgreSQL."""
    import pytest
    return pytest.mark.xfail(target_kind() == "litewire", reason=reason, strict=True)


@dataclass
class Server:
    """Where and how to connect. `backend` is the PostgresCluster or LitewireServer (None for
    an external server)."""
    kind: str
    host: str
    port: int
    user: str = "postgres"
    password: str | None = None
    dbname: str = "postgres"
    sslmode: str = "disable"
    backend: object = None
    users: dict = field(default_factory=dict)

    def conninfo(self, **overrides) -> str:
        parts = {"host": self.host, "port": self.port, "dbname": self.dbname,
                 "user": self.user, "sslmode": self.sslmode, "connect_timeout": 10}
        if self.password is not None:
            parts["password"] = self.password
        parts.update(overrides)
        return " ".join(f"{k}={_quote(v)}" for k, v in parts.items() if v is not None)

    def env(self, **overrides) -> dict:
        """os.environ plus the libpq variables (psql, pgbench and node-postgres read them)."""
        env = dict(os.environ)
        env.update(PGHOST=self.host, PGPORT=str(self.port), PGUSER=self.user,
                   PGDATABASE=self.dbname, PGSSLMODE=self.sslmode, PGCONNECT_TIMEOUT="10")
        env.pop("PGPASSWORD", None)
        env.pop("PGSERVICE", None)
        if self.password is not None:
            env["PGPASSWORD"] = self.password
        env.update({k: str(v) for k, v in overrides.items()})
        return env

    def print_log(self) -> None:
        if self.backend is not None:
            self.backend.print_log()


@contextmanager
def server_under_test(auth: str = "trust", users: dict | None = None, tls: bool = False,
                      kind: str | None = None):
    """Start the selected server and yield a Server; stop it afterwards, whatever happens.

    users: {name: password}. With auth other than trust, the first user becomes the login
    user (a superuser on PostgreSQL; created with `litewire passwd` on litewire)."""
    kind = kind or target_kind()
    users = dict(users or {})
    login, password = ("postgres", None)
    if users and auth != "trust":
        login, password = next(iter(users.items()))
    sslmode = "require" if tls else "disable"

    if kind == "external":
        if auth != "trust" or tls:
            raise TargetUnsupported(f"an external server cannot be reconfigured for "
                                    f"auth={auth} tls={tls}")
        host, _, port = os.environ["LITEWIRE_TEST_TARGET"].rpartition(":")
        yield Server("external", host, int(port), login, password, sslmode=sslmode, users=users)
        return

    if kind == "postgres":
        backend = PostgresCluster(auth=auth, tls=tls)
    else:
        backend = LitewireServer(auth=auth, users=users, tls=tls)
    with backend:
        if kind == "postgres":
            for name, secret in users.items():
                backend.create_role(name, secret)
        server = Server(kind, backend.host, backend.port, login, password, sslmode=sslmode,
                        backend=backend, users=users)
        yield server


def _quote(value) -> str:
    text = str(value)
    if text and all(c.isalnum() or c in "._-/:" for c in text):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
