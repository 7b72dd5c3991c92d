"""A small HTTP proxy that stands between litewire and a DynamoDB-compatible server (dynalite)
and injects the faults a real DynamoDB produces: throttling (HTTP 400 with a
ThrottlingException / ProvisionedThroughputExceededException `__type`), server errors (500,
503) and slow answers (each request is held for a delay before it is forwarded, like a slow
network: the test machines have no netem).

The test flips `proxy.mode` while litewire runs; `proxy.counts` tells which faults were served,
so a test can assert that the fault actually happened. Thread-safe; one thread per connection
(litewire's HTTP client keeps connections alive).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HEALTHY = "healthy"
THROTTLE = "throttle"  # every second request: 400 + a throttling exception
SERVER_ERROR = "5xx"   # every second request: 500 / 503
SLOW = "slow"          # every request held for `delay` seconds, then forwarded

_THROTTLE_TYPES = ("com.amazonaws.dynamodb.v20120810#ThrottlingException",
                   "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException")


class FaultyProxy:
    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.mode = HEALTHY
        self.delay = 0.0
        self.counts: Counter = Counter()
        self._lock = threading.Lock()
        self._seen = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, payload, ctype = proxy._handle(self.path, dict(self.headers), body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up waiting (its request timeout): what a slow server sees.
                    proxy._count("client_gone")
                    self.close_connection = True

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def set(self, mode: str, delay: float = 0.0) -> None:
        with self._lock:
            self.mode = mode
            self.delay = delay

    def _handle(self, path: str, headers: dict, body: bytes):
        with self._lock:
            mode, delay = self.mode, self.delay
            self._seen += 1
            odd = self._seen % 2 == 1
        if mode == THROTTLE and odd:
            kind = _THROTTLE_TYPES[(self._seen // 2) % 2]
            self._count("throttled")
            return 400, json.dumps({"__type": kind, "message": "Rate exceeded"}).encode(), \
                "application/x-amz-json-1.0"
        if mode == SERVER_ERROR and odd:
            status = 500 if (self._seen // 2) % 2 == 0 else 503
            self._count(f"http_{status}")
            kind = "InternalServerError" if status == 500 else "ServiceUnavailable"
            return status, json.dumps({"__type": "com.amazonaws.dynamodb.v20120810#" + kind,
                                       "message": "injected"}).encode(), "application/x-amz-json-1.0"
        if mode == SLOW:
            self._count("delayed")
            time.sleep(delay)
        self._count("forwarded")
        return self._forward(path, headers, body)

    def _count(self, what: str) -> None:
        with self._lock:
            self.counts[what] += 1

    def _forward(self, path: str, headers: dict, body: bytes):
        conn = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            keep = {k: v for k, v in headers.items()
                    if k.lower() not in ("connection", "keep-alive", "transfer-encoding")}
            conn.request("POST", path, body=body, headers=keep)
            resp = conn.getresponse()
            payload = resp.read()
            return resp.status, payload, resp.getheader("Content-Type", "application/x-amz-json-1.0")
        except OSError as e:
            self._count("upstream_error")
            return 503, json.dumps({"__type": "ServiceUnavailable", "message": str(e)}).encode(), \
                "application/x-amz-json-1.0"
        finally:
            conn.close()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
