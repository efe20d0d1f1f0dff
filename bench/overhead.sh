#!/usr/bin/env bash
# Darkroom's own cost on the job's hot path, against a zero-latency upstream: the provider simulator as
# provider `openai` answering at once with a 1x1 PNG (port 18090), a private api (18080) and worker (18081),
# and wrk as the load generator. One command; prints the figures of issue 12:
#   - the upstream called directly, 1 connection (p50): what a caller pays without Darkroom
#   - sync facade, 1 connection (p50, and the p50 added over the direct call)
#   - sync facade, 50 connections: req/s, p50, p99, and api + worker CPU per request
#   - async submit (Prefer: respond-async), 50 connections: submits/s, p99, and jobs completed end to end per s
# Usage: bench/overhead.sh            DURATION=20 (seconds per measured run), CONNECTIONS=50
#        PROFILE=1 bench/overhead.sh  also records JFR of api and worker during the 50-connection sync run
set -euo pipefail
DURATION=${DURATION:-20}; CONNECTIONS=${CONNECTIONS:-50}
command -v wrk >/dev/null || { echo "bench/overhead.sh needs wrk (sudo apt-get install wrk)" >&2; exit 1; }
export DARKROOM_PROVIDERS_INSTANCES_OPENAI_BASE_URL=http://127.0.0.1:18090/v1 OPENAI_API_KEY=simulated \
  DARKROOM_PROVIDERS_INSTANCES_OPENAI_CONCURRENCY=1000 DARKROOM_WORKER_MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-256}
source "$(dirname "$0")/lib/api-and-worker.sh"
$JAVA -jar simulator/target/simulator-*-exec.jar --port 18090 --latency-ms 0 --image-size 1x1 >"$LOGS/simulator.log" 2>&1 & PIDS+=($!)
for _ in $(seq 30); do curl -fsS http://127.0.0.1:18090/stats >/dev/null 2>&1 && break; sleep 0.5; done

export KEY BODY='{"model":"gpt-image-1","prompt":"a lighthouse in a storm","n":1,"size":"1024x1024"}' PREFER=
TICKS=$(getconf CLK_TCK)
cpu_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $total; }
# wrk_run URL CONNECTIONS SECONDS -> prints "requests rps p50_ms p99_ms errors"
wrk_run() {
  local out; out=$(wrk -t1 -c"$2" -d"$3"s --latency --timeout 30s -s bench/lib/post.lua "$1")
  echo "$out" >>"$LOGS/wrk.log"
  echo "$out" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /requests in/ { requests = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { errors += $NF } /Socket errors/ { errors += 0 }
    END { printf "%d %.0f %.2f %.2f %d\n", requests, rps, p50, p99, errors + 0 }'
}
succeeded() {
  curl -fsS http://127.0.0.1:18081/actuator/prometheus | awk '/^darkroom_worker_deliveries_total/ && /outcome="succeeded"/ { s += $2 } END { printf "%d\n", s }'
}

# Warm-up until the JIT has settled: 15 s rounds at $CONNECTIONS connections until a round compiles fewer than
# 40 methods in api and worker together (at most WARMUP_ROUNDS, 16 by default). A fixed 30 s measured the
# compiler, not Darkroom: on a loaded 2-core machine C2 still took a third of both JVMs' CPU after 30 s.
compiled() { local total=0 pid; for pid in "$@"; do total=$((total + $("$JAVA_HOME/bin/jstat" -compiler "$pid" | awk 'NR == 2 { print $1 }'))); done; echo $total; }
echo "== warm-up until the JIT settles (15 s rounds at $CONNECTIONS connections), not measured"
rounds=0; before_round=$(compiled "$API_PID" "$WORKER_PID")
while [ "$rounds" -lt "${WARMUP_ROUNDS:-16}" ]; do
  wrk_run http://127.0.0.1:18080/v1/images/generations "$CONNECTIONS" 15 >/dev/null
  rounds=$((rounds + 1)); after_round=$(compiled "$API_PID" "$WORKER_PID")
  last_round=$((after_round - before_round)); before_round=$after_round
  [ "$last_round" -lt 40 ] && break
done
echo "   $rounds rounds of 15 s; $last_round methods compiled in the last one"
wrk_run http://127.0.0.1:18090/v1/images/generations 1 5 >/dev/null

read -r _ _ direct_p50 direct_p99 _ < <(wrk_run http://127.0.0.1:18090/v1/images/generations 1 10)
read -r _ _ one_p50 one_p99 one_err < <(wrk_run http://127.0.0.1:18080/v1/images/generations 1 10)

if [ -n "${PROFILE:-}" ]; then
  for pid in $API_PID $WORKER_PID; do "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=overhead settings=profile duration=${DURATION}s filename="$LOGS/$pid.jfr" >/dev/null; done
fi
BROKER_PID=$(pgrep -o beam.smp || true); REDIS_PID=$(pgrep -o -f 'redis-server.*:6379' || true); SIM_PID=${PIDS[-1]}
per_job() { awk -v t="$1" -v hz="$TICKS" -v n="$2" 'BEGIN { printf "%.2f", t * 1000 / hz / n }'; }
before=$(cpu_ticks "$API_PID" "$WORKER_PID"); api_before=$(cpu_ticks "$API_PID")
others_before=$(cpu_ticks ${BROKER_PID:-} ${REDIS_PID:-}); sim_before=$(cpu_ticks "$SIM_PID")
read -r sync_n sync_rps sync_p50 sync_p99 sync_err < <(wrk_run http://127.0.0.1:18080/v1/images/generations "$CONNECTIONS" "$DURATION")
after=$(cpu_ticks "$API_PID" "$WORKER_PID"); api_after=$(cpu_ticks "$API_PID")
others_after=$(cpu_ticks ${BROKER_PID:-} ${REDIS_PID:-}); sim_after=$(cpu_ticks "$SIM_PID")
cpu_per_job=$(per_job $((after - before)) "$sync_n")
api_per_job=$(per_job $((api_after - api_before)) "$sync_n")
services_per_job=$(per_job $((others_after - others_before)) "$sync_n")
sim_per_job=$(per_job $((sim_after - sim_before)) "$sync_n")

done_before=$(succeeded); start=$(date +%s.%N)
async_api_before=$(cpu_ticks "$API_PID")
async_worker_before=$(cpu_ticks "$WORKER_PID"); async_services_before=$(cpu_ticks ${BROKER_PID:-} ${REDIS_PID:-})
PREFER=respond-async
read -r async_n async_rps async_p50 async_p99 async_err < <(wrk_run http://127.0.0.1:18080/v1/images/generations "$CONNECTIONS" "$DURATION")
target=$((done_before + async_n))
while [ "$(succeeded)" -lt "$target" ]; do
  sleep 0.1
  awk -v s="$start" -v now="$(date +%s.%N)" 'BEGIN { exit !(now - s > 600) }' && { echo "async jobs did not all finish in 600 s" >&2; break; }
done
end_to_end=$(awk -v s="$start" -v e="$(date +%s.%N)" -v n="$async_n" 'BEGIN { printf "%.0f", n / (e - s) }')
async_api=$(per_job $(($(cpu_ticks "$API_PID") - async_api_before)) "$async_n")
async_worker=$(per_job $(($(cpu_ticks "$WORKER_PID") - async_worker_before)) "$async_n")
async_services=$(per_job $(($(cpu_ticks ${BROKER_PID:-} ${REDIS_PID:-}) - async_services_before)) "$async_n")

cat <<REPORT

== Darkroom overhead, zero-latency upstream (simulator, 1x1 PNG), ${DURATION} s per run, $(nproc) cores
| figure | measured |
| --- | --- |
| upstream called directly, 1 connection | p50 ${direct_p50} ms, p99 ${direct_p99} ms |
| sync facade, 1 connection | p50 ${one_p50} ms, p99 ${one_p99} ms, **added p50 $(awk -v a="$one_p50" -v b="$direct_p50" 'BEGIN { printf "%.2f", a - b }') ms**; non-2xx ${one_err} |
| sync facade, ${CONNECTIONS} connections | **${sync_rps} req/s**, p50 ${sync_p50} ms, p99 ${sync_p99} ms; ${sync_n} requests, non-2xx ${sync_err} |
| api + worker CPU per sync job | **${cpu_per_job} ms** (api ${api_per_job} ms); RabbitMQ + Redis ${services_per_job} ms, simulator ${sim_per_job} ms |
| async submit (Prefer: respond-async), ${CONNECTIONS} connections | ${async_rps} submits/s, p50 ${async_p50} ms, p99 ${async_p99} ms; non-2xx ${async_err} |
| async jobs completed end to end | **${end_to_end} jobs/s** (${async_n} jobs, from the first submit to the last job done); CPU per job: api ${async_api} ms, worker ${async_worker} ms, RabbitMQ + Redis ${async_services} ms |
REPORT
[ -n "${PROFILE:-}" ] && echo "JFR recordings: $LOGS/$API_PID.jfr (api), $LOGS/$WORKER_PID.jfr (worker); read them with jfr view hot-methods"
true
