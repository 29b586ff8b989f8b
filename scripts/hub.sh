#!/usr/bin/env bash
# Runs the hub as a plain JVM process, the quick way to start it:
#   scripts/hub.sh [hub arguments, e.g. --server.port=8081]     (sandbox by default, data under ./data)
#   scripts/hub.sh --prepare                                    build, extract and train only; do not start
# 1. builds target/lienthong-hub.jar when it is missing or older than the sources (mvn -B -DskipTests package);
# 2. extracts it into target/app (lib/ beside a thin jar): classes load from plain jars instead of jars nested in
#    the Spring Boot jar;
# 3. once per build and JVM, records the classes a start loads into a class-data-sharing archive (AppCDS,
#    target/app/hub.jsa): a start of the hub up to its refreshed context, in a temporary directory, then stopped
#    (about a minute on two cores);
# 4. starts the hub with that archive: the JVM maps the recorded classes instead of loading and verifying them.
# Start to healthy on a 2-core machine: 33-34 s from the Spring Boot jar, 26-27 s extracted, 21-28 s with the
# archive (scripts/start-time.py, 2026-12-06). A stale or foreign archive is never an error: the JVM then starts
# without it. JVM options: HUB_JAVA_OPTS (e.g. "-Xmx3g").
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/lienthong-hub.jar
APP=target/app
JVM_ID="$(java -version 2>&1 | tr '\n' ' ')"
read -r -a OPTS <<< "${HUB_JAVA_OPTS:-}"

# Spring's training mode ends the JVM with Runtime.halt: no shutdown hook runs, so the embedded PostgreSQL of the
# training start is left running; stop it (fast shutdown) before its directory is removed
stop_postgres() {
  local pid
  pid=$(head -1 "$1/postgres/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -INT "$pid" 2>/dev/null; then
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || return 0
      sleep 0.1
    done
  fi
}

if [ ! -f "$JAR" ] || [ -n "$(find src/main routes connectors schemas pom.xml -newer "$JAR" -print -quit 2>/dev/null)" ]; then
  echo "hub.sh: building $JAR" >&2
  mvn -B -DskipTests package
fi
if [ ! -f "$APP/lienthong-hub.jar" ] || [ "$JAR" -nt "$APP/lienthong-hub.jar" ]; then
  echo "hub.sh: extracting $JAR into $APP" >&2
  rm -rf "$APP"
  java -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null
fi
if { [ ! -f "$APP/hub.jsa" ] || [ "$(cat "$APP/hub.jsa.jvm" 2>/dev/null)" != "$JVM_ID" ]; } \
    && [ "$(cat "$APP/hub.jsa.failed" 2>/dev/null)" != "$JVM_ID" ]; then
  echo "hub.sh: recording the classes of a start into $APP/hub.jsa (once per build, about a minute)" >&2
  rm -f "$APP/hub.jsa" "$APP/hub.jsa.jvm"
  TRAIN=$(mktemp -d /tmp/hub-cds-XXXXXX)
  # a sandbox of its own on free ports, stopped right after its context is refreshed (Spring's CDS training mode);
  # a clean environment, so that no setting meant for the real start (a production profile, its servers) applies
  trained=0
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
      HUB_ONESTOP_API_KEY=cds-training-key-0123456789 HUB_ADMIN_PASSWORD=cds-training-password-0123 \
      java -XX:ArchiveClassesAtExit="$APP/hub.jsa" -Dspring.context.exit=onRefresh -jar "$APP/lienthong-hub.jar" \
      --hub.data-dir="$TRAIN" --server.port=0 --hub.embedded.postgres-port=0 --hub.embedded.artemis-port=0 \
      --hub.embedded.mqtt-port=0 --hub.embedded.kafka-port=0 --hub.embedded.kafka-controller-port=0 \
      --logging.level.root=ERROR > "$TRAIN.log" 2>&1 && [ -f "$APP/hub.jsa" ] && trained=1
  stop_postgres "$TRAIN"
  rm -rf "$TRAIN"
  if [ "$trained" = 1 ]; then
    echo "$JVM_ID" > "$APP/hub.jsa.jvm"
    rm -f "$TRAIN.log"
  else
    rm -f "$APP/hub.jsa"
    echo "$JVM_ID" > "$APP/hub.jsa.failed" # not tried again before the next build
    echo "hub.sh: the training start failed (see $TRAIN.log); the hub starts without the archive" >&2
  fi
fi
if [ "${1:-}" = "--prepare" ]; then
  exit 0
fi
CDS=()
if [ -f "$APP/hub.jsa" ]; then
  CDS=(-XX:SharedArchiveFile="$APP/hub.jsa")
fi
exec java "${CDS[@]}" "${OPTS[@]}" -jar "$APP/lienthong-hub.jar" "$@"
