#!/usr/bin/env bash
# Measures the sync facade on this machine with a private api and worker (ports 18080/18081, their own
# namespace), then stops them and removes what they made. Prints the figures; changes nothing else.
#   (a) round-trip latency with the zero-latency local/fast model at 50 concurrent clients
#   (b) 2,000 concurrent waiting requests on local/slow with a 10 s simulated latency
#   (c) 10,000 concurrent waiting requests on local/slow (WAITERS=n to change; 0 skips it)
# The local provider's global limit is raised above the waiters (its default, 1,000, would start the jobs in
# waves: the 2,000-waiter p99 went from 18 s to 27 s when that limit arrived, issue 12).
set -euo pipefail
WAITERS=${WAITERS:-10000}
export DARKROOM_WORKER_MAX_IN_FLIGHT=$((WAITERS > 2500 ? WAITERS + 500 : 2500)) DARKROOM_LOCAL_SLOW_LATENCY=10s WORKER_HEAP=2g \
  DARKROOM_PROVIDERS_INSTANCES_LOCAL_CONCURRENCY=${LOCAL_CONCURRENCY:-20000} SERVER_JETTY_MAX_CONNECTIONS=$((WAITERS + 2000 > 20000 ? WAITERS + 2000 : 20000))
source "$(dirname "$0")/lib/api-and-worker.sh"
echo "== warm-up"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/fast --concurrency 20 --total 400 >/dev/null
echo "== (a) local/fast, 50 concurrent clients, 4000 requests"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/fast --concurrency 50 --total 4000 --api-pid $API_PID
echo "== (b) local/slow (10 s), 2000 concurrent waiting requests"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/slow --concurrency 2000 --total 2000 --api-pid $API_PID
if [ "$WAITERS" -gt 0 ]; then
  echo "== (c) local/slow (10 s), $WAITERS concurrent waiting requests"
  $JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/slow --concurrency "$WAITERS" --total "$WAITERS" --api-pid $API_PID
fi
