#!/usr/bin/env bash
# A batch of LINES lines on the local provider and sync calls beside it: an api (18080) and a worker (18081)
# on their own namespace. Usage: bench/batch-bench.sh [lines]
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${1:-10000}
JAVA_HOME=$(./darkroom java-home); export JAVA_HOME; JAVA=$JAVA_HOME/bin/java
./darkroom services
./mvnw -B -q -DskipTests -pl api,worker -am package
NS=bench-$(date +%s); KEY=dr_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'); LOGS=$(mktemp -d)
export DARKROOM_NAMESPACE=$NS
PIDS=()
SERVER_PORT=18081 $JAVA --enable-native-access=ALL-UNNAMED -Xmx1g -jar worker/target/worker-*-exec.jar >"$LOGS/worker.log" 2>&1 & PIDS+=($!)
SERVER_PORT=18080 DARKROOM_API_DEV_KEY=$KEY $JAVA -Xmx1g -jar api/target/api-*-exec.jar >"$LOGS/api.log" 2>&1 & PIDS+=($!)
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true
  for q in $(rabbitmqctl -q list_queues name 2>/dev/null | grep "^$NS\."); do rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true; done
  redis-cli --scan --pattern "$NS:*" | xargs -r -n 500 redis-cli del >/dev/null
}
trap cleanup EXIT
for port in 18080 18081; do
  for _ in $(seq 90); do curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
done
echo "== warm-up (not measured)"
for _ in $(seq 100); do curl -fsS -o /dev/null http://127.0.0.1:18080/v1/images/generations -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"prompt": "warm", "size": "256x256"}'; done
$JAVA bench/BatchBench.java http://127.0.0.1:18080 "$KEY" "$LINES"
