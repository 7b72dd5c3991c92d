"""Fixtures shared by the real-client tests.

Each test module gets its own server (module scope): litewire by default, PostgreSQL with
LITEWIRE_TEST_TARGET=postgres, or a running server with LITEWIRE_TEST_TARGET=HOST:PORT.

LITEWIRE_TESTS_XFAIL=1 (set by ctest for now) marks every test xfail when the target is
litewire, so pytest prints an XFAIL/XPASS summary and exits 0. Remove it from
tests/integration/CMakeLists.txt (LITEWIRE_TESTS_XFAIL option) once litewire passes.
"""

import sys
from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS_DIR))

from harness import server_under_test, target_kind, xfail_enabled  # noqa: E402
from harness.target import TargetUnsupported  # noqa: E402

SCRAM_USERS = {"alice": "correct horse battery staple"}


def pytest_report_header(config):
    return f"target: {target_kind()}, xfail switch: {'on' if xfail_enabled() else 'off'}"


def pytest_collection_modifyitems(config, items):
    if not (xfail_enabled() and target_kind() == "litewire"):
        return
    marker = pytest.mark.xfail(reason="LITEWIRE_TESTS_XFAIL=1: litewire is still being written",
                               strict=False)
    for item in items:
        item.add_marker(marker)


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
