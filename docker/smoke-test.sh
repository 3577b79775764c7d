#!/usr/bin/env bash
# The container path, end to end: builds the image, starts the three-node compose cluster (host
# networking, 127.0.0.1:7101-7103), writes and reads through the command line and the Java client
# (the benchmark), kills one container, checks that reads and writes still succeed, restarts it,
# checks that it rejoins with its data, restarts the whole cluster and reads again; then starts it
# anew with TLS and credentials (compose.secure.yaml, certificates made by make-certs.sh) and checks
# that a client with them is served and one without is refused; then removes every container,
# volume, image and file it created.
# Run from anywhere, after `mvn -B -DskipTests package` (it builds the jar if it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT=ringstore-smoke
IMAGE=ringstore:smoke
SEEDS=127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103
JAR=store-node/target/ringstore.jar
WAIT_SECONDS=180

log() { echo "smoke: $*"; }
fail() {
  log "FAILED: $*"
  log "the nodes' last log lines:"
  compose logs --no-color --tail=40 2>/dev/null || true
  exit 1
}
SECURE_DIR=docker/secure
compose() { RINGSTORE_IMAGE=$IMAGE docker-compose -p "$PROJECT" -f docker/compose.yaml "$@"; }
secure_compose() {
  RINGSTORE_IMAGE=$IMAGE docker-compose -p "$PROJECT" -f docker/compose.yaml \
    -f docker/compose.secure.yaml "$@"
}
ringstore() { java -jar "$JAR" "$@"; }

cleanup() {
  log "removing the containers, volumes and network of $PROJECT, and $IMAGE"
  compose down --volumes --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$SECURE_DIR"
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
}

# Polls "$@" until it succeeds, at most WAIT_SECONDS; fails with what it waited for.
await() {
  local what=$1; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || fail "waited ${WAIT_SECONDS}s for $what"
    sleep 1
  done
  log "$what"
}

# status exits 0 when every member is UP, 4 when one is not: read its table either way.
status_of() { ringstore status --seeds "$1" || true; }
all_up() { [ "$(status_of "$SEEDS" | grep -c ' UP ')" = 3 ]; }
node3_down() { status_of 127.0.0.1:7101 | grep -q '^node-3 .* DOWN '; }

command -v docker-compose >/dev/null || fail "docker-compose is missing (apt-get install -y docker-compose)"
[ -f "$JAR" ] || mvn -B -q -DskipTests package
# The tool lives beside the project's checkout (../shared); a clone elsewhere finds it at /work.
base_image_tool=${BASE_IMAGE_TOOL:-}
for candidate in ../shared/tools/docker-base-image /work/shared/tools/docker-base-image; do
  [ -n "$base_image_tool" ] || { [ -x "$candidate" ] && base_image_tool=$candidate; }
done
[ -n "$base_image_tool" ] && [ -x "$base_image_tool" ] || fail "docker-base-image is missing \
(looked in ../shared/tools and /work/shared/tools): it installs Docker and builds the Java 17 base \
image; set BASE_IMAGE_TOOL to its path"
base=$("$base_image_tool")
trap cleanup EXIT
cleanup

log "building $IMAGE on $base"
docker build -q -f docker/Dockerfile --build-arg "BASE_IMAGE=$base" -t "$IMAGE" . >/dev/null
compose up -d
await "three nodes UP in one ring" all_up

ringstore put --seeds "$SEEDS" smoke-key smoke-value >/dev/null
[ "$(ringstore get --seeds "$SEEDS" smoke-key)" = smoke-value ] || fail "the CLI did not read its write"
bench=$(ringstore bench --seeds "$SEEDS" --load --records 2000 --threads 4 --duration-seconds 3 \
  --warmup-seconds 0 | grep '^summary')
log "Java client: $bench"
echo "$bench" | grep -q ' errors=0' || fail "the benchmark saw errors: $bench"

healthy() { [ "$(docker inspect --format '{{.State.Health.Status}}' "$(compose ps -q "$1")")" = healthy ]; }
await "node-1's container healthy (HEALTHCHECK: ringstore health)" healthy node-1
metrics=$(curl -fsS http://127.0.0.1:8101/metrics) || fail "node-1's admin endpoint did not serve /metrics"
grep -q '^ringstore_peers{state="up"} 2' <<<"$metrics" \
  || fail "node-1's /metrics does not show two peers up: $(grep '^ringstore_peers' <<<"$metrics")"
log "node-1's /metrics on its admin port shows both peers up"

log "killing node-3 (SIGKILL)"
compose kill -s SIGKILL node-3 >/dev/null 2>&1
await "node-1 convicted node-3" node3_down
ringstore put --seeds "$SEEDS" while-down written-while-node-3-was-down >/dev/null
[ "$(ringstore get --seeds "$SEEDS" smoke-key)" = smoke-value ] || fail "read failed with node-3 down"
[ "$(ringstore get --seeds "$SEEDS" while-down)" = written-while-node-3-was-down ] \
  || fail "a write with node-3 down was not read back"

log "restarting node-3"
compose start node-3 >/dev/null 2>&1
await "node-3 back UP" all_up
recovered=$(compose logs --no-color node-3 | grep -o 'storage opened: [0-9]* live keys' | tail -1)
keys=$(echo "$recovered" | grep -o '[0-9]*')
[ -n "$keys" ] && [ "$keys" -gt 0 ] || fail "node-3 did not restart with its data ($recovered)"
log "node-3 restarted with its data: $recovered"
[ "$(ringstore get --seeds 127.0.0.1:7103 smoke-key)" = smoke-value ] || fail "read through node-3 failed"
log "restarting the whole cluster"
compose restart >/dev/null 2>&1
await "three nodes UP again after the restart" all_up
[ "$(ringstore get --seeds "$SEEDS" while-down)" = written-while-node-3-was-down ] \
  || fail "a write did not survive the restart of the cluster"
node1_log=$(compose logs --no-color node-1)
grep -q 'group commit: ' <<<"$node1_log" \
  || fail "node-1 did not close its storage on SIGTERM (no 'group commit:' line at close)"
log "node-1 closed its storage on SIGTERM"

log "starting the cluster anew with TLS and credentials (compose.secure.yaml)"
compose down --volumes >/dev/null 2>&1
bash docker/make-certs.sh "$SECURE_DIR" >/dev/null
secure_compose up -d
alice=(--tls-ca "$SECURE_DIR/ca.crt" --tls-cert "$SECURE_DIR/alice.crt" --tls-key "$SECURE_DIR/alice.key"
  --user alice --secret-file "$SECURE_DIR/alice.secret")
secure_all_up() { [ "$(ringstore status --seeds "$SEEDS" "${alice[@]}" | grep -c ' UP ')" = 3 ]; }
await "three nodes UP over mutual TLS and the cluster secret" secure_all_up
ringstore put --seeds "$SEEDS" "${alice[@]}" secure-key secure-value >/dev/null
[ "$(ringstore get --seeds "$SEEDS" "${alice[@]}" secure-key)" = secure-value ] \
  || fail "alice, with TLS and her secret, did not read her write"
if ringstore get --seeds "$SEEDS" --timeout-millis 1000 secure-key >/dev/null 2>&1; then
  fail "a client without TLS and credentials was served"
fi
if ringstore get --seeds "$SEEDS" --tls-ca "$SECURE_DIR/ca.crt" --tls-cert "$SECURE_DIR/alice.crt" \
  --tls-key "$SECURE_DIR/alice.key" --timeout-millis 1000 secure-key >/dev/null 2>&1; then
  fail "a client with TLS but no secret was served"
fi
refused=$(curl -fsS http://127.0.0.1:8101/metrics | grep '^ringstore_refused_total' | grep -v ' 0.0$' || true)
[ -n "$refused" ] || fail "node-1 counted no refusal"
log "TLS and credentials: alice served; clients without them refused ($(echo $refused | tr '\n' ' '))"

log "passed"
