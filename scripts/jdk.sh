#!/usr/bin/env bash
# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME if it is new enough, then `java` on the PATH, then the JDKs under /usr/lib/jvm (newest first).

java_major() {
  # prints the major version of the java binary given as $1, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  echo "${v:-0}"
}

select_jdk() {
  local candidate
  local -a candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  if [[ -d /usr/lib/jvm ]]; then
    while IFS= read -r candidate; do candidates+=("$candidate"); done < <(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d | sort -rV)
  fi
  for candidate in "${candidates[@]}"; do
    if [[ -x "$candidate/bin/java" ]] && (( $(java_major "$candidate/bin/java") >= 21 )); then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK 21 or newer found. Install one (e.g. apt-get install openjdk-21-jdk or Temurin 21+) and set JAVA_HOME." >&2
  return 1
}
