#!/usr/bin/env bash
# Restarts llmchat: ./stop-all.sh, then ./start-all.sh with the same options.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
Usage: ./restart-all.sh [options]

Runs ./stop-all.sh, then ./start-all.sh. --keep-vllm goes to stop-all.sh (the vLLM container keeps
running and start-all.sh reuses it); every other option goes to start-all.sh, for example:
  ./restart-all.sh --local --simulate
  ./restart-all.sh --keep-vllm
See ./start-all.sh --help and ./stop-all.sh --help.
USAGE
}

stop_args=()
start_args=()
for arg in "$@"; do
  case "$arg" in
    -h | --help)
      usage
      exit 0
      ;;
    --keep-vllm) stop_args+=("$arg") ;;
    --local | --simulate | --cpu | --compose-vllm | --rebuild | --no-build) start_args+=("$arg") ;;
    *)
      printf 'error: unknown option %s (nothing was stopped)\n\n' "$arg" >&2
      usage >&2
      exit 2
      ;;
  esac
done

./stop-all.sh ${stop_args[@]+"${stop_args[@]}"}
exec ./start-all.sh ${start_args[@]+"${start_args[@]}"}
