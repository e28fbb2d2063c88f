#!/usr/bin/env bash
# Stops what start-all.sh started: the local processes by the PIDs recorded in the run folder (after checking
# that each PID still runs the command we started), the compose services, and the vLLM container.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/stack.sh
. scripts/stack.sh

usage() {
  cat <<'EOF'
Usage: ./stop-all.sh [options]

Stops what ./start-all.sh started and checks that nothing is left listening on its ports:
  - local processes (frontend, backend, simulator) by the PIDs recorded in .run/; a PID is signalled
    only while it still runs the exact command start-all.sh started (TERM, then KILL after STOP_TIMEOUT)
  - the compose services, with the files and profiles start-all.sh used (docker compose down; the
    database volumes are kept)
  - the vLLM container (meu-llm-server; stopped, not removed)
Never stops a process by its name.

Options:
  --keep-vllm   leave the vLLM container running (loading a model takes a while)
  -h, --help    show this help

Environment: RUN_DIR=.run  ENV_FILE=.env  STOP_TIMEOUT=35 (seconds)  VLLM_CONTAINER_NAME=meu-llm-server
EOF
}

KEEP_VLLM=0
while (($#)); do
  case "$1" in
    --keep-vllm) KEEP_VLLM=1 ;;
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
RUN_DIR="${RUN_DIR:-.run}"
STOP_TIMEOUT="${STOP_TIMEOUT:-35}"
VLLM_CONTAINER_NAME="${VLLM_CONTAINER_NAME:-meu-llm-server}"
failed=0
stopped=0

# -- local processes, the reverse of the start order
if [[ -d "$RUN_DIR" ]]; then
  RUN_DIR="$(cd "$RUN_DIR" && pwd)"
  for name in frontend backend simulator; do
    [[ -f "$RUN_DIR/$name.pid" ]] || continue
    recorded=$(<"$RUN_DIR/$name.pid")
    address=""
    [[ -f "$RUN_DIR/$name.port" ]] && address=$(<"$RUN_DIR/$name.port")
    if pid=$(owned_pid "$name"); then
      say "Stopping the $name (pid $pid)..."
      stop_pid "$name" "$pid"
      if pid_alive "$pid"; then
        warn "the $name (pid $pid) is still running"
        failed=1
      else
        say "  stopped"
        stopped=$((stopped + 1))
      fi
    else
      now=$(pid_args "$recorded")
      if [[ -n "$now" ]]; then
        warn "$RUN_DIR/$name.pid names pid $recorded, which no longer runs our $name (it runs: $now); leaving it alone"
      else
        say "The $name (pid $recorded) was not running"
      fi
    fi
    rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.cmd" "$RUN_DIR/$name.port"
    if [[ -n "$address" ]]; then
      host="${address%:*}"
      port="${address##*:}"
      for _ in 1 2 3 4 5; do
        port_in_use "$port" "$host" || break
        sleep 1
      done
      if port_in_use "$port" "$host"; then
        warn "port $port (the $name's) is still in use by: $(describe_port "$port")"
        failed=1
      fi
    fi
  done
fi

# -- Docker
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  compose_running=0
  for container in mlx-backend mlx-frontend mlx-lb mlx-postgres mlx-vllm-simulator mlx-vllm; do
    if docker container inspect "$container" >/dev/null 2>&1; then
      compose_running=1
    fi
  done
  # the compose files of the last start (the replicas add docker-compose.scale.yml); every profile, so that whatever
  # runs is stopped
  files=()
  if [[ -f "$RUN_DIR/docker.state" ]]; then
    while IFS= read -r line; do
      if [[ "$line" == FILES=* ]]; then
        read -r -a files <<<"${line#FILES=}"
      fi
    done <"$RUN_DIR/docker.state"
  fi
  if ((compose_running)) || [[ -f "$RUN_DIR/docker.state" ]]; then
    if docker compose version >/dev/null 2>&1; then
      say "Stopping the compose services (the database volumes are kept)..."
      docker compose ${files[@]+"${files[@]}"} --profile simulate --profile gpu --profile postgres down --remove-orphans
      stopped=$((stopped + 1))
    else
      warn "the Docker Compose plugin is missing: cannot run docker compose down"
      failed=1
    fi
  fi
  if ((KEEP_VLLM)); then
    say "Leaving the vLLM container $VLLM_CONTAINER_NAME as it is (--keep-vllm)"
  elif [[ "$(docker inspect -f '{{.State.Running}}' "$VLLM_CONTAINER_NAME" 2>/dev/null || true)" == true ]]; then
    say "Stopping the vLLM container $VLLM_CONTAINER_NAME..."
    docker stop "$VLLM_CONTAINER_NAME" >/dev/null
    stopped=$((stopped + 1))
  fi
  rm -f "$RUN_DIR/docker.state"
elif [[ -f "$RUN_DIR/docker.state" ]]; then
  warn "start-all.sh started containers, but the Docker engine is not reachable (docker info failed): cannot stop them"
  failed=1
fi

if ((failed)); then
  warn "some parts could not be stopped; see the messages above"
  exit 1
fi
if ((stopped)); then
  say "Everything start-all.sh started is stopped."
else
  say "Nothing was running."
fi
