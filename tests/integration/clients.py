"""Small helpers for the client tests: run a client program against a Server."""

import subprocess

from harness import Server


def run(argv, server: Server, input_text: str | None = None, timeout: float = 120,
        cwd=None, **env) -> subprocess.CompletedProcess:
    """Run a client with the libpq environment of `server`; output is text."""
    result = subprocess.run([str(a) for a in argv], input=input_text, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                            env=server.env(**env), cwd=cwd)
    return result


def describe(result: subprocess.CompletedProcess) -> str:
    return (f"exit {result.returncode}\n--- stdout ---\n{result.stdout}\n"
            f"--- stderr ---\n{result.stderr}")
