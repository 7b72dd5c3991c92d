"""Shared mode against a misbehaving DynamoDB: a small proxy (harness/faulty_proxy.py) in front
of dynalite throttles (HTTP 400 ThrottlingException / ProvisionedThroughputExceededException),
answers 500/503, or holds requests longer than the lease's safety margin.

- Throttling and 5xx on every second request: the lease client retries with backoff, so every
  write still succeeds within its lock_timeout, and the proxy did serve the faults.
- Answers slower than the margin: the holder cannot confirm a heartbeat in time and fences
  itself: writes fail with 55P03 (never another SQLSTATE), no acknowledged commit is lost, the
  file passes `litewire check`, and writes resume once the proxy is healthy again.

Outcomes only, never timings. Runs against litewire only (PostgreSQL has no shared mode).
"""

import sys
import time
from pathlib import Path

import psycopg2
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shared_cluster import LEASE_MS, check_file, cluster, dynalite, retry  # noqa: E402,F401 - fixtures
from harness import target_kind  # noqa: E402
from harness.faulty_proxy import HEALTHY, SERVER_ERROR, SLOW, THROTTLE, FaultyProxy  # noqa: E402

pytestmark = pytest.mark.skipif(target_kind() != "litewire", reason="shared mode is litewire's")


@pytest.fixture
def proxy(dynalite):
    p = FaultyProxy("127.0.0.1", dynalite.port)
    try:
        yield p
    finally:
        p.stop()


def writes_with_fresh_grants(inst, table, first, count):
    """`count` inserts spaced wider than the idle release (50 ms), so that each one acquires the
    lease again through the proxy. Returns the ids acknowledged; any error fails the test."""
    conn = inst.connect()
    cur = conn.cursor()
    cur.execute("SET lock_timeout = '10s'")
    acked = []
    for i in range(first, first + count):
        cur.execute(f"INSERT INTO {table} VALUES (%s)", (i,))
        acked.append(i)
        time.sleep(0.12)
    conn.close()
    return acked


@pytest.mark.parametrize("mode, counter", [(THROTTLE, "throttled"), (SERVER_ERROR, "http_500")])
def test_throttling_and_server_errors_are_retried_and_writes_succeed(cluster, proxy, mode, counter):
    (inst,) = cluster(1, endpoint=proxy.endpoint)
    conn = inst.connect()
    cur = conn.cursor()
    retry(lambda: cur.execute("CREATE TABLE t (id int PRIMARY KEY)"))
    proxy.set(mode)
    acked = writes_with_fresh_grants(inst, "t", 1, 20)
    proxy.set(HEALTHY)
    print(f"{mode}: proxy served {dict(proxy.counts)}")
    assert proxy.counts[counter] >= 5, proxy.counts
    cur.execute("SELECT id FROM t ORDER BY id")
    assert [r[0] for r in cur.fetchall()] == acked
    conn.close()


def test_answers_slower_than_the_margin_make_the_holder_fence_itself(cluster, proxy):
    (inst,) = cluster(1, endpoint=proxy.endpoint)
    conn = inst.connect()
    cur = conn.cursor()
    retry(lambda: cur.execute("CREATE TABLE s (id int PRIMARY KEY)"))
    # Keep the lease busy (sticky) with a steady stream of writes, then slow DynamoDB down to
    # longer than the lease's margin (lease/3): no heartbeat can be confirmed in time.
    acked, failures, slow_outcomes = [], [], []
    i = 0

    def write():
        nonlocal i
        i += 1
        try:
            cur.execute("INSERT INTO s VALUES (%s)", (i,))
            acked.append(i)
            return True
        except psycopg2.Error as e:
            failures.append(e)
            return False

    for _ in range(20):
        write()
    assert not failures
    proxy.set(SLOW, delay=LEASE_MS / 1000 * 0.8)  # > margin (1/3 lease), < request timeout
    # At least three lease lengths, and until two writes in a row failed (bounded).
    start = time.monotonic()
    while time.monotonic() - start < 3 * LEASE_MS / 1000 or slow_outcomes[-2:] != [False, False]:
        if time.monotonic() - start > 30:
            break
        slow_outcomes.append(write())
        time.sleep(0.02)
    during = len(failures)
    assert during > 0, "no write failed while DynamoDB was slower than the margin"
    assert all(e.pgcode == "55P03" for e in failures), {e.pgcode: e.pgerror for e in failures}
    # Once fenced it stays fenced while DynamoDB stays slow: no grant it gets in time is valid.
    first_failure = slow_outcomes.index(False)
    assert not any(slow_outcomes[first_failure:]), slow_outcomes
    assert proxy.counts["delayed"] > 0
    proxy.set(HEALTHY)
    retry(lambda: cur.execute("INSERT INTO s VALUES (-1)"))
    cur.execute("SELECT id FROM s")
    stored = {r[0] for r in cur.fetchall()}
    missing = set(acked) - stored
    assert not missing, f"acknowledged but missing: {sorted(missing)}"
    assert stored - set(acked) == {-1}, "a write reported as failed was committed"
    print(f"slow DynamoDB: {len(acked)} writes acknowledged, {during} failed with 55P03, "
          f"proxy {dict(proxy.counts)}")
    conn.close()
    inst.stop()
    assert check_file(cluster.data_dir) == "ok"
