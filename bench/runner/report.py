"""bench/results/<date>[-quick].md, .csv and .png from one Run."""

import csv
import math
import shutil
import subprocess
import tempfile
from pathlib import Path

from .plan import PATTERNS, WORKLOAD_TITLES, make_plan

SERVER_TITLES = {"postgres": "PostgreSQL", "litewire": "litewire", "shared": "litewire shared",
                 "sqlite": "raw SQLite"}
SERVER_ORDER = ["postgres", "litewire", "shared", "sqlite"]
NOISE = ("Figures from a machine shared with other work: compare servers within this run "
         "(they take turns in every repeat), not across runs; quick mode (by default one "
         "short repeat of a few cases) is for spotting regressions, not for quoting.")


def fmt(value, digits=0, unit=""):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}{unit}"


def us(ms):
    """A latency given in ms, shown in microseconds: 3 significant digits, no exponent."""
    if ms is None or (isinstance(ms, float) and math.isnan(ms)):
        return "–"
    value = ms * 1000
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(a, b):
    if not a or not b or any(isinstance(v, float) and math.isnan(v) for v in (a, b)):
        return float("nan")
    return a / b


def find(rows, **key):
    for row in rows:
        if all(row.get(k) == v for k, v in key.items()):
            return row
    return None


def with_ratios(rows):
    """Adds tps_vs_pg and p50_vs_pg to every workload row (same workload, mode, clients)."""
    for row in rows:
        pg = find(rows, workload=row["workload"], mode=row["mode"], clients=row["clients"],
                  server="postgres")
        row["tps_vs_pg"] = ratio(row["tps"], pg["tps"]) if pg else float("nan")
        row["p50_vs_pg"] = ratio(row["p50_ms"], pg["p50_ms"]) if pg else float("nan")
    return rows


# A p50 cell is marked when pgbench logged more than this share of the run's transactions
# with 0 µs latency (see Figures.zero_latency): that percentile understates the latency.
ZERO_LATENCY_MARK = 0.01


def p50_cell(row):
    mark = "‡" if row.get("zero_latency", 0) > ZERO_LATENCY_MARK else ""
    return us(row["p50_ms"]) + mark


def failed_status(row):
    """A figure from a run with failed transactions does not count toward a goal."""
    return f"not met ({row['failed']} failed)" if row["failed"] else ""


# --- goals -----------------------------------------------------------------------------------

def goals(run) -> list[tuple[str, str, str, str]]:
    """(goal, target, measured, status) for issue 7's goals and issue 5's benchmark goals."""
    out = []
    rows = run.rows

    def tps_goal(title, workload, mode, clients, target):
        lw = find(rows, workload=workload, mode=mode, clients=clients, server="litewire")
        pg = find(rows, workload=workload, mode=mode, clients=clients, server="postgres")
        if not lw or not pg:
            out.append((title, f">= {target}x PostgreSQL TPS", "not measured", "–"))
            return
        r = ratio(lw["tps"], pg["tps"])
        out.append((title, f">= {target}x PostgreSQL TPS",
                    f"{fmt(r, 2)}x ({fmt(lw['tps'])} vs {fmt(pg['tps'])} TPS)",
                    failed_status(lw) or ("met" if r >= target else "not met")))

    tps_goal("point SELECT, prepared, 8 clients", "point_select", "prepared", 8, 1.0)
    for mode in ["simple", "prepared"]:
        lw = find(rows, workload="select1", mode=mode, clients=1, server="litewire")
        pg = find(rows, workload="select1", mode=mode, clients=1, server="postgres")
        title = f"SELECT 1 latency, {mode}, 1 client"
        if lw and pg:
            out.append((title, "p50 <= PostgreSQL's",
                        f"{us(lw['p50_ms'])} vs {us(pg['p50_ms'])} µs p50 "
                        f"(p99 {us(lw['p99_ms'])} vs {us(pg['p99_ms'])} µs)",
                        failed_status(lw) or ("met" if lw["p50_ms"] <= pg["p50_ms"]
                                              else "not met")))
        else:
            out.append((title, "p50 <= PostgreSQL's", "not measured", "–"))
    tps_goal("autocommit INSERT, 32 clients", "insert", "prepared", 32, 2.0)
    tps_goal("TPC-B-like, 8 clients (issue 5)", "tpcb", "prepared", 8, 1.0)

    idle = [r for r in run.idle if r["server"] == "litewire" and r.get("opened")]
    at_10k = [r for r in idle if r["connections"] >= 10000]
    if at_10k:
        mb = at_10k[0]["rss_kb"] / 1024
        out.append(("10,000 idle connections", "<= 200 MB resident",
                    f"{fmt(mb, 1)} MB RSS ({at_10k[0]['opened']:,} open)",
                    "met" if mb <= 200 and at_10k[0]["opened"] >= 10000 else "not met"))
    elif idle:
        r = idle[-1]
        per_kb = (r["rss_kb"] - r["baseline_rss_kb"]) / max(1, r["opened"])
        estimate = (r["baseline_rss_kb"] + per_kb * 10000) / 1024
        out.append(("10,000 idle connections", "<= 200 MB resident",
                    f"not run; {fmt(r['rss_kb'] / 1024, 1)} MB at {r['opened']:,}, "
                    f"extrapolated {fmt(estimate, 0)} MB", "estimate only"))
    else:
        out.append(("10,000 idle connections", "<= 200 MB resident", "not measured", "–"))

    lw_start = next((r for r in run.startup if r["server"] == "litewire"), None)
    if lw_start:
        out.append(("startup to accepting connections", "<= 50 ms",
                    f"{fmt(lw_start['median_ms'], 1)} ms median",
                    "met" if lw_start["median_ms"] <= 50 else "not met"))
    else:
        out.append(("startup to accepting connections", "<= 50 ms", "not measured", "–"))

    point = next((m for m in run.micro if m["name"] == "BM_Translate"
                  and m["label"] == "point select"), None)
    if point and not point["error"]:
        out.append(("translation of a point query", "< 20 µs",
                    f"{fmt(point['ns'] / 1000, 1)} µs wall, "
                    f"{fmt(point['cpu_ns'] / 1000, 1)} µs CPU",
                    "met" if point["ns"] < 20000 else "not met"))
    return out


# --- markdown --------------------------------------------------------------------------------

def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "--:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def workload_table(run) -> str:
    servers = [s for s in SERVER_ORDER if any(r["server"] == s for r in run.rows)]
    header = ["workload", "-M", "clients"]
    for s in servers:
        title = SERVER_TITLES[s]
        header += [f"{title} TPS", "p50 µs", "p99 µs"]
        if s != "postgres":
            header.append("x PG")
    body = []
    seen = []
    for r in run.rows:
        key = (r["workload"], r["mode"], r["clients"])
        if key not in seen:
            seen.append(key)
    for workload, mode, clients in seen:
        line = [WORKLOAD_TITLES.get(workload, workload), mode, str(clients)]
        for s in servers:
            r = find(run.rows, workload=workload, mode=mode, clients=clients, server=s)
            if r is None:
                line += ["–", "–", "–"] + ([] if s == "postgres" else ["–"])
                continue
            tps = fmt(r["tps"])
            if r["failed"]:
                tps += f" ({r['failed']} failed)"
            line += [tps, p50_cell(r), us(r["p99_ms"])]
            if s != "postgres":
                line.append(fmt(r["tps_vs_pg"], 2))
        body.append(line)
    return table(header, body)


def locked_section(run) -> str:
    if not run.locked and not run.patterns:
        return ""
    header = ["pattern"]
    timeouts = sorted(run.locked)
    for t in timeouts:
        header.append("SQLite defaults, " + ("no busy handler" if t == 0
                                            else f"busy_timeout {t} ms"))
    pattern_servers = [s for s in SERVER_ORDER if any(p["server"] == s for p in run.patterns)]
    header += [f"{SERVER_TITLES[s]}: failed / done" for s in pattern_servers]
    body = []
    for pattern in PATTERNS:
        line = [WORKLOAD_TITLES[pattern]]
        for t in timeouts:
            r = next((x for x in run.locked[t] if x["pattern"] == pattern), None)
            line.append(f"{r['busy']:,} / {r['ok'] + r['failed']:,} locked" if r else "–")
        for s in pattern_servers:
            p = next((x for x in run.patterns if x["server"] == s and x["pattern"] == pattern),
                     None)
            line.append(f"{p['failed']:,} / {p['transactions'] + p['failed']:,}" if p else "–")
        body.append(line)
    plan = run.plan
    text = [
        "## The seven \"database is locked\" access patterns",
        "",
        f"SQLite columns: `bench/sqlite/locked_main.cpp`, {plan.locked_threads} threads, each with "
        f"its own connection, {plan.locked_duration:g} s per pattern, SQLite's defaults (rollback "
        "journal, synchronous=FULL), nothing retried; \"locked\" counts transactions that failed "
        "with SQLITE_BUSY (\"database is locked\"). Server columns: the seven patterns together "
        f"in one pgbench run, {plan.patterns_clients} clients, {plan.patterns_duration:g} s, "
        "-M prepared; a failed transaction is any error or aborted client.",
        "",
        table(header, body),
        "",
        "\\* SQLite runs pattern 5 with `BEGIN IMMEDIATE`; PostgreSQL has no such form, so "
        "pgbench sends plain `BEGIN` to PostgreSQL and litewire.",
    ]
    totals = [p for p in run.patterns if p["pattern"] == "total"]
    for p in totals:
        text.append(f"\n{SERVER_TITLES[p['server']]}: {p['transactions']:,} transactions, "
                    f"{fmt(p['tps'])} TPS, {p['failed']} failed"
                    + (f" ({p.get('error')})" if p.get("error") else "") + ".")
    return "\n".join(text)


def tpcb_section(run) -> str:
    if not run.tpcb:
        return ""
    lines = ["## TPC-B check (issue 5)", ""]
    for c in run.tpcb:
        verdict = "PASS" if c.get("pass") else "FAIL"
        lines.append(
            f"- {SERVER_TITLES[c['server']]}: **{verdict}** — pgbench tpcb.sql, {c['clients']} "
            f"clients, {c['seconds']:g} s: {c['transactions']:,} transactions "
            f"({fmt(c['tps'])} TPS), {c['failed']} failed; sums of balances "
            f"accounts {c.get('accounts', '–')}, tellers {c.get('tellers', '–')}, branches "
            f"{c.get('branches', '–')}, history deltas {c.get('deltas', '–')}; history rows "
            f"{c.get('history', '–')} (transactions {c['transactions']})"
            + (f"; {c['error']}" if c.get("error") else ""))
    return "\n".join(lines)


def idle_section(run) -> str:
    if not run.idle:
        return ""
    body = []
    for r in run.idle:
        if not r.get("opened"):
            body.append([SERVER_TITLES[r["server"]], f"{r['connections']:,}", "0",
                         "–", "–", "–",
                         r["first_error"][:80]])
            continue
        per_kb = (r["pss_kb"] - r["baseline_pss_kb"]) / r["opened"]
        body.append([SERVER_TITLES[r["server"]], f"{r['connections']:,}", f"{r['opened']:,}",
                     fmt(r["rss_kb"] / 1024, 1), fmt(r["pss_kb"] / 1024, 1), fmt(per_kb, 1),
                     f"{r['processes']} process(es)"
                     + (f"; {r['errors']} failed: {r['first_error'][:60]}" if r["errors"] else "")])
    for count in run.plan.idle_counts:
        if any(r["server"] == "postgres" and r["connections"] == count for r in run.idle):
            continue
        measured = [r for r in run.idle if r["server"] == "postgres" and r.get("opened")]
        if measured:
            r = measured[-1]
            per = (r["pss_kb"] - r["baseline_pss_kb"]) / r["opened"]
            estimate = (r["baseline_pss_kb"] + per * count) / 1024
            body.append(["PostgreSQL", f"{count:,}", "not run", "–", f"~{fmt(estimate, 0)}",
                         fmt(per, 1), f"extrapolated from {r['opened']:,}"])
    return "\n".join([
        "## Idle connections and memory", "",
        "Fresh servers; N connections complete startup and stay idle. RSS sums every process "
        "of the server (PostgreSQL: postmaster and backends, so shared memory is counted once "
        "per process); PSS divides shared pages among the processes that map them and is the "
        "fairer total for PostgreSQL. Per connection: PSS growth / N.", "",
        table(["server", "connections", "open", "RSS MB", "PSS MB", "KB per connection", ""],
              body)])


def startup_section(run) -> str:
    if not run.startup:
        return ""
    body = [[SERVER_TITLES[r["server"]], fmt(r["median_ms"], 1), fmt(r["first_ms"], 1),
             ", ".join(fmt(x, 1) for x in r["all_ms"])] for r in run.startup]
    return "\n".join([
        "## Startup", "",
        "From exec to the first connection that reaches ReadyForQuery (polled every ms). "
        "PostgreSQL: `postgres -D` on a cluster made by initdb beforehand (initdb excluded); "
        "first start = the first start after initdb. litewire: first start = empty data "
        "directory.", "",
        table(["server", "median ms", "first start ms", "runs ms"], body)])


def micro_section(run) -> str:
    if not run.micro:
        return ""
    body = [[m["name"], m["label"], m["error"] or fmt(m["ns"], 0),
             "" if m["error"] else fmt(m["cpu_ns"], 0)] for m in run.micro]
    return "\n".join(["## Micro-benchmarks (bench_micro, Google Benchmark)", "",
                      "Wall time includes preemption by other work on the machine; CPU time "
                      "is the steadier figure.", "",
                      table(["benchmark", "case", "ns wall", "ns CPU"], body)])


def markdown(run) -> str:
    m = run.machine
    plan = run.plan
    mode = "quick" if plan.quick else "full"
    parts = [
        f"# litewire benchmarks, {run.started:%Y-%m-%d %H:%M} ({mode} mode)",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM, Linux {m['kernel']}, "
        f"{m['os']}. {m['postgres']}; SQLite {m['sqlite']}; litewire {m['commit']}. Load "
        f"average before {m['load_before'][0]:.2f}, after {m['load_after'][0]:.2f}.",
        "",
        f"{plan.duration:g} s per run, {plan.repeats} repeat(s), median reported. " + NOISE,
        "",
        "## Goals",
        "",
        table(["goal", "target", "measured", "status"], [list(g) for g in goals(run)]),
        "",
        "## Throughput and latency",
        "",
        "PostgreSQL 15: defaults (fsync on, synchronous_commit on). litewire: local mode (WAL, "
        "synchronous=full: an acknowledged commit survives power loss, as with PostgreSQL). "
        "litewire shared: shared mode with dynalite. Raw SQLite: `bench/sqlite/driver_main.cpp` "
        "runs the same scripts in-process (no network, no translation) with one connection per "
        "client thread, WAL, synchronous=FULL, busy_timeout and retry on SQLITE_BUSY, and no "
        "group commit: the engine's own limit for reads, a lower bound for concurrent commits. "
        "Latency percentiles come from pgbench's per-transaction log. x PG = TPS / PostgreSQL's "
        "TPS. pgbench runs with -j 2 on the same cores as the server.",
        "",
        workload_table(run) if run.rows else "(no workload figures in this run)",
        "",
        "‡ pgbench logged more than 1 % of these transactions with a latency of 0 µs. It reads "
        "its clock lazily, and with several clients on one pgbench thread it often gives a fast "
        "server's transaction the same start and end time, so this p50 understates the "
        "latency. Compare TPS for such rows." if any(r.get("zero_latency", 0) > ZERO_LATENCY_MARK
                                             for r in run.rows) else "",
        "",
        f"![TPS by workload]({run.chart_name})" if getattr(run, "chart_name", "") else "",
        "",
    ]
    for section in (locked_section(run), tpcb_section(run), idle_section(run),
                    startup_section(run), micro_section(run)):
        if section:
            parts += [section, ""]
    if run.init:
        parts += ["## pgbench -i", ""]
        for i in run.init:
            parts.append(f"- {SERVER_TITLES[i['server']]}: "
                         + (f"`pgbench -i -s 1` took {i['seconds']:.1f} s" if i["ok"] else
                            f"`pgbench -i -s 1` failed ({i['error']}); the workloads use "
                            "bench/workloads/setup.sql through psql on every server"))
        parts.append("")
    if run.notes:
        parts += ["## Notes", ""] + [f"- {' '.join(n.split())}" for n in run.notes] + [""]
    parts += ["Phase durations: " + ", ".join(f"{k} {v:.0f} s"
                                              for k, v in run.phase_seconds.items()), ""]
    return "\n".join(parts)


# --- csv and chart ---------------------------------------------------------------------------

CSV_FIELDS = ["section", "workload", "mode", "clients", "server", "tps", "p50_ms", "p99_ms",
              "failed", "tps_vs_pg", "p50_vs_pg", "memory_rss_mb", "memory_pss_mb",
              "startup_ms", "ns", "zero_latency_share", "note"]


def csv_rows(run):
    for r in run.rows:
        yield {"section": "workload", **{k: r.get(k) for k in CSV_FIELDS if k in r},
               "zero_latency_share": r.get("zero_latency", 0.0), "note": r.get("error", "")}
    for p in run.patterns:
        yield {"section": "patterns", "workload": p["pattern"], "mode": "prepared",
               "clients": run.plan.patterns_clients, "server": p["server"], "tps": p["tps"],
               "p50_ms": p["p50_ms"], "p99_ms": p["p99_ms"], "failed": p["failed"]}
    for timeout, rows in run.locked.items():
        for r in rows:
            yield {"section": "sqlite_locked", "workload": r["pattern"],
                   "clients": run.plan.locked_threads, "server": f"sqlite busy_timeout={timeout}",
                   "failed": r["failed"], "note": f"{r['busy']} SQLITE_BUSY of "
                                                  f"{r['ok'] + r['failed']}"}
    for c in run.tpcb:
        yield {"section": "tpcb_check", "workload": "tpcb", "mode": "simple",
               "clients": c["clients"], "server": c["server"], "tps": c["tps"],
               "failed": c["failed"], "note": "PASS" if c.get("pass") else "FAIL"}
    for r in run.idle:
        yield {"section": "idle", "clients": r["connections"], "server": r["server"],
               "memory_rss_mb": r.get("rss_kb", 0) / 1024,
               "memory_pss_mb": r.get("pss_kb", 0) / 1024,
               "note": f"{r['opened']} open"}
    for r in run.startup:
        yield {"section": "startup", "server": r["server"], "startup_ms": r["median_ms"]}
    for m in run.micro:
        yield {"section": "micro", "workload": f"{m['name']} {m['label']}".strip(),
               "ns": m["ns"], "note": m["error"]}


def write_csv(run, path: Path) -> None:
    with open(path, "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for row in csv_rows(run):
            writer.writerow({k: (f"{v:.4g}" if isinstance(v, float) else v)
                             for k, v in row.items()})


def write_chart(run, path: Path) -> bool:
    """Clustered bars, log scale: TPS and p50 latency of the headline cases per server."""
    if not run.rows or not shutil.which("gnuplot"):
        return False
    headline = make_plan(True, None, None).cases
    servers = [s for s in SERVER_ORDER if any(r["server"] == s for r in run.rows)]
    lines = []
    for case in headline:
        values = []
        for s in servers:
            r = find(run.rows, workload=case.workload, mode=case.mode, clients=case.clients,
                     server=s)
            values.append(r if r else None)
        if not any(values):
            continue
        label = f"{WORKLOAD_TITLES[case.workload].split(' (')[0]}\\n{case.mode}, c={case.clients}"
        tps = [f"{v['tps']:.1f}" if v and v["tps"] > 0 else "NaN" for v in values]
        p50 = [f"{v['p50_ms']:.4f}" if v and v["p50_ms"] == v["p50_ms"] else "NaN"
               for v in values]
        lines.append(f"\"{label}\" " + " ".join(tps + p50))
    if not lines:
        return False
    n = len(servers)
    title = (f"litewire vs PostgreSQL 15 vs raw SQLite ({run.started:%Y-%m-%d}, "
             f"{run.machine['cores']} cores; noisy shared machine)")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "chart.dat"
        data.write_text("\n".join(lines) + "\n")
        tps_plots = ", ".join(
            f"'{data}' using {i + 2}:xtic(1) title '{SERVER_TITLES[s]}'"
            for i, s in enumerate(servers))
        p50_plots = ", ".join(
            f"'{data}' using {n + i + 2}:xtic(1) title '{SERVER_TITLES[s]}'"
            for i, s in enumerate(servers))
        script = f"""
set terminal pngcairo size 1400,900 font 'sans,10'
set output '{path}'
set multiplot layout 2,1 title '{title}'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set grid ytics
set key top right
set xtics font 'sans,9'
set ylabel 'transactions per second (log)'
plot {tps_plots}
set ylabel 'p50 latency, ms (log)'
plot {p50_plots}
unset multiplot
"""
        result = subprocess.run(["gnuplot"], input=script, capture_output=True, text=True)
        if result.returncode != 0:
            run.notes.append(f"gnuplot failed: {result.stderr.strip()[-200:]}")
            return False
    return True


def write(run, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"{run.started:%Y-%m-%d}" + ("-quick" if run.plan.quick else "")
    with_ratios(run.rows)
    paths = []
    chart = directory / f"{stem}.png"
    run.chart_name = chart.name if write_chart(run, chart) else ""
    if run.chart_name:
        paths.append(chart)
    (directory / f"{stem}.md").write_text(markdown(run))
    paths.append(directory / f"{stem}.md")
    write_csv(run, directory / f"{stem}.csv")
    paths.append(directory / f"{stem}.csv")
    return paths
