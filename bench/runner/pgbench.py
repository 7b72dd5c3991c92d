"""Running pgbench and the in-process SQLite driver, and turning their output into figures.
Latency percentiles come from pgbench's per-transaction log (--log), never from its averages."""

import glob
import json
import math
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .servers import PG_BIN, Server


@dataclass
class Figures:
    """One run: throughput, latency percentiles in milliseconds, failures."""
    tps: float = 0.0
    p50_ms: float = math.nan
    p99_ms: float = math.nan
    transactions: int = 0
    failed: int = 0
    aborted_clients: int = 0
    # Share of logged transactions whose latency pgbench wrote as 0 µs. pgbench reads its
    # clock lazily: with several clients on one thread it often logs a fast server's
    # transaction with the same start and end time (seen: two thirds of PostgreSQL's SELECT 1
    # at 8 clients, completing 25 µs apart), so such latencies are understated; TPS is not.
    zero_latency: float = 0.0
    error: str = ""
    per_script: dict = field(default_factory=dict)  # script name -> Figures


def percentile(sorted_values: list, p: float) -> float:
    """Nearest-rank percentile of an ascending list; nan when empty."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _read_logs(prefix: str, script_count: int):
    """pgbench 15 --log lines: client_id transaction_no time script_no time_epoch time_us
    [schedule_lag] [retries]; `time` (microseconds) is "failed" or "skipped" for those."""
    latencies = [[] for _ in range(script_count)]
    failed = [0] * script_count
    for path in glob.glob(prefix + ".*"):
        with open(path) as log:
            for line in log:
                parts = line.split()
                if len(parts) < 4:
                    continue
                script = int(parts[3])
                if parts[2] == "failed":
                    failed[script] += 1
                elif parts[2] != "skipped":
                    latencies[script].append(int(parts[2]) / 1000.0)
    return latencies, failed


def _number(pattern: str, text: str, default=0.0) -> float:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else default


def run_pgbench(server: Server, scripts: list[Path], mode: str, clients: int, duration: float,
                database: str = "postgres", weights: list[int] | None = None) -> Figures:
    """pgbench -n with custom scripts. -j is 2 threads at most: the machine's cores are
    shared with the server under test."""
    threads = max(1, min(clients, 2))
    with tempfile.TemporaryDirectory(prefix="litewire-bench-log-") as log_dir:
        prefix = str(Path(log_dir) / "tx")
        args = [PG_BIN / "pgbench", *server.dsn_args(), "-n", "-M", mode, "-c", str(clients),
                "-j", str(threads), "-T", str(max(1, round(duration))), "--log",
                f"--log-prefix={prefix}"]
        for index, script in enumerate(scripts):
            weight = f"@{weights[index]}" if weights else ""
            args += ["-f", f"{script}{weight}"]
        args.append(database)
        try:
            result = subprocess.run(args, capture_output=True, text=True,
                                    timeout=duration * 3 + 120)
        except subprocess.TimeoutExpired:
            return Figures(error="pgbench timed out")
        output = result.stdout + result.stderr
        latencies, failed_by_script = _read_logs(prefix, len(scripts))

    figures = Figures()
    figures.tps = _number(r"tps = ([\d.]+) \(without initial connection time\)", output)
    figures.transactions = int(_number(r"number of transactions actually processed: (\d+)",
                                       output))
    figures.failed = int(_number(r"number of failed transactions: (\d+)", output))
    aborted = re.findall(r"client \d+ (?:script \d+ )?aborted[^\n]*", output)
    figures.aborted_clients = len(aborted)
    if result.returncode != 0 or aborted:
        errors = [line for line in output.splitlines()
                  if "aborted" in line or "ERROR" in line or "error" in line.lower()]
        figures.error = (errors[0] if errors else output.strip()[-300:])[:300]
    all_latencies = sorted(x for per in latencies for x in per)
    figures.p50_ms = percentile(all_latencies, 50)
    figures.p99_ms = percentile(all_latencies, 99)
    if all_latencies:
        figures.zero_latency = sum(1 for x in all_latencies if x == 0) / len(all_latencies)
    for index, script in enumerate(scripts):
        values = sorted(latencies[index])
        share = len(values) / len(all_latencies) if all_latencies else 0
        figures.per_script[script.stem] = Figures(
            tps=figures.tps * share, p50_ms=percentile(values, 50),
            p99_ms=percentile(values, 99), transactions=len(values),
            failed=failed_by_script[index])
    return figures


def run_sqlite_driver(driver: Path, db: Path, scripts: list[Path], mode: str, clients: int,
                      duration: float) -> Figures:
    args = [driver, "--db", db, "--mode", mode, "--clients", str(clients),
            "--duration", str(duration)]
    for script in scripts:
        args += ["--script", script]
    result = subprocess.run(args, capture_output=True, text=True, timeout=duration * 3 + 120)
    if result.returncode != 0:
        return Figures(error=(result.stderr or result.stdout).strip()[-300:])
    return _driver_figures(json.loads(result.stdout.strip().splitlines()[-1]))


def _driver_figures(data: dict) -> Figures:
    def one(item: dict) -> Figures:
        return Figures(tps=item["tps"], p50_ms=item["p50_us"] / 1000.0,
                       p99_ms=item["p99_us"] / 1000.0, transactions=item["transactions"],
                       failed=item["failures"])
    figures = one(data["total"])
    figures.error = data.get("first_error", "")
    figures.per_script = {item["name"]: one(item) for item in data["scripts"]}
    return figures


def run_sqlite_locked(binary: Path, directory: Path, setup: Path, patterns: list[Path],
                      threads: int, duration: float, busy_timeout_ms: int) -> list[dict]:
    """The seven patterns on SQLite with its defaults; one dict per pattern."""
    db = directory / f"locked-{busy_timeout_ms}.db"
    for stale in directory.glob(db.name + "*"):
        stale.unlink()
    args = [binary, "--db", db, "--setup", setup, "--threads", str(threads),
            "--duration", str(duration), "--busy-timeout", str(busy_timeout_ms), *patterns]
    result = subprocess.run(args, capture_output=True, text=True,
                            timeout=len(patterns) * (duration + busy_timeout_ms / 1000 + 30) + 60)
    if result.returncode != 0:
        raise RuntimeError((result.stderr or result.stdout).strip()[-300:])
    rows = []
    for line in result.stdout.splitlines():
        data = json.loads(line)
        script = data["scripts"][0]
        rows.append({"pattern": script["name"], "ok": script["transactions"],
                     "failed": script["failures"], "busy": script["busy_failures"],
                     "error": data["first_error"]})
    return rows
