"""bench/run.sh: litewire side by side with PostgreSQL 15 and raw SQLite, in one run.

Phases (each prints as it goes; a phase that cannot run records a note and the run goes on):
  startup   exec to first usable connection, litewire vs PostgreSQL
  setup     the same tables on every server (bench/workloads/setup.sql)
  workloads pgbench scripts x -M mode x clients, median of repeats, ratio to PostgreSQL
  patterns  the seven "database is locked" access patterns together (issue 5)
  tpcb      pgbench's TPC-B-like run on litewire, then the balance invariants: PASS/FAIL
  locked    the seven patterns directly on SQLite with its defaults: SQLITE_BUSY counts
  idle      N idle connections held open: resident memory of each server
  micro     Google Benchmark: frames, codecs, translation
Benchmarks print figures; nothing here fails on a timing.
"""

import argparse
import asyncio
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from . import pgwire, report
from .pgbench import Figures, run_pgbench, run_sqlite_driver, run_sqlite_locked
from .plan import PATTERNS, WORKLOADS, Plan, make_plan, script
from .servers import (HOST, PG_BIN, Litewire, LitewireShared, Postgres, memory_kb, psql,
                      stop_process)

BENCH = Path(__file__).resolve().parents[1]
PHASES = ["startup", "setup", "workloads", "patterns", "tpcb", "locked", "idle", "micro"]


def log(message: str) -> None:
    print(message, flush=True)


class Run:
    """Everything one run measured, handed to report.write()."""

    def __init__(self, args, plan: Plan):
        self.args = args
        self.plan = plan
        self.build = Path(args.build_dir).resolve()
        self.litewire_bin = self.build / "litewire"
        self.bench_bin = self.build / "bench"
        self.started = datetime.datetime.now()
        self.notes: list[str] = []
        self.rows: list[dict] = []        # workload figures (medians)
        self.patterns: list[dict] = []    # patterns together, per server and pattern
        self.tpcb: list[dict] = []        # TPC-B check per server
        self.locked: dict = {}            # busy timeout -> rows per pattern
        self.idle: list[dict] = []
        self.startup: list[dict] = []
        self.micro: list[dict] = []
        self.init: list[dict] = []        # pgbench -i attempts
        self.phase_seconds: dict = {}
        self.crashes: dict = {}           # server name -> times it died
        self.current = "setup"            # what was running, for crash notes
        self.machine = machine_info()
        if args.label:
            self.machine["commit"] = args.label
        self.servers: dict = {}           # name -> Server for workloads
        self.sqlite_db: Path | None = None
        self.scratch = Path(tempfile.mkdtemp(prefix="litewire-bench-"))

    def note(self, text: str) -> None:
        log(f"  note: {text}")
        self.notes.append(text)


def machine_info() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    os_name = "unknown"
    for line in Path("/etc/os-release").read_text().splitlines():
        if line.startswith("PRETTY_NAME="):
            os_name = line.split("=", 1)[1].strip('"')
    pg = subprocess.run([PG_BIN / "postgres", "--version"], capture_output=True, text=True)
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True)
    commit = subprocess.run(["git", "-C", str(BENCH), "log", "-1", "--format=%h %cs"],
                            capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(BENCH.parent), "status", "--porcelain",
                            "--untracked-files=no"], capture_output=True, text=True)
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(), "os": os_name,
        "postgres": pg.stdout.strip(), "sqlite": sqlite.stdout.split(" ")[0],
        "commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip()
                                           else ""),
        "load_before": os.getloadavg(),
    }


# --- startup ---------------------------------------------------------------------------------

def phase_startup(run: Run) -> None:
    """Exec to the first connection that reaches ReadyForQuery, polled every millisecond."""
    repeats = run.plan.startup_repeats
    lw = Litewire(run.litewire_bin)
    try:
        start = lw.spawn()
        first = pgwire.wait_until_ready(HOST, lw.port, 30, process=lw.process) - start
        lw.stop()
        times = []
        for _ in range(repeats):
            start = lw.spawn()
            times.append(pgwire.wait_until_ready(HOST, lw.port, 30, process=lw.process) - start)
            lw.stop()
        run.startup.append({"server": "litewire", "median_ms": statistics.median(times) * 1000,
                            "first_ms": first * 1000, "all_ms": [t * 1000 for t in times]})
    finally:
        lw.cleanup()
    pg = Postgres()
    try:
        times = []
        for _ in range(repeats + 1):
            start = pg.spawn()
            times.append(pgwire.wait_until_ready(HOST, pg.port, 60, process=pg.process) - start)
            pg.stop()
        # The first start after initdb does extra work (no shared catalog cache yet); report
        # it apart, as for litewire's first start on an empty data directory.
        run.startup.append({"server": "postgres", "median_ms": statistics.median(times[1:]) * 1000,
                            "first_ms": times[0] * 1000, "all_ms": [t * 1000 for t in times[1:]]})
    finally:
        pg.cleanup()
    for row in run.startup:
        log(f"  {row['server']}: median {row['median_ms']:.1f} ms "
            f"(first start {row['first_ms']:.1f} ms)")


# --- servers and setup -----------------------------------------------------------------------

def start_servers(run: Run) -> None:
    pg = Postgres()
    pg.start()
    run.servers["postgres"] = pg
    settings = psql(pg, "SHOW fsync; SHOW synchronous_commit; SHOW max_connections").stdout.split()
    log(f"  postgres on port {pg.port} (fsync={settings[0]}, synchronous_commit={settings[1]}, "
        f"max_connections={settings[2]})")
    lw = Litewire(run.litewire_bin)
    lw.start()
    run.servers["litewire"] = lw
    log(f"  litewire on port {lw.port} (local mode, synchronous=full)")
    if run.args.no_shared:
        run.note("litewire shared mode skipped (--no-shared)")
        return
    shared = LitewireShared(run.litewire_bin)
    try:
        shared.start()
        run.servers["shared"] = shared
        log(f"  litewire shared mode on port {shared.port} (dynalite)")
    except Exception as error:  # any failure to start means: skip shared mode in this run
        tail = shared.log_tail(3).replace("\n", " | ")
        run.note(f"litewire shared mode skipped: it did not start or serve ({error}"
                 + (f"; log: {tail}" if tail else "") + ")")
        shared.cleanup()


def try_pgbench_init(run: Run, name: str) -> None:
    """pgbench -i -s 1: informative only (setup.sql creates the tables the workloads use).
    It runs in a database of its own on PostgreSQL and on a throwaway litewire instance, so
    neither its tables nor a failure can affect the workloads."""
    server = run.servers[name]
    throwaway = None
    database = "postgres"
    if name == "litewire":
        throwaway = server = Litewire(run.litewire_bin)
        server.start()
    else:
        database = "pgbench_init"
        psql(server, f"CREATE DATABASE {database}")
    try:
        start = time.monotonic()
        result = subprocess.run([PG_BIN / "pgbench", *server.dsn_args(), "-i", "-s", "1",
                                 "-q", database], capture_output=True, text=True, timeout=300)
        seconds = time.monotonic() - start
    finally:
        if throwaway:
            throwaway.cleanup()
    ok = result.returncode == 0
    error = "" if ok else next((l for l in result.stderr.splitlines() if "ERROR" in l or
                                "error" in l), result.stderr.strip()[-200:])
    run.init.append({"server": name, "ok": ok, "seconds": seconds, "error": error[:200]})
    log(f"  pgbench -i -s 1 on {name}: " + (f"{seconds:.1f} s" if ok else f"failed: {error}"))


def sql_statements(path: Path) -> list[str]:
    """The statements of a setup file: comment lines dropped, split at a ';' ending a line."""
    statements, current = [], []
    for line in path.read_text().splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            statements.append("\n".join(current))
            current = []
    return statements


def run_sql_file(run: Run, name: str, path: Path) -> bool:
    """Runs a setup file one statement per psql session. litewire at this commit can crash
    when one session runs several DDL statements in a row (noted in the report when it
    happens); a session per statement keeps the benchmark independent of that."""
    server = run.servers[name]
    start = time.monotonic()
    restarts = 0
    for statement in sql_statements(path):
        result = psql(server, statement)
        # A litewire that died here is restarted on the same data directory (what was
        # committed stays) and the statement retried, a few times at most.
        while (result.returncode != 0 and name != "postgres" and restarts < 3
               and server.process.poll() is not None):
            restarts += 1
            run.note(f"{name} exited during {path.name} at `{statement.splitlines()[0][:50]}`"
                     f" (status {server.process.returncode}); restarted on the same data")
            server.spawn()
            pgwire.wait_until_ready(HOST, server.port, 30, poll_s=0.01, process=server.process)
            result = psql(server, statement)
        if result.returncode != 0:
            run.note(f"{name}: {path.name} failed at `{statement.splitlines()[0][:60]}`: "
                     f"{result.stderr.strip()[-300:]}")
            return False
    log(f"  {path.name} on {name}: {time.monotonic() - start:.1f} s")
    return True


def load_tables(run: Run, name: str) -> bool:
    return run_sql_file(run, name, WORKLOADS / "setup.sql")


def phase_setup(run: Run) -> None:
    start_servers(run)
    for name in list(run.servers):
        if name != "shared":
            try_pgbench_init(run, name)
        if load_tables(run, name):
            continue
        if name == "postgres":
            raise RuntimeError("setup.sql failed on PostgreSQL: the workloads cannot run")
        server = run.servers[name]
        if server.process.poll() is not None:
            run.note(f"{name} exited during setup; log tail: "
                     + server.log_tail(2).replace("\n", " | "))
        if name == "shared" or not restart(run, name):
            run.note(f"{name} skipped: setup.sql failed")
            run.servers.pop(name, None)
            server.cleanup()
    run.sqlite_db = run.scratch / "raw.db"
    start = time.monotonic()
    result = subprocess.run([run.bench_bin / "sqlite_driver", "--db", run.sqlite_db, "--setup",
                             WORKLOADS / "setup_sqlite.sql"], capture_output=True, text=True)
    if result.returncode != 0:
        run.note(f"raw SQLite setup failed: {result.stderr.strip()}")
        run.sqlite_db = None
    else:
        log(f"  setup_sqlite.sql on raw SQLite: {time.monotonic() - start:.1f} s")


# --- workloads -------------------------------------------------------------------------------

MAX_RESTARTS = 10


def restart(run: Run, name: str) -> bool:
    """Replaces a dead litewire by a fresh instance with fresh tables (at most MAX_RESTARTS
    times per server), so one crash costs one figure, not the rest of the run."""
    run.crashes[name] = run.crashes.get(name, 0) + 1
    old = run.servers.pop(name, None)
    if old is not None:
        old.cleanup()
    if name == "postgres" or run.crashes[name] > MAX_RESTARTS:
        return False
    replacement = (LitewireShared(run.litewire_bin) if name == "shared"
                   else Litewire(run.litewire_bin))
    try:
        replacement.start()
        run.servers[name] = replacement
        if load_tables(run, name):
            return True
    except Exception as error:
        run.note(f"{name} could not be restarted: {error}")
    run.servers.pop(name, None)
    replacement.cleanup()
    return False


def alive(run: Run) -> list[str]:
    """Names of the servers still serving; a litewire that died is noted with its log tail
    and restarted."""
    names = []
    for name, server in list(run.servers.items()):
        if server.process.poll() is None:
            names.append(name)
            continue
        tail = server.log_tail(2).replace("\n", " | ")
        run.note(f"{name} exited (status {server.process.returncode}) during "
                 f"{run.current}; log tail: {tail}")
        if restart(run, name):
            names.append(name)
    return names


def median_figures(runs: list[Figures]) -> dict:
    def med(values):
        values = [v for v in values if v == v]  # drop nan
        return statistics.median(values) if values else float("nan")
    errors = [f.error for f in runs if f.error]
    return {"tps": med([f.tps for f in runs]), "p50_ms": med([f.p50_ms for f in runs]),
            "p99_ms": med([f.p99_ms for f in runs]),
            "failed": max(f.failed + f.aborted_clients for f in runs),
            "zero_latency": max(f.zero_latency for f in runs),
            "runs": len(runs), "error": errors[0] if errors else ""}


def phase_workloads(run: Run) -> None:
    plan = run.plan
    for case in plan.cases:
        results: dict[str, list[Figures]] = {}
        run.current = f"{case.workload} -M {case.mode} -c {case.clients}"
        for _ in range(plan.repeats):
            # Servers take turns within each repeat, so drift and noise spread over all of them.
            for name in alive(run):
                results.setdefault(name, []).append(run_pgbench(
                    run.servers[name], [script(case.workload)], case.mode, case.clients,
                    plan.duration))
            if run.sqlite_db is not None:
                results.setdefault("sqlite", []).append(run_sqlite_driver(
                    run.bench_bin / "sqlite_driver", run.sqlite_db, [script(case.workload)],
                    case.mode, case.clients, plan.duration))
        alive(run)  # notes a crash during the last run at once
        line = []
        for name, runs in results.items():
            row = {"workload": case.workload, "mode": case.mode, "clients": case.clients,
                   "server": name, **median_figures(runs)}
            run.rows.append(row)
            line.append(f"{name} {row['tps']:.0f} tps p50 {row['p50_ms']:.2f} ms"
                        + (f" FAILED {row['failed']}" if row["failed"] else "")
                        + (f" ({row['error'][:80]})" if row["error"] else ""))
        log(f"  {case.workload:<30} {case.mode:<8} c={case.clients:<3} " + "; ".join(line))


def phase_patterns(run: Run) -> None:
    """The seven patterns together, one pgbench run per server (issue 5: 100 clients, 30 s)."""
    plan = run.plan
    scripts = [script(p) for p in PATTERNS]
    run.current = "the seven patterns together"
    for name in alive(run):
        figures = run_pgbench(run.servers[name], scripts, "prepared", plan.patterns_clients,
                              plan.patterns_duration)
        for pattern in PATTERNS:
            per = figures.per_script.get(pattern, Figures())
            run.patterns.append({"server": name, "pattern": pattern, "tps": per.tps,
                                 "p50_ms": per.p50_ms, "p99_ms": per.p99_ms,
                                 "transactions": per.transactions, "failed": per.failed})
        run.patterns.append({"server": name, "pattern": "total", "tps": figures.tps,
                             "p50_ms": figures.p50_ms, "p99_ms": figures.p99_ms,
                             "transactions": figures.transactions,
                             "failed": figures.failed + figures.aborted_clients,
                             "error": figures.error})
        log(f"  {name}: {figures.transactions} transactions, {figures.failed} failed, "
            f"{figures.aborted_clients} clients aborted" + (f" ({figures.error})"
                                                              if figures.error else ""))


# --- TPC-B check -----------------------------------------------------------------------------

def phase_tpcb(run: Run) -> None:
    plan = run.plan
    run.current = "the TPC-B check"
    names = [n for n in alive(run) if n != "postgres" or not plan.quick]
    for name in names:
        server = run.servers[name]
        # Zero balances and an empty history, so the invariants hold before the run.
        if not run_sql_file(run, name, WORKLOADS / "reset_tpcb.sql"):
            continue
        figures = run_pgbench(server, [script("tpcb")], "simple", plan.tpcb_clients,
                              plan.tpcb_duration)
        result = psql(server, "SELECT (SELECT sum(abalance) FROM pgbench_accounts), "
                              "(SELECT sum(tbalance) FROM pgbench_tellers), "
                              "(SELECT sum(bbalance) FROM pgbench_branches), "
                              "(SELECT count(*) FROM pgbench_history), "
                              "(SELECT coalesce(sum(delta), 0) FROM pgbench_history)")
        check = {"server": name, "clients": plan.tpcb_clients, "seconds": plan.tpcb_duration,
                 "tps": figures.tps, "transactions": figures.transactions,
                 "failed": figures.failed + figures.aborted_clients, "error": figures.error}
        try:
            accounts, tellers, branches, history, deltas = (
                int(v or 0) for v in result.stdout.strip().split("|"))
            check.update(accounts=accounts, tellers=tellers, branches=branches, history=history,
                         deltas=deltas)
            check["pass"] = (check["failed"] == 0 and figures.transactions > 0
                             and accounts == tellers == branches == deltas
                             and history == figures.transactions)
        except ValueError:
            check.update(error=f"balance query failed: {result.stderr.strip()[-200:]}",
                         **{"pass": False})
        run.tpcb.append(check)
        log(f"  {name}: {'PASS' if check['pass'] else 'FAIL'} "
            + json.dumps({k: v for k, v in check.items() if k not in ('server', 'pass')}))


# --- SQLite with its defaults ----------------------------------------------------------------

def phase_locked(run: Run) -> None:
    plan = run.plan
    for timeout in plan.locked_busy_timeouts:
        rows = run_sqlite_locked(run.bench_bin / "sqlite_locked", run.scratch,
                                 WORKLOADS / "setup_sqlite.sql", [script(p) for p in PATTERNS],
                                 plan.locked_threads, plan.locked_duration, timeout)
        run.locked[timeout] = rows
        label = "no busy handler" if timeout == 0 else f"busy_timeout={timeout} ms"
        log(f"  SQLite defaults, {label}: " + ", ".join(
            f"{r['pattern'].split('_')[0]} {r['busy']}/{r['ok'] + r['failed']} busy"
            for r in rows))


# --- idle connections ------------------------------------------------------------------------

def hold_idle(server, count: int) -> dict:
    async def hold():
        baseline = memory_kb(server.pid)
        writers, errors = await pgwire.open_idle_connections(HOST, server.port, count)
        await asyncio.sleep(1.0)  # let the server settle; then measure with all of them open
        held = memory_kb(server.pid)
        alive_server = server.process.poll() is None
        await pgwire.close_all(writers)
        return baseline, held, writers, errors, alive_server

    baseline, held, writers, errors, alive_server = asyncio.run(hold())
    return {"opened": len(writers), "errors": len(errors),
            "first_error": errors[0] if errors else "", "alive": alive_server,
            "baseline_rss_kb": baseline["rss_kb"], "baseline_pss_kb": baseline["pss_kb"],
            "rss_kb": held["rss_kb"], "pss_kb": held["pss_kb"], "processes": held["processes"]}


def phase_idle(run: Run) -> None:
    """Fresh servers (nothing cached from the workloads), N idle connections each."""
    plan = run.plan
    for count in plan.idle_counts:
        candidates = [("litewire", lambda: Litewire(run.litewire_bin))]
        if count <= plan.pg_idle_max:
            candidates.append(("postgres", lambda: Postgres(
                {"max_connections": count + 10})))
        else:
            run.note(f"PostgreSQL not measured at {count} idle connections: it would run "
                     f"{count} backend processes on a machine shared with other work "
                     f"(raise with --pg-idle-max); the table extrapolates from the largest "
                     f"measured count")
        for name, make in candidates:
            server = make()
            try:
                server.start()
                row = {"server": name, "connections": count, **hold_idle(server, count)}
            except Exception as error:
                row = {"server": name, "connections": count, "opened": 0, "errors": count,
                       "first_error": str(error), "alive": False}
            finally:
                server.cleanup()
            run.idle.append(row)
            log(f"  {name}: {row['opened']}/{count} open, "
                f"RSS {row.get('rss_kb', 0) / 1024:.1f} MB, "
                f"PSS {row.get('pss_kb', 0) / 1024:.1f} MB"
                + (f", {row['errors']} failed ({row['first_error'][:100]})" if row["errors"]
                   else ""))


# --- micro-benchmarks ------------------------------------------------------------------------

def phase_micro(run: Run) -> None:
    binary = run.bench_bin / "bench_micro"
    result = subprocess.run([binary, "--benchmark_format=json",
                             f"--benchmark_min_time={run.plan.micro_min_time}"],
                            capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        run.note(f"bench_micro failed: {result.stderr.strip()[-300:]}")
        return
    data = json.loads(result.stdout)
    for bench in data["benchmarks"]:
        scale = {"ns": 1, "us": 1e3, "ms": 1e6}[bench["time_unit"]]
        row = {"name": bench["name"].split("/")[0], "label": bench.get("label", ""),
               "ns": bench["real_time"] * scale, "cpu_ns": bench["cpu_time"] * scale,
               "error": bench.get("error_message", "")}
        run.micro.append(row)
        log(f"  {row['name']:<28} {row['label']:<22} "
            + (f"error: {row['error']}" if row["error"] else f"{row['ns']:>10.0f} ns"))


# --- main ------------------------------------------------------------------------------------

def parse_args():
    parser = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a short run (under 3 minutes)")
    parser.add_argument("--build-dir", default=str(BENCH.parent / "build"))
    parser.add_argument("--duration", type=float, help="seconds per pgbench run")
    parser.add_argument("--repeats", type=int, help="runs per case (median reported)")
    parser.add_argument("--only", help=f"comma-separated phases ({','.join(PHASES)})")
    parser.add_argument("--no-shared", action="store_true", help="skip litewire shared mode")
    parser.add_argument("--pg-idle-max", type=int,
                        help="largest idle-connection count measured on PostgreSQL")
    parser.add_argument("--label", help="how the report names the litewire build (default: "
                                            "the repository's commit)")
    parser.add_argument("--output", default=str(BENCH / "results"),
                        help="directory for <date>.md/.csv/.png")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    plan = make_plan(args.quick, args.duration, args.repeats)
    if args.pg_idle_max is not None:
        plan.pg_idle_max = args.pg_idle_max
    phases = args.only.split(",") if args.only else PHASES
    unknown = set(phases) - set(PHASES)
    if unknown:
        sys.exit(f"unknown phase(s): {', '.join(sorted(unknown))}")
    # Ten thousand idle connections need as many descriptors here and in litewire (which
    # inherits this limit).
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    run = Run(args, plan)
    for binary in [run.litewire_bin, run.bench_bin / "sqlite_driver",
                   run.bench_bin / "sqlite_locked", run.bench_bin / "bench_micro"]:
        if not binary.exists():
            sys.exit(f"{binary} is missing: build with -DLITEWIRE_BUILD_BENCH=ON "
                     f"(make bench does it)")
    log(f"litewire bench, {'quick' if plan.quick else 'full'} mode: {plan.duration:g} s per "
        f"run, {plan.repeats} repeat(s), {len(plan.cases)} cases; machine: "
        f"{run.machine['cores']} cores, load {run.machine['load_before'][0]:.2f}")
    needs_servers = {"workloads", "patterns", "tpcb"} & set(phases)
    if needs_servers and "setup" not in phases:
        phases = ["setup", *phases]
    try:
        for phase in PHASES:
            if phase not in phases:
                continue
            log(f"== {phase}")
            start = time.monotonic()
            try:
                globals()[f"phase_{phase}"](run)
            except Exception as error:
                run.note(f"phase {phase} did not complete: {error}")
                traceback.print_exc()
                if phase == "setup":
                    phases = [p for p in phases if p not in needs_servers]
            run.phase_seconds[phase] = time.monotonic() - start
    finally:
        for server in run.servers.values():
            server.cleanup()
        subprocess.run(["rm", "-rf", str(run.scratch)])
    run.machine["load_after"] = os.getloadavg()
    paths = report.write(run, Path(args.output))
    log("results: " + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main())
