#!/usr/bin/env bash
# Builds the three images from this checkout and runs them as docker-compose.yml describes, with podman: the
# simulator, the backend and the frontend on one network, each with the compose file's environment, then checks
# that each becomes healthy, that a person can register, sign in and stream an answer through the frontend, that
# no container runs as root, that DEBUG=False keeps the applications' debug output off, and that the chat and the
# answer survive a restart of the backend container. Everything it made is removed at the end (containers, network,
# volume and the images it tagged; podman's build cache stays, as Maven's ~/.m2 does: `podman image prune` frees it).
# Where podman is not installed it says so and skips. Where no registry answers, the base images are made here
# (scripts/podman-base-images.sh).
#
#   scripts/test-images.sh [--help]
#
# .ci/run runs it after the Maven build. Needs root (or a working rootless podman), curl, and a machine that reaches
# Maven Central and a Debian or Ubuntu mirror (the images install curl).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  usage
  exit 0
fi
if (($# > 0)); then
  echo "error: unknown argument $1" >&2
  usage >&2
  exit 2
fi

say() { printf 'test-images: %s\n' "$*"; }
fail() {
  printf 'test-images: FAILED: %s\n' "$*" >&2
  exit 1
}

if ! command -v podman >/dev/null 2>&1; then
  say "skipped: podman is not installed, so the images were neither built nor run" \
    "(apt-get install podman buildah fuse-overlayfs slirp4netns uidmap debootstrap runc netavark aardvark-dns iptables)"
  exit 0
fi
command -v curl >/dev/null 2>&1 || fail "curl is needed"
# podman's network backend sets up every build step's and container's network with iptables, which its Debian
# package does not pull in; without it the first RUN fails with "netavark: No such file or directory"
if [[ "$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null)" == netavark ]] &&
  ! PATH="$PATH:/usr/sbin:/sbin" command -v iptables >/dev/null 2>&1; then
  fail "podman uses netavark, which needs iptables: apt-get install iptables"
fi

readonly run="llmchat-test-$$"
readonly network="$run" volume="$run-data"
readonly simulator="$run-simulator" backend="$run-backend" frontend="$run-frontend"
readonly backend_image="localhost/llmchat-backend:$run" frontend_image="localhost/llmchat-frontend:$run"
readonly simulator_image="localhost/llmchat-vllm-simulator:$run"
work=$(mktemp -d "${TMPDIR:-/tmp}/$run.XXXXXX")

cleanup() {
  local status=$?
  if ((status != 0)); then
    [[ ! -s "$work/podman.log" ]] || { echo "---- podman said" >&2; tail -n 20 "$work/podman.log" >&2; }
    for container in "$simulator" "$backend" "$frontend"; do
      if podman container exists "$container"; then
        echo "---- the end of $container's log" >&2
        podman logs --tail 30 "$container" >&2 2>&1 || true
      fi
    done
  fi
  podman rm --force --time 5 "$frontend" "$backend" "$simulator" >/dev/null 2>&1 || true
  podman network rm --force "$network" >/dev/null 2>&1 || true
  podman volume rm --force "$volume" >/dev/null 2>&1 || true
  podman rmi --force "$backend_image" "$frontend_image" "$simulator_image" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# ---- docker-compose.yml's environment of a service, with ${NAME} and ${NAME:-default} expanded as compose does

# compose_environment SERVICE: prints NAME=VALUE lines for podman's --env-file
compose_environment() {
  awk -v service="$1" '
    /^[^ #]/ { in_services = ($0 ~ /^services:/); in_service = 0; in_env = 0; next }
    in_services && /^  [A-Za-z0-9_-]+:/ { in_service = ($0 ~ "^  " service ":"); in_env = 0; next }
    in_service && /^    [A-Za-z_]+:/ { in_env = ($0 ~ /^    environment:/); next }
    in_env && /^      [A-Za-z_][A-Za-z0-9_]*:/ {
      line = $0; sub(/^ +/, "", line)
      name = line; sub(/:.*/, "", name)
      value = line; sub(/^[^:]*: */, "", value); sub(/^"/, "", value); sub(/"$/, "", value)
      print name "\t" value
    }' docker-compose.yml |
    while IFS=$'\t' read -r name value; do
      printf '%s=%s\n' "$name" "$(interpolate "$value")"
    done
}

interpolate() {
  local text="$1" out="" name default
  while [[ "$text" =~ ^([^$]*)\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}(.*)$ ]]; do
    out+="${BASH_REMATCH[1]}"
    name="${BASH_REMATCH[2]}" default="${BASH_REMATCH[4]}"
    out+="${!name:-$default}"
    text="${BASH_REMATCH[5]}"
  done
  printf '%s' "$out$text"
}

# ---- waiting

# await_healthy CONTAINER SECONDS: runs the image's HEALTHCHECK until it passes (podman runs none on a timer
# without systemd)
await_healthy() {
  local container="$1" deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    [[ "$(podman inspect --format '{{.State.Running}}' "$container")" == true ]] ||
      fail "$container stopped before it became healthy"
    if podman healthcheck run "$container" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  fail "$container was not healthy within $2 s"
}

published() {
  local address
  address=$(podman port "$1" "$2" | head -n 1)
  echo "http://${address/0.0.0.0/127.0.0.1}"
}

# ---- 1. the base images and the three images, built as docker compose build does

# shellcheck source=scripts/podman-base-images.sh
. scripts/podman-base-images.sh
ensure_base_images || fail "the base images are missing and could not be made"
for image in "backend $backend_image" "frontend $frontend_image" "simulator $simulator_image"; do
  read -r name tag <<<"$image"
  start=$SECONDS
  if ! podman build --format docker --file "Dockerfile.$name" --tag "$tag" . >"$work/build-$name.log" 2>&1; then
    tail -n 40 "$work/build-$name.log" >&2
    fail "the $name image did not build (Dockerfile.$name)"
  fi
  say "built the $name image in $((SECONDS - start)) s"
done

# ---- 2. the stack of the compose profile "simulate", on one network, published on 127.0.0.1 only

podman network create "$network" >/dev/null 2>>"$work/podman.log"
podman volume create "$volume" >/dev/null
# as ./start-all.sh --simulate sets it; podman 4.3 does not know host-gateway, which the default address needs
export LLM_SERVER_BASE_URL=http://simulator:8080/v1
compose_environment backend >"$work/backend.env"
compose_environment frontend >"$work/frontend.env"
grep -q '^DEBUG=False$' "$work/backend.env" || fail "docker-compose.yml no longer gives the backend DEBUG=False"

# podman without systemd says on stderr that it cannot schedule the health checks: they run in await_healthy
{
  podman run --detach --name "$simulator" --network "$network" --network-alias simulator "$simulator_image" \
    --host 0.0.0.0 --port 8080 --ttft-ms 50 --tokens-per-second 200
  podman run --detach --name "$backend" --network "$network" --network-alias backend \
    --env-file "$work/backend.env" --volume "$volume:/app/data" --publish 127.0.0.1::8000 "$backend_image"
  podman run --detach --name "$frontend" --network "$network" --network-alias frontend \
    --env-file "$work/frontend.env" --publish 127.0.0.1::5001 "$frontend_image"
} >/dev/null 2>>"$work/podman.log"

await_healthy "$simulator" 60
await_healthy "$backend" 180
await_healthy "$frontend" 180
say "all three containers are healthy"
backend_url=$(published "$backend" 8000)
frontend_url=$(published "$frontend" 5001)

for container in "$simulator" "$backend" "$frontend"; do
  uid=$(podman exec "$container" id -u)
  [[ "$uid" != 0 ]] || fail "$container runs as root"
done
say "no container runs as root (uid $uid)"
for container in "$backend" "$frontend"; do
  debug_lines=$(podman logs "$container" 2>&1 | grep -c ' DEBUG ' || true)
  ((debug_lines == 0)) || fail "$container printed $debug_lines DEBUG lines with DEBUG=False"
done

# ---- 3. a person signs in and streams an answer through the frontend container

cookies="$work/cookies"
# page PATH: fetches a page with the session's cookies; sets csrf_header and csrf_token from its meta tags
page() {
  local html
  html=$(curl -fsS --cookie "$cookies" --cookie-jar "$cookies" "$frontend_url$1") || fail "GET $1 failed"
  csrf_token=$(sed -n 's/.*<meta name="csrf-token" content="\([^"]*\)".*/\1/p' <<<"$html" | head -n 1)
  csrf_header=$(sed -n 's/.*<meta name="csrf-header" content="\([^"]*\)".*/\1/p' <<<"$html" | head -n 1)
  [[ -n "$csrf_token" && -n "$csrf_header" ]] || fail "$1 has no CSRF token"
}
# submit PATH FIELD=VALUE...: posts a form and prints where it redirects to
submit() {
  local path="$1" field
  shift
  local -a data=(--data-urlencode "_csrf=$csrf_token")
  for field in "$@"; do data+=(--data-urlencode "$field"); done
  curl -sS --cookie "$cookies" --cookie-jar "$cookies" -o /dev/null -w '%{redirect_url}' "${data[@]}" "$frontend_url$path"
}

email="person-$$@example.com" password="correct horse battery staple"
page /register
[[ "$(submit /register "email=$email" "fullName=Image Test" "password=$password")" == */login ]] ||
  fail "registering through the frontend did not lead to the login page"
page /login
[[ "$(submit /login "email=$email" "password=$password")" == */dashboard ]] || fail "signing in through the frontend failed"
page /dashboard
chat_path=$(submit /chats/new "title=Image test")
[[ "$chat_path" =~ /chat/([0-9]+)$ ]] || fail "creating a chat did not open it (went to '$chat_path')"
chat_id="${BASH_REMATCH[1]}"
page "/chat/$chat_id"
curl -fsS -N --max-time 60 --cookie "$cookies" --cookie-jar "$cookies" -H "$csrf_header: $csrf_token" \
  -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
  --data "{\"chat_id\": $chat_id, \"prompt\": \"Say hello from the containers\"}" \
  "$frontend_url/api/stream" >"$work/stream.txt" || fail "streaming an answer through the frontend failed"
tokens=$(grep -c '"type":"token"' "$work/stream.txt" || true)
grep -q '"type":"done"' "$work/stream.txt" || fail "the stream did not end with done: $(tail -c 300 "$work/stream.txt")"
((tokens > 0)) || fail "the stream carried no token"
say "signed in and streamed an answer of $tokens tokens through the frontend container"

# ---- health and metrics: inside each container only, counting the answer just streamed

for container in "$backend" "$frontend"; do
  ports=$(podman port "$container")
  [[ "$ports" != *9000* && "$ports" != *9001* ]] || fail "$container publishes its management port: $ports"
done
podman exec "$backend" curl -fsS http://127.0.0.1:9000/actuator/prometheus >"$work/backend-metrics.txt" ||
  fail "the backend container serves no metrics on 127.0.0.1:9000"
grep -q '^llmchat_generations_total{.*outcome="complete"' "$work/backend-metrics.txt" ||
  fail "the backend's metrics do not count the complete answer: $(grep llmchat_ "$work/backend-metrics.txt" | head -n 5)"
readiness=$(podman exec "$frontend" curl -fsS http://127.0.0.1:9001/actuator/health/readiness || true)
[[ "$readiness" == *'"UP"'* ]] || fail "the frontend container is not ready on its management port 127.0.0.1:9001"
say "health and metrics answer inside the containers, on ports that are not published"

# ---- 4. the database (and the generated signing key) survive a restart of the backend container

podman restart --time 40 "$backend" >/dev/null 2>>"$work/podman.log"
await_healthy "$backend" 180
status=$(curl -sS -o "$work/chat.html" -w '%{http_code} %{redirect_url}' --cookie "$cookies" "$frontend_url/chat/$chat_id")
[[ "$status" == "200 " ]] ||
  fail "after the backend restarted, the signed-in person could not open the chat ($status): $(head -c 400 "$work/chat.html")"
login=$(curl -fsS -H 'Content-Type: application/json' \
  --data "{\"email\": \"$email\", \"password\": \"$password\"}" "$backend_url/auth/login") || fail "login after the restart"
access_token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$login")
messages=$(curl -fsS -H "Authorization: Bearer $access_token" "$backend_url/chats/$chat_id/messages") ||
  fail "the chat's messages could not be read after the restart"
if ! grep -q '"role":"assistant"' <<<"$messages" || ! grep -q '"status":"complete"' <<<"$messages"; then
  fail "the answer did not survive the backend's restart: $messages"
fi
say "the chat and its answer survived a restart of the backend container"
say "passed"
