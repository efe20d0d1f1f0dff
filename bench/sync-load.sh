#!/usr/bin/env bash
# Measures the sync facade on this machine with a private api and worker (ports 18080/18081, their own
# namespace), then stops them and removes what they made. Prints the figures; changes nothing else.
#   (a) round-trip latency with the zero-latency local/fast model at 50 concurrent clients
#   (b) 2,000 concurrent waiting requests on local/slow with a 10 s simulated latency
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(./darkroom java-home); export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
./darkroom services
./mvnw -B -q -DskipTests -pl api,worker -am package
NS=bench-$(date +%s)
KEY=dr_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
LOGS=$(mktemp -d)
export DARKROOM_NAMESPACE=$NS
SERVER_PORT=18081 DARKROOM_WORKER_MAX_IN_FLIGHT=2500 DARKROOM_LOCAL_SLOW_LATENCY=10s \
  $JAVA --enable-native-access=ALL-UNNAMED -Xmx2g -jar worker/target/worker-*-exec.jar >"$LOGS/worker.log" 2>&1 &
WORKER=$!
SERVER_PORT=18080 DARKROOM_API_DEV_KEY=$KEY $JAVA -Xmx1g -jar api/target/api-*-exec.jar >"$LOGS/api.log" 2>&1 &
API=$!
cleanup() {
  kill $API $WORKER 2>/dev/null || true; wait $API $WORKER 2>/dev/null || true
  for q in "$NS.jobs.local.interactive" "$NS.jobs.local.bulk" "$NS.parking"; do rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true; done
  redis-cli --scan --pattern "$NS:*" | xargs -r -n 500 redis-cli del >/dev/null
}
trap cleanup EXIT
for port in 18080 18081; do
  for _ in $(seq 90); do curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
done
echo "== warm-up"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/fast --concurrency 20 --total 400 >/dev/null
echo "== (a) local/fast, 50 concurrent clients, 4000 requests"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/fast --concurrency 50 --total 4000 --api-pid $API
echo "== (b) local/slow (10 s), 2000 concurrent waiting requests"
$JAVA bench/SyncLoad.java --url http://127.0.0.1:18080 --key "$KEY" --model local/slow --concurrency 2000 --total 2000 --api-pid $API
