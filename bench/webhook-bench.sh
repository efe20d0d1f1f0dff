#!/usr/bin/env bash
# Completion-to-webhook latency: an api (18080) and a worker (18081) on their own namespace, jobs on the
# local provider at RATE/s for SECONDS, each with a webhook_url to the harness's receiver. Usage: bench/webhook-bench.sh [rate] [seconds]
set -euo pipefail
RATE=${1:-200}; SECONDS_=${2:-10}
export DARKROOM_WEBHOOKS_ALLOW_LIST=127.0.0.1/32
source "$(dirname "$0")/lib/api-and-worker.sh"
echo "== warm-up (not measured)"
$JAVA bench/WebhookBench.java http://127.0.0.1:18080 "$KEY" "$NS" 50 4 >/dev/null
echo "== $RATE jobs/s for $SECONDS_ s"
$JAVA bench/WebhookBench.java http://127.0.0.1:18080 "$KEY" "$NS" "$RATE" "$SECONDS_"
