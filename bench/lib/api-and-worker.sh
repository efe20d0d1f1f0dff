# Sourced by the bench scripts: builds, starts an api (18080) and a worker (18081) on a namespace of their
# own with a fresh dev key, waits until both are ready, and on exit stops them and removes every queue and
# Redis key they made. Sets JAVA, NS, KEY, API_PID and WORKER_PID; export extra DARKROOM_* settings (and WORKER_HEAP, 1g by
# default; API_JAVA_OPTS and WORKER_JAVA_OPTS, for a profiler say) before sourcing. Append to PIDS what else to stop.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
JAVA_HOME=$(./darkroom java-home); export JAVA_HOME; JAVA=$JAVA_HOME/bin/java
./darkroom services
./mvnw -B -q -DskipTests -pl api,worker,simulator -am package
NS=bench-$(date +%s); KEY=dr_bench_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'); LOGS=$(mktemp -d)
export DARKROOM_NAMESPACE=$NS
PIDS=()
SERVER_PORT=18081 $JAVA --enable-native-access=ALL-UNNAMED -Xmx${WORKER_HEAP:-1g} ${WORKER_JAVA_OPTS:-} -jar worker/target/worker-*-exec.jar >"$LOGS/worker.log" 2>&1 & PIDS+=($!); WORKER_PID=$!
SERVER_PORT=18080 DARKROOM_API_DEV_KEY=$KEY $JAVA -Xmx${API_HEAP:-1g} ${API_JAVA_OPTS:-} -jar api/target/api-*-exec.jar >"$LOGS/api.log" 2>&1 & PIDS+=($!); API_PID=$!
cleanup() {
  kill "${PIDS[@]}" 2>/dev/null || true
  # a JVM that ran out of memory may never finish its graceful shutdown: give it 30 s, then kill it
  for _ in $(seq 30); do
    alive=0; for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break; sleep 1
  done
  kill -9 "${PIDS[@]}" 2>/dev/null || true; wait "${PIDS[@]}" 2>/dev/null || true
  for q in $(rabbitmqctl -q list_queues name 2>/dev/null | grep "^$NS\."); do rabbitmqctl -q delete_queue "$q" >/dev/null 2>&1 || true; done
  redis-cli --scan --pattern "$NS:*" | xargs -r -n 500 redis-cli del >/dev/null
}
trap cleanup EXIT
for port in 18080 18081; do
  for _ in $(seq 90); do curl -fsS "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break; sleep 1; done
done
echo "(api and worker on namespace $NS; logs in $LOGS)"
