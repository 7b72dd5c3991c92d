"""A small libpq C++ program (libpq_client.cpp, built by CMake) against the server: prepared
statements, binary results, errors with SQLSTATE, transactions, COPY in and out, cancel."""

import os
import subprocess

import pytest


def client_binary():
    path = os.environ.get("LITEWIRE_LIBPQ_CLIENT")
    if not path or not os.path.exists(path):
        pytest.skip("LITEWIRE_LIBPQ_CLIENT is not set (ctest sets it)")
    return path


def test_libpq_program(server):
    result = subprocess.run([client_binary(), server.conninfo()], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_libpq_program_scram(scram_server):
    result = subprocess.run([client_binary(), scram_server.conninfo()], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_libpq_program_tls(tls_server):
    result = subprocess.run([client_binary(), tls_server.conninfo()], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
