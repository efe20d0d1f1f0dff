#!/usr/bin/env bash
# The bulk lane's fair share (issue 13 item 6): key B's SMALL-line batch on an idle system, then while key A's
# HUGE-line batch drains on the local provider, A on the standard tier (100 batch lines in flight) and on the
# unlimited tier (no limit: the behaviour before). An api (18080) and a worker (18081) on their own namespace.
# Usage: bench/fair-share.sh [huge lines] [small lines] [A's tiers, comma-separated: standard,unlimited] [B's tier: standard]
set -euo pipefail
HUGE=${1:-10000}
SMALL=${2:-20}
ADMIN=admin_$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export DARKROOM_API_ADMIN_TOKEN=$ADMIN
source "$(dirname "$0")/lib/api-and-worker.sh"
$JAVA bench/FairShareBench.java http://127.0.0.1:18080 "$ADMIN" "$HUGE" "$SMALL" "${3:-standard,unlimited}" "${4:-standard}"
