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
The database is SQLite unless --postgres is given (README: "When one machine is not enough").

Options:
  --local          run the jars as local processes even when Docker is available
  --simulate       use the vLLM simulator instead of a language model: no GPU needed, answers are simulated
  --cpu            Docker: run vLLM from its CPU image (slow) instead of on the GPU
  --compose-vllm   Docker: run vLLM inside compose (profile gpu) instead of with start-vllm.sh
  --postgres       Docker: run PostgreSQL in compose (profile postgres, needs POSTGRES_PASSWORD) and keep the
                   data there; local: use the PostgreSQL named by DATABASE_URL=postgresql://...
  --replicas N     Docker, with --postgres: N backends and N frontends behind an nginx load balancer
                   (docker-compose.scale.yml; BACKEND_REPLICAS and FRONTEND_REPLICAS set the two apart)
  --rebuild        local: rebuild the jars even when they look up to date; Docker: build without cache
  --no-build       local: never build: run the jars as they are, fail when one is missing
  -h, --help       show this help

Environment (also read from .env; a variable already set in the environment wins):
  BACKEND_PORT=8000 FRONTEND_PORT=5001 LLM_SERVER_PORT=8080   the ports
  LLM_SERVER_BASE_URL   the model server (local default http://localhost:$LLM_SERVER_PORT/v1)
  BIND_ADDRESS          where the services listen (local: 127.0.0.1; Docker publishes on 0.0.0.0)
  BACKEND_MANAGEMENT_PORT=9000 FRONTEND_MANAGEMENT_PORT=9001   local: health and metrics (README, "Metrics")
  MANAGEMENT_ADDRESS=127.0.0.1   where those listen (in Docker: inside each container; never published)
  RUN_DIR=.run  DATA_DIR=./data  ENV_FILE=.env  START_TIMEOUT=180 (seconds for each service)
  JAVA_OPTS             more JVM options of the local processes (default -XX:+ExitOnOutOfMemoryError), after the
                        committed backend/jvm.options and frontend/jvm.options (heap limit, ...), which they override
  FAST_START=1          local: run the backend and the frontend extracted, with a start-up cache made once per
                        build in $RUN_DIR/fast-start/ (0: run the jars as they are)
  SIMULATOR_TTFT_MS=50 SIMULATOR_TOKENS_PER_SECOND=50   pace of the simulator
  POSTGRES_PASSWORD     --postgres in Docker: the password of compose's PostgreSQL (openssl rand -hex 24)
  BACKEND_REPLICAS=1 FRONTEND_REPLICAS=1   the replicas with --postgres (--replicas N sets both)
  The backend's own variables (SECRET_KEY, DATABASE_URL, MODELO_LLM, ...) are listed in README.md.
EOF
}

MODE=""
SIMULATE=0
CPU=0
COMPOSE_VLLM=0
REBUILD=0
NO_BUILD=0
POSTGRES=0
REPLICAS=""
# the options that decide what runs, kept in the run folder for ./restart-all.sh
OPTIONS=()
while (($#)); do
  case "$1" in
    --local) MODE=local ;;
    --simulate)
      SIMULATE=1
      OPTIONS+=("$1")
      ;;
    --cpu)
      CPU=1
      OPTIONS+=("$1")
      ;;
    --compose-vllm)
      COMPOSE_VLLM=1
      OPTIONS+=("$1")
      ;;
    --rebuild) REBUILD=1 ;;
    --no-build) NO_BUILD=1 ;;
    --postgres)
      POSTGRES=1
      OPTIONS+=("$1")
      ;;
    --replicas | --replicas=*)
      if [[ "$1" == --replicas ]]; then
        if (($# < 2)); then
          printf 'error: --replicas needs a number, for example --replicas 3\n\n' >&2
          usage >&2
          exit 2
        fi
        shift
        REPLICAS="$1"
      else
        REPLICAS="${1#--replicas=}"
      fi
      OPTIONS+=(--replicas "$REPLICAS")
      ;;
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
BACKEND_MANAGEMENT_PORT="${BACKEND_MANAGEMENT_PORT:-9000}"
FRONTEND_MANAGEMENT_PORT="${FRONTEND_MANAGEMENT_PORT:-9001}"
LLM_SERVER_PORT="${LLM_SERVER_PORT:-8080}"
START_TIMEOUT="${START_TIMEOUT:-180}"
[[ -z "$REPLICAS" || "$REPLICAS" =~ ^[1-9][0-9]*$ ]] || die "--replicas needs a number of 1 or more, not '$REPLICAS'"
BACKEND_REPLICAS="${REPLICAS:-${BACKEND_REPLICAS:-1}}"
FRONTEND_REPLICAS="${REPLICAS:-${FRONTEND_REPLICAS:-1}}"
for var in BACKEND_PORT FRONTEND_PORT BACKEND_MANAGEMENT_PORT FRONTEND_MANAGEMENT_PORT LLM_SERVER_PORT START_TIMEOUT \
  BACKEND_REPLICAS FRONTEND_REPLICAS; do
  [[ "${!var}" =~ ^[0-9]+$ ]] || die "$var must be a number, not '${!var}'"
done
((BACKEND_REPLICAS >= 1 && FRONTEND_REPLICAS >= 1)) || die "the replicas must be at least 1 (--replicas, BACKEND_REPLICAS, FRONTEND_REPLICAS)"
SCALE=0
((BACKEND_REPLICAS > 1 || FRONTEND_REPLICAS > 1)) && SCALE=1
if ((!POSTGRES)) && [[ -n "$REPLICAS" || "$SCALE" == 1 ]]; then
  die "--replicas (and BACKEND_REPLICAS, FRONTEND_REPLICAS) need --postgres: backend replicas share their chats,
  running answers and logins only through PostgreSQL, while SQLite is one file that one backend container owns.
  Run: ./start-all.sh --postgres --replicas N   (POSTGRES_PASSWORD in $ENV_FILE; README: \"When one machine is not enough\")"
fi
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

# redact_url URL: the URL without the password it may carry (postgresql://user:***@host/db, ...?password=***)
redact_url() {
  local url="$1"
  if [[ "$url" =~ ^([^/]*//[^/:@]*):[^/@]*@(.*)$ ]]; then
    url="${BASH_REMATCH[1]}:***@${BASH_REMATCH[2]}"
  fi
  if [[ "$url" =~ ^(.*[?\&]password=)[^\&]*(.*)$ ]]; then
    url="${BASH_REMATCH[1]}***${BASH_REMATCH[2]}"
  fi
  printf '%s\n' "$url"
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

# the management port of NAME (health and metrics) must be free too, unless NAME is ours and runs already
check_management_port() {
  local name="$1" port="$2" var="$3"
  # 0: a free port, picked by the application
  ((port != 0)) || return 0
  owned_pid "$name" >/dev/null && return 0
  if port_in_use "$port" "$MANAGEMENT_HOST"; then
    die "port $port, the $name's management port (health and metrics), is already in use by another program:
  $(describe_port "$port")
  Stop that program, or choose another port: $var=<free port> ./start-all.sh ..."
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
    JVM_OPTIONS_ARGS=()
    if [[ "$name" != simulator ]]; then
      # also fills JVM_OPTIONS_ARGS: @NAME/jvm.options, the application's committed options, before JAVA_OPTS
      prepare_fast_start "$name" "$jar" "$RUN_DIR/fast-start/$name"
    fi
    cmd+=(${JVM_OPTIONS_ARGS[@]+"${JVM_OPTIONS_ARGS[@]}"} ${opts[@]+"${opts[@]}"} "${FAST_START_ARGS[@]}" "$@")
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
  MANAGEMENT_ADDRESS="${MANAGEMENT_ADDRESS:-127.0.0.1}"
  case "$MANAGEMENT_ADDRESS" in
    0.0.0.0 | :: | '[::]') MANAGEMENT_HOST=127.0.0.1 ;;
    *) MANAGEMENT_HOST="$MANAGEMENT_ADDRESS" ;;
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
  ((BACKEND_MANAGEMENT_PORT == 0 || BACKEND_MANAGEMENT_PORT != FRONTEND_MANAGEMENT_PORT)) ||
    die "BACKEND_MANAGEMENT_PORT and FRONTEND_MANAGEMENT_PORT are both $BACKEND_MANAGEMENT_PORT: give each its own port"
  check_management_port backend "$BACKEND_MANAGEMENT_PORT" BACKEND_MANAGEMENT_PORT
  check_management_port frontend "$FRONTEND_MANAGEMENT_PORT" FRONTEND_MANAGEMENT_PORT

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
    "MANAGEMENT_PORT=$BACKEND_MANAGEMENT_PORT"
    "MANAGEMENT_ADDRESS=$MANAGEMENT_ADDRESS"
    "DATABASE_URL=$DATABASE_URL"
    "LLM_SERVER_BASE_URL=$LLM_SERVER_BASE_URL"
    "LLM_SERVER_PORT=$LLM_SERVER_PORT"
  )
  start_local backend "$BACKEND_PORT" /health "$backend_jar"

  say "-- Frontend"
  LAUNCH_ENV=(
    "SERVER_PORT=$FRONTEND_PORT"
    "SERVER_ADDRESS=$BIND_ADDRESS"
    "MANAGEMENT_PORT=$FRONTEND_MANAGEMENT_PORT"
    "MANAGEMENT_ADDRESS=$MANAGEMENT_ADDRESS"
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
  say "  Database:      $(redact_url "$DATABASE_URL")"
  say "  Metrics:       http://$MANAGEMENT_HOST:$BACKEND_MANAGEMENT_PORT/actuator/prometheus (backend)," \
    "http://$MANAGEMENT_HOST:$FRONTEND_MANAGEMENT_PORT/actuator/prometheus (frontend)"
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

# check_docker_port WHO PORT VAR CONTAINER...: fail when PORT is taken by a program other than these containers of ours
check_docker_port() {
  local who="$1" port="$2" var="$3" container
  shift 3
  for container in "$@"; do
    container_running "$container" && return 0
  done
  if port_in_use "$port"; then
    die "port $port, needed by $who, is already in use by another program:
  $(describe_port "$port")
  Stop that program, or choose another port: $var=<free port> ./start-all.sh"
  fi
}

# the load balancer of docker-compose.scale.yml, in front of the replicas
LB_CONTAINER=mlx-lb

# docker compose with this run's files and profiles
COMPOSE_ARGS=()
compose() {
  docker compose ${COMPOSE_ARGS[@]+"${COMPOSE_ARGS[@]}"} "$@"
}

# wait_replicas SERVICE COUNT: waits until COUNT containers of SERVICE are healthy, at most START_TIMEOUT seconds
wait_replicas() {
  local service="$1" want="$2" start=$SECONDS healthy
  while true; do
    healthy=$(compose ps --format '{{.Health}}' "$service" 2>/dev/null | grep -c '^healthy$' || true)
    if ((healthy >= want)); then
      say "  $healthy of $want $service replicas are healthy"
      return 0
    fi
    if ((SECONDS - start >= START_TIMEOUT)); then
      printf 'error: %s of %s %s replicas are healthy after %s s. Their last log lines:\n' \
        "$healthy" "$want" "$service" "$START_TIMEOUT" >&2
      compose logs --tail 40 "$service" >&2 || true
      return 1
    fi
    sleep 2
  done
}

run_docker() {
  local -a profiles=() files=()
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

  if ((SCALE)); then
    files=(-f docker-compose.yml -f docker-compose.scale.yml)
  elif container_running "$LB_CONTAINER"; then
    die "llmchat runs with replicas behind its load balancer ($LB_CONTAINER). To run it without them, stop it first:
  ./stop-all.sh && ./start-all.sh ...   (./restart-all.sh with no options restarts it as it was started)"
  fi

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

  if ((POSTGRES)); then
    profiles+=(--profile postgres)
    local compose_database="postgresql://llmchat:$POSTGRES_PASSWORD@postgres:5432/llmchat"
    if [[ -n "${DATABASE_URL:-}" && "$DATABASE_URL" != "$compose_database" ]]; then
      say "  --postgres: the backend uses compose's PostgreSQL, not DATABASE_URL=$(redact_url "$DATABASE_URL")"
    fi
    export DATABASE_URL="$compose_database"
  fi
  COMPOSE_ARGS=(${files[@]+"${files[@]}"} ${profiles[@]+"${profiles[@]}"})

  if ((SCALE)); then
    check_docker_port "the load balancer $LB_CONTAINER" "$BACKEND_PORT" BACKEND_PORT "$LB_CONTAINER" mlx-backend
    check_docker_port "the load balancer $LB_CONTAINER" "$FRONTEND_PORT" FRONTEND_PORT "$LB_CONTAINER" mlx-frontend
  else
    check_docker_port mlx-backend "$BACKEND_PORT" BACKEND_PORT mlx-backend
    check_docker_port mlx-frontend "$FRONTEND_PORT" FRONTEND_PORT mlx-frontend
  fi

  say "-- Step 2: images"
  local -a build_args=()
  ((REBUILD)) && build_args+=(--no-cache --pull)
  compose build ${build_args[@]+"${build_args[@]}"}

  say "-- Step 3: containers"
  if ((SCALE)); then
    compose up -d --scale "backend=$BACKEND_REPLICAS" --scale "frontend=$FRONTEND_REPLICAS"
  else
    compose up -d
  fi
  {
    printf 'FILES=%s\n' "${files[*]:-}"
    printf 'PROFILES=%s\n' "${profiles[*]:-}"
    printf 'VLLM_STARTED=%s\n' "$vllm_started"
  } >"$RUN_DIR/docker.state"

  say "-- Step 4: health"
  if ((SCALE)); then
    wait_http "the backends (through $LB_CONTAINER)" "http://$publish_host:$BACKEND_PORT/health" "$START_TIMEOUT" \
      "container_running $LB_CONTAINER" "compose logs --tail 40 lb backend"
    wait_http "the frontends (through $LB_CONTAINER)" "http://$publish_host:$FRONTEND_PORT/health" "$START_TIMEOUT" \
      "container_running $LB_CONTAINER" "compose logs --tail 40 lb frontend"
    wait_replicas backend "$BACKEND_REPLICAS"
    wait_replicas frontend "$FRONTEND_REPLICAS"
  else
    wait_http "backend (mlx-backend)" "http://$publish_host:$BACKEND_PORT/health" "$START_TIMEOUT" \
      "container_running mlx-backend" "docker logs --tail 40 mlx-backend"
    wait_http "frontend (mlx-frontend)" "http://$publish_host:$FRONTEND_PORT/health" "$START_TIMEOUT" \
      "container_running mlx-frontend" "docker logs --tail 40 mlx-frontend"
  fi
  compose ps

  local llm_url="http://127.0.0.1:$LLM_SERVER_PORT/health" llm_state="not reachable from this host"
  local replicas_note="" database="SQLite on the volume backend-data"
  http_ok "$llm_url" && llm_state="up"
  ((SCALE)) && replicas_note=" ($BACKEND_REPLICAS backends, $FRONTEND_REPLICAS frontends behind $LB_CONTAINER)"
  if ((POSTGRES)); then
    database="PostgreSQL in compose (service postgres, volume postgres-data)"
  elif [[ -n "${DATABASE_URL:-}" ]]; then
    database="$(redact_url "$DATABASE_URL") (DATABASE_URL)"
  fi
  say ""
  say "== llmchat is running (Docker) =="
  say "  Frontend:      http://localhost:$FRONTEND_PORT$replicas_note"
  say "  Backend API:   http://localhost:$BACKEND_PORT/docs"
  say "  Model server:  $LLM_SERVER_BASE_URL (from the containers); http://localhost:$LLM_SERVER_PORT/v1/models: $llm_state$SIMULATED_NOTE"
  say "  Backend health: $(backend_health_summary "http://$publish_host:$BACKEND_PORT/health")"
  say "  Database:      $database"
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

# -- what replicas and PostgreSQL need, checked before anything starts
if [[ "$MODE" == local ]]; then
  if [[ -n "$REPLICAS" ]] || ((SCALE)); then
    die "--replicas needs Docker: compose runs the replicas and their load balancer. Without Docker, start more
  backends and frontends by hand behind nginx (README: \"When one machine is not enough\")."
  fi
  if ((POSTGRES)); then
    case "${DATABASE_URL:-}" in
      postgresql://* | postgres://* | jdbc:postgresql:*) ;;
      '') die "--postgres without Docker uses the PostgreSQL you name in DATABASE_URL, which is not set.
  Set it in $ENV_FILE or the environment: DATABASE_URL=postgresql://user:password@host:5432/database" ;;
      *) die "--postgres without Docker uses the PostgreSQL you name in DATABASE_URL, which is not a PostgreSQL URL:
  $(redact_url "$DATABASE_URL"). Set it in $ENV_FILE or the environment: DATABASE_URL=postgresql://user:password@host:5432/database" ;;
    esac
  fi
elif ((POSTGRES)); then
  if [[ -z "${POSTGRES_PASSWORD:-}" ]]; then
    die "--postgres needs POSTGRES_PASSWORD, the password of compose's PostgreSQL. Generate one:
  openssl rand -hex 24   and put it in $ENV_FILE as POSTGRES_PASSWORD=<the password>"
  fi
  if [[ ! "$POSTGRES_PASSWORD" =~ ^[A-Za-z0-9._~-]+$ ]]; then
    die "POSTGRES_PASSWORD goes into the backend's DATABASE_URL, where characters such as / + @ : % would need
  escaping: use only letters, digits and . _ ~ -   (openssl rand -hex 24 makes one)"
  fi
fi
if ((SCALE)); then
  if ((FRONTEND_REPLICAS > 1)) && [[ -z "${SESSION_SECRET:-}" ]]; then
    die "$FRONTEND_REPLICAS frontends need one SESSION_SECRET: without it each seals sessions with a random key of its
  own, and people are signed out whenever the load balancer sends them to another one. Generate one:
  openssl rand -base64 48   and put it in $ENV_FILE as SESSION_SECRET=<the secret>"
  fi
  # each backend opens up to DATABASE_POOL_SIZE connections, and one more for the messages between the replicas;
  # PostgreSQL accepts 100 by default, 3 of them kept for its administrators
  pool_size="${DATABASE_POOL_SIZE:-20}"
  if [[ "$pool_size" =~ ^[0-9]+$ ]] && ((BACKEND_REPLICAS * (pool_size + 1) > 97)); then
    fix="raise PostgreSQL's max_connections"
    ((97 / BACKEND_REPLICAS - 1 >= 1)) && fix="put DATABASE_POOL_SIZE=$((97 / BACKEND_REPLICAS - 1)) in $ENV_FILE, or $fix"
    warn "$BACKEND_REPLICAS backends may open up to $((BACKEND_REPLICAS * (pool_size + 1))) connections to PostgreSQL, which
  accepts 97 by default: $fix"
  fi
  if ((BACKEND_REPLICAS > 1)) && [[ -z "${SECRET_KEY:-}" ]]; then
    warn "SECRET_KEY is not set: the $BACKEND_REPLICAS backends share a signing key they generate and keep in PostgreSQL.
  To manage it yourself (recommended): openssl rand -base64 48   and put it in $ENV_FILE as SECRET_KEY=<the key>"
  fi
fi

[[ "$MODE" == local ]] && OPTIONS=(--local ${OPTIONS[@]+"${OPTIONS[@]}"})
if ((${#OPTIONS[@]})); then
  printf '%s\n' "${OPTIONS[@]}" >"$RUN_DIR/start-all.options"
else
  : >"$RUN_DIR/start-all.options"
fi

if [[ "$MODE" == docker ]]; then
  run_docker
else
  run_local
fi
