#!/usr/bin/env bash
# Sourced by start-all.sh, stop-all.sh and copy-sqlite-to-postgres.sh: the run folder, .env, ports, health waits,
# our own PIDs and whether the jars are older than their sources.
# Nothing here kills a process by name: only PIDs this project recorded, after checking their command line.

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# load_dotenv FILE: exports KEY=VALUE lines of FILE whose KEY is not already set in the environment
# (the environment wins, as in docker compose). The file is parsed, never executed.
load_dotenv() {
  local file="$1" line key value
  [[ -f "$file" ]] || return 0
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line%$'\r'}"
    [[ "$line" =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[2]}"
    value="${BASH_REMATCH[3]}"
    if [[ "$value" =~ ^\"(.*)\"[[:space:]]*$ || "$value" =~ ^\'(.*)\'[[:space:]]*$ ]]; then
      value="${BASH_REMATCH[1]}"
    else
      value="${value%%[[:space:]]#*}"
      value="${value%"${value##*[![:space:]]}"}"
    fi
    if [[ -z "${!key+set}" ]]; then
      export "$key=$value"
    fi
  done <"$file"
}

# port_in_use PORT [HOST]: true when something accepts connections on HOST:PORT (default 127.0.0.1)
port_in_use() {
  local port="$1" host="${2:-127.0.0.1}"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

# describe_port PORT: one line about who listens on PORT, when the system can tell
describe_port() {
  local port="$1" out=""
  if command -v ss >/dev/null 2>&1; then
    out=$(ss -ltnpH "sport = :$port" 2>/dev/null | head -n 3 || true)
  elif command -v lsof >/dev/null 2>&1; then
    out=$(lsof -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | tail -n +2 | head -n 3 || true)
  fi
  printf '%s\n' "${out:-(the owner is not visible to this user)}"
}

# http_ok URL [BEARER]: true when URL answers 2xx within a few seconds
http_ok() {
  local url="$1" key="${2:-}"
  if [[ -n "$key" ]]; then
    curl -fsS -m 5 -o /dev/null -H "Authorization: Bearer $key" "$url" 2>/dev/null
  else
    curl -fsS -m 5 -o /dev/null "$url" 2>/dev/null
  fi
}

# wait_http NAME URL TIMEOUT_SECONDS ALIVE_CMD LOGS_CMD
# Polls URL until it answers 2xx. Gives up when ALIVE_CMD fails (the process or container is gone) or when the
# deadline passes; both print the last lines of LOGS_CMD and return 1.
wait_http() {
  local name="$1" url="$2" timeout="$3" alive="$4" logs="$5"
  local start=$SECONDS next_note=$((SECONDS + 10))
  while true; do
    if http_ok "$url"; then
      say "  $name is up ($url, $((SECONDS - start)) s)"
      return 0
    fi
    if ! eval "$alive"; then
      printf 'error: %s stopped while starting. Its last log lines:\n' "$name" >&2
      eval "$logs" >&2 || true
      return 1
    fi
    if ((SECONDS - start >= timeout)); then
      printf 'error: %s did not answer %s within %s s. Its last log lines:\n' "$name" "$url" "$timeout" >&2
      eval "$logs" >&2 || true
      return 1
    fi
    if ((SECONDS >= next_note)); then
      say "  waiting for $name ($((SECONDS - start)) s of at most $timeout s)..."
      next_note=$((SECONDS + 10))
    fi
    sleep 1
  done
}

# pid_args PID: the full command line of PID, or nothing when there is no such process
pid_args() {
  ps -ww -o args= -p "$1" 2>/dev/null || true
}

# owned_pid NAME: prints the PID recorded in $RUN_DIR/NAME.pid when that process is still the command
# recorded in $RUN_DIR/NAME.cmd (so a recycled PID is never mistaken for ours); fails otherwise
owned_pid() {
  local name="$1" pid expected actual
  [[ -f "$RUN_DIR/$name.pid" && -f "$RUN_DIR/$name.cmd" ]] || return 1
  pid=$(<"$RUN_DIR/$name.pid")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  expected=$(<"$RUN_DIR/$name.cmd")
  actual=$(pid_args "$pid")
  [[ -n "$actual" && "$actual" == "$expected" ]] || return 1
  printf '%s\n' "$pid"
}

# pid_alive PID: true while PID runs (a zombie waiting to be reaped counts as gone)
pid_alive() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  stat="${stat//[[:space:]]/}"
  [[ -n "$stat" && "$stat" != Z* ]]
}

# stop_pid NAME PID: TERM, then KILL after $STOP_TIMEOUT seconds
stop_pid() {
  local name="$1" pid="$2" waited=0 timeout="${STOP_TIMEOUT:-35}"
  kill -TERM "$pid" 2>/dev/null || return 0
  while pid_alive "$pid"; do
    if ((waited >= timeout)); then
      warn "$name (pid $pid) did not stop within $timeout s after TERM; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  # give the kernel a moment to reap it and release its port
  for _ in 1 2 3 4 5; do
    pid_alive "$pid" || break
    sleep 1
  done
}

# the module folder a jar is built from: backend/target/x.jar -> backend
module_of() {
  local jar="${1#"$PWD"/}"
  printf '%s\n' "${jar%/target/*}"
}

# prints why the jars must be built (one missing, or a source of its module newer than it); fails when none
jars_need_build() {
  local jar module newer
  for jar in "$@"; do
    if [[ ! -f "$jar" ]]; then
      echo "$jar is missing"
      return 0
    fi
    module=$(module_of "$jar")
    newer=$(find pom.xml "$module/pom.xml" "$module/src/main" -type f -newer "$jar" -print -quit 2>/dev/null || true)
    if [[ -n "$newer" ]]; then
      echo "$newer is newer than $jar"
      return 0
    fi
  done
  return 1
}
