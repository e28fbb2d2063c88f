#!/usr/bin/env bash
# Copies an llmchat SQLite database into an empty PostgreSQL database with the backend's copy command
# (java -jar backend/target/llmchat-backend.jar --copy-from=SOURCE, DATABASE_URL=TARGET), and prints what it copied.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/stack.sh
. "$ROOT/scripts/stack.sh"
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"

usage() {
  cat <<'EOF'
Usage: scripts/copy-sqlite-to-postgres.sh [--no-build] SOURCE_SQLITE_URL TARGET_DATABASE_URL

Copies the users, chats and messages of an llmchat SQLite database into an empty PostgreSQL database, with their
ids, passwords and times, in one transaction (all or nothing), then prints the rows of each table and the time
it took. The PostgreSQL database is migrated first and must then be empty; the SQLite file is only read.
Stop the backend first: what it writes once the copy has started is not copied.

  SOURCE_SQLITE_URL    the SQLite database, as DATABASE_URL names it: sqlite:///./data/app.db (a relative path
                       starts in the current folder), sqlite:////absolute/path/app.db
  TARGET_DATABASE_URL  the PostgreSQL database: postgresql://user:password@host:5432/llmchat

Options:
  --no-build   run backend/target/llmchat-backend.jar as it is (by default it is built with ./mvnw when it is
               missing or older than its sources)
  -h, --help   show this help

Example:
  scripts/copy-sqlite-to-postgres.sh sqlite:///./data/app.db postgresql://llmchat:secret@localhost:5432/llmchat
EOF
}

NO_BUILD=0
databases=()
while (($# > 0)); do
  case "$1" in
    -h | --help)
      usage
      exit 0
      ;;
    --no-build) NO_BUILD=1 ;;
    -*)
      printf 'error: unknown option %s\n\n' "$1" >&2
      usage >&2
      exit 2
      ;;
    *) databases+=("$1") ;;
  esac
  shift
done
if ((${#databases[@]} != 2)); then
  printf 'error: name the SQLite database and the PostgreSQL database, in that order\n\n' >&2
  usage >&2
  exit 2
fi

select_jdk || die "no JDK 21 or newer: install one (for example: sudo apt-get install openjdk-21-jdk) or set JAVA_HOME"
jar="$ROOT/backend/target/llmchat-backend.jar"
if ((NO_BUILD)); then
  [[ -f "$jar" ]] || die "$jar is missing, and --no-build was given. Build it: ./mvnw -B -DskipTests package -pl backend -am"
elif reason=$(cd "$ROOT" && jars_need_build "$jar"); then
  say "building the backend, because $reason: ./mvnw -B -DskipTests package -pl backend -am (a few minutes the first time)"
  log=$(mktemp)
  if ! (cd "$ROOT" && ./mvnw -B -DskipTests package -pl backend -am) >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    die "the build failed; the whole log is $log"
  fi
  rm -f "$log"
fi

DATABASE_URL="${databases[1]}" exec "$JAVA_HOME/bin/java" -jar "$jar" --copy-from="${databases[0]}"
