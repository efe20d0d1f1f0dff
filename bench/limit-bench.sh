#!/usr/bin/env bash
# The global provider limit under load: the provider simulator (200 ms per image, port 19090), an api
# (18080) and 3 worker processes (WORKERS=n to change), all sharing provider "openai" pointed at the simulator with limit 8.
# Prints the figures, then stops everything and removes what it made. Usage: bench/limit-bench.sh [backlog] [bulk] [interactive]
set -euo pipefail
cd "$(dirname "$0")/.."
BACKLOG=${1:-500}; BULK=${2:-5000}; INTERACTIVE=${3:-100}; LIMIT=8; WORKERS=${WORKERS:-3}
JAVA_HOME=$(./darkroom java-home); export JAVA_HOME; JAVA=$JAVA_HOME/bin/java
./darkroom services
./mvnw -B -q -DskipTests -pl api,worker,simulator -am package
NS=bench-$(date +%s); KEY=dr_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'); LOGS=$(mktemp -d)
export DARKROOM_NAMESPACE=$NS DARKROOM_PROVIDERS_INSTANCES_OPENAI_BASE_URL=http://127.0.0.1:19090/v1 OPENAI_API_KEY=simulated \
  DARKROOM_PROVIDERS_INSTANCES_OPENAI_CONCURRENCY=$LIMIT
PIDS=()
$JAVA -jar simulator/target/simulator-*-exec.jar --port 19090 --latency-ms 200 >"$LOGS/simulator.log" 2>&1 & PIDS+=($!)
for i in $(seq "$WORKERS"); do
  SERVER_PORT=$((18080 + i)) $JAVA --enable-native-access=ALL-UNNAMED -Xmx768m -jar worker/target/worker-*-exec.jar >"$LOGS/worker-$i.log" 2>&1 & PIDS+=($!)
done
SERVER_PORT=18080 DARKROOM_API_DEV_KEY=$KEY $JAVA -Xmx1g -jar api/target/api-*-exec.jar >"$LOGS/api.log" 2>&1 & PIDS+=($!)
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true
  for q in $(rabbitmqctl -q list_queues name 2>/dev/null | grep "^$NS\."); do rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true; done
  redis-cli --scan --pattern "$NS:*" | xargs -r -n 500 redis-cli del >/dev/null
  echo "(logs in $LOGS)"
}
trap cleanup EXIT
for port in 18080 $(seq 18081 $((18080 + WORKERS))); do
  for _ in $(seq 90); do curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
done
$JAVA bench/LimitBench.java http://127.0.0.1:18080 http://127.0.0.1:19090 "$KEY" $LIMIT "$BACKLOG" "$BULK" "$INTERACTIVE"
