#!/usr/bin/env bash
# Starts llmchat: the model server, the backend (REST API, port 8000) and the frontend (web UI, port 5001),
# waits until each answers its /health endpoint, then prints their status and URLs.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/stack.sh
. scripts/stack.sh

usage() {
  cat <<'EOF'
Usage: ./start-all.sh [options]

Starts the model server, the backend (REST API) and the frontend (web UI), waits until each one
answers its /health endpoint, and prints their status and URLs. Safe to run twice: what already
runs is kept (./restart-all.sh restarts it).

With a Docker engine (docker info works):
  1. the model server: vllm-server/start-vllm.sh (container meu-llm-server, NVIDIA GPU, port 8080),
     unless LLM_SERVER_BASE_URL points to another machine, or --simulate / --compose-vllm is given
  2. docker compose build, docker compose up -d (containers mlx-backend and mlx-frontend)
Without a Docker engine, or with --local: the jars are built with ./mvnw when they are older than
the sources, and run as local processes (PIDs and logs in .run/, the database in ./data/).

Options:
  --local          run the jars as local processes even when Docker is available
  --simulate       use the vLLM simulator instead of a language model: no GPU needed, answers are simulated
  --cpu            Docker: run vLLM from its CPU image (slow) instead of on the GPU
  --compose-vllm   Docker: run vLLM inside compose (profile gpu) instead of with start-vllm.sh
  --rebuild        local: rebuild the jars even when they look up to date; Docker: build without cache
  --no-build       local: never build: run the jars as they are, fail when one is missing
  -h, --help       show this help

Environment (also read from .env; a variable already set in the environment wins):
  BACKEND_PORT=8000 FRONTEND_PORT=5001 LLM_SERVER_PORT=8080   the ports
  LLM_SERVER_BASE_URL   the model server (local default http://localhost:$LLM_SERVER_PORT/v1)
  BIND_ADDRESS          where the services listen (local: 127.0.0.1; Docker publishes on 0.0.0.0)
  RUN_DIR=.run  DATA_DIR=./data  ENV_FILE=.env  START_TIMEOUT=180 (seconds for each service)
  JAVA_OPTS             JVM options of the local processes (default -XX:+ExitOnOutOfMemoryError)
  FAST_START=1          local: run the backend and the frontend extracted, with a start-up cache made once per
                        build in $RUN_DIR/fast-start/ (0: run the jars as they are)
  SIMULATOR_TTFT_MS=50 SIMULATOR_TOKENS_PER_SECOND=50   pace of the simulator
  The backend's own variables (SECRET_KEY, DATABASE_URL, MODELO_LLM, ...) are listed in README.md.
EOF
}

MODE=""
SIMULATE=0
CPU=0
COMPOSE_VLLM=0
REBUILD=0
NO_BUILD=0
while (($#)); do
  case "$1" in
    --local) MODE=local ;;
    --simulate) SIMULATE=1 ;;
    --cpu) CPU=1 ;;
    --compose-vllm) COMPOSE_VLLM=1 ;;
    --rebuild) REBUILD=1 ;;
    --no-build) NO_BUILD=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      printf 'error: unknown option %s\n\n' "$1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

ENV_FILE="${ENV_FILE:-.env}"
load_dotenv "$ENV_FILE"

BACKEND_PORT="${BACKEND_PORT:-8000}"
FRONTEND_PORT="${FRONTEND_PORT:-5001}"
LLM_SERVER_PORT="${LLM_SERVER_PORT:-8080}"
START_TIMEOUT="${START_TIMEOUT:-180}"
for var in BACKEND_PORT FRONTEND_PORT LLM_SERVER_PORT START_TIMEOUT; do
  [[ "${!var}" =~ ^[0-9]+$ ]] || die "$var must be a number, not '${!var}'"
done
RUN_DIR="${RUN_DIR:-.run}"
mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
export BACKEND_PORT FRONTEND_PORT LLM_SERVER_PORT RUN_DIR

command -v curl >/dev/null 2>&1 || die "curl is needed to check the services' health: install it (sudo apt-get install curl)."

is_true() {
  case "${1,,}" in true | 1 | yes | on) return 0 ;; *) return 1 ;; esac
}

case "${SECRET_KEY:-}" in
  change-me* | sua-chave*)
    if ! is_true "${DEBUG:-false}"; then
      die "SECRET_KEY (from $ENV_FILE or the environment) is still the example placeholder.
  Generate a key:  openssl rand -base64 48   and put it in $ENV_FILE as SECRET_KEY=<the key>,
  or delete the SECRET_KEY line to let the backend generate one and keep it beside the database."
    fi
    ;;
esac

SIMULATED_NOTE=""
((SIMULATE)) && SIMULATED_NOTE=" (SIMULATED: not a language model)"

banner_simulated() {
  say ""
  say "!!! SIMULATED MODEL: answers come from the vLLM simulator, not from a language model. !!!"
  say "!!! Use it to try the system without a GPU; run ./start-all.sh without --simulate for real answers. !!!"
  say ""
}

# the model server's health URL: its OpenAI base URL without /v1, plus /health
llm_health_url() {
  local base="${1%/}"
  printf '%s/health\n' "${base%/v1}"
}

backend_health_summary() {
  local url="$1" body
  body=$(curl -fsS -m 5 "$url" 2>/dev/null || true)
  printf '%s\n' "${body:-(no answer)}"
}

# ----------------------------------------------------------------------------------------------------------
# local processes
# ----------------------------------------------------------------------------------------------------------

STARTED=()

stop_started_on_failure() {
  local status=$? entry name pid i
  ((status == 0)) && return 0
  if ((${#STARTED[@]})); then
    warn "start-up failed: stopping what this run started"
    for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
      entry="${STARTED[i]}"
      name="${entry%%:*}"
      pid="${entry##*:}"
      stop_pid "$name" "$pid"
      wait "$pid" 2>/dev/null || true
      rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.cmd" "$RUN_DIR/$name.port"
    done
  fi
  exit "$status"
}

port_var_of() {
  case "$1" in
    simulator) echo LLM_SERVER_PORT ;;
    backend) echo BACKEND_PORT ;;
    frontend) echo FRONTEND_PORT ;;
  esac
}

# fail before starting anything when a port we need is taken by something that is not ours
check_local_port() {
  local name="$1" port="$2" host="$3" pid recorded=""
  if pid=$(owned_pid "$name"); then
    [[ -f "$RUN_DIR/$name.port" ]] && recorded=$(<"$RUN_DIR/$name.port")
    if [[ "$recorded" != "$host:$port" ]]; then
      die "the $name already runs (pid $pid) on ${recorded:-another address}, not on $host:$port.
  To move it: ./stop-all.sh, then start again with the new settings."
    fi
    return 0
  fi
  if port_in_use "$port" "$host"; then
    die "port $port, needed by the $name, is already in use by another program:
  $(describe_port "$port")
  Stop that program, or choose another port: $(port_var_of "$name")=<free port> ./start-all.sh ..."
  fi
}

# start_local NAME PORT HEALTH_PATH JAR [ARGS...]; the environment of the process is in LAUNCH_ENV. The Spring Boot
# applications (backend, frontend) start extracted, with a start-up cache (scripts/fast-start.sh).
start_local() {
  local name="$1" port="$2" health="$3" jar="$4" pid log url
  shift 4
  local -a cmd=("$JAVA_BIN")
  local -a opts=()
  read -r -a opts <<<"${JAVA_OPTS:--XX:+ExitOnOutOfMemoryError}"
  log="$RUN_DIR/$name.log"
  url="http://$CONNECT_HOST:$port$health"

  if pid=$(owned_pid "$name"); then
    say "  $name already runs (pid $pid); keeping it (./restart-all.sh restarts it)"
  else
    FAST_START_ARGS=(-jar "$jar")
    if [[ "$name" != simulator ]]; then
      prepare_fast_start "$name" "$jar" "$RUN_DIR/fast-start/$name"
    fi
    cmd+=(${opts[@]+"${opts[@]}"} "${FAST_START_ARGS[@]}" "$@")
    rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.cmd" "$RUN_DIR/$name.port"
    printf '%s\n' "${cmd[*]}" >"$RUN_DIR/$name.cmd"
    printf '%s:%s\n' "$CONNECT_HOST" "$port" >"$RUN_DIR/$name.port"
    printf '\n=== %s: starting %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$name" >>"$log"
    # nohup: closing the terminal does not take the server down (a background job of a script already ignores Ctrl-C)
    env ${LAUNCH_ENV[@]+"${LAUNCH_ENV[@]}"} nohup "${cmd[@]}" </dev/null >>"$log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$RUN_DIR/$name.pid"
    STARTED+=("$name:$pid")
    say "  $name started (pid $pid, log $log)"
  fi
  wait_http "$name" "$url" "$START_TIMEOUT" "pid_alive $pid" "tail -n 40 '$log'"
}

build_jars() {
  local reason jar
  if ((NO_BUILD)); then
    for jar in "$@"; do
      [[ -f "$jar" ]] || die "$jar is missing, and --no-build was given. Build first: ./mvnw -B -DskipTests package"
    done
    if reason=$(jars_need_build "$@"); then
      warn "$reason; running the jars as they are (--no-build)"
    else
      say "  the jars are up to date"
    fi
    return 0
  fi
  if ((REBUILD)); then
    reason="--rebuild was given"
  elif ! reason=$(jars_need_build "$@"); then
    say "  the jars are up to date (--rebuild forces a build)"
    return 0
  fi
  say "  building, because $reason: ./mvnw -B -DskipTests package (a few minutes the first time; log $RUN_DIR/build.log)"
  if ! ./mvnw -B -DskipTests package -pl vllm-server/simulator,backend,frontend -am >"$RUN_DIR/build.log" 2>&1; then
    tail -n 60 "$RUN_DIR/build.log" >&2
    die "the build failed; the whole log is $RUN_DIR/build.log"
  fi
  say "  build done"
}

run_local() {
  local backend_jar="$PWD/backend/target/llmchat-backend.jar"
  local frontend_jar="$PWD/frontend/target/llmchat-frontend.jar"
  local simulator_jar="$PWD/vllm-server/simulator/target/vllm-simulator-exec.jar"
  local -a jars=("$backend_jar" "$frontend_jar")
  ((SIMULATE)) && jars+=("$simulator_jar")

  say "== llmchat: local processes =="
  ((SIMULATE)) && banner_simulated

  say "-- Java"
  # shellcheck source=scripts/jdk.sh
  . scripts/jdk.sh
  # shellcheck source=scripts/fast-start.sh
  . scripts/fast-start.sh
  select_jdk || die "no JDK 21 or newer: install one (for example: sudo apt-get install openjdk-21-jdk) or set JAVA_HOME"
  JAVA_BIN="$JAVA_HOME/bin/java"
  say "  $("$JAVA_BIN" -version 2>&1 | head -n 1) ($JAVA_HOME)"

  say "-- Build"
  build_jars "${jars[@]}"

  BIND_ADDRESS="${BIND_ADDRESS:-${SERVER_ADDRESS:-127.0.0.1}}"
  case "$BIND_ADDRESS" in
    0.0.0.0 | :: | '[::]') CONNECT_HOST=127.0.0.1 ;;
    *) CONNECT_HOST="$BIND_ADDRESS" ;;
  esac

  DATA_DIR="${DATA_DIR:-./data}"
  mkdir -p "$DATA_DIR"
  if [[ -z "${DATABASE_URL:-}" ]]; then
    if [[ "$DATA_DIR" == ./data || "$DATA_DIR" == data ]]; then
      DATABASE_URL="sqlite:///./data/app.db"
    else
      DATABASE_URL="sqlite:///$(cd "$DATA_DIR" && pwd)/app.db"
    fi
  fi

  ((SIMULATE)) && check_local_port simulator "$LLM_SERVER_PORT" "$CONNECT_HOST"
  check_local_port backend "$BACKEND_PORT" "$CONNECT_HOST"
  check_local_port frontend "$FRONTEND_PORT" "$CONNECT_HOST"

  trap stop_started_on_failure EXIT
  trap 'exit 130' INT TERM

  say "-- Model server"
  if ((SIMULATE)); then
    # the simulator requires the key the backend sends (OPENAI_API_KEY), and none when that is empty
    LAUNCH_ENV=("VLLM_API_KEY=${OPENAI_API_KEY:-}")
    local -a sim_args=(--port "$LLM_SERVER_PORT" --host "$BIND_ADDRESS"
      --ttft-ms "${SIMULATOR_TTFT_MS:-50}" --tokens-per-second "${SIMULATOR_TOKENS_PER_SECOND:-50}")
    start_local simulator "$LLM_SERVER_PORT" /health "$simulator_jar" "${sim_args[@]}"
    LLM_SERVER_BASE_URL="http://$CONNECT_HOST:$LLM_SERVER_PORT/v1"
  else
    LLM_SERVER_BASE_URL="${LLM_SERVER_BASE_URL:-http://localhost:$LLM_SERVER_PORT/v1}"
    if http_ok "$(llm_health_url "$LLM_SERVER_BASE_URL")"; then
      say "  model server at $LLM_SERVER_BASE_URL is up"
    else
      warn "no model server answers at $LLM_SERVER_BASE_URL: the chat answers 503 until one does.
  Start vLLM (NVIDIA GPU + Docker): vllm-server/start-vllm.sh
  or try the system without a model:  ./stop-all.sh && ./start-all.sh --local --simulate"
    fi
  fi

  say "-- Backend"
  LAUNCH_ENV=(
    "SERVER_PORT=$BACKEND_PORT"
    "SERVER_ADDRESS=$BIND_ADDRESS"
    "DATABASE_URL=$DATABASE_URL"
    "LLM_SERVER_BASE_URL=$LLM_SERVER_BASE_URL"
    "LLM_SERVER_PORT=$LLM_SERVER_PORT"
  )
  start_local backend "$BACKEND_PORT" /health "$backend_jar"

  say "-- Frontend"
  LAUNCH_ENV=(
    "SERVER_PORT=$FRONTEND_PORT"
    "SERVER_ADDRESS=$BIND_ADDRESS"
    "BACKEND_URL=${BACKEND_URL:-http://$CONNECT_HOST:$BACKEND_PORT}"
  )
  start_local frontend "$FRONTEND_PORT" /health "$frontend_jar"

  trap - EXIT INT TERM

  say ""
  say "== llmchat is running (local processes) =="
  say "  Frontend:      http://$CONNECT_HOST:$FRONTEND_PORT"
  say "  Backend API:   http://$CONNECT_HOST:$BACKEND_PORT/docs"
  say "  Model server:  $LLM_SERVER_BASE_URL$SIMULATED_NOTE"
  say "  Backend health: $(backend_health_summary "http://$CONNECT_HOST:$BACKEND_PORT/health")"
  say "  Database:      $DATABASE_URL"
  say "  Logs:          tail -f $RUN_DIR/*.log"
  say "  Stop: ./stop-all.sh   Restart: ./restart-all.sh"
  ((SIMULATE)) && banner_simulated
  return 0
}

# ----------------------------------------------------------------------------------------------------------
# Docker
# ----------------------------------------------------------------------------------------------------------

container_running() {
  [[ "$(docker inspect -f '{{.State.Status}}' "$1" 2>/dev/null || true)" =~ ^(running|restarting)$ ]]
}

# true when URL's host is this machine (so start-vllm.sh should run the model server here)
url_is_this_host() {
  local rest="${1#*://}" host
  if [[ "$rest" == \[* ]]; then
    host="${rest%%]*}]"
  else
    host="${rest%%[:/]*}"
  fi
  case "$host" in
    localhost | 127.0.0.1 | '[::1]' | host.docker.internal | '') return 0 ;;
    *) return 1 ;;
  esac
}

check_docker_port() {
  local container="$1" port="$2" var="$3"
  container_running "$container" && return 0
  if port_in_use "$port"; then
    die "port $port, needed by $container, is already in use by another program:
  $(describe_port "$port")
  Stop that program, or choose another port: $var=<free port> ./start-all.sh"
  fi
}

run_docker() {
  local -a profiles=()
  local vllm_started=0 publish_host

  docker compose version >/dev/null 2>&1 ||
    die "the Docker Compose plugin is missing: install docker-compose-plugin (https://docs.docker.com/compose/install/linux/)"
  BIND_ADDRESS="${BIND_ADDRESS:-0.0.0.0}"
  case "$BIND_ADDRESS" in
    0.0.0.0 | :: | '[::]') publish_host=127.0.0.1 ;;
    *) publish_host="$BIND_ADDRESS" ;;
  esac
  export BIND_ADDRESS

  say "== llmchat: Docker =="
  ((SIMULATE)) && banner_simulated

  say "-- Step 1: model server"
  if ((SIMULATE)); then
    profiles=(--profile simulate)
    export LLM_SERVER_BASE_URL=http://simulator:8080/v1
    say "  the vLLM simulator runs in compose (service simulator)"
  elif ((COMPOSE_VLLM)); then
    profiles=(--profile gpu)
    export LLM_SERVER_BASE_URL=http://vllm:8000/v1
    say "  vLLM runs in compose on the GPU (service vllm)"
  elif [[ -n "${LLM_SERVER_BASE_URL:-}" ]] && ! url_is_this_host "$LLM_SERVER_BASE_URL"; then
    say "  using the model server at $LLM_SERVER_BASE_URL (LLM_SERVER_BASE_URL); not starting vLLM here"
    export LLM_SERVER_BASE_URL
  else
    if [[ -n "${LLM_SERVER_BASE_URL:-}" && "$LLM_SERVER_BASE_URL" =~ ://(localhost|127\.0\.0\.1)[:/] ]]; then
      LLM_SERVER_BASE_URL="${LLM_SERVER_BASE_URL/${BASH_REMATCH[1]}/host.docker.internal}"
      say "  inside a container localhost is the container itself: the backend uses $LLM_SERVER_BASE_URL"
    fi
    export LLM_SERVER_BASE_URL="${LLM_SERVER_BASE_URL:-http://host.docker.internal:$LLM_SERVER_PORT/v1}"
    local -a vllm_args=()
    ((CPU)) && vllm_args+=(--cpu)
    VLLM_API_KEY="${VLLM_API_KEY:-${OPENAI_API_KEY:-}}" vllm-server/start-vllm.sh ${vllm_args[@]+"${vllm_args[@]}"}
    vllm_started=1
  fi

  check_docker_port mlx-backend "$BACKEND_PORT" BACKEND_PORT
  check_docker_port mlx-frontend "$FRONTEND_PORT" FRONTEND_PORT

  say "-- Step 2: images"
  local -a build_args=()
  ((REBUILD)) && build_args+=(--no-cache --pull)
  docker compose ${profiles[@]+"${profiles[@]}"} build ${build_args[@]+"${build_args[@]}"}

  say "-- Step 3: containers"
  docker compose ${profiles[@]+"${profiles[@]}"} up -d
  {
    printf 'PROFILES=%s\n' "${profiles[*]:-}"
    printf 'VLLM_STARTED=%s\n' "$vllm_started"
  } >"$RUN_DIR/docker.state"

  say "-- Step 4: health"
  wait_http "backend (mlx-backend)" "http://$publish_host:$BACKEND_PORT/health" "$START_TIMEOUT" \
    "container_running mlx-backend" "docker logs --tail 40 mlx-backend"
  wait_http "frontend (mlx-frontend)" "http://$publish_host:$FRONTEND_PORT/health" "$START_TIMEOUT" \
    "container_running mlx-frontend" "docker logs --tail 40 mlx-frontend"
  docker compose ${profiles[@]+"${profiles[@]}"} ps

  local llm_url="http://127.0.0.1:$LLM_SERVER_PORT/health" llm_state="not reachable from this host"
  http_ok "$llm_url" && llm_state="up"
  say ""
  say "== llmchat is running (Docker) =="
  say "  Frontend:      http://localhost:$FRONTEND_PORT"
  say "  Backend API:   http://localhost:$BACKEND_PORT/docs"
  say "  Model server:  $LLM_SERVER_BASE_URL (from the containers); http://localhost:$LLM_SERVER_PORT/v1/models: $llm_state$SIMULATED_NOTE"
  say "  Backend health: $(backend_health_summary "http://$publish_host:$BACKEND_PORT/health")"
  say "  Logs:          docker compose logs -f   (vLLM: docker logs -f ${VLLM_CONTAINER_NAME:-meu-llm-server})"
  say "  Stop: ./stop-all.sh   Restart: ./restart-all.sh"
  ((SIMULATE)) && banner_simulated
  return 0
}

docker_engine_available() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1
}

if [[ "$MODE" != local ]]; then
  if docker_engine_available; then
    MODE=docker
  else
    MODE=local
    say "No Docker engine is reachable (docker info failed): running the jars as local processes."
  fi
fi
if [[ "$MODE" == local ]] && ((CPU || COMPOSE_VLLM)); then
  die "--cpu and --compose-vllm need Docker; in local mode point LLM_SERVER_BASE_URL at a model server, or use --simulate"
fi

if [[ "$MODE" == docker ]]; then
  run_docker
else
  run_local
fi
