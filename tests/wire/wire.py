"""Frontend message encoding, backend message decoding and normalization for the wire
suite. Plain struct + sockets: nothing here trusts the server to behave."""

import json
import re
import socket
import struct
import time

PROTOCOL_3_0 = 196608
SSL_REQUEST_CODE = 80877103
GSSENC_REQUEST_CODE = 80877104
CANCEL_REQUEST_CODE = 80877102


class ScriptError(ValueError):
    pass


# ---- script lines ----------------------------------------------------------------------

TOKEN = re.compile(r'\s*(?:(?P<key>[A-Za-z_]+)=)?(?P<value>"(?:[^"\\]|\\.)*"|\[[^\]]*\]|[^\s"\[]+)')


def parse_args(text: str) -> tuple[list, dict]:
    """`"x" name="" types=[23] max_rows=1` -> (["x"], {"name": "", "types": [23], ...}).
    Strings and lists use JSON syntax (so "\\n", "\\u0000" and null work)."""
    positional, named, pos = [], {}, 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ScriptError(f"cannot parse arguments at: {text[pos:]!r}")
        raw = m.group("value")
        if raw.startswith('"') or raw.startswith("["):
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ScriptError(f"bad value {raw!r}: {exc}") from None
        elif re.fullmatch(r"-?\d+", raw):
            value = int(raw)
        else:
            value = raw
        if m.group("key"):
            named[m.group("key")] = value
        else:
            positional.append(value)
        pos = m.end()
    return positional, named


def _cstr(text: str) -> bytes:
    return text.encode() + b"\x00"


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _arg(positional, named, key, default=None, index=0):
    if key in named:
        return named[key]
    if len(positional) > index:
        return positional[index]
    if default is None:
        raise ScriptError(f"missing argument {key}")
    return default


def encode_frontend(name: str, argtext: str) -> bytes:
    """One script line `F <name> <args>` -> the bytes to send."""
    if name == "raw":
        try:
            return bytes.fromhex(argtext.replace(",", " "))
        except ValueError as exc:
            raise ScriptError(f"raw: {exc}") from None
    pos, kw = parse_args(argtext)
    if name == "Startup":
        version = str(kw.pop("version", "3.0"))
        major, _, minor = version.partition(".")
        body = struct.pack("!i", (int(major) << 16) | int(minor or 0))
        for key, value in kw.items():
            body += _cstr(key) + _cstr(str(value))
        body += b"\x00"
        return struct.pack("!i", len(body) + 4) + body
    if name == "SSLRequest":
        return struct.pack("!ii", 8, SSL_REQUEST_CODE)
    if name == "GSSENCRequest":
        return struct.pack("!ii", 8, GSSENC_REQUEST_CODE)
    if name == "CancelRequest":
        return struct.pack("!iiii", 16, CANCEL_REQUEST_CODE, int(kw.get("pid", 0)),
                           int(kw.get("key", 0)))
    if name == "Query":
        return _message(b"Q", _cstr(_arg(pos, kw, "sql")))
    if name == "Parse":
        types = kw.get("types", [])
        body = _cstr(kw.get("name", "")) + _cstr(_arg(pos, kw, "query"))
        body += struct.pack("!h", len(types)) + b"".join(struct.pack("!I", t) for t in types)
        return _message(b"P", body)
    if name == "Bind":
        formats, params = kw.get("formats", []), kw.get("params", [])
        results = kw.get("results", [])
        body = _cstr(kw.get("portal", "")) + _cstr(kw.get("statement", ""))
        body += struct.pack("!h", len(formats)) + b"".join(struct.pack("!h", f) for f in formats)
        body += struct.pack("!h", len(params))
        for p in params:
            if p is None:
                body += struct.pack("!i", -1)
            else:
                data = bytes.fromhex(p[4:]) if p.startswith("hex:") else p.encode()
                body += struct.pack("!i", len(data)) + data
        body += struct.pack("!h", len(results)) + b"".join(struct.pack("!h", f) for f in results)
        return _message(b"B", body)
    if name in ("Describe", "Close"):
        if "statement" in kw:
            body = b"S" + _cstr(kw["statement"])
        elif "portal" in kw:
            body = b"P" + _cstr(kw["portal"])
        else:
            raise ScriptError(f"{name} needs statement=NAME or portal=NAME")
        return _message(b"D" if name == "Describe" else b"C", body)
    if name == "Execute":
        return _message(b"E", _cstr(kw.get("portal", "")) + struct.pack("!i", kw.get("max_rows", 0)))
    if name == "Sync":
        return _message(b"S", b"")
    if name == "Flush":
        return _message(b"H", b"")
    if name == "Terminate":
        return _message(b"X", b"")
    if name == "CopyData":
        return _message(b"d", _arg(pos, kw, "data").encode())
    if name == "CopyDone":
        return _message(b"c", b"")
    if name == "CopyFail":
        return _message(b"f", _cstr(_arg(pos, kw, "message", "")))
    if name == "Password":
        return _message(b"p", _cstr(_arg(pos, kw, "password")))
    raise ScriptError(f"unknown frontend message {name!r}")


# ---- backend messages ------------------------------------------------------------------

NAMES = {b"R": "Authentication", b"S": "ParameterStatus", b"K": "BackendKeyData",
         b"Z": "ReadyForQuery", b"T": "RowDescription", b"D": "DataRow",
         b"C": "CommandComplete", b"E": "ErrorResponse", b"N": "NoticeResponse",
         b"I": "EmptyQueryResponse", b"1": "ParseComplete", b"2": "BindComplete",
         b"3": "CloseComplete", b"n": "NoData", b"s": "PortalSuspended",
         b"t": "ParameterDescription", b"G": "CopyInResponse", b"H": "CopyOutResponse",
         b"W": "CopyBothResponse", b"d": "CopyData", b"c": "CopyDone",
         b"A": "NotificationResponse", b"v": "NegotiateProtocolVersion",
         b"V": "FunctionCallResponse"}

# ErrorResponse fields that are compared: severity (both spellings), SQLSTATE, position.
# Message, detail, hint, file, line, routine and the rest are the server's own wording.
COMPARED_ERROR_FIELDS = "SVCP"


class Reader:
    def __init__(self, sock: socket.socket, timeout: float):
        self.sock, self.timeout, self.buf = sock, timeout, b""

    def _fill(self, n: int, deadline: float) -> bool:
        while len(self.buf) < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError()
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise TimeoutError() from None
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                return False
            self.buf += chunk
        return True

    def read_byte(self) -> bytes | None:
        if not self._fill(1, time.monotonic() + self.timeout):
            return None
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def read_message(self) -> tuple[bytes, bytes] | None:
        """(type, body), or None at end of stream. Raises TimeoutError."""
        deadline = time.monotonic() + self.timeout
        if not self._fill(5, deadline):
            if self.buf:
                raise EOFError(f"connection closed inside a message header ({self.buf!r})")
            return None
        kind = self.buf[:1]
        (length,) = struct.unpack("!i", self.buf[1:5])
        if kind == b"E" and (length < 4 or length > 64 * 1024 * 1024):
            # A protocol-2.0 ErrorResponse: 'E' then a NUL-terminated text, no length. This is
            # how PostgreSQL answers a 2.0 StartupMessage.
            while b"\x00" not in self.buf[1:]:
                if not self._fill(len(self.buf) + 1, deadline):
                    raise EOFError("connection closed inside a 2.0 error message")
            end = self.buf.index(b"\x00", 1)
            body, self.buf = self.buf[1:end], self.buf[end + 1:]
            return b"E2", body
        if length < 4 or length > 64 * 1024 * 1024:
            raise EOFError(f"bad backend length {length} for type {kind!r}")
        if not self._fill(1 + length, deadline):
            raise EOFError("connection closed inside a message")
        body = self.buf[5:1 + length]
        self.buf = self.buf[1 + length:]
        return kind, body


class Body:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def int32(self) -> int:
        (v,) = struct.unpack_from("!i", self.data, self.pos)
        self.pos += 4
        return v

    def uint32(self) -> int:
        (v,) = struct.unpack_from("!I", self.data, self.pos)
        self.pos += 4
        return v

    def int16(self) -> int:
        (v,) = struct.unpack_from("!h", self.data, self.pos)
        self.pos += 2
        return v

    def cstr(self) -> str:
        end = self.data.index(b"\x00", self.pos)
        text = self.data[self.pos:end].decode("utf-8", errors="backslashreplace")
        self.pos = end + 1
        return text

    def take(self, n: int) -> bytes:
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def rest(self) -> bytes:
        return self.take(len(self.data) - self.pos)


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _value(data: bytes) -> str:
    """Text values as JSON strings; binary ones (control bytes, invalid UTF-8) as hex:..."""
    try:
        text = data.decode("utf-8")
        if not any(ord(c) < 0x20 and c not in "\t\n\r" for c in text):
            return _q(text)
    except UnicodeDecodeError:
        pass
    return "hex:" + data.hex()


def describe_backend(kind: bytes, body: bytes) -> str | None:
    """A normalized one-line description of a backend message, or None to drop it.
    Values that legitimately differ between servers are masked here."""
    name = NAMES.get(kind, f"Unknown({kind!r})")
    b = Body(body)
    try:
        if kind == b"R":
            code = b.int32()
            if code == 5:
                return "Authentication MD5Password salt=*"
            if code == 10:
                mechanisms = []
                while (m := b.cstr()):
                    mechanisms.append(m)
                return f"Authentication SASL {mechanisms}"
            if code in (11, 12):
                return f"Authentication SASL{'Continue' if code == 11 else 'Final'} data=*"
            return f"Authentication code={code}"
        if kind == b"E2":
            severity = body.decode("utf-8", "replace").split(":", 1)[0]
            return f"ErrorResponse(protocol 2.0 format) severity={severity}"
        if kind == b"S":
            key, value = b.cstr(), b.cstr()
            if key == "server_version":
                value = "*"
            return f"ParameterStatus {key}={_q(value)}"
        if kind == b"K":
            return "BackendKeyData pid=* key=*"
        if kind == b"Z":
            return f"ReadyForQuery {b.rest().decode(errors='replace')}"
        if kind == b"T":
            fields = []
            for _ in range(b.int16()):
                fname, table, col = b.cstr(), b.uint32(), b.int16()
                typ, size, mod, fmt = b.uint32(), b.int16(), b.int32(), b.int16()
                # Table OIDs are catalog-assigned: compare "zero or not", keep the column number.
                fields.append(f"{_q(fname)} table={'*' if table else 0} col={col} type={typ} "
                              f"len={size} mod={mod} fmt={fmt}")
            return "RowDescription [" + ", ".join(fields) + "]"
        if kind == b"D":
            values = []
            for _ in range(b.int16()):
                n = b.int32()
                values.append("null" if n < 0 else _value(b.take(n)))
            return "DataRow [" + ", ".join(values) + "]"
        if kind == b"C":
            return f"CommandComplete {_q(b.cstr())}"
        if kind in (b"E", b"N"):
            if kind == b"N":
                return None  # notices are advisory; wording and presence differ legitimately
            fields = {}
            while (code := b.take(1)) not in (b"", b"\x00"):
                fields[code.decode()] = b.cstr()
            shown = " ".join(f"{k}={fields[k]}" for k in COMPARED_ERROR_FIELDS if k in fields)
            return f"{name} {shown}"
        if kind == b"t":
            oids = [b.uint32() for _ in range(b.int16())]
            return f"ParameterDescription {oids}"
        if kind in (b"G", b"H", b"W"):
            overall = b.take(1)[0]
            cols = [b.int16() for _ in range(b.int16())]
            return f"{name} format={overall} columns={cols}"
        if kind == b"d":
            return f"CopyData {_value(b.rest())}"
        if kind == b"A":
            b.int32()
            return f"NotificationResponse pid=* channel={_q(b.cstr())} payload={_q(b.cstr())}"
        if kind == b"v":
            version = b.int32()
            options = [b.cstr() for _ in range(b.int32())]
            return f"NegotiateProtocolVersion version={version >> 16}.{version & 0xFFFF} " \
                   f"unrecognized={options}"
        if body:
            return f"{name} {body.hex()}"
        return name
    except (struct.error, ValueError, IndexError) as exc:
        return f"{name} <malformed: {exc}; {body.hex()}>"
