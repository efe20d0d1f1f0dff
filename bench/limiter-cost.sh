#!/usr/bin/env bash
# The rate limiter's CPU per request (issue 13: at most 0.2 ms): LimiterCost calls RateLimits.admit on the local
# Redis through Spring Data Redis and Lettuce, as the api does, and prints this JVM's CPU per call.
# Usage: bench/limiter-cost.sh [calls=50000]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(./darkroom java-home); export JAVA_HOME
./darkroom services >/dev/null
CP_FILE=$(mktemp)
# in the reactor, so the api's own modules come from this tree, not from ~/.m2 (the last module, api, writes the file last)
./mvnw -B -q -DskipTests -pl api -am package dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$CP_FILE"
"$JAVA_HOME/bin/java" -cp "api/target/classes:$(cat "$CP_FILE")" bench/LimiterCost.java "${1:-50000}"
rm -f "$CP_FILE"
