#!/usr/bin/env bash
# Benchmarks llmchat on this machine: starts the vLLM simulator, nginx in front of it, the backend and the frontend
# on 127.0.0.1 (free ports, a fresh database), drives them with the load driver of benchmark/, prints the table and
# writes it to target/benchmark/results.md, then stops everything it started.
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
memory. Prints the table, writes target/benchmark/results.md (the logs and the run's database app.db
beside it) and stops everything it started. Takes about 5 minutes on an idle 2-core machine; --quick
about 3.

Options:
  --quick       fewer streams and requests: to see the effect of a change
  --profile     record the backend and the frontend with JFR (settings=profile) and print where their
                CPU time goes and which exceptions they throw (target/benchmark/*.jfr); start-up is slower then
  --no-build    run the jars as they are, even when older than their sources
  -h, --help    show this help

Environment:
  BENCHMARK_JAVA_OPTS   JVM options of the backend and the frontend (default -XX:+ExitOnOutOfMemoryError)
  FAST_START=1          run the backend and the frontend as start-all.sh does: extracted, with a start-up cache
                        recorded before the clock starts (0: the jars as they are)
  START_TIMEOUT=120     seconds each application may take to become healthy
Needs a JDK 21+, curl, and nginx (installed with apt-get when missing and run as root; skipped otherwise).
EOF
}

QUICK=0
PROFILE=0
BUILD=1
while (($#)); do
  case "$1" in
    --quick) QUICK=1 ;;
    --profile) PROFILE=1 ;;
    --no-build) BUILD=0 ;;
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
OUT_DIR="target/benchmark"
mkdir -p "$OUT_DIR"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/llmchat-benchmark.XXXXXX")"

SIMULATOR_JAR=vllm-server/simulator/target/vllm-simulator-exec.jar
BACKEND_JAR=backend/target/llmchat-backend.jar
FRONTEND_JAR=frontend/target/llmchat-frontend.jar
DRIVER_JAR=benchmark/target/llmchat-benchmark.jar

# ---- stopping what we started, by PID, on every way out ----------------------------------------------------------

STARTED=()

stop_started() {
  local i entry
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do
    entry="${STARTED[i]}"
    stop_pid "${entry%%:*}" "${entry##*:}"
    wait "${entry##*:}" 2>/dev/null || true
  done
  STARTED=()
}

on_exit() {
  local status=$?
  trap - EXIT INT TERM
  if ((${#STARTED[@]})); then
    say "stopping what the benchmark started"
    stop_started
  fi
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

# wait_healthy NAME URL PID: polls URL every 50 ms until it answers 2xx; fails when PID dies or START_TIMEOUT passes
wait_healthy() {
  local name="$1" url="$2" pid="$3" deadline=$((SECONDS + START_TIMEOUT))
  until curl -fsS -m 2 -o /dev/null "$url" 2>/dev/null; do
    if ! pid_alive "$pid"; then
      tail -n 30 "$OUT_DIR/$name.log" >&2 || true
      die "$name stopped while starting (log $OUT_DIR/$name.log)"
    fi
    ((SECONDS < deadline)) || die "$name did not answer $url within $START_TIMEOUT s (log $OUT_DIR/$name.log)"
    sleep 0.05
  done
}

PID_ARGS=()
STARTED_ARGS=()

# launch NAME HEALTH_URL COMMAND...: starts COMMAND in the background and records its PID and start-up time
launch() {
  local name="$1" url="$2" start pid elapsed
  shift 2
  start=$(now_ms)
  "$@" </dev/null >"$OUT_DIR/$name.log" 2>&1 &
  pid=$!
  STARTED+=("$name:$pid")
  wait_healthy "$name" "$url" "$pid"
  elapsed=$(($(now_ms) - start))
  PID_ARGS+=(--pid "$name=$pid")
  STARTED_ARGS+=(--started "$name=$elapsed")
  say "  $name healthy after $elapsed ms (pid $pid, $url)"
}

java_opts() {
  local name="$1"
  local -a opts=()
  read -r -a opts <<<"${BENCHMARK_JAVA_OPTS:--XX:+ExitOnOutOfMemoryError}"
  if ((PROFILE)); then
    opts+=("-XX:StartFlightRecording=filename=$OUT_DIR/$name.jfr,settings=profile,dumponexit=true")
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

# nginx as a plain reverse proxy of the simulator: unbuffered, HTTP/1.1 keep-alive to the upstream
write_nginx_config() {
  local dir="$1" port="$2" upstream="$3" user_line=""
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
error_log $dir/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  upstream simulator {
    server 127.0.0.1:$upstream;
    keepalive 1024;
  }
  server {
    listen 127.0.0.1:$port backlog=4096;
    location / {
      proxy_pass http://simulator;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
EOF
}

SIMULATOR_PORT=$(free_port)
BACKEND_PORT=$(free_port)
FRONTEND_PORT=$(free_port)
NGINX_PORT=$(free_port)
SIMULATOR_URL="http://127.0.0.1:$SIMULATOR_PORT"
BACKEND_URL="http://127.0.0.1:$BACKEND_PORT"
FRONTEND_URL="http://127.0.0.1:$FRONTEND_PORT"
NGINX_URL="http://127.0.0.1:$NGINX_PORT"
DATABASE="$WORK/app.db"

say "load average before starting: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"
say "starting on 127.0.0.1 (work folder $WORK)"
# as vllm-server/simulator/run-simulator.sh does, with the archive beside the copied jar
launch simulator "$SIMULATOR_URL/health" "$JAVA_BIN" -XX:+AutoCreateSharedArchive \
  -XX:SharedArchiveFile="$JARS/vllm-simulator.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$SIMULATOR_JAR" \
  --host 127.0.0.1 --port "$SIMULATOR_PORT" --ttft-ms 50 --tokens-per-second 50

# the per-user generation limit and the login throttle (which holds logins in flight to 5 per account) are lifted: measured here is
# the cost of a call, not the limits
# as start-all.sh does: extracted, with a start-up cache recorded now, before the clock of the start starts
prepare_fast_start backend "$BACKEND_JAR" "$JARS/fast-start/backend"
BACKEND_START=("${FAST_START_ARGS[@]}")
prepare_fast_start frontend "$FRONTEND_JAR" "$JARS/fast-start/frontend"
FRONTEND_START=("${FAST_START_ARGS[@]}")

# MANAGEMENT_PORT=0: health and metrics on a free port, so that the benchmark runs beside a running llmchat
mapfile -t BACKEND_OPTS < <(java_opts backend)
launch backend "$BACKEND_URL/health" env SERVER_PORT="$BACKEND_PORT" SERVER_ADDRESS=127.0.0.1 MANAGEMENT_PORT=0 \
  DATABASE_URL="sqlite:///$DATABASE" SECRET_KEY="$(head -c 48 /dev/urandom | base64 -w0)" \
  LLM_SERVER_BASE_URL="$SIMULATOR_URL/v1" LLMCHAT_GENERATION_PER_USER_PER_MINUTE=1000000 \
  LLMCHAT_AUTH_MAX_FAILURES_PER_ACCOUNT=1000000 LLMCHAT_AUTH_MAX_FAILURES_PER_ADDRESS=1000000 \
  "$JAVA_BIN" ${BACKEND_OPTS[@]+"${BACKEND_OPTS[@]}"} "${BACKEND_START[@]}"

mapfile -t FRONTEND_OPTS < <(java_opts frontend)
launch frontend "$FRONTEND_URL/health" env SERVER_PORT="$FRONTEND_PORT" SERVER_ADDRESS=127.0.0.1 MANAGEMENT_PORT=0 \
  BACKEND_URL="$BACKEND_URL" "$JAVA_BIN" ${FRONTEND_OPTS[@]+"${FRONTEND_OPTS[@]}"} "${FRONTEND_START[@]}"

NGINX_ARGS=()
NGINX=$(ensure_nginx)
if [[ -n "$NGINX" ]]; then
  write_nginx_config "$WORK/nginx" "$NGINX_PORT" "$SIMULATOR_PORT"
  launch nginx "$NGINX_URL/health" "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log"
  NGINX_ARGS=(--nginx "$NGINX_URL")
else
  warn "nginx is not installed and cannot be installed here: the table has no nginx rows"
fi

# ---- measuring -----------------------------------------------------------------------------------------------------

MODE="full"
QUICK_ARGS=()
if ((QUICK)); then
  MODE="quick"
  QUICK_ARGS=(--quick)
fi
say "driving the load ($MODE run)"
# in the background and waited for, so that a TERM sent to this script stops the driver too
DRIVER_OPTS=(--enable-native-access=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$DRIVER_JAR")
"$JAVA_BIN" "${DRIVER_OPTS[@]}" dev.llmchat.benchmark.Main \
  --simulator "$SIMULATOR_URL" ${NGINX_ARGS[@]+"${NGINX_ARGS[@]}"} --backend "$BACKEND_URL" --frontend "$FRONTEND_URL" \
  --database "$DATABASE" --out "$OUT_DIR/results.md" ${QUICK_ARGS[@]+"${QUICK_ARGS[@]}"} "${PID_ARGS[@]}" "${STARTED_ARGS[@]}" \
  --clock-ticks "$(getconf CLK_TCK)" \
  --context "run: $MODE, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  --context "machine: $(nproc) cores, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2 / 1048576}' /proc/meminfo)" \
  --context "JDK: $("$JAVA_BIN" -version 2>&1 | head -n 1)" \
  --context "simulator: TTFT 50 ms, 50 tokens/s, 24-token answers; every stream in a fresh chat" &
DRIVER_PID=$!
STARTED+=("load driver:$DRIVER_PID")
wait "$DRIVER_PID"
STARTED=("${STARTED[@]:0:${#STARTED[@]}-1}")

say "stopping the applications"
stop_started
if ((PROFILE)); then
  for name in backend frontend; do
    if [[ -f "$OUT_DIR/$name.jfr" ]]; then
      say ""
      say "== $name: where the CPU time went ($OUT_DIR/$name.jfr)"
      "$JAVA_BIN" -cp "$DRIVER_JAR" dev.llmchat.benchmark.JfrSummary "$OUT_DIR/$name.jfr" 15
    fi
  done
fi
say "results: $OUT_DIR/results.md"
