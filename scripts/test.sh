#!/usr/bin/env bash
# Runs every test of Flux-KV. Installs what the tests need first (Debian packages), when missing and when root.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

needed=()
command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || needed+=(redis-tools)
command -v etcd >/dev/null 2>&1 || needed+=(etcd-server)
command -v rabbitmq-server >/dev/null 2>&1 || needed+=(rabbitmq-server)
# ScriptClientsTest: redis-py for Debian's /usr/bin/python3 (a library, so asked of dpkg: "dpkg -s" alone also
# succeeds for a removed package whose config files remain), node and npm for ioredis.
[ "$(dpkg-query -W -f='${Status}' python3-redis 2>/dev/null)" = "install ok installed" ] || needed+=(python3-redis)
command -v node >/dev/null 2>&1 || needed+=(nodejs)
command -v npm >/dev/null 2>&1 || needed+=(npm)
# redis-cli's interactive mode (hints, help) needs a terminal: tests give it one inside tmux.
command -v tmux >/dev/null 2>&1 || needed+=(tmux)
if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${needed[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
  else
    echo "test.sh: missing ${needed[*]} (not root, so not installing; tests that need them will fail)" >&2
  fi
fi
# Debian's package starts a redis-server service on 6379 where an init system runs; tests use their own ports.

cd "$root"
exec mvn -B verify "$@"
