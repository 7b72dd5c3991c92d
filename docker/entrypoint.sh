#!/bin/sh
# Container entry point. LITEWIRE_PASSWORD (with LITEWIRE_USER, default postgres) creates the
# user's SCRAM verifier before the server starts, so `--auth scram-sha-256` works out of the box.
set -eu
if [ -n "${LITEWIRE_PASSWORD:-}" ]; then
  printf '%s\n' "$LITEWIRE_PASSWORD" | litewire passwd "${LITEWIRE_USER:-postgres}"
fi
exec litewire "$@"
