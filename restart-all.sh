#!/usr/bin/env bash
# Restarts llmchat: ./stop-all.sh, then ./start-all.sh with the same options.
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/stack.sh
. scripts/stack.sh

usage() {
  cat <<'USAGE'
Usage: ./restart-all.sh [options]

Runs ./stop-all.sh, then ./start-all.sh. --keep-vllm goes to stop-all.sh (the vLLM container keeps
running and start-all.sh reuses it); every other option goes to start-all.sh, for example:
  ./restart-all.sh --local --simulate
  ./restart-all.sh --keep-vllm
  ./restart-all.sh --postgres --replicas 3
Without options that choose what runs (all but --rebuild and --no-build), it starts again with those
of the last start, kept in the run folder: what was started with --postgres, --replicas or --simulate
comes back the same way.
See ./start-all.sh --help and ./stop-all.sh --help.
USAGE
}

stop_args=()
start_args=()
build_args=()
while (($#)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --keep-vllm) stop_args+=("$1") ;;
    --rebuild | --no-build) build_args+=("$1") ;;
    --local | --simulate | --cpu | --compose-vllm | --postgres | --replicas=*) start_args+=("$1") ;;
    --replicas)
      if (($# < 2)); then
        printf 'error: --replicas needs a number, for example --replicas 3 (nothing was stopped)\n\n' >&2
        usage >&2
        exit 2
      fi
      start_args+=("$1" "$2")
      shift
      ;;
    *)
      printf 'error: unknown option %s (nothing was stopped)\n\n' "$1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

load_dotenv "${ENV_FILE:-.env}"
options_file="${RUN_DIR:-.run}/start-all.options"
if ((${#start_args[@]} == 0)) && [[ -s "$options_file" ]]; then
  while IFS= read -r option; do
    [[ -z "$option" ]] || start_args+=("$option")
  done <"$options_file"
  say "Starting again with the options of the last start: ${start_args[*]}"
fi

./stop-all.sh ${stop_args[@]+"${stop_args[@]}"}
exec ./start-all.sh ${start_args[@]+"${start_args[@]}"} ${build_args[@]+"${build_args[@]}"}
