#!/usr/bin/env bash
# Installs every Debian and npm package litewire, its tests and its benchmarks need.
# Idempotent and non-interactive; meant for a fresh Debian 12 (bookworm) machine.
# Usage: scripts/install-deps.sh [--build-only]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
build_only=0
[[ "${1:-}" == "--build-only" ]] && build_only=1

sudo_cmd=()
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

build_pkgs=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libsqlite3-dev sqlite3 libpg-query-dev tcl8.6-dev
  libcurl4-openssl-dev libssl-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
)
test_pkgs=(
  postgresql-15 postgresql-client-15 postgresql-contrib libpq-dev openssl
  python3 python3-psycopg2 python3-psycopg python3-pytest python3-django python3-sqlalchemy
  libpostgresql-jdbc-java default-jdk-headless
  nodejs gnuplot-nox procps iproute2 util-linux
)

pkgs=("${build_pkgs[@]}")
[[ $build_only == 1 ]] || pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# nodejs may come from another repository that already provides npm; only ask for
# Debian's npm when no npm is on the machine.
if [[ $build_only == 0 ]] && ! command -v npm >/dev/null; then missing+=(npm); fi

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian 12's default boost (1.74) conflicts with 1.81's headers; drop it first.
  if dpkg-query -W -f='${Status}' libboost1.74-dev 2>/dev/null | grep -q "install ok installed"; then
    "${sudo_cmd[@]}" apt-get remove -y -q libboost1.74-dev >/dev/null || true
  fi
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [[ $build_only == 0 ]]; then
  # Test-only npm packages (dynalite: DynamoDB-compatible server; pg: node-postgres;
  # postgres: postgres.js), pinned in tests/package.json, installed under tests/node_modules.
  if [[ ! -d "$root/tests/node_modules/dynalite" || ! -d "$root/tests/node_modules/pg" \
        || "$root/tests/package.json" -nt "$root/tests/node_modules/.installed" ]]; then
    (cd "$root/tests" && npm install --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
  fi
  # PostgreSQL refuses to run as root; the test harness runs the oracle server as this user.
  if [[ "$(id -u)" == 0 ]] && ! id litewire-test >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin litewire-test
  fi
fi
echo "install-deps: ok"
