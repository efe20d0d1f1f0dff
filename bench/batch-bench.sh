#!/usr/bin/env bash
# A batch of LINES lines on the local provider and sync calls beside it: an api (18080) and a worker (18081)
# on their own namespace. Usage: bench/batch-bench.sh [lines]
set -euo pipefail
LINES=${1:-10000}
source "$(dirname "$0")/lib/api-and-worker.sh"
echo "== warm-up (not measured)"
for _ in $(seq 100); do curl -fsS -o /dev/null http://127.0.0.1:18080/v1/images/generations -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"prompt": "warm", "size": "256x256"}'; done
$JAVA bench/BatchBench.java http://127.0.0.1:18080 "$KEY" "$LINES"
