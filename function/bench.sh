#!/usr/bin/env sh
# Load benchmark of the function in JVM mode: cold start, then throughput and latency percentiles
# for N concurrent clients (docs/performance.md, "Function"). Arguments go to LoadBenchmark, e.g.
#   function/bench.sh --clients 1,2,4 --requests 10 --max-concurrent 1
# Builds in the reactor without installing anything; Maven flags can be added through MAVEN_ARGS
# (e.g. MAVEN_ARGS=-o for an offline build).
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl function -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "function/target/test-classes:$(cat function/target/bench.classpath)" \
  org.lungseg.function.LoadBenchmark "$@"
