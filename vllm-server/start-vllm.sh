#!/usr/bin/env bash
# Starts the model server of the system description: vLLM in the NGC container meu-llm-server, serving
# Qwen/Qwen2.5-0.5B-Instruct with an OpenAI-compatible API on port 8080 of the host, and waits until it answers.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: vllm-server/start-vllm.sh [options]

Runs vLLM in Docker (container meu-llm-server, image nvcr.io/nvidia/vllm:25.09-py3) on the NVIDIA GPU,
publishes its OpenAI-compatible API on port 8080 of the host, and waits until GET /health answers.
Safe to run twice: a running container is reused (--replace recreates it with the current settings).

Options:
  --cpu        run vLLM's CPU image instead (no GPU needed, much slower)
  --replace    remove an existing container and start a new one
  -h, --help   show this help

Environment (every value has the default of the system description):
  VLLM_CONTAINER_NAME=meu-llm-server
  VLLM_IMAGE=nvcr.io/nvidia/vllm:25.09-py3
  VLLM_CPU_IMAGE=public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.10.2   (with --cpu or VLLM_DEVICE=cpu)
  VLLM_DEVICE=gpu                     gpu or cpu
  LLM_SERVER_PORT=8080                the host port (the container listens on 8000)
  VLLM_BIND_ADDRESS=0.0.0.0           the host address the port is published on (the backend container
                                      reaches it through host.docker.internal, so not 127.0.0.1)
  MODELO_LLM=Qwen/Qwen2.5-0.5B-Instruct
  VLLM_MAX_MODEL_LEN=8192
  VLLM_GPU_MEMORY_UTILIZATION=0.90    share of the GPU memory vLLM may take
  VLLM_CPU_KVCACHE_SPACE=4            GiB of KV cache on the CPU image
  HF_CACHE_DIR=~/.cache/huggingface   the Hugging Face cache, mounted so the model is downloaded once
  HF_TOKEN                            passed to the container when set (gated models, rate limits)
  VLLM_API_KEY                        when set, passed as --api-key: clients must send it as a bearer
                                      token (the backend sends OPENAI_API_KEY)
  VLLM_RESTART_POLICY=unless-stopped
  VLLM_START_TIMEOUT=600              seconds to wait for /health (the first start downloads the model)
  VLLM_EXTRA_ARGS                     more vLLM flags, for example "--enable-prefix-caching"

Without an NVIDIA GPU: --cpu, or try the whole system with the simulator: ./start-all.sh --local --simulate
EOF
}

REPLACE=0
DEVICE="${VLLM_DEVICE:-gpu}"
while (($#)); do
  case "$1" in
    --cpu) DEVICE=cpu ;;
    --replace) REPLACE=1 ;;
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

CONTAINER_NAME="${VLLM_CONTAINER_NAME:-meu-llm-server}"
IMAGE="${VLLM_IMAGE:-nvcr.io/nvidia/vllm:25.09-py3}"
CPU_IMAGE="${VLLM_CPU_IMAGE:-public.ecr.aws/q9t5s3a7/vllm-cpu-release-repo:v0.10.2}"
PORT="${LLM_SERVER_PORT:-8080}"
BIND_ADDRESS="${VLLM_BIND_ADDRESS:-0.0.0.0}"
MODEL="${MODELO_LLM:-Qwen/Qwen2.5-0.5B-Instruct}"
MAX_MODEL_LEN="${VLLM_MAX_MODEL_LEN:-8192}"
GPU_MEMORY_UTILIZATION="${VLLM_GPU_MEMORY_UTILIZATION:-0.90}"
CPU_KVCACHE_SPACE="${VLLM_CPU_KVCACHE_SPACE:-4}"
HF_CACHE="${HF_CACHE_DIR:-$HOME/.cache/huggingface}"
RESTART_POLICY="${VLLM_RESTART_POLICY:-unless-stopped}"
TIMEOUT="${VLLM_START_TIMEOUT:-600}"
API_KEY="${VLLM_API_KEY:-}"
EXTRA_ARGS="${VLLM_EXTRA_ARGS:-}"

case "$DEVICE" in
  gpu | cpu) ;;
  *)
    echo "error: VLLM_DEVICE must be gpu or cpu, not '$DEVICE'" >&2
    exit 2
    ;;
esac
[[ "$PORT" =~ ^[0-9]+$ ]] || {
  echo "error: LLM_SERVER_PORT must be a number, not '$PORT'" >&2
  exit 2
}
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || {
  echo "error: VLLM_START_TIMEOUT must be a number of seconds, not '$TIMEOUT'" >&2
  exit 2
}
case "$BIND_ADDRESS" in
  0.0.0.0 | :: | '[::]') HEALTH_HOST=127.0.0.1 ;;
  *) HEALTH_HOST="$BIND_ADDRESS" ;;
esac
BASE="http://$HEALTH_HOST:$PORT"

# -- what this script needs
if ! command -v docker >/dev/null 2>&1; then
  cat >&2 <<'EOF'
error: docker is not installed.
  Install Docker Engine and the Compose plugin: https://docs.docker.com/engine/install/
  (Ubuntu: sudo apt-get install docker-ce docker-ce-cli containerd.io docker-buildx-plugin docker-compose-plugin)
  No GPU or no Docker? Try the system with the simulator: ./start-all.sh --local --simulate
EOF
  exit 1
fi
if ! docker info >/dev/null 2>&1; then
  cat >&2 <<'EOF'
error: the Docker engine is not reachable (docker info failed).
  Start it:                        sudo systemctl start docker
  Or allow your user to use it:    sudo usermod -aG docker "$USER"   (then log out and in again)
EOF
  exit 1
fi
if ! command -v curl >/dev/null 2>&1; then
  echo "error: curl is needed to wait for the API: sudo apt-get install curl" >&2
  exit 1
fi

container_state() {
  docker inspect -f '{{.State.Status}}' "$CONTAINER_NAME" 2>/dev/null || true
}

health_ok() {
  curl -fsS -m 5 -o /dev/null "$BASE/health" 2>/dev/null
}

show_models() {
  local -a auth=()
  [[ -n "$API_KEY" ]] && auth=(-H "Authorization: Bearer $API_KEY")
  local models
  if models=$(curl -fsS -m 10 ${auth[@]+"${auth[@]}"} "$BASE/v1/models" 2>/dev/null); then
    if [[ "$models" == *"\"$MODEL\""* ]]; then
      echo "  serves $MODEL"
    else
      echo "warning: the server answers, but its /v1/models does not list $MODEL:" >&2
      echo "  $models" >&2
    fi
  else
    echo "warning: /health answers but $BASE/v1/models does not$([[ -n "$API_KEY" ]] && echo ' (with VLLM_API_KEY)')" >&2
  fi
}

print_done() {
  echo "The vLLM API is ready: $BASE/v1"
  echo "  Logs:  docker logs -f $CONTAINER_NAME"
  if [[ -n "$API_KEY" ]]; then
    echo "  Test:  curl -H \"Authorization: Bearer \$VLLM_API_KEY\" $BASE/v1/models"
  else
    echo "  Test:  curl $BASE/v1/models"
  fi
}

# wait_for_api: polls /health until it answers, the container stops, or the deadline passes
wait_for_api() {
  local start=$SECONDS next_note=$((SECONDS + 15)) state
  echo "Waiting for the API at $BASE/health (at most $TIMEOUT s; the first start downloads the model)..."
  while true; do
    if health_ok; then
      echo "  up after $((SECONDS - start)) s"
      return 0
    fi
    state=$(container_state)
    if [[ "$state" != running && "$state" != restarting ]]; then
      echo "error: the container $CONTAINER_NAME stopped (state: ${state:-gone}). Its last log lines:" >&2
      docker logs --tail 60 "$CONTAINER_NAME" >&2 || true
      echo "See Troubleshooting in README.md (GPU memory, model download, NVIDIA toolkit)." >&2
      return 1
    fi
    if ((SECONDS - start >= TIMEOUT)); then
      echo "error: the API did not answer within $TIMEOUT s (VLLM_START_TIMEOUT). The container's last log lines:" >&2
      docker logs --tail 60 "$CONTAINER_NAME" >&2 || true
      echo "The container is left as it is: follow it with 'docker logs -f $CONTAINER_NAME', remove it with 'docker rm -f $CONTAINER_NAME'." >&2
      return 1
    fi
    if ((SECONDS >= next_note)); then
      echo "  still loading ($((SECONDS - start)) s of at most $TIMEOUT s): docker logs -f $CONTAINER_NAME"
      next_note=$((SECONDS + 15))
    fi
    sleep 3
  done
}

# -- an existing container: reuse it when it runs, replace it when asked or when it has stopped
state=$(container_state)
if [[ -n "$state" ]]; then
  if ((REPLACE)); then
    echo "Removing the existing container $CONTAINER_NAME (--replace)..."
    docker rm -f "$CONTAINER_NAME" >/dev/null
  elif [[ "$state" == running || "$state" == restarting ]]; then
    echo "The container $CONTAINER_NAME already runs ($(docker inspect -f '{{.Config.Image}}' "$CONTAINER_NAME")); reusing it."
    echo "  (--replace recreates it with the current settings)"
    wait_for_api
    show_models
    print_done
    exit 0
  else
    echo "The container $CONTAINER_NAME exists but is $state: recreating it."
    docker rm -f "$CONTAINER_NAME" >/dev/null
  fi
fi

if (exec 3<>"/dev/tcp/$HEALTH_HOST/$PORT") 2>/dev/null; then
  echo "error: port $PORT is already in use by another program, so vLLM cannot be published on it." >&2
  echo "  Stop it, or use another port: LLM_SERVER_PORT=<free port> $0" >&2
  exit 1
fi

# -- the GPU and the NVIDIA container runtime
if [[ "$DEVICE" == gpu ]]; then
  if ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then
    cat >&2 <<EOF
error: no NVIDIA GPU found (nvidia-smi is missing or lists no GPU). vLLM's NGC image needs one.
  Options:
    - run vLLM on the CPU (slow, x86-64 with AVX-512 works best):  $0 --cpu
      (image $CPU_IMAGE, VLLM_CPU_IMAGE to change it)
    - try the whole system without a model, with the simulator:   ./start-all.sh --local --simulate
    - use a model server on another machine: LLM_SERVER_BASE_URL=http://<host>:8080/v1 ./start-all.sh
  With a GPU, install its driver first (Ubuntu: sudo ubuntu-drivers install) and check with nvidia-smi.
EOF
    exit 3
  fi
  runtimes=$(docker info --format '{{range $name, $_ := .Runtimes}}{{$name}} {{end}}' 2>/dev/null || true)
  if [[ "$runtimes" != *nvidia* ]] && ! command -v nvidia-container-runtime-hook >/dev/null 2>&1 &&
    ! command -v nvidia-ctk >/dev/null 2>&1; then
    cat >&2 <<'EOF'
error: Docker cannot use the GPU: the NVIDIA Container Toolkit is not installed.
  Install it (https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html):
    sudo apt-get install -y nvidia-container-toolkit
    sudo nvidia-ctk runtime configure --runtime=docker
    sudo systemctl restart docker
  Check:  docker run --rm --gpus all ubuntu nvidia-smi
EOF
    exit 4
  fi
fi

mkdir -p "$HF_CACHE"

run_args=(
  -d
  --name "$CONTAINER_NAME"
  --restart "$RESTART_POLICY"
  -p "$BIND_ADDRESS:$PORT:8000"
  --ipc=host
  --ulimit memlock=-1
  --ulimit stack=67108864
  -v "$HF_CACHE:/root/.cache/huggingface"
)
[[ -n "${HF_TOKEN:-}" ]] && run_args+=(-e HF_TOKEN)

server_args=(
  --model "$MODEL"
  --max-model-len "$MAX_MODEL_LEN"
  --trust-remote-code
)
# request logging is off by default since vLLM 0.10.1, and newer images reject --disable-log-requests
[[ -n "$API_KEY" ]] && server_args+=(--api-key "$API_KEY")
extra=()
read -r -a extra <<<"$EXTRA_ARGS"

if [[ "$DEVICE" == gpu ]]; then
  echo "Starting vLLM ($MODEL) on the GPU in container $CONTAINER_NAME, port $PORT -> 8000 ($IMAGE)..."
  docker run --gpus all "${run_args[@]}" "$IMAGE" \
    python3 -m vllm.entrypoints.openai.api_server \
    "${server_args[@]}" --gpu-memory-utilization "$GPU_MEMORY_UTILIZATION" ${extra[@]+"${extra[@]}"} >/dev/null
else
  echo "Starting vLLM ($MODEL) on the CPU in container $CONTAINER_NAME, port $PORT -> 8000 ($CPU_IMAGE)..."
  echo "  The CPU image is much slower than a GPU; answers may take many seconds."
  docker run -e "VLLM_CPU_KVCACHE_SPACE=$CPU_KVCACHE_SPACE" "${run_args[@]}" "$CPU_IMAGE" \
    "${server_args[@]}" ${extra[@]+"${extra[@]}"} >/dev/null
fi
echo "Container $CONTAINER_NAME started"

wait_for_api
show_models
print_done
