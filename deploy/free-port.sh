# shellcheck shell=bash
# free_port: prints a port on 127.0.0.1 for a server that binds it a moment later (sourced by farm.sh and postgres.sh).
#
# Not any port nothing answers on: a port of the kernel's ephemeral range (ip_local_port_range) may be the local end
# of an outgoing connection, live or in TIME-WAIT for a minute after a test suite closed it, and either makes the
# server's bind fail with "address already in use" although a connect probe finds nobody listening. So the port comes
# from below that range, where outgoing connections never go, and is refused when any socket holds it in any state.
# With FREE_PORTS_TAKEN naming a file, the ports handed out are written there and never handed out twice, since
# servers started together bind theirs only later.
free_port() {
  local low port
  low="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
  [ "$low" -gt 12000 ] 2>/dev/null || low=32768
  while :; do
    port=$((10000 + RANDOM % (low - 10000)))
    if [ -n "${FREE_PORTS_TAKEN:-}" ] && grep -qx "$port" "$FREE_PORTS_TAKEN" 2>/dev/null; then continue; fi
    if command -v ss >/dev/null; then
      [ -n "$(ss -Htan "( sport = :$port )" 2>/dev/null)" ] && continue
    else
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    fi
    [ -n "${FREE_PORTS_TAKEN:-}" ] && echo "$port" >>"$FREE_PORTS_TAKEN"
    echo "$port"
    return
  done
}
