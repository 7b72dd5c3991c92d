#!/usr/bin/env bash
# Entry point of `make bench`: litewire side by side with PostgreSQL 15 and raw SQLite.
#   bench/run.sh [--quick] [--build-dir DIR] [--duration S] [--repeats N] [--only PHASE,...]
# Expects a build made with -DLITEWIRE_BUILD_BENCH=ON (the Makefile's bench target does it).
# Results go to bench/results/<date>[-quick].{md,csv,png}; see bench/README.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
exec /usr/bin/python3 -m runner --build-dir "${BUILD_DIR:-$here/../build}" "$@"
