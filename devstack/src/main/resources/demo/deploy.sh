#!/bin/sh
# Deploys VERSION of the demo shop to COLOR: stops the app that color runs now, starts the new
# version on that color's port in the background and returns once it listens (or after a few
# seconds); Greenlight's health step then waits for /health to report the version.
#
#   ./deploy.sh blue|green VERSION
#
# Settings come from demo.env next to this script (written by `greenlight dev` / `greenlight demo`):
#   GREENLIGHT_JAR   classpath holding dev.greenlight.devstack.demoapp.DemoApp (the environment wins)
#   JAVA             java binary (the environment wins)
#   BLUE_PORT, GREEN_PORT, DEMO_DB_URL, DEMO_DB_USER, DEMO_DB_PASSWORD_ENV
# The database password is never written anywhere: the app reads it from the environment variable
# named by DEMO_DB_PASSWORD_ENV. Versions listed in ./faulty-versions (one a line) fail under traffic.
# Pid and log of each color: run/<color>.pid, run/<color>.log (the previous log: run/<color>.log.prev).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
jar_from_env=${GREENLIGHT_JAR:-}
java_from_env=${JAVA:-}
if [ -f "$here/demo.env" ]; then
  . "$here/demo.env"
fi
[ -n "$jar_from_env" ] && GREENLIGHT_JAR=$jar_from_env
[ -n "$java_from_env" ] && JAVA=$java_from_env
JAVA=${JAVA:-java}

color=${1:-}
version=${2:-}
case "$color" in
  blue) port=${BLUE_PORT:?BLUE_PORT is not set: run greenlight dev, or write it in demo.env} ;;
  green) port=${GREEN_PORT:?GREEN_PORT is not set: run greenlight dev, or write it in demo.env} ;;
  *) echo "usage: $0 blue|green VERSION" >&2; exit 2 ;;
esac
if [ -z "$version" ]; then
  echo "usage: $0 blue|green VERSION" >&2
  exit 2
fi
if [ -z "${GREENLIGHT_JAR:-}" ]; then
  echo "GREENLIGHT_JAR is not set: point it at greenlight.jar:greenlight-devstack.jar (greenlight dev and demo set it)" >&2
  exit 2
fi

run="$here/run"
mkdir -p "$run"
pidfile="$run/$color.pid"
log="$run/$color.log"
main=dev.greenlight.devstack.demoapp.DemoApp
# first on the command line, so it survives the truncation of long command lines (ps, /proc)
marker="-Dgreenlight.demoapp=$color"

# Stop what this color runs now; only a process that really is this color's demo app.
if [ -f "$pidfile" ]; then
  old=$(cat "$pidfile")
  if [ -n "$old" ] && kill -0 "$old" 2>/dev/null \
      && ps -ww -p "$old" -o args= 2>/dev/null | grep -q -- "$marker "; then
    echo "stopping $color (pid $old)"
    kill "$old" 2>/dev/null || true
    i=0
    while kill -0 "$old" 2>/dev/null; do
      i=$((i + 1))
      if [ "$i" -ge 100 ]; then
        echo "pid $old did not stop within 10s: killing it"
        kill -9 "$old" 2>/dev/null || true
        sleep 0.2
        break
      fi
      sleep 0.1
    done
  fi
  rm -f "$pidfile"
fi

faulty=""
if [ -f "$here/faulty-versions" ]; then
  faulty=$(grep -v '^[[:space:]]*#' "$here/faulty-versions" | tr -s '[:space:]' ',' | sed 's/^,//; s/,$//')
fi

[ -f "$log" ] && mv -f "$log" "$log.prev"
echo "$(date '+%Y-%m-%dT%H:%M:%S') deploying $version to $color on port $port" > "$log"
# nohup and a background job: the app outlives this script (and ignores the terminal's Ctrl-C).
nohup "$JAVA" "$marker" -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$GREENLIGHT_JAR" \
  "$main" --port "$port" --color "$color" --version "$version" \
  --db-url "${DEMO_DB_URL:-}" --db-user "${DEMO_DB_USER:-}" \
  --db-password-env "${DEMO_DB_PASSWORD_ENV:-DEMO_DB_PASSWORD}" \
  --faulty-versions "$faulty" \
  >> "$log" 2>&1 < /dev/null &
pid=$!
echo "$pid" > "$pidfile"

# Return as soon as it listens; fail fast (with its log) when it dies, e.g. the port is taken.
i=0
while [ "$i" -lt 100 ]; do
  if grep -q "listening on" "$log" 2>/dev/null; then
    echo "started $version on $color (pid $pid, http://127.0.0.1:$port, log $log)"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the $color app exited right away; its log ($log):" >&2
    tail -n 20 "$log" >&2
    rm -f "$pidfile"
    exit 1
  fi
  i=$((i + 1))
  sleep 0.1
done
echo "started $version on $color (pid $pid, still starting; log $log)"
