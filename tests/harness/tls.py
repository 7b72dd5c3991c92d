"""A throwaway self-signed certificate for TLS tests."""

import os
import subprocess
from pathlib import Path


def make_self_signed_cert(directory: Path, name: str = "server") -> tuple[Path, Path]:
    """Write NAME.crt and NAME.key (RSA 2048, CN=localhost, 1 day) into `directory`."""
    directory = Path(directory)
    cert = directory / f"{name}.crt"
    key = directory / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.chmod(key, 0o600)
    return cert, key
