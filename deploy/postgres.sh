#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1, for the tests and the farm: Debian's own server binaries, a cluster of
# its own in a folder of its own, a free port, and no fsync (its data is never worth a disk flush).
#
#   deploy/postgres.sh start [FOLDER]   creates and starts a cluster in FOLDER (default: a new temp folder) and prints
#                                       folder=<FOLDER> and database=<Npgsql connection string to the 'postgres' db,
#                                       with the password made for this cluster: no connection is trusted without it>
#   deploy/postgres.sh stop FOLDER      stops that cluster and removes FOLDER
#   deploy/postgres.sh status FOLDER    says whether it runs (exit 0) or not (exit 3)
#
# The server comes from /usr/lib/postgresql/15/bin (SHOPWEB_PG_BIN names another folder). When it is missing and this
# runs as root on Debian, the 'postgresql' package is installed; otherwise the script says what to install. As root
# the server runs as the 'postgres' user, which must be able to reach FOLDER (its parent folders need o+x).
set -euo pipefail

say() { echo "postgres.sh: $*" >&2; }

find_bin() {
  if [ -n "${SHOPWEB_PG_BIN:-}" ]; then echo "$SHOPWEB_PG_BIN"; return; fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
  # Another Debian release ships another major version: take the newest there is.
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  echo "${newest:-/usr/lib/postgresql/15/bin}"
}

ensure_server() {
  bin=$(find_bin)
  if [ ! -x "$bin/initdb" ] && [ -z "${SHOPWEB_PG_BIN:-}" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "$bin/initdb is missing; installing Debian's postgresql package"
    apt-get update -q -o DPkg::Lock::Timeout=900 >&2 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=900 postgresql >&2
    bin=$(find_bin)
  fi
  if [ ! -x "$bin/initdb" ]; then
    say "PostgreSQL's server programs were not found in $bin."
    say "install Debian's 'postgresql' package (as root: apt-get install postgresql), or set SHOPWEB_PG_BIN."
    exit 2
  fi
}

# initdb and the server refuse to run as root: root runs them as the 'postgres' user the package creates.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# shellcheck source=deploy/free-port.sh
. "$(dirname "${BASH_SOURCE[0]}")/free-port.sh"

start() {
  ensure_server
  local folder="${1:-}" made=""
  if [ -z "$folder" ]; then
    folder=$(mktemp -d "${TMPDIR:-/tmp}/shopweb-postgres-XXXXXX")
    made=1
  fi
  mkdir -p "$folder"
  folder=$(cd "$folder" && pwd)
  if [ -e "$folder/data" ]; then
    say "$folder already holds a cluster; stop it first or choose another folder"
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$folder"
  fi
  cd "$folder" # the server's user may not be allowed into the caller's folder

  # A password made for this cluster, asked of every connection, over TCP and the socket alike: with 'trust' any local
  # user could connect as the superuser and read the shop's password hashes and data-protection keys. It is printed
  # only in database= (to the caller, as farm.sh keeps Redis's), never on a command line, which every user sees.
  local password
  password="$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  ( umask 077 && printf '%s\n' "$password" >"$folder/pwfile" )
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$folder/pwfile"
  fi
  as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth=scram-sha-256 --pwfile="$folder/pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    >"$folder/initdb.log" 2>&1 || { rm -f "$folder/pwfile"; cat "$folder/initdb.log" >&2; say "initdb failed"; exit 1; }
  rm -f "$folder/pwfile"

  # A free port (free-port.sh), tried again if the server still finds it taken.
  local port attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port="$(free_port)"
    if as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/postgres.log" -w -t 60 -s \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$folder' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >&2; then
      echo "folder=$folder"
      echo "database=Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
      return 0
    fi
    say "the server did not start on port $port (attempt $attempt)"
    # pg_ctl gives up waiting after 60 s, but a slow server goes on starting: it is stopped before the next attempt,
    # so none is left running that nobody was told of (and that would hold the folder against the next attempt).
    if [ -f "$folder/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$folder/data" -m immediate -w -t 60 -s stop >&2 || true
    fi
  done
  tail -n 20 "$folder/postgres.log" >&2 || true
  # Nothing runs in it any more (each attempt stopped its server); a folder made here is removed, as no one was told its name.
  if [ -n "$made" ]; then
    cd /
    rm -rf "$folder"
  fi
  exit 1
}

stop() {
  local folder="${1:?name the folder that start printed}"
  folder=$(cd "$folder" 2>/dev/null && pwd) || return 0 # nothing left to stop
  cd /
  bin=$(find_bin)
  if [ -f "$folder/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$folder/data" -m fast -w -t 60 -s stop >&2 || say "pg_ctl stop failed"
  fi
  rm -rf "$folder"
}

status() {
  local folder="${1:?name the folder that start printed}"
  folder=$(cd "$folder" 2>/dev/null && pwd) || { echo "stopped"; return 3; }
  cd /
  bin=$(find_bin)
  as_owner "$bin/pg_ctl" -D "$folder/data" status >/dev/null 2>&1 && { echo "running"; return 0; }
  echo "stopped"
  return 3
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" ;;
  *) echo "usage: deploy/postgres.sh start [FOLDER] | stop FOLDER | status FOLDER" >&2; exit 2 ;;
esac
