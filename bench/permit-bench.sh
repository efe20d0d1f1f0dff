#!/usr/bin/env bash
# The global limit's own overhead: PermitBench with several ProviderPermits ("workers") on the local Redis,
# callers holding each permit for a simulated call, nothing else of Darkroom running.
# Usage: bench/permit-bench.sh [workers=3] [limit=8] [latency-ms=200] [calls=1000]
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=$(./darkroom java-home); export JAVA_HOME
./darkroom services
./mvnw -B -q -DskipTests -pl worker -am install
CP=$(./mvnw -B -q -pl worker dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=runtime)
"$JAVA_HOME/bin/java" -cp "worker/target/classes:$CP" bench/PermitBench.java "${1:-3}" "${2:-8}" "${3:-200}" "${4:-1000}"
redis-cli --scan --pattern 'permit-bench-*' | xargs -r redis-cli del >/dev/null
