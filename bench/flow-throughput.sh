#!/usr/bin/env bash
# BankEzy flows per second: `tokendesk-cli flow bankezy --repeat N --concurrency C` against a
# standalone tokendesk-sandbox on this machine, with the CPU time of client and server.
#   bench/flow-throughput.sh [BUILD_DIR] [N] [C]    (default build/bench, 2000, 16)
# BUILD_DIR should be a Release build:
#   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release
#   cmake --build build/bench --target tokendesk-cli tokendesk-sandbox
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/bench}
repeat=${2:-2000}
concurrency=${3:-16}
cli="$build/src/cli/tokendesk-cli"
sandbox="$build/src/sandbox/tokendesk-sandbox"
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$sandbox" --port 0 > "$work/sandbox.out" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/sandbox.out" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/sandbox.out")
cat > "$work/credentials.json" <<'JSON'
{"bankezy": {"X-API-KEY": "MOB-APP-2001", "apiKey": "MOB-APP", "secret": "TEST123", "sdkApiKey": "ABCDEFGH"},
 "enos": {"appKey": "5acb82e7-a11e-4300-9164-c8b20b638e8b", "appSecret": "sandbox-app-secret"},
 "secmgmt": {"username": "demo", "password": "demo123"}}
JSON
ticks=$(getconf CLK_TCK)
server_cpu() { awk -v t="$ticks" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$server_pid/stat"; }
before=$(server_cpu)
XDG_CONFIG_HOME="$work" XDG_DATA_HOME="$work" "$cli" flow bankezy --base-url "$url" --credentials "$work/credentials.json" \
    --set accountNumber=1000000001 --repeat "$repeat" --concurrency "$concurrency" 2>/dev/null
after=$(server_cpu)
echo "server CPU: $(awk -v a="$after" -v b="$before" 'BEGIN { printf "%.2f", a - b }') s ($(nproc) cores, $(uname -m))"
