"""Stop every server we started, even when the test process is told to stop.

atexit covers normal exits and uncaught exceptions; SIGTERM (ctest's timeout, a Ctrl-C in a
wrapper) is turned into SystemExit so that atexit still runs.
"""

import atexit
import signal
import sys

_stoppers = []
_installed = False


def _run_all() -> None:
    while _stoppers:
        stop = _stoppers.pop()
        try:
            stop()
        except Exception as exc:  # cleanup must go on with the next server
            print(f"harness: cleanup failed: {exc}", file=sys.stderr)


def _on_sigterm(signum, frame):
    raise SystemExit(128 + signum)


def register(stop) -> None:
    global _installed
    if not _installed:
        atexit.register(_run_all)
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, _on_sigterm)
        _installed = True
    _stoppers.append(stop)


def unregister(stop) -> None:
    if stop in _stoppers:
        _stoppers.remove(stop)
