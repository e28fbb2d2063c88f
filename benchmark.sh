#!/usr/bin/env bash
# Benchmarks llmchat on this machine: starts the vLLM simulator, nginx in front of it, the backend and the frontend
# on 127.0.0.1 (free ports, a fresh database), drives them with the load driver of benchmark/, prints the table and
# writes it to target/benchmark/results.md, then stops everything it started. With --postgres, the same load runs on
# a fresh PostgreSQL database: against one backend, then against two behind an nginx load balancer.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/jdk.sh
. scripts/jdk.sh
# shellcheck source=scripts/stack.sh
. scripts/stack.sh
# shellcheck source=scripts/fast-start.sh
. scripts/fast-start.sh

usage() {
  cat <<'EOF'
Usage: ./benchmark.sh [options]

Starts the vLLM simulator (TTFT 50 ms, 50 tokens/s), nginx as a plain reverse proxy in front of it, the
backend and the frontend on 127.0.0.1, then measures: streams straight to the simulator, through nginx,
through the backend and through the frontend (the browser's path) at 1, 100 and 1,000 at once, with
every stored answer checked in the database; login, list, create and open-a-1,000-message-chat at 1 and
50 clients; the CPU time each application spends per answer and per call; start-up times and resident
memory. Prints the table, writes target/benchmark/results.md and results.json (the logs and the run's
database app.db beside them) and stops everything it started. Takes about 5 minutes on an idle 2-core
machine; --quick about 3; --postgres twice as long.

Options:
  --quick       fewer streams and requests: to see the effect of a change
  --profile     record the backend and the frontend with JFR (settings=profile) and print where their
                CPU time goes and which exceptions they throw (*.jfr beside the logs); start-up is slower then
  --no-build    run the jars as they are, even when older than their sources
  --postgres    run the same load on PostgreSQL instead of SQLite, twice: against one backend, then against
                two backend replicas behind nginx (round robin, as deploy/nginx/llmchat-lb.conf), the
                frontend reaching them through it; each in a fresh database, dropped at the end. Writes
                target/benchmark/results-postgresql-1-backend.md and results-postgresql-2-backends.md, and
                results-side-by-side.md: both beside the last SQLite run's results (results.json) if any
  -h, --help    show this help

Environment:
  BENCHMARK_JAVA_OPTS   more JVM options of the backend and the frontend (default -XX:+ExitOnOutOfMemoryError),
                        after the committed backend/jvm.options and frontend/jvm.options, which they override
  FAST_START=1          run the backend and the frontend as start-all.sh does: extracted, with a start-up cache
                        recorded before the clock starts (0: the jars as they are)
  START_TIMEOUT=120     seconds each application may take to become healthy
  BENCHMARK_POSTGRES_URL
                        with --postgres: the PostgreSQL server to make the databases in, as
                        postgresql://user[:password]@host:port (default postgresql://$PGUSER@127.0.0.1:5432;
                        without PGUSER, the current user, then postgres)
Needs a JDK 21+, curl, and nginx (installed with apt-get when missing and run as root; skipped otherwise, and
--postgres then stops: its balancer is nginx); --postgres also psql and a PostgreSQL 15 or newer.
EOF
}

QUICK=0
PROFILE=0
BUILD=1
POSTGRES=0
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --profile) PROFILE=1 ;;
    --no-build) BUILD=0 ;;
    --postgres) POSTGRES=1 ;;
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

select_jdk || die "no JDK 21 or newer: install one or set JAVA_HOME"
command -v curl >/dev/null 2>&1 || die "curl is needed to wait for the applications: apt-get install curl"
JAVA_BIN="$JAVA_HOME/bin/java"
START_TIMEOUT="${START_TIMEOUT:-120}"
export STOP_TIMEOUT=20

# ---- PostgreSQL (--postgres): a fresh database per configuration, dropped again -----------------------------------

# postgres_psql SERVER SQL: runs SQL in SERVER's maintenance database, printing rows unaligned
postgres_psql() {
  PGCONNECT_TIMEOUT=5 psql -X -v ON_ERROR_STOP=1 -Atq -d "$1/postgres" -c "$2"
}

# find_postgres_server: sets POSTGRES_SERVER to BENCHMARK_POSTGRES_URL (any database name cut off) or, without it,
# to the local server as PGUSER, the current user or postgres (the first that connects); dies when none answers
find_postgres_server() {
  local candidate error="" user
  local -a candidates=()
  command -v psql >/dev/null 2>&1 || die "--postgres needs psql (apt-get install postgresql-client)"
  if [[ -n "${BENCHMARK_POSTGRES_URL:-}" ]]; then
    [[ "$BENCHMARK_POSTGRES_URL" =~ ^(postgres(ql)?://[^/?]+) ]] ||
      die "BENCHMARK_POSTGRES_URL must look like postgresql://user[:password]@host:port, not $BENCHMARK_POSTGRES_URL"
    candidates=("${BASH_REMATCH[1]}")
  else
    for user in "${PGUSER:-$(id -un)}" postgres; do
      candidates+=("postgresql://$user@127.0.0.1:5432")
    done
  fi
  for candidate in "${candidates[@]}"; do
    if error=$(postgres_psql "$candidate" "select 1" 2>&1 >/dev/null); then
      POSTGRES_SERVER="$candidate"
      return 0
    fi
  done
  die "--postgres: no PostgreSQL answers at ${candidates[-1]#*@} ($(head -n 1 <<<"$error")); start one there," \
    "or name another in BENCHMARK_POSTGRES_URL=postgresql://user[:password]@host:port"
}

POSTGRES_DATABASE=""

# create_database: a new empty database, named in POSTGRES_DATABASE until drop_database
create_database() {
  POSTGRES_DATABASE="llmchat_benchmark_$(date +%s)_$$"
  postgres_psql "$POSTGRES_SERVER" "create database $POSTGRES_DATABASE" ||
    die "PostgreSQL at ${POSTGRES_SERVER#*@} refused to create the database $POSTGRES_DATABASE"
}

# drop_database: drops the database create_database made (ending connections still open to it), if any
drop_database() {
  [[ -n "$POSTGRES_DATABASE" ]] || return 0
  postgres_psql "$POSTGRES_SERVER" "drop database if exists $POSTGRES_DATABASE with (force)" ||
    warn "could not drop the database $POSTGRES_DATABASE at ${POSTGRES_SERVER#*@}: drop it by hand"
  POSTGRES_DATABASE=""
}

if ((POSTGRES)); then
  find_postgres_server
fi

OUT_DIR="target/benchmark"
mkdir -p "$OUT_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/llmchat-benchmark.XXXXXX")"

SIMULATOR_JAR=vllm-server/simulator/target/vllm-simulator-exec.jar
BACKEND_JAR=backend/target/llmchat-backend.jar
FRONTEND_JAR=frontend/target/llmchat-frontend.jar
DRIVER_JAR=benchmark/target/llmchat-benchmark.jar

# ---- stopping what we started, by PID, on every way out ----------------------------------------------------------

STARTED=()

# stop_started [KEEP]: stops what was started, the latest first, down to the first KEEP entries (default: all)
stop_started() {
  local keep="${1:-0}" i entry
  for ((i = ${#STARTED[@]} - 1; i >= keep; i--)); do
    entry="${STARTED[i]}"
    stop_pid "${entry%%:*}" "${entry##*:}"
    wait "${entry##*:}" 2>/dev/null || true
  done
  STARTED=("${STARTED[@]:0:keep}")
}

on_exit() {
  local status=$?
  trap - EXIT INT TERM
  if ((${#STARTED[@]})); then
    say "stopping what the benchmark started"
    stop_started
  fi
  drop_database
  # the run's database stays for a look at the stored answers (ttft_ms, duration_ms as the backend measured them)
  cp -f "$WORK/app.db" "$OUT_DIR/app.db" 2>/dev/null || true
  rm -rf "$WORK"
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# ---- building ------------------------------------------------------------------------------------------------------

# stale JAR MODULE: true when JAR is missing or a source of MODULE (or the root pom) is newer
stale() {
  local jar="$1" module="$2"
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find pom.xml "$module/pom.xml" "$module/src/main" -type f -newer "$jar" -print -quit 2>/dev/null)" ]]
}

if ((BUILD)); then
  if stale "$SIMULATOR_JAR" vllm-server/simulator || stale "$BACKEND_JAR" backend || stale "$FRONTEND_JAR" frontend ||
    stale "$DRIVER_JAR" benchmark; then
    say "building the jars: ./mvnw -B -DskipTests package (log $OUT_DIR/build.log)"
    ./mvnw -B -DskipTests package -pl vllm-server/simulator,backend,frontend,benchmark -am >"$OUT_DIR/build.log" 2>&1 ||
      die "the build failed; see $OUT_DIR/build.log"
  fi
fi
# The applications run from copies: a teammate's build rewriting a jar in target/ would break a running JVM.
# cp -p keeps the times, so the simulator's class data sharing archive beside its copy stays valid between runs;
# the copy is renamed into place, so that a run still using the previous copy keeps its file.
JARS="$OUT_DIR/jars"
mkdir -p "$JARS"
for jar in "$SIMULATOR_JAR" "$BACKEND_JAR" "$FRONTEND_JAR" "$DRIVER_JAR"; do
  [[ -f "$jar" ]] || die "$jar is missing: build with ./mvnw -B -DskipTests package"
  cp -p "$jar" "$JARS/.copy.jar"
  mv -f "$JARS/.copy.jar" "$JARS/${jar##*/}"
done
SIMULATOR_JAR="$JARS/${SIMULATOR_JAR##*/}"
BACKEND_JAR="$JARS/${BACKEND_JAR##*/}"
FRONTEND_JAR="$JARS/${FRONTEND_JAR##*/}"
DRIVER_JAR="$JARS/${DRIVER_JAR##*/}"

# ---- starting ------------------------------------------------------------------------------------------------------

# free_port: a port nobody listens on, below the kernel's range for outgoing connections (whose local ends could
# hold it), so the application can bind it
free_port() {
  local port low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  while true; do
    port=$((10000 + RANDOM % (low - 10000)))
    port_in_use "$port" || break
  done
  printf '%s\n' "$port"
}

now_ms() {
  date +%s%3N
}

# the folder of the logs (and JFR recordings) of what is started next: one per configuration
LOGS="$OUT_DIR"

# wait_healthy NAME URL PID: polls URL every 50 ms until it answers 2xx; fails when PID dies or START_TIMEOUT passes
wait_healthy() {
  local name="$1" url="$2" pid="$3" deadline=$((SECONDS + START_TIMEOUT))
  until curl -fsS -m 2 -o /dev/null "$url" 2>/dev/null; do
    if ! pid_alive "$pid"; then
      tail -n 30 "$LOGS/$name.log" >&2 || true
      die "$name stopped while starting (log $LOGS/$name.log)"
    fi
    ((SECONDS < deadline)) || die "$name did not answer $url within $START_TIMEOUT s (log $LOGS/$name.log)"
    sleep 0.05
  done
}

PID_ARGS=()
STARTED_ARGS=()

# launch NAME HEALTH_URL COMMAND...: starts COMMAND in the background and records its PID and start-up time for the
# load driver. A replica is named after its application with a number (backend-2): its figures count as the backend's.
launch() {
  local name="$1" url="$2" start pid elapsed application="${1%-[0-9]}"
  shift 2
  start=$(now_ms)
  "$@" </dev/null >"$LOGS/$name.log" 2>&1 &
  pid=$!
  STARTED+=("$name:$pid")
  wait_healthy "$name" "$url" "$pid"
  elapsed=$(($(now_ms) - start))
  PID_ARGS+=(--pid "$application=$pid")
  STARTED_ARGS+=(--started "$application=$elapsed")
  say "  $name healthy after $elapsed ms (pid $pid, $url)"
}

java_opts() {
  local name="$1"
  local -a opts=()
  read -r -a opts <<<"${BENCHMARK_JAVA_OPTS:--XX:+ExitOnOutOfMemoryError}"
  if ((PROFILE)); then
    opts+=("-XX:StartFlightRecording=filename=$LOGS/$name.jfr,settings=profile,dumponexit=true")
  fi
  if ((${#opts[@]})); then
    printf '%s\n' "${opts[@]}"
  fi
}

find_nginx() {
  if command -v nginx >/dev/null 2>&1; then
    command -v nginx
  elif [[ -x /usr/sbin/nginx ]]; then
    printf '/usr/sbin/nginx\n'
  fi
}

ensure_nginx() {
  local nginx
  nginx=$(find_nginx)
  if [[ -z "$nginx" && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing nginx (apt-get install nginx; log $OUT_DIR/nginx-install.log)" >&2
    {
      DEBIAN_FRONTEND=noninteractive apt-get install -y nginx ||
        { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nginx; }
    } >"$OUT_DIR/nginx-install.log" 2>&1 || warn "could not install nginx; see $OUT_DIR/nginx-install.log"
    nginx=$(find_nginx)
  fi
  printf '%s\n' "$nginx"
}

# write_nginx_config DIR PORT UPSTREAM_PORT...: nginx as a plain reverse proxy of the upstreams on 127.0.0.1
# (round robin when several, as the compose load balancer): unbuffered, HTTP/1.1 keep-alive to the upstreams
write_nginx_config() {
  local dir="$1" port="$2" user_line="" upstream servers=""
  shift 2
  for upstream in "$@"; do
    # max_fails=0 as deploy/nginx/llmchat-lb.conf: nginx's default takes a replica out for 10 s after one failed
    # connection, and at 1,000 streams both were out (449 of 1,000 streams got 502 "no live upstreams")
    servers+="    server 127.0.0.1:$upstream max_fails=0;"$'\n'
  done
  mkdir -p "$dir/temp"
  if (($(id -u) == 0)); then
    user_line="user root;"
  fi
  cat >"$dir/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes auto;
worker_rlimit_nofile 16384;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  upstream upstreams {
$servers    keepalive 1024;
    keepalive_timeout 50s;
  }
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / {
      proxy_pass http://upstreams;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 300s;
      proxy_next_upstream error timeout;
    }
  }
}
EOF
}

# start_nginx NAME UPSTREAM_PORT...: nginx on a free port in front of the upstreams; sets NGINX_URL
start_nginx() {
  local name="$1" port
  shift
  port=$(free_port)
  write_nginx_config "$WORK/$name" "$port" "$@"
  NGINX_URL="http://127.0.0.1:$port"
  # its error log goes to stderr, into $LOGS/NAME.log with the applications' logs, kept after the run
  launch "$name" "$NGINX_URL/health" "$NGINX" -p "$WORK/$name" -c "$WORK/$name/nginx.conf" -e stderr
}

# one key for every backend replica (a token one signs, the others accept)
SECRET_KEY="$(head -c 48 /dev/urandom | base64 -w0)"

# start_backend NAME DATABASE_URL: a backend on a free port; sets BACKEND_URL
# The per-user generation limit and the login throttle (which holds logins in flight to 5 per account) are lifted:
# measured here is the cost of a call, not the limits.
start_backend() {
  local name="$1" database_url="$2" port
  local -a opts=()
  port=$(free_port)
  BACKEND_URL="http://127.0.0.1:$port"
  mapfile -t opts < <(java_opts "$name")
  launch "$name" "$BACKEND_URL/health" env SERVER_PORT="$port" SERVER_ADDRESS=127.0.0.1 \
    MANAGEMENT_PORT="$(free_port)" DATABASE_URL="$database_url" SECRET_KEY="$SECRET_KEY" \
    LLM_SERVER_BASE_URL="$SIMULATOR_URL/v1" LLMCHAT_GENERATION_PER_USER_PER_MINUTE=1000000 \
    LLMCHAT_AUTH_MAX_FAILURES_PER_ACCOUNT=1000000 LLMCHAT_AUTH_MAX_FAILURES_PER_ADDRESS=1000000 \
    "$JAVA_BIN" ${BACKEND_OPTIONS[@]+"${BACKEND_OPTIONS[@]}"} ${opts[@]+"${opts[@]}"} "${BACKEND_START[@]}"
}

# start_frontend BACKEND: the frontend on a free port, talking to BACKEND; sets FRONTEND_URL
start_frontend() {
  local backend="$1" port
  local -a opts=()
  port=$(free_port)
  FRONTEND_URL="http://127.0.0.1:$port"
  mapfile -t opts < <(java_opts frontend)
  launch frontend "$FRONTEND_URL/health" env SERVER_PORT="$port" SERVER_ADDRESS=127.0.0.1 \
    MANAGEMENT_PORT="$(free_port)" BACKEND_URL="$backend" \
    "$JAVA_BIN" ${FRONTEND_OPTIONS[@]+"${FRONTEND_OPTIONS[@]}"} ${opts[@]+"${opts[@]}"} "${FRONTEND_START[@]}"
}

# ---- measuring -----------------------------------------------------------------------------------------------------

MODE="full"
QUICK_ARGS=()
if ((QUICK)); then
  MODE="quick"
  QUICK_ARGS=(--quick)
fi

# drive BACKEND DATABASE OUT DESCRIPTION: runs the load driver against the simulator, nginx, BACKEND (one backend
# or the balancer in front of several) and the frontend, with the stored answers read from DATABASE
drive() {
  local backend="$1" database="$2" out="$3" description="$4" pid
  say "driving the load ($MODE run, $description)"
  # in the background and waited for, so that a TERM sent to this script stops the driver too
  "$JAVA_BIN" --enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$DRIVER_JAR" \
    dev.llmchat.benchmark.Main --simulator "$SIMULATOR_URL" ${NGINX_ARGS[@]+"${NGINX_ARGS[@]}"} \
    --backend "$backend" --frontend "$FRONTEND_URL" --database "$database" --out "$out" \
    ${QUICK_ARGS[@]+"${QUICK_ARGS[@]}"} "${PID_ARGS[@]}" "${STARTED_ARGS[@]}" --clock-ticks "$(getconf CLK_TCK)" \
    --context "run: $MODE, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --context "database: $description" \
    --context "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1048576}' /proc/meminfo)" \
    --context "JDK: $("$JAVA_BIN" -version 2>&1 | head -n 1)" \
    --context "simulator: TTFT 50 ms, 50 tokens/s, 24-token answers; every stream in a fresh chat" &
  pid=$!
  STARTED+=("load driver:$pid")
  wait "$pid"
  STARTED=("${STARTED[@]:0:${#STARTED[@]}-1}")
}

# summarize_profiles: where the backend's and the frontend's CPU time went, from the JFR recordings in LOGS
summarize_profiles() {
  local jfr
  for jfr in "$LOGS"/backend*.jfr "$LOGS"/frontend.jfr; do
    [[ -f "$jfr" ]] || continue
    say ""
    say "== ${jfr##*/}: where the CPU time went ($jfr)"
    "$JAVA_BIN" -cp "$DRIVER_JAR" dev.llmchat.benchmark.JfrSummary "$jfr" 15
  done
}

# measure NAME BACKENDS DATABASE_URL DATABASE DESCRIPTION: starts BACKENDS backend replicas on DATABASE_URL (behind
# an nginx balancer when more than one) and the frontend, drives the load, writes $OUT_DIR/NAME.md and stops them
# again; the simulator and nginx in front of it keep running for the next configuration
measure() {
  local name="$1" backends="$2" database_url="$3" database="$4" description="$5" replica backend
  local keep=${#STARTED[@]}
  local -a shared_pids=("${PID_ARGS[@]}") shared_started=("${STARTED_ARGS[@]}") replica_ports=()
  # the SQLite run's logs stay beside results.md; each PostgreSQL configuration gets a folder of its own
  if [[ "$name" != results ]]; then
    LOGS="$OUT_DIR/$name"
    mkdir -p "$LOGS"
  fi
  if ((PROFILE)); then
    rm -f "$LOGS"/*.jfr
  fi
  say "== $description"
  if ((backends == 1)); then
    start_backend backend "$database_url"
    backend="$BACKEND_URL"
  else
    for ((replica = 1; replica <= backends; replica++)); do
      start_backend "backend-$replica" "$database_url"
      replica_ports+=("${BACKEND_URL##*:}")
    done
    start_nginx balancer "${replica_ports[@]}"
    backend="$NGINX_URL"
  fi
  start_frontend "$backend"
  drive "$backend" "$database" "$OUT_DIR/$name.md" "$description"
  say "stopping the backend and the frontend"
  stop_started "$keep"
  if ((PROFILE)); then
    summarize_profiles
  fi
  PID_ARGS=("${shared_pids[@]}")
  STARTED_ARGS=("${shared_started[@]}")
  LOGS="$OUT_DIR"
  say "results: $OUT_DIR/$name.md"
}

# measure_postgres BACKENDS: measure with BACKENDS backend replicas in a fresh PostgreSQL database, dropped after
measure_postgres() {
  local backends="$1" url server name description
  create_database
  url="$POSTGRES_SERVER/$POSTGRES_DATABASE"
  server="PostgreSQL $(postgres_psql "$POSTGRES_SERVER" "show server_version" | cut -d' ' -f1) at ${POSTGRES_SERVER#*@}"
  if ((backends == 1)); then
    name="results-postgresql-1-backend"
    description="$server, a fresh database, 1 backend"
  else
    name="results-postgresql-$backends-backends"
    description="$server, a fresh database, $backends backend replicas behind nginx (round robin); the backend's \
CPU time and memory are their sum"
  fi
  measure "$name" "$backends" "$url" "$url" "$description"
  drop_database
}

# compare_databases: the PostgreSQL runs side by side, after the last SQLite run of target/benchmark when there is one
compare_databases() {
  local -a columns=()
  if [[ -f "$OUT_DIR/results.json" ]]; then
    columns+=("SQLite=$OUT_DIR/results.json")
  fi
  columns+=("PostgreSQL, 1 backend=$OUT_DIR/results-postgresql-1-backend.json"
    "PostgreSQL, 2 backends=$OUT_DIR/results-postgresql-2-backends.json")
  say ""
  "$JAVA_BIN" -cp "$DRIVER_JAR" dev.llmchat.benchmark.Comparison --out "$OUT_DIR/results-side-by-side.md" \
    "${columns[@]}"
  say "side by side: $OUT_DIR/results-side-by-side.md"
}

# ---- the run -------------------------------------------------------------------------------------------------------

SIMULATOR_PORT=$(free_port)
SIMULATOR_URL="http://127.0.0.1:$SIMULATOR_PORT"

say "load average before starting: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"
say "starting on 127.0.0.1 (work folder $WORK)"
# as vllm-server/simulator/run-simulator.sh does, with the archive beside the copied jar
launch simulator "$SIMULATOR_URL/health" "$JAVA_BIN" -XX:+AutoCreateSharedArchive \
  -XX:SharedArchiveFile="$JARS/vllm-simulator.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$SIMULATOR_JAR" \
  --host 127.0.0.1 --port "$SIMULATOR_PORT" --ttft-ms 50 --tokens-per-second 50

NGINX_ARGS=()
NGINX=$(ensure_nginx)
if [[ -n "$NGINX" ]]; then
  start_nginx nginx "$SIMULATOR_PORT"
  NGINX_ARGS=(--nginx "$NGINX_URL")
elif ((POSTGRES)); then
  die "--postgres needs nginx for the load balancer in front of two backends: apt-get install nginx"
else
  warn "nginx is not installed and cannot be installed here: the table has no nginx rows"
fi

# as start-all.sh does: extracted, with a start-up cache recorded now, before the clock of the start starts
# (with each application's committed backend/jvm.options or frontend/jvm.options first, as there)
prepare_fast_start backend "$BACKEND_JAR" "$JARS/fast-start/backend"
BACKEND_START=("${FAST_START_ARGS[@]}")
BACKEND_OPTIONS=(${JVM_OPTIONS_ARGS[@]+"${JVM_OPTIONS_ARGS[@]}"})
prepare_fast_start frontend "$FRONTEND_JAR" "$JARS/fast-start/frontend"
FRONTEND_START=("${FAST_START_ARGS[@]}")
FRONTEND_OPTIONS=(${JVM_OPTIONS_ARGS[@]+"${JVM_OPTIONS_ARGS[@]}"})

if ((POSTGRES)); then
  measure_postgres 1
  measure_postgres 2
  compare_databases
else
  measure results 1 "sqlite:///$WORK/app.db" "$WORK/app.db" "SQLite, a fresh file, 1 backend"
fi
say "stopping the simulator and nginx"
stop_started
