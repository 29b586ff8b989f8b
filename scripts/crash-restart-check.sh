#!/usr/bin/env bash
# Documented check of the sandbox's durability: start the jar on a fresh data directory, measure the time to
# healthy and the resident memory, commit a dossier and a retained MQTT message, kill -9 the hub, start it again
# on the same directory and verify that it is healthy with the dossier, the Kafka topic and the message.
# Needs: target/lienthong-hub.jar (mvn -B -DskipTests package), curl, python3, mosquitto-clients, kcat.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=target/lienthong-hub.jar
DATA=$(mktemp -d /tmp/hub-crash-XXXXXX)
HTTP=${HTTP_PORT:-18181}; MQTT=${MQTT_PORT:-11884}; KAFKA=${KAFKA_PORT:-19094}
export HUB_ONESTOP_API_KEY=crash-check-onestop-key HUB_ADMIN_PASSWORD=crash-check-admin
# the broker admits authenticated clients only: the hub's own MQTT user, known to this script
export HUB_MQTT_USERNAME=hub HUB_MQTT_PASSWORD=crash-check-mqtt-password
ARGS=(--hub.data-dir="$DATA" --server.port="$HTTP" --hub.embedded.mqtt-port="$MQTT" --hub.embedded.kafka-port="$KAFKA"
      --hub.embedded.kafka-controller-port=0 --hub.embedded.postgres-port=0 --hub.embedded.artemis-port=0)

start() {
  local t0=$(date +%s.%N)
  java -jar "$JAR" "${ARGS[@]}" > "$DATA/hub-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 360); do
    if curl -fs "http://127.0.0.1:$HTTP/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; then
      local t1=$(date +%s.%N)
      printf '%s start: healthy after %.1f s, resident memory %d MB\n' "$1" "$(echo "$t1 - $t0" | bc)" \
        "$(( $(ps -o rss= -p $PID) / 1024 ))"
      return 0
    fi
    sleep 0.5
  done
  echo "not healthy after 180 s; see $DATA/hub-$1.log"; kill -9 $PID; exit 1
}

start first
CODE=$(curl -fs -H "X-API-Key: $HUB_ONESTOP_API_KEY" -H 'Content-Type: application/json' \
  "http://127.0.0.1:$HTTP/api/v1/dossiers" \
  -d '{"procedureCode":"2.000635","applicant":{"fullName":"Lê Thị Bình","idNumber":"038190004321"},"channel":"DIRECT","returnMethod":"COUNTER"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
echo "committed dossier $CODE"
mosquitto_pub -h 127.0.0.1 -p "$MQTT" -u "$HUB_MQTT_USERNAME" -P "$HUB_MQTT_PASSWORD" -q 1 -r -t hcc/crash/status/kiosk-1 -m '{"state":"ONLINE"}' -i crash-check
echo "published a retained QoS 1 message to hcc/crash/status/kiosk-1"

kill -9 $PID; wait $PID 2>/dev/null || true
echo "kill -9 sent"

start second
curl -fs -H "X-API-Key: $HUB_ONESTOP_API_KEY" "http://127.0.0.1:$HTTP/api/v1/dossiers/$CODE" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print("dossier after restart:", d["code"], d["status"], "due", d["dueAt"])'
kcat -L -b 127.0.0.1:$KAFKA | grep -q 'topic "hub.dossier.events"' && echo "topic hub.dossier.events present after restart"
kcat -C -b 127.0.0.1:$KAFKA -t hub.dossier.events -o beginning -e -q -f '%k\n' | grep -q "$CODE" && echo "its event is on the topic"
MSG=$(timeout 10 mosquitto_sub -h 127.0.0.1 -p "$MQTT" -u "$HUB_MQTT_USERNAME" -P "$HUB_MQTT_PASSWORD" -q 1 -t hcc/crash/status/kiosk-1 -C 1 -i crash-check-sub)
echo "retained MQTT message after restart: $MSG"
kill $PID; wait $PID 2>/dev/null || true
rm -rf "$DATA"
echo "crash-restart check passed"
