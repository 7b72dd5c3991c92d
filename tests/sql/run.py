#!/usr/bin/python3
"""Differential SQL suite: run every case on PostgreSQL 15 (the oracle) and on the server
under test, and compare what comes back. See README.md for the case format.

    /usr/bin/python3 tests/sql/run.py --litewire build/litewire
    /usr/bin/python3 tests/sql/run.py --target postgres          # checks the cases themselves
    /usr/bin/python3 tests/sql/run.py --target 127.0.0.1:5433 --oracle 127.0.0.1:5432
"""

import argparse
import contextlib
import difflib
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, for `harness`
sys.path.insert(0, str(HERE))

from harness import LitewireServer, PostgresCluster  # noqa: E402
from harness.litewire import LitewireError  # noqa: E402
from cases import Case, load_cases  # noqa: E402
from client import ORDER_BY, Connection, StatementResult  # noqa: E402

STATEMENT_TIMEOUT = 20.0
MAX_TIMEOUTS = 3  # after this many statement timeouts the target counts as hung: stop


class Side:
    """One server, and how each case gets a clean namespace on it.

    isolation "database": CREATE DATABASE per case run, connect to it, DROP it afterwards.
    isolation "schema": CREATE SCHEMA per case run in the admin database and SET search_path
    to it (PostgreSQL only: far cheaper than CREATE DATABASE, which copies a template).
    """

    def __init__(self, label: str, host: str, port: int, user: str, admin_db: str,
                 isolation: str, backend=None):
        self.label, self.host, self.port, self.user = label, host, port, user
        self.admin_db = admin_db
        self.isolation = isolation
        self.backend = backend
        self.admin: Connection | None = None

    def conninfo(self, dbname: str) -> str:
        return (f"host={self.host} port={self.port} dbname={dbname} user={self.user} "
                "sslmode=disable connect_timeout=10 application_name=litewire_sql_suite")

    def admin_execute(self, sql: str) -> StatementResult:
        if self.admin is None or self.admin.broken:
            self.admin = Connection(self.conninfo(self.admin_db), STATEMENT_TIMEOUT)
        return self.admin.execute(sql)

    def run_case(self, case: Case, name: str, extended: bool) -> list[StatementResult]:
        """A clean namespace, a new connection, preamble + setup + test. Returns the records
        of the test statements; a failing setup statement ends the case as its only record."""
        if self.isolation == "schema":
            create, drop, dbname = (f"CREATE SCHEMA {name}", f"DROP SCHEMA IF EXISTS {name} "
                                    "CASCADE", self.admin_db)
        else:
            create, drop, dbname = (f"CREATE DATABASE {name}", f"DROP DATABASE IF EXISTS {name}",
                                    name)
        try:
            created = self.admin_execute(create)
        except ConnectionError as exc:
            return [StatementResult(create, kind="error", sqlstate="connect failed",
                                    message=str(exc))]
        if created.kind != "ok":
            created.sql = "isolation failed: " + created.sql
            created.sqlstate = created.sqlstate or created.kind
            created.kind = "error"
            return [created]
        try:
            return self._run_statements(case, dbname, name, extended)
        finally:
            try:
                self.admin_execute(drop)
            except ConnectionError:
                pass

    def _run_statements(self, case, dbname, schema, extended) -> list[StatementResult]:
        try:
            conn = Connection(self.conninfo(dbname), STATEMENT_TIMEOUT)
        except ConnectionError as exc:
            return [StatementResult("(connect)", kind="error", sqlstate="connect failed",
                                    message=str(exc))]
        try:
            if self.isolation == "schema":
                conn.execute(f"SET search_path = {schema}")
            for sql in case.preamble + case.setup:
                r = conn.execute(sql, extended)
                if r.kind != "ok":
                    r.sql = "setup failed: " + r.sql
                    return [r]
            records = []
            for sql in case.test:
                records.append(conn.execute(sql, extended))
                if records[-1].kind in ("timeout", "gone"):
                    break
            return records
        finally:
            conn.close()

    def close(self) -> None:
        if self.admin is not None:
            self.admin.close()
            self.admin = None


def render(records: list[StatementResult], case: Case) -> list[str]:
    lines = []
    for r in records:
        if case.order == "auto":
            sort_rows = not ORDER_BY.search(r.sql)
        else:
            sort_rows = case.order == "unordered"
        lines.extend(r.lines(sort_rows))
    return lines


def messages(records: list[StatementResult]) -> list[str]:
    return [f"  {r.sqlstate}: {r.message.splitlines()[0] if r.message else ''}  <- {r.sql[:80]}"
            for r in records if r.kind in ("error", "gone")]


def parse_address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*", type=Path,
                    help="case files or directories (default: tests/sql/cases)")
    ap.add_argument("--litewire", type=Path, help="litewire binary to start as the target")
    ap.add_argument("--target", default="litewire",
                    help="litewire (default), postgres (a second PostgreSQL), or HOST:PORT")
    ap.add_argument("--oracle", help="HOST:PORT of a running PostgreSQL 15 to use as the oracle "
                    "(default: start one)")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("--target-isolation", choices=["database", "schema"], default="database",
                    help="how each case gets a clean namespace on the target (default: a "
                    "database per case; the oracle always uses a schema per case)")
    ap.add_argument("--protocol", choices=["simple", "extended", "both"], default="both")
    ap.add_argument("--filter", default="", help="run only cases whose file/name contains this")
    ap.add_argument("--allow-failures", action="store_true",
                    help="report failures but exit 0 (temporary, while litewire catches up)")
    ap.add_argument("--dump", action="store_true",
                    help="print what the oracle answered for every case (to write new cases)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every case")
    args = ap.parse_args()

    cases = load_cases(args.cases or [HERE / "cases"])
    cases = [c for c in cases if args.filter in c.id]
    modes = {"simple": [False], "extended": [True], "both": [False, True]}[args.protocol]

    with contextlib.ExitStack() as stack:
        if args.oracle:
            oracle = Side("postgres", *parse_address(args.oracle), args.user, "postgres",
                          "schema")
        else:
            pg = stack.enter_context(PostgresCluster())
            oracle = Side("postgres", pg.host, pg.port, args.user, "postgres", "schema", pg)
        if args.target == "postgres":
            pg2 = stack.enter_context(PostgresCluster())
            target = Side("postgres-2", pg2.host, pg2.port, args.user, "postgres",
                          args.target_isolation, pg2)
        elif args.target == "litewire":
            try:
                lw = stack.enter_context(LitewireServer(args.litewire))
            except LitewireError as exc:
                print(f"sql suite: litewire did not start: {exc}")
                if args.allow_failures:
                    print("--allow-failures: this does not fail the run")
                    return 0
                return 1
            target = Side("litewire", lw.host, lw.port, args.user, "postgres",
                          args.target_isolation, lw)
        else:
            target = Side("target", *parse_address(args.target), args.user, "postgres",
                          args.target_isolation)
        stack.callback(oracle.close)
        stack.callback(target.close)
        return run_all(cases, modes, oracle, target, args)


def run_all(cases, modes, oracle: Side, target: Side, args) -> int:
    started = time.monotonic()
    passed, failures, divergences, skipped = 0, [], [], []
    pool = ThreadPoolExecutor(max_workers=1)  # the oracle runs beside the target
    timeouts, not_run = 0, []
    for index, case in enumerate(cases):
        if timeouts >= MAX_TIMEOUTS:
            not_run.append(case)
            continue
        if case.skip:
            skipped.append(case)
            continue
        diffs = []
        for extended in modes:
            dbname = f"lw_case_{index}_{'x' if extended else 's'}"
            pending = pool.submit(oracle.run_case, case, dbname, extended)
            actual = target.run_case(case, dbname, extended)
            expected = pending.result()
            timeouts += sum(r.kind == "timeout" or "timeout expired" in r.message
                            for r in actual)
            want, got = render(expected, case), render(actual, case)
            if args.dump and not extended:
                print(f"== {case.id}\n" + "\n".join(want) + "\n" + "\n".join(messages(expected)))
            if want != got:
                mode = "extended" if extended else "simple"
                diff = list(difflib.unified_diff(want, got, f"{oracle.label} ({mode})",
                                                 f"{target.label} ({mode})", lineterm="", n=2))
                diffs.append((diff, messages(actual)))
        if case.divergence:
            divergences.append((case, bool(diffs)))
        elif diffs:
            failures.append((case, diffs))
        else:
            passed += 1
        if args.verbose:
            state = "DIVERGENCE" if case.divergence else ("FAIL" if diffs else "ok")
            print(f"{state:10} {case.id}", flush=True)

    pool.shutdown()
    for case, diffs in failures:
        print(f"\nFAIL {case.id}  ({case.file.name}:{case.line})")
        if len(diffs) == 2 and diffs[0][0][2:] == diffs[1][0][2:]:
            diffs = diffs[:1]  # same difference in both protocols: show it once
        for diff, msgs in diffs:
            print("\n".join("    " + line for line in diff))
            if msgs:
                print(f"    {target.label} error messages:")
                print("\n".join("    " + m for m in msgs))
    if not_run:
        print(f"\n{target.label} timed out {timeouts} times: the last {len(not_run)} cases were "
              "not run and count as failures")
        failures.extend((case, []) for case in not_run)
    if divergences:
        print("\nKnown divergences (not counted as failures):")
        for case, still in divergences:
            note = "" if still else "  [now matches: remove the marker]"
            print(f"  {case.id}: {case.divergence}{note}")
    if skipped:
        print("\nSkipped:")
        for case in skipped:
            print(f"  {case.id}: {case.skip}")
    ran = len(cases) - len(skipped)  # not-run cases count as failed
    protocols = "+".join("extended" if m else "simple" for m in
                         ({"simple": [False], "extended": [True], "both": [False, True]}
                          [args.protocol]))
    print(f"\nsql suite: {passed}/{ran - len(divergences)} cases passed, {len(failures)} failed, "
          f"{len(divergences)} known divergences, {len(skipped)} skipped "
          f"({target.label} vs {oracle.label}, {protocols} protocol, "
          f"{time.monotonic() - started:.1f} s)")
    if failures and target.backend is not None and hasattr(target.backend, "alive") \
            and not target.backend.alive():
        target.backend.print_log()
    if failures and args.allow_failures:
        print("--allow-failures: failures reported above do not fail this run")
        return 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
