#!/usr/bin/env bash
# Several instances of the published shop behind nginx, on one machine: a throwaway PostgreSQL cluster, Redis, and
# FARM_INSTANCES (default 2) instances, all under one folder (FARM_DIR, default /tmp/shopweb-farm), on free ports
# of 127.0.0.1.
#
#   deploy/farm.sh up       starts it all and prints url=, instance= (one per instance), database=, redis= (with
#                           the password Redis asks for, made for this farm), mail=, prometheus= (a Prometheus that
#                           scrapes every instance's Metrics:Port, its own free port each, every second), and,
#                           without Admin__Email, admin_password_file= (the first admin's made-up password; down removes it)
#   deploy/farm.sh status   says what runs and asks each instance whether it is ready (exit 0 when everything is)
#   deploy/farm.sh restart  restarts the instances one at a time on the same port and data, each ready before the next
#                           stops (a redeploy that, with two or more instances, drops no request behind nginx)
#   deploy/farm.sh down     stops everything 'up' started and removes the folder
#
# The instances inherit the caller's environment, so settings such as Admin__Email or RateLimits__… apply to all.
# 'up' keeps them (Section__Key, ASPNETCORE_*, DOTNET_*, OTEL_*; in a file only the farm's user reads, as they can hold
# passwords) and 'restart' starts the instances with them again, from whatever shell it is run: a setting given anew
# there replaces the kept one; one left out is not lost. To drop a setting, bring the farm down and up again.
# FARM_APP names an already published shop (a folder with ShopWeb.dll) to run instead of publishing this checkout.
# On Debian as root, postgresql, redis-server, nginx and prometheus are installed when missing; otherwise it says what to install.
set -euo pipefail

DEPLOY="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$DEPLOY")"
FARM_DIR="${FARM_DIR:-/tmp/shopweb-farm}"
FARM_INSTANCES="${FARM_INSTANCES:-2}"
NGINX_FAIL_TIMEOUT=1 # seconds nginx leaves out an instance it saw fail
# nginx compares whole seconds and leaves the instance out while "now - failed at <= fail_timeout": up to
# fail_timeout + 1 s in all. Restart waits that long before stopping the next instance; any less, and a worker that saw
# the restarted instance fail just before it listened still leaves it out when the other one stops, and answers 502
# ("no live upstreams").
NGINX_TAKES_BACK=$((NGINX_FAIL_TIMEOUT + 1))
say() { echo "farm.sh: $*" >&2; }

need() { # command package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "$1 is missing; installing Debian's $2 package"
    apt-get update -q -o DPkg::Lock::Timeout=900 >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=900 "$2" >&2
  fi
  command -v "$1" >/dev/null || { say "$1 not found: install Debian's '$2' package (as root: apt-get install $2)"; exit 2; }
}

# shellcheck source=deploy/free-port.sh
. "$DEPLOY/free-port.sh"
export FREE_PORTS_TAKEN="$FARM_DIR/ports" # nginx, Redis, Prometheus and every instance: a port each, never shared

wait_ready() { # url seconds [pid]: gives up at once when the process named has exited
  local deadline=$((SECONDS + $2))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$1/health/ready")" = 200 ]; do
    [ $SECONDS -lt $deadline ] || return 1
    if [ -n "${3:-}" ] && ! alive "$3"; then return 1; fi
    sleep 0.3
  done
}

# Whether a process runs: not when it is gone, nor when it has exited and waits for a parent to reap it (a zombie).
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

up() {
  if [ -e "$FARM_DIR/farm.env" ]; then say "a farm already runs in $FARM_DIR (deploy/farm.sh down first)"; exit 1; fi
  # The folder will hold passwords and what restart runs the shop with (FARM_DIR defaults to a name in the shared
  # /tmp): one that another local user made, or may write to, is refused rather than filled.
  if [ -e "$FARM_DIR" ] || [ -L "$FARM_DIR" ]; then
    closed_to_others "$FARM_DIR" || { say "$FARM_DIR exists and is not a folder of this user's that others cannot write to: remove it, or set FARM_DIR"; exit 1; }
  fi
  need redis-server redis-server
  need nginx nginx
  need prometheus prometheus
  [ -e "$FARM_DIR" ] || mkdir -p -m 755 "$FARM_DIR"
  mkdir -p "$FARM_DIR"/{mail,uploads,redis,nginx/tmp,logs,prometheus/data}
  ( umask 077 && : >"$FARM_DIR/farm.env" ) # it holds Redis's password
  # From here on, an 'up' that does not finish (a failed step under set -e, Ctrl-C) stops what it started and removes
  # the folder: else the next 'up' would find farm.env and refuse, with nothing running.
  trap 'code=$?; trap - EXIT; if [ "$code" -ne 0 ] && [ -e "$FARM_DIR/farm.env" ]; then say "farm.sh up did not finish: stopping what it started"; down; fi; exit "$code"' EXIT
  trap 'exit 130' INT TERM
  ( umask 077 && env -0 | grep -zE "$SETTINGS" >"$FARM_DIR/settings.env0" || true ) # what restart starts the instances with

  local app="${FARM_APP:-}"
  if [ -z "$app" ]; then
    app="$FARM_DIR/app"
    say "publishing the shop into $app"
    dotnet publish "$REPO/ShopWeb/ShopWeb.csproj" -c Release -o "$app" --artifacts-path "$FARM_DIR/artifacts" -nologo -v quiet >&2
  fi

  local pg database
  pg="$("$DEPLOY/postgres.sh" start "$FARM_DIR/postgres")"
  database="$(sed -n 's/^database=//p' <<<"$pg" | sed 's/Database=postgres/Database=shopweb/')"
  echo "postgres=$FARM_DIR/postgres" >>"$FARM_DIR/farm.env"

  # Redis daemonizes before it binds: a port taken since free_port looked would leave no Redis, and the instances,
  # whose readiness does not ask Redis, would answer every page with the error page. So wait for its PONG, and take
  # another port if it never comes.
  #
  # Redis asks for a password made for this farm: any local user or page that can reach its port would otherwise
  # read sessions and write cached pages. It goes in a config file only the farm's user reads (never on a command
  # line, which every user sees in ps), to redis-cli through REDISCLI_AUTH, to the instances in Redis:Configuration.
  local redis_port attempt redis_password
  redis_password="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  ( umask 077 && printf 'requirepass %s\n' "$redis_password" >"$FARM_DIR/redis/redis.conf" )
  echo "redis_password=$redis_password" >>"$FARM_DIR/farm.env"
  for attempt in 1 2 3 4 5; do
    redis_port="$(free_port)"
    redis-server "$FARM_DIR/redis/redis.conf" --port "$redis_port" --bind 127.0.0.1 --dir "$FARM_DIR/redis" --save "" --appendonly no \
      --daemonize yes --pidfile "$FARM_DIR/redis/redis.pid" --logfile "$FARM_DIR/logs/redis.log"
    for _ in $(seq 1 50); do
      [ "$(redis_ping "$redis_port")" = PONG ] && break 2
      sleep 0.1
    done
    # One that is still starting is stopped: the next attempt's would overwrite its pid file, and down could not find it.
    if [ -f "$FARM_DIR/redis/redis.pid" ]; then
      kill "$(cat "$FARM_DIR/redis/redis.pid")" 2>/dev/null || true
      rm -f "$FARM_DIR/redis/redis.pid"
    fi
    say "Redis did not answer on port $redis_port (attempt $attempt); trying another port"
  done
  [ "$(redis_ping "$redis_port")" = PONG ] || { say "Redis would not start:"; tail -n 20 "$FARM_DIR/logs/redis.log" >&2; down; exit 1; }
  echo "redis_pid_file=$FARM_DIR/redis/redis.pid" >>"$FARM_DIR/farm.env"

  local nginx_port; nginx_port="$(free_port)"
  local url="http://127.0.0.1:$nginx_port"
  local upstreams="" urls=() i port metrics_port targets=""
  echo "app=$app" >>"$FARM_DIR/farm.env"
  # Without Admin__Email the first instance writes a made-up admin's password into the app's App_Data (its content
  # root): outside FARM_DIR when FARM_APP names the app, so down removes it, and puts back the one that was there before
  # this farm (another shop's, which this farm's first instance overwrites), kept meanwhile in FARM_DIR.
  if [ -z "${Admin__Email:-}" ]; then
    local password_file="$app/App_Data/initial-admin-password.txt"
    if [ -e "$password_file" ]; then
      cp -p "$password_file" "$FARM_DIR/initial-admin-password.before"
    fi
    echo "admin_password_file=$password_file" >>"$FARM_DIR/farm.env"
  fi
  echo "database=$database" >>"$FARM_DIR/farm.env"
  echo "redis=127.0.0.1:$redis_port,password=$redis_password" >>"$FARM_DIR/farm.env"
  echo "url=$url" >>"$FARM_DIR/farm.env"
  for i in $(seq 1 "$FARM_INSTANCES"); do
    port="$(free_port)"
    metrics_port="$(free_port)"
    # An instance nginx saw fail is left out for a second or two, then tried again (restart waits for that).
    upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=${NGINX_FAIL_TIMEOUT}s;"$'\n'
    urls+=("http://127.0.0.1:$port")
    targets+="      - targets: ['127.0.0.1:$metrics_port']"$'\n'"        labels: { shop_instance: 'instance-$i' }"$'\n'
    echo "instance_port=$port" >>"$FARM_DIR/farm.env"
    echo "metrics_port=$metrics_port" >>"$FARM_DIR/farm.env"
    # Started together, on purpose: the instances take turns at migrating and seeding the empty database.
    start_instance "$i" "$port" "$metrics_port"
  done
  wait_instances || { down; exit 1; }

  sed -e "s|@@DIR@@|$FARM_DIR/nginx|g" -e "s|@@PORT@@|$nginx_port|g" "$DEPLOY/nginx.conf.template" \
    | awk -v up="$upstreams" '{ if ($0 ~ /@@UPSTREAMS@@/) printf "%s", up; else print }' >"$FARM_DIR/nginx/nginx.conf"
  nginx -c "$FARM_DIR/nginx/nginx.conf" -p "$FARM_DIR/nginx" -e "$FARM_DIR/nginx/error.log" \
    || { say "nginx would not start:"; tail -n 20 "$FARM_DIR/nginx/error.log" >&2 || true; down; exit 1; }
  echo "nginx_pid_file=$FARM_DIR/nginx/nginx.pid" >>"$FARM_DIR/farm.env"
  wait_ready "$url" 30 || { say "nginx does not answer at $url"; down; exit 1; }

  local prometheus; prometheus="$(start_prometheus "$targets")" || { down; exit 1; }

  echo "url=$url"
  for u in "${urls[@]}"; do echo "instance=$u"; done
  echo "database=$database"
  echo "redis=127.0.0.1:$redis_port,password=$redis_password"
  echo "mail=$FARM_DIR/mail"
  echo "prometheus=$prometheus"
  if [ -n "$(pids admin_password_file)" ]; then echo "admin_password_file=$(pids admin_password_file)"; fi
  trap - EXIT INT TERM
}

# Prometheus scrapes each instance's own metrics listener (Metrics:Port, never the shop's address) every second, so a
# test waits a moment, not a minute; its data lives in the farm's folder and goes with it.
start_prometheus() { # targets (YAML lines)
  local port attempt address
  for attempt in 1 2 3; do
    port="$(free_port)"
    address="127.0.0.1:$port"
    printf 'global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: shopweb\n    static_configs:\n%s' "$1" \
      >"$FARM_DIR/prometheus/prometheus.yml"
    prometheus --config.file="$FARM_DIR/prometheus/prometheus.yml" --storage.tsdb.path="$FARM_DIR/prometheus/data" \
      --web.listen-address="$address" \
      >>"$FARM_DIR/logs/prometheus.log" 2>&1 &
    echo $! >"$FARM_DIR/prometheus/prometheus.pid"
    grep -q '^prometheus_pid_file=' "$FARM_DIR/farm.env" || echo "prometheus_pid_file=$FARM_DIR/prometheus/prometheus.pid" >>"$FARM_DIR/farm.env"
    for _ in $(seq 1 100); do
      if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://$address/-/ready")" = 200 ]; then echo "http://$address"; return 0; fi
      alive "$(cat "$FARM_DIR/prometheus/prometheus.pid")" || break
      sleep 0.2
    done
    say "Prometheus did not get ready on port $port (attempt $attempt)"
    kill "$(cat "$FARM_DIR/prometheus/prometheus.pid")" 2>/dev/null || true
  done
  say "Prometheus would not start:"; tail -n 20 "$FARM_DIR/logs/prometheus.log" >&2
  return 1
}

pids() { sed -n "s/^$1=//p" "$FARM_DIR/farm.env"; }

redis_ping() { # port; with the farm's password, which a Redis without one would refuse (AUTH of no password)
  REDISCLI_AUTH="$(pids redis_password)" redis-cli --no-auth-warning -p "$1" ping 2>/dev/null
}

# The shop's own settings in an environment: what 'up' keeps for 'restart'.
SETTINGS='^([A-Za-z][A-Za-z0-9]*__[A-Za-z0-9_]+|ASPNETCORE_[A-Z_]+|DOTNET_[A-Za-z0-9_]+|OTEL_[A-Z_]+)='

# Whether a path is this user's own and no one else may write to it (nor, being no symbolic link, swap it).
closed_to_others() { [ ! -L "$1" ] && [ -O "$1" ] && [ -z "$(find "$1" -maxdepth 0 -perm /022)" ]; }

kept_settings() { # in the instance's subshell: each setting 'up' was given that the caller does not give anew
  local pair
  [ -e "$FARM_DIR/settings.env0" ] || return 0
  # The instances run what this file says (DOTNET_STARTUP_HOOKS would be code): only one 'up' wrote, as it left it.
  closed_to_others "$FARM_DIR" && closed_to_others "$FARM_DIR/settings.env0" \
    || { say "$FARM_DIR/settings.env0 is not this user's alone: not starting the shop with it"; return 1; }
  while IFS= read -r -d '' pair; do
    declare -p "${pair%%=*}" >/dev/null 2>&1 || export "${pair?}"
  done <"$FARM_DIR/settings.env0"
}

start_instance() { # number port metrics-port; its pid goes to the folder, so that restart and down find it
  ( cd "$FARM_DIR" && kept_settings && exec env ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
      Metrics__Port="$3" Metrics__Host=127.0.0.1 \
      Database__Provider=Postgres ConnectionStrings__Shop="$(pids database)" Redis__Configuration="$(pids redis)" \
      Shop__PublicUrl="$(pids url)/" Shop__InstanceName="instance-$1" Email__PickupDirectory="$FARM_DIR/mail" \
      Uploads__Path="$FARM_DIR/uploads" \
      dotnet "$(pids app)/ShopWeb.dll" --urls "http://127.0.0.1:$2" ) >>"$FARM_DIR/logs/instance-$1.log" 2>&1 &
  echo $! >"$FARM_DIR/instance-$1.pid"
}

wait_instances() {
  local i=0 port
  for port in $(pids instance_port); do
    i=$((i + 1))
    wait_ready "http://127.0.0.1:$port" 120 "$(cat "$FARM_DIR/instance-$i.pid")" || { instance_failed "$i"; return 1; }
  done
}

instance_failed() { # number; the error's own line first, since a long stack trace would push it out of a short tail
  say "instance $1 did not get ready:"
  grep -m 3 -E 'Exception:|crit:|fail:' "$FARM_DIR/logs/instance-$1.log" >&2 || true
  tail -n 20 "$FARM_DIR/logs/instance-$1.log" >&2
}

instance_pids() { cat "$FARM_DIR"/instance-*.pid 2>/dev/null || true; }

stop_instances() {
  local pid
  for pid in $(instance_pids); do kill "$pid" 2>/dev/null || true; done
  for pid in $(instance_pids); do stopped "$pid"; done
}

stopped() { # pid; what a graceful stop has not ended in 31 s is killed: the host gives requests in flight 30 s
  for _ in $(seq 1 310); do alive "$1" || break; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

restart() {
  [ -e "$FARM_DIR/farm.env" ] || { say "no farm runs in $FARM_DIR"; exit 3; }
  local i=0 port pid metrics_ports
  read -r -a metrics_ports <<<"$(pids metrics_port | tr '\n' ' ')"
  # One instance at a time, each back and ready before the next stops: with two or more, nginx sends shoppers to the
  # others meanwhile (a refused connection is tried on the next upstream), so a redeploy drops no request.
  for port in $(pids instance_port); do
    i=$((i + 1))
    pid="$(cat "$FARM_DIR/instance-$i.pid" 2>/dev/null || true)"
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; stopped "$pid"; fi
    start_instance "$i" "$port" "${metrics_ports[$((i - 1))]}"
    wait_ready "http://127.0.0.1:$port" 120 "$(cat "$FARM_DIR/instance-$i.pid")" || { instance_failed "$i"; exit 1; }
    sleep "$NGINX_TAKES_BACK" # every nginx worker takes the instance back before the next one stops
  done
}

down() {
  [ -e "$FARM_DIR/farm.env" ] || { say "no farm runs in $FARM_DIR"; return 0; }
  local pid file
  for file in $(pids nginx_pid_file) $(pids redis_pid_file) $(pids prometheus_pid_file); do
    [ -s "$file" ] && kill "$(cat "$file")" 2>/dev/null || true
  done
  file="$(pids prometheus_pid_file)" # it flushes its data on the way out: wait, so that removing the folder does not race it
  if [ -s "$file" ]; then
    pid="$(cat "$file")"
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  stop_instances
  file="$(pids admin_password_file)"
  if [ -n "$file" ] && [ -e "$FARM_DIR/initial-admin-password.before" ]; then
    cp -p "$FARM_DIR/initial-admin-password.before" "$file"
  elif [ -n "$file" ]; then
    rm -f "$file"
  fi
  [ -n "$(pids postgres)" ] && "$DEPLOY/postgres.sh" stop "$(pids postgres)" >&2 || true
  rm -rf "$FARM_DIR"
}

status() {
  [ -e "$FARM_DIR/farm.env" ] || { echo "no farm in $FARM_DIR"; exit 3; }
  local ok=0 pid file i=0 port
  for pid in $(instance_pids); do
    if alive "$pid"; then echo "instance pid $pid runs"; else echo "instance pid $pid stopped"; ok=3; fi
  done
  for port in $(pids instance_port); do # running is not serving: each instance is asked whether it is ready
    i=$((i + 1))
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health/ready")" = 200 ]; then
      echo "instance $i is ready"
    else
      echo "instance $i is not ready (http://127.0.0.1:$port/health/ready)"; ok=3
    fi
  done
  for file in $(pids redis_pid_file) $(pids nginx_pid_file) $(pids prometheus_pid_file); do
    if [ -s "$file" ] && alive "$(cat "$file")"; then echo "$(basename "$file" .pid) runs"; else echo "$(basename "$file" .pid) stopped"; ok=3; fi
  done
  local redis_port; redis_port="$(pids redis | sed 's/^[^:]*:\([0-9]*\).*/\1/')"
  if [ "$(redis_ping "$redis_port")" = PONG ]; then echo "redis answers with the farm's password"; else echo "redis does not answer"; ok=3; fi
  "$DEPLOY/postgres.sh" status "$(pids postgres)" || ok=3
  exit $ok
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  restart) restart ;;
  *) echo "usage: deploy/farm.sh up|status|restart|down" >&2; exit 64 ;;
esac
