#!/usr/bin/env bash
# Sourced by start-all.sh and benchmark.sh (after scripts/jdk.sh and scripts/stack.sh): runs a Spring Boot jar the
# fast way. The jar is extracted, so that classes load from plain jars instead of from the nested fat jar, and one
# training start (the context is refreshed, then the JVM exits) records a start-up cache beside it: JDK 25's AOT
# cache (classes loaded and linked ahead of time, JEP 483/514), or a dynamic CDS archive on JDK 21-24. Both are made
# again when the jar or the JDK changes. A failed extraction or training costs only the speed-up, never the start.
# FAST_START=0 in the environment runs the plain jar.
#
# The JVM options of each application (heap limit, collector, stack and code sizes) are committed in one place,
# NAME/jvm.options, an argument file of the java launcher: start-all.sh and benchmark.sh pass it as @NAME/jvm.options
# before JAVA_OPTS (BENCHMARK_JAVA_OPTS), which can override any of them, and the images copy it and start with it.

# jvm_options NAME: fills JVM_OPTIONS_ARGS with @FILE for NAME/jvm.options (empty when the application has none)
jvm_options() {
  local file="$PWD/$1/jvm.options"
  JVM_OPTIONS_ARGS=()
  [[ -f "$file" ]] && JVM_OPTIONS_ARGS=("@$file")
  return 0
}

# prepare_fast_start NAME JAR DIR: fills FAST_START_ARGS with the java arguments that run JAR (from DIR when it can),
# and JVM_OPTIONS_ARGS with NAME's options file, which goes before them; the training start runs with that file too,
# so that the cache matches the collector and heap it is used with
prepare_fast_start() {
  local name="$1" jar="$2" dir="$3" stamp cache record use app
  FAST_START_ARGS=(-jar "$jar")
  jvm_options "$name"
  [[ "${FAST_START:-1}" != 0 ]] || return 0
  app="$dir/app/${jar##*/}"
  if (($(java_major "$JAVA_BIN") >= 25)); then
    cache="$dir/$name.aot" record="-XX:AOTCacheOutput=$dir/$name.aot" use="-XX:AOTCache=$dir/$name.aot"
  else
    cache="$dir/$name.jsa" record="-XX:ArchiveClassesAtExit=$dir/$name.jsa" use="-XX:SharedArchiveFile=$dir/$name.jsa"
  fi
  stamp="$(stat -c '%s %Y' "$jar") $("$JAVA_BIN" -version 2>&1 | head -n 1)"
  # a changed options file records the cache again
  ((${#JVM_OPTIONS_ARGS[@]} == 0)) || stamp+=" options $(cksum <"${JVM_OPTIONS_ARGS[0]#@}")"
  if [[ ! -f "$dir/stamp" || "$(cat "$dir/stamp")" != "$stamp" ]]; then
    say "  preparing the $name's fast start (extracted jar and start-up cache in $dir; once per build)"
    rm -rf "$dir"
    mkdir -p "$dir"
    if ! "$JAVA_BIN" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >"$dir/extract.log" 2>&1; then
      warn "could not extract $jar (see $dir/extract.log); the $name runs from the jar as it is"
      return 0
    fi
    # a throwaway database, key and unreachable servers, and free ports: the training start must not touch the real ones
    if ! env SERVER_ADDRESS=127.0.0.1 SERVER_PORT=0 MANAGEMENT_PORT=0 DATABASE_URL="sqlite:///$dir/training/app.db" \
      SECRET_KEY="$(head -c 48 /dev/urandom | base64 -w0)" LLM_SERVER_BASE_URL=http://127.0.0.1:9/v1 \
      BACKEND_URL=http://127.0.0.1:9 "$JAVA_BIN" ${JVM_OPTIONS_ARGS[@]+"${JVM_OPTIONS_ARGS[@]}"} "$record" \
      -Dspring.context.exit=onRefresh -jar "$app" </dev/null >"$dir/training.log" 2>&1 || [[ ! -f "$cache" ]]; then
      warn "the $name's start-up cache could not be recorded (see $dir/training.log); it starts without one"
      rm -f "$cache"
    fi
    rm -rf "$dir/training"
    printf '%s\n' "$stamp" >"$dir/stamp"
  fi
  [[ -f "$app" ]] || return 0
  FAST_START_ARGS=()
  [[ -f "$cache" ]] && FAST_START_ARGS+=("$use")
  FAST_START_ARGS+=(-jar "$app")
}
