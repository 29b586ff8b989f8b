#!/usr/bin/env bash
# The project's benchmark: builds the jar, starts it as its own process and measures each figure beside a raw
# baseline in the same run; prints a table and writes target/bench/results.json.
#   scripts/bench.sh            full run (about 27 minutes: includes filling the store to 10 million dossiers)
#   scripts/bench.sh --quick    shorter runs, report over 1 million only (about 13 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test
# the hub runs as README runs it: extracted, with its class-data archive (recorded again after each build: a minute)
scripts/hub.sh --prepare
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/classpath.txt)" vn.lienthong.hub.bench.Benchmark "$@"
