#!/usr/bin/env sh
# Load benchmark of the function in JVM mode: cold start, then throughput and latency percentiles
# for N concurrent clients (docs/performance.md, "Function"). Arguments go to LoadBenchmark, e.g.
#   function/bench.sh --clients 1,2,4 --requests 6 --max-concurrent 1
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -pl .,shared-model install -DskipTests
./mvnw -q -B -pl function package -DskipTests
./mvnw -q -B -pl function dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "function/target/test-classes:$(cat function/target/bench.classpath)" \
  org.lungseg.function.LoadBenchmark "$@"
