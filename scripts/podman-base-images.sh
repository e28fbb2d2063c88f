#!/usr/bin/env bash
# Sourced by scripts/test-images.sh: ensure_base_images makes the base images the Dockerfiles start FROM
# (eclipse-temurin:25-jdk-noble and eclipse-temurin:25-jre-noble) available to podman on a machine that reaches no
# image registry. An image that is already there, or that podman can pull, is left alone; a missing one is replaced
# by a local stand-in: a minimal Debian from the machine's own apt mirror (debootstrap), this machine's Temurin JDK
# in /opt/java/openjdk with the official image's JAVA_HOME and PATH, and this machine's CA certificates and Java
# trust store, so that Maven inside a build trusts what the machine trusts. Needs root, podman and debootstrap.
# JDK_HOME (default: /usr/lib/jvm/temurin-25-jdk-amd64) must be a JDK of the images' Java version (25).

ensure_base_images() {
  local version=25 image mirror work root start image_id
  local jdk="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
  local -a images=("docker.io/library/eclipse-temurin:$version-jdk-noble" "docker.io/library/eclipse-temurin:$version-jre-noble")
  local -a missing=()

  for image in "${images[@]}"; do
    if podman image exists "$image"; then
      continue
    fi
    if timeout 60 podman pull --quiet "$image" >/dev/null 2>&1; then
      echo "base images: pulled $image"
      continue
    fi
    missing+=("$image")
  done
  if ((${#missing[@]} == 0)); then
    echo "base images: ${images[*]} are present"
    return 0
  fi

  for tool in debootstrap tar; do
    command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is needed to make the base images (apt-get install $tool)" >&2; return 1; }
  done
  if [[ ! -x "$jdk/bin/java" ]] || ! "$jdk/bin/java" -version 2>&1 | grep -q "version \"$version"; then
    echo "error: JDK_HOME=$jdk is not a JDK $version; set JDK_HOME to one" >&2
    return 1
  fi

  # the machine's own Debian mirror (deb822 or one-line sources), else Debian's
  mirror=$(awk '/^URIs:/ && /debian\/?$/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  if [[ -z "$mirror" ]]; then
    mirror=$(awk '$1 == "deb" && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  fi
  mirror="${mirror:-http://deb.debian.org/debian}"

  work=$(mktemp -d /var/tmp/llmchat-base.XXXXXX)
  root="$work/rootfs"

  start=$SECONDS
  echo "base images: making a stand-in for ${missing[*]} (debootstrap bookworm from $mirror)"
  if ! debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    echo "error: debootstrap failed" >&2
    rm -rf "$work"
    return 1
  fi
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

  mkdir -p "$root/opt/java"
  cp -a "$jdk" "$root/opt/java/openjdk"
  # the trust stores are symlinks on the machine: copy what they point to
  rm -f "$root/opt/java/openjdk/lib/security/cacerts"
  cp -L "$jdk/lib/security/cacerts" "$root/opt/java/openjdk/lib/security/cacerts"
  mkdir -p "$root/etc/ssl/certs/java" "$root/usr/local/share/ca-certificates"
  cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
  cp -L "$jdk/lib/security/cacerts" "$root/etc/ssl/certs/java/cacerts"
  if [[ -d /usr/local/share/ca-certificates ]]; then
    cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  fi

  tar -C "$root" -cf "$work/rootfs.tar" .
  image_id=$(podman import \
    --change "ENV JAVA_HOME=/opt/java/openjdk" \
    --change "ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV LANG=en_US.UTF-8 LANGUAGE=en_US:en LC_ALL=C.UTF-8" \
    --change "CMD [\"jshell\"]" \
    --quiet "$work/rootfs.tar" "${missing[0]}")
  for image in "${missing[@]:1}"; do
    podman tag "$image_id" "$image"
  done
  rm -rf "$work"
  echo "base images: ${missing[*]} made from Debian bookworm and $jdk in $((SECONDS - start)) s"
}
