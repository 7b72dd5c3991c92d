"""Fixtures shared by the real-client tests.

Each test module gets its own server (module scope): litewire by default, PostgreSQL with
LITEWIRE_TEST_TARGET=postgres, or a running server with LITEWIRE_TEST_TARGET=HOST:PORT.

A test that litewire is known to fail carries @litewire_xfail("reason") (harness): strict, so
it fails loudly once the feature works and the marker must go.
"""

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from harness import server_under_test, target_kind  # noqa: E402
from harness.target import TargetUnsupported  # noqa: E402

SCRAM_USERS = {"alice": "correct horse battery staple"}


def pytest_report_header(config):
    return f"target: {target_kind()}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for name in ("server", "scram_server", "tls_server"):
            server = item.funcargs.get(name) if hasattr(item, "funcargs") else None
            backend = getattr(server, "backend", None)
            if backend is not None and hasattr(backend, "read_log"):
                report.sections.append((f"{server.kind} log", backend.read_log()[-6000:]))


@pytest.fixture(scope="module")
def server():
    """The server under test with trust authentication, user postgres."""
    try:
        with server_under_test() as srv:
            yield srv
    except TargetUnsupported as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def scram_server():
    """SCRAM-SHA-256 authentication; the login user is alice (SCRAM_USERS)."""
    try:
        with server_under_test(auth="scram-sha-256", users=SCRAM_USERS) as srv:
            yield srv
    except TargetUnsupported as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def tls_server():
    """TLS required (self-signed certificate, sslmode=require)."""
    try:
        with server_under_test(tls=True) as srv:
            yield srv
    except TargetUnsupported as exc:
        pytest.skip(str(exc))
