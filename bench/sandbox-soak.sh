#!/usr/bin/env bash
# Soak of a standalone tokendesk-sandbox with wrk: DURATION seconds at CONNECTIONS connections of
# security management Create Token, once with the demo credentials (valid: every answer must be a
# 200) and once with a wrong password (invalid: every answer a 401), sampling the server's
# resident memory every 5 s. Prints requests per second, errors and the memory samples, and exits
# non-zero when a valid request failed or the memory after the first 10 s is not flat within 10 %.
#   bench/sandbox-soak.sh [BUILD_DIR] [DURATION] [CONNECTIONS]    (default build/dev, 60, 64)
# Create Token needs no clock (EnOS signs with the time, BankEzy encrypts per session), so one
# fixed body stays valid for the whole run.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$root/build/dev}
duration=${2:-60}
connections=${3:-64}
sandbox="$build/src/sandbox/tokendesk-sandbox"
command -v wrk > /dev/null || { echo "sandbox-soak: wrk is not installed (scripts/bootstrap)" >&2; exit 2; }
[ -x "$sandbox" ] || { echo "sandbox-soak: no $sandbox; build the tokendesk-sandbox target" >&2; exit 2; }
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT

"$sandbox" --port 0 > "$work/sandbox.out" &
server_pid=$!
for _ in $(seq 50); do [ -s "$work/sandbox.out" ] && break; sleep 0.1; done
url=$(head -n 1 "$work/sandbox.out")
[ -n "$url" ] || { echo "sandbox-soak: the sandbox did not start" >&2; exit 2; }
path=/api/v2/auth/token
valid='{"username":"demo","password":"demo123"}'
invalid='{"username":"demo","password":"wrong"}'

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$1" "$url$path"; }
# The two bodies really are what they claim before any load.
[ "$(status_of "$valid")" = 200 ] || { echo "sandbox-soak: the valid request is not answered 200" >&2; exit 2; }
[ "$(status_of "$invalid")" = 401 ] || { echo "sandbox-soak: the invalid request is not answered 401" >&2; exit 2; }

failed=0
run_case() { # NAME BODY EXPECT(valid|invalid)
    local name=$1 body=$2 expect=$3 samples=() t
    SOAK_PATH=$path SOAK_BODY=$body wrk -t 2 -c "$connections" -d "${duration}s" --timeout 10s \
        -s "$root/bench/sandbox-soak.lua" "$url" > "$work/$name.wrk" &
    local wrk_pid=$!
    for ((t = 5; t <= duration; t += 5)); do
        sleep 5 # the sampling period itself, not a wait for something to happen
        samples+=("$(rss_kib)")
    done
    wait "$wrk_pid"
    local rps requests non2xx socket
    rps=$(awk '/^Requests\/sec:/ { print $2 }' "$work/$name.wrk")
    requests=$(awk '/requests in/ { print $1 }' "$work/$name.wrk")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$work/$name.wrk")
    non2xx=${non2xx:-0}
    socket=$(awk '/Socket errors:/ { s = 0; for (i = 3; i <= NF; i += 2) { gsub(",", "", $(i + 1)); s += $(i + 1) } print s }' "$work/$name.wrk")
    socket=${socket:-0}
    # Memory from the sample at 10 s on: flat when the largest is within 10 % of the smallest.
    local flat
    flat=$(printf '%s\n' "${samples[@]:1}" | awk 'NR == 1 || $1 < min { min = $1 } $1 > max { max = $1 }
        END { printf "%.1f", (max - min) * 100 / min }')
    echo "$name: $rps requests/s, $requests requests, non-2xx $non2xx, socket errors $socket"
    echo "$name: resident memory every 5 s (MiB): $(printf '%s\n' "${samples[@]}" | awk '{ printf "%s%.1f", sep, $1 / 1024; sep = " " }')"
    echo "$name: spread after the first 10 s: $flat %"
    if [ "$expect" = valid ] && { [ "$non2xx" != 0 ] || [ "$socket" != 0 ]; }; then
        echo "$name: FAILED: valid requests must all succeed" >&2
        failed=1
    fi
    if [ "$expect" = invalid ] && [ "$non2xx" != "$requests" ]; then
        echo "$name: FAILED: every invalid request must be refused" >&2
        failed=1
    fi
    if awk -v f="$flat" 'BEGIN { exit !(f > 10) }'; then
        echo "$name: FAILED: resident memory grew by more than 10 % after the first 10 s" >&2
        failed=1
    fi
}

echo "tokendesk-sandbox $url, $connections connections, ${duration} s per case, $(nproc) cores"
run_case valid "$valid" valid
run_case invalid "$invalid" invalid
exit "$failed"
