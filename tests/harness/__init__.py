"""Test harness shared by tests/sql, tests/wire and tests/integration.

Start a throwaway PostgreSQL 15 (the oracle) or a litewire built in build/, each on a free
port with a temporary directory that is removed even when a test fails, and choose which of
the two an integration test runs against (LITEWIRE_TEST_TARGET).
"""

from harness.ports import free_port, wait_for_port
from harness.postgres import PostgresCluster
from harness.litewire import LitewireServer, default_litewire_binary
from harness.target import Server, litewire_xfail, server_under_test, target_kind
from harness.tls import make_self_signed_cert

__all__ = [
    "LitewireServer",
    "PostgresCluster",
    "Server",
    "default_litewire_binary",
    "free_port",
    "make_self_signed_cert",
    "server_under_test",
    "target_kind",
    "wait_for_port",
    "litewire_xfail",
]
