"""A minimal libpq client (psycopg's `pq` wrapper) that records what a server answers.

Every wait is bounded: a server that stops answering turns into a `timeout` record instead
of a hung test run.
"""

import re
import select
import time
from dataclasses import dataclass, field

from psycopg import pq

TXN_STATUS = {pq.TransactionStatus.IDLE: "I", pq.TransactionStatus.INTRANS: "T",
              pq.TransactionStatus.INERROR: "E", pq.TransactionStatus.ACTIVE: "A",
              pq.TransactionStatus.UNKNOWN: "?"}

TYPE_NAMES = {16: "bool", 17: "bytea", 18: "char", 19: "name", 20: "int8", 21: "int2",
              23: "int4", 25: "text", 26: "oid", 114: "json", 142: "xml", 700: "float4",
              701: "float8", 705: "unknown", 1000: "bool[]", 1005: "int2[]", 1007: "int4[]",
              1009: "text[]", 1015: "varchar[]", 1016: "int8[]", 1021: "float4[]",
              1022: "float8[]", 1042: "bpchar", 1043: "varchar", 1082: "date", 1083: "time",
              1114: "timestamp", 1184: "timestamptz", 1186: "interval", 1231: "numeric[]",
              1266: "timetz", 1700: "numeric", 2249: "record", 2950: "uuid", 3802: "jsonb",
              2951: "uuid[]", 3807: "jsonb[]", 199: "json[]", 1182: "date[]", 1115: "timestamp[]",
              1185: "timestamptz[]", 2287: "record[]"}

ORDER_BY = re.compile(r"\border\s+by\b", re.IGNORECASE)


class ServerGone(Exception):
    pass


@dataclass
class StatementResult:
    """What one statement produced; `key()` is what gets compared."""
    sql: str
    kind: str = "ok"  # ok | error | empty | timeout | gone
    tag: str = ""
    columns: list = field(default_factory=list)  # [(name, type oid)]
    rows: list = field(default_factory=list)  # [[text or None]]
    sqlstate: str = ""
    message: str = ""  # shown in reports, never compared
    txn: str = ""

    def lines(self, sort_rows: bool) -> list[str]:
        out = [f"> {' '.join(self.sql.split())}"]
        if self.kind == "error":
            out.append(f"  error {self.sqlstate}")
        elif self.kind in ("timeout", "gone"):
            out.append(f"  {self.kind}")
        else:
            if self.columns:
                out.append("  columns: " + ", ".join(
                    f"{name}:{TYPE_NAMES.get(oid, '?')}({oid})" for name, oid in self.columns))
            rows = sorted(self.rows, key=_row_key) if sort_rows else self.rows
            for row in rows:
                out.append("  row: " + " | ".join("NULL" if v is None else repr(v)[1:-1]
                                                  if _needs_repr(v) else v for v in row))
            out.append(f"  tag: {self.tag}" if self.kind == "ok" else "  (empty query)")
        if self.txn:
            out.append(f"  transaction: {self.txn}")
        return out


def _needs_repr(value: str) -> bool:
    return any(c in value for c in "|\n\r\t") or value != value.strip() or value == "NULL"


def _row_key(row):
    return [(v is None, v or "") for v in row]


class Connection:
    def __init__(self, conninfo: str, timeout: float):
        self.timeout = timeout
        self.conn = pq.PGconn.connect(conninfo.encode())
        if self.conn.status != pq.ConnStatus.OK:
            message = self.conn.error_message.decode(errors="replace").strip()
            self.conn.finish()
            raise ConnectionError(message)
        self.conn.nonblocking = 1

    def close(self) -> None:
        self.conn.finish()

    @property
    def broken(self) -> bool:
        return self.conn.status != pq.ConnStatus.OK

    def execute(self, sql: str, extended: bool = False) -> StatementResult:
        record = StatementResult(sql)
        try:
            results = self._run(sql, extended)
        except TimeoutError:
            record.kind = "timeout"
            return record
        except ServerGone as exc:
            record.kind, record.message = "gone", str(exc)
            return record
        if not results:
            record.kind, record.message = "gone", "no result"
            return record
        res = results[-1]
        for r in results:  # the first error wins, as a client would see it
            if r.status in (pq.ExecStatus.FATAL_ERROR, pq.ExecStatus.NONFATAL_ERROR):
                res = r
                break
        if res.status == pq.ExecStatus.FATAL_ERROR:
            record.kind = "error"
            record.sqlstate = (res.error_field(pq.DiagnosticField.SQLSTATE) or b"").decode()
            record.message = (res.error_message or b"").decode(errors="replace").strip()
        elif res.status == pq.ExecStatus.EMPTY_QUERY:
            record.kind = "empty"
        elif res.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.TUPLES_OK):
            record.tag = (res.command_status or b"").decode()
            record.columns = [((res.fname(i) or b"").decode(), res.ftype(i))
                              for i in range(res.nfields)]
            record.rows = [[_text(res.get_value(r, c)) for c in range(res.nfields)]
                           for r in range(res.ntuples)]
        else:
            record.kind = "error"
            record.sqlstate = f"unexpected result status {res.status.name}"
        if self.conn.status == pq.ConnStatus.OK:
            record.txn = TXN_STATUS.get(self.conn.transaction_status, "?")
        else:
            record.txn = "connection closed"
        return record

    def _run(self, sql: str, extended: bool) -> list:
        data = sql.encode()
        if extended:
            self.conn.send_query_params(data, None)
        else:
            self.conn.send_query(data)
        deadline = time.monotonic() + self.timeout
        while self.conn.flush() != 0:
            self._wait(deadline, write=True)
        results = []
        while True:
            try:
                self.conn.consume_input()
            except Exception as exc:  # psycopg raises OperationalError on a closed socket
                raise ServerGone(str(exc)) from exc
            while not self.conn.is_busy():
                res = self.conn.get_result()
                if res is None:
                    return results
                if res.status in (pq.ExecStatus.COPY_IN, pq.ExecStatus.COPY_BOTH):
                    self.conn.put_copy_end(b"COPY is not supported by the SQL case runner")
                    continue
                results.append(res)
                if self.conn.status != pq.ConnStatus.OK:
                    return results
            self._wait(deadline)

    def _wait(self, deadline: float, write: bool = False) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError()
        if self.conn.status != pq.ConnStatus.OK:
            raise ServerGone(self.conn.error_message.decode(errors="replace").strip())
        fd = self.conn.socket
        r, w, _ = select.select([] if write else [fd], [fd] if write else [], [], remaining)
        if not r and not w:
            raise TimeoutError()


def _text(value) -> str | None:
    if value is None:
        return None
    return bytes(value).decode("utf-8", errors="backslashreplace")
