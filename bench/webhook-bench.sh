#!/usr/bin/env bash
# Completion-to-webhook latency: an api (18080) and a worker (18081) on their own namespace, jobs at RATE/s for
# SECONDS, each with a webhook_url to the harness's receiver. Usage: bench/webhook-bench.sh [rate] [seconds]
#   UPSTREAM=local (default): the local provider renders each image (256x256 jpeg) on this machine's CPU
#   UPSTREAM=simulator: gpt-image-1 on provider openai pointed at the simulator answering at once (a 1x1 PNG), so
#                       the figure is Darkroom's own path from the final state to the receiver (issue 12)
set -euo pipefail
RATE=${1:-200}; SECONDS_=${2:-10}; UPSTREAM=${UPSTREAM:-local}
export DARKROOM_WEBHOOKS_ALLOW_LIST=127.0.0.1/32
MODEL=local/fast
if [ "$UPSTREAM" = simulator ]; then
  export DARKROOM_PROVIDERS_INSTANCES_OPENAI_BASE_URL=http://127.0.0.1:18090/v1 OPENAI_API_KEY=simulated \
    DARKROOM_PROVIDERS_INSTANCES_OPENAI_CONCURRENCY=1000 DARKROOM_WORKER_MAX_IN_FLIGHT=256
  MODEL=gpt-image-1
fi
source "$(dirname "$0")/lib/api-and-worker.sh"
if [ "$UPSTREAM" = simulator ]; then
  $JAVA -jar simulator/target/simulator-*-exec.jar --port 18090 --latency-ms 0 --image-size 1x1 >"$LOGS/simulator.log" 2>&1 & PIDS+=($!)
  for _ in $(seq 30); do curl -fsS http://127.0.0.1:18090/stats >/dev/null 2>&1 && break; sleep 0.5; done
fi
echo "== warm-up (not measured)"
$JAVA bench/WebhookBench.java http://127.0.0.1:18080 "$KEY" "$NS" 50 4 "$MODEL" >/dev/null
echo "== $MODEL, $RATE jobs/s for $SECONDS_ s"
$JAVA bench/WebhookBench.java http://127.0.0.1:18080 "$KEY" "$NS" "$RATE" "$SECONDS_" "$MODEL"
