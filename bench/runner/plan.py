"""What a run measures: the workload matrix and the sizes of every phase, for quick and full
mode. Editing this file is how the benchmark grows."""

from dataclasses import dataclass
from pathlib import Path

WORKLOADS = Path(__file__).resolve().parents[1] / "workloads"

PATTERNS = [
    "pattern1_read", "pattern2_write", "pattern3_read_write", "pattern4_read_write_txn",
    "pattern5_read_write_immediate", "pattern6_write_read", "pattern7_write_read_txn",
]

# Display names, in table order.
WORKLOAD_TITLES = {
    "select1": "SELECT 1",
    "point_select": "point SELECT (PK, 100k rows)",
    "insert": "autocommit INSERT",
    "tpcb": "TPC-B-like",
    "mixed": "90/10 read/write",
    "pattern1_read": "pattern 1: read",
    "pattern2_write": "pattern 2: write",
    "pattern3_read_write": "pattern 3: read, write",
    "pattern4_read_write_txn": "pattern 4: read, write in txn",
    "pattern5_read_write_immediate": "pattern 5: same, BEGIN IMMEDIATE*",
    "pattern6_write_read": "pattern 6: write, read",
    "pattern7_write_read_txn": "pattern 7: write, read in txn",
}


def script(name: str) -> Path:
    return WORKLOADS / f"{name}.sql"


@dataclass(frozen=True)
class Case:
    workload: str
    mode: str
    clients: int


@dataclass
class Plan:
    quick: bool
    duration: float            # seconds per pgbench run
    repeats: int               # runs per case; the median is reported
    cases: list                # Case, in run order
    patterns_clients: int      # the seven patterns together (issue 5)
    patterns_duration: float
    tpcb_clients: int          # the TPC-B check (issue 5)
    tpcb_duration: float
    idle_counts: list          # idle connections held open
    pg_idle_max: int           # PostgreSQL is measured up to this many (one process each)
    startup_repeats: int
    locked_threads: int        # sqlite_locked
    locked_duration: float
    locked_busy_timeouts: list  # 0 = SQLite's default (no busy handler)
    micro_min_time: float      # Google Benchmark --benchmark_min_time


def make_plan(quick: bool, duration: float | None, repeats: int | None) -> Plan:
    if quick:
        cases = [
            Case("select1", "simple", 1), Case("select1", "prepared", 1),
            Case("point_select", "simple", 8), Case("point_select", "prepared", 8),
            Case("insert", "prepared", 32),
            Case("tpcb", "prepared", 8),
            Case("mixed", "prepared", 8),
        ]
        return Plan(quick=True, duration=duration or 3, repeats=repeats or 1, cases=cases,
                    patterns_clients=16, patterns_duration=4, tpcb_clients=16, tpcb_duration=5,
                    idle_counts=[1000, 10000], pg_idle_max=1000, startup_repeats=3,
                    locked_threads=8, locked_duration=1, locked_busy_timeouts=[0, 5000],
                    micro_min_time=0.05)
    cases = []
    for workload in ["select1", "point_select", "insert", "tpcb", "mixed", *PATTERNS]:
        for mode in ["simple", "extended", "prepared"]:
            clients = [1, 8, 32, 64] if workload == "insert" else [1, 8, 64]
            cases += [Case(workload, mode, c) for c in clients]
    return Plan(quick=False, duration=duration or 5, repeats=repeats or 3, cases=cases,
                patterns_clients=100, patterns_duration=30, tpcb_clients=16, tpcb_duration=60,
                idle_counts=[1000, 10000], pg_idle_max=1000, startup_repeats=5,
                locked_threads=16, locked_duration=3, locked_busy_timeouts=[0, 5000],
                micro_min_time=0.5)
