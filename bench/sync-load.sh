#!/usr/bin/env bash
# Measures the sync facade on this machine with a private api and worker (ports 18080/18081, their own
# namespace), then stops them and removes what they made. Prints the figures; changes nothing else.
#   (a) round-trip latency with the zero-latency local/fast model at 50 concurrent clients
#   (b) 2,000 concurrent waiting requests on local/slow with a 10 s simulated latency
set -euo pipefail
export DARKROOM_WORKER_MAX_IN_FLIGHT=2500 DARKROOM_LOCAL_SLOW_LATENCY=10s WORKER_HEAP=2g
source "$(dirname "$0")/lib/api-and-worker.sh"
echo "== warm-up"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/fast --concurrency 20 --total 400 >/dev/null
echo "== (a) local/fast, 50 concurrent clients, 4000 requests"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/fast --concurrency 50 --total 4000 --api-pid $API_PID
echo "== (b) local/slow (10 s), 2000 concurrent waiting requests"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/slow --concurrency 2000 --total 2000 --api-pid $API_PID
