"""The few bytes of the PostgreSQL protocol the runner speaks itself: a StartupMessage and
reading up to ReadyForQuery. Used to time startup (exec to first usable connection) and to
hold thousands of idle connections, where spawning psql per connection would measure psql."""

import asyncio
import socket
import struct
import time

PROTOCOL_V3 = 196608


def startup_message(user: str, database: str) -> bytes:
    params = b""
    for name, value in (("user", user), ("database", database)):
        params += name.encode() + b"\0" + value.encode() + b"\0"
    body = struct.pack("!i", PROTOCOL_V3) + params + b"\0"
    return struct.pack("!i", len(body) + 4) + body


class NotReady(Exception):
    """The server answered, but not with a usable session (e.g. 57P03 while starting up)."""


def _check_messages(buffer: bytes) -> int:
    """Walks complete backend messages in `buffer`. Returns the number of bytes up to and
    including ReadyForQuery, 0 if it has not arrived yet; raises NotReady on an error or an
    authentication request other than AuthenticationOk (the runner uses trust only)."""
    pos = 0
    while len(buffer) - pos >= 5:
        kind = buffer[pos:pos + 1]
        length = struct.unpack("!i", buffer[pos + 1:pos + 5])[0]
        if len(buffer) - pos < 1 + length:
            return 0
        body = buffer[pos + 5:pos + 1 + length]
        pos += 1 + length
        if kind == b"E":
            fields = [f[1:].decode(errors="replace") for f in body.split(b"\0") if f]
            raise NotReady(" ".join(fields))
        if kind == b"R" and struct.unpack("!i", body[:4])[0] != 0:
            raise NotReady("server asked for a password; the runner uses trust")
        if kind == b"Z":
            return pos
    return 0


def connect_once(host: str, port: int, timeout: float = 2.0,
                 user: str = "postgres", database: str = "postgres") -> socket.socket:
    """One blocking connection through startup to ReadyForQuery. Raises OSError or NotReady."""
    sock = socket.create_connection((host, port), timeout=timeout)
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(startup_message(user, database))
        buffer = b""
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                raise NotReady("connection closed during startup")
            buffer += chunk
            if _check_messages(buffer):
                return sock
    except BaseException:
        sock.close()
        raise


def wait_until_ready(host: str, port: int, deadline_s: float, poll_s: float = 0.001,
                     process=None) -> float:
    """Polls until a connection reaches ReadyForQuery; returns the monotonic time it did.
    Raises TimeoutError after `deadline_s`, or RuntimeError if `process` exits first."""
    end = time.monotonic() + deadline_s
    last_error = "no attempt"
    while time.monotonic() < end:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"server exited with status {process.returncode}")
        try:
            sock = connect_once(host, port, timeout=max(0.5, poll_s))
            ready = time.monotonic()
            sock.close()
            return ready
        except (OSError, NotReady) as error:
            last_error = str(error)
        time.sleep(poll_s)
    raise TimeoutError(f"not accepting connections on {host}:{port}: {last_error}")


async def _open_idle(host: str, port: int, timeout: float):
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    writer.write(startup_message("postgres", "postgres"))
    buffer = b""
    while True:
        chunk = await asyncio.wait_for(reader.read(65536), timeout)
        if not chunk:
            writer.close()
            raise NotReady("connection closed during startup")
        buffer += chunk
        if _check_messages(buffer):
            return writer


async def open_idle_connections(host: str, port: int, count: int, concurrency: int = 64,
                                timeout: float = 30.0):
    """Opens `count` connections (at most `concurrency` handshakes at a time) and returns
    (writers, errors). Callers close the writers when done."""
    writers, errors = [], []
    gate = asyncio.Semaphore(concurrency)

    async def one():
        async with gate:
            try:
                writers.append(await _open_idle(host, port, timeout))
            except (OSError, NotReady, asyncio.TimeoutError) as error:
                errors.append(str(error) or type(error).__name__)

    await asyncio.gather(*(one() for _ in range(count)))
    return writers, errors


async def close_all(writers) -> None:
    for writer in writers:
        try:
            writer.write(b"X\0\0\0\4")  # Terminate
            writer.close()
        except OSError:
            pass
    await asyncio.sleep(0.05)
