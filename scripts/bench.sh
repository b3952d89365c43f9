#!/usr/bin/env bash
# Flux-KV vs redis-server, side by side, with redis-benchmark.
#   scripts/bench.sh [-n N] [--quick] [--suite] [--memory] [--aof] [--cpus S:C] [--out FILE]
#     -n N        requests per SET/GET run (default 500000)
#     --quick     smoke run: n=50000 (and the suite, if asked, at n=10000)
#     --suite     also run redis-benchmark's default suite (-n 100000) against both, test by test
#     --memory    instead of throughput: bytes per key with 1,000,000 small hashes (MEMORY_KEYS to change)
#     --aof       instead: SET throughput with appendfsync always (also with one client) and everysec, node and
#                 redis alternating AOF_ROUNDS times (default 5), then AOF replay speed of a generated
#                 AOF_RECORDS-record file (default 5,000,000) beside redis loading its export-resp
#     --cpus S:C  both servers on CPU list S (server_cpulist, bio_cpulist, aof_rewrite_cpulist), the client
#                 (redis-benchmark) on C with taskset, e.g. --cpus 1:0; default: wherever the kernel puts them
#     --out FILE  also write the table(s) as Markdown to FILE
# After an unmeasured warm-up of both servers (JIT), runs `redis-benchmark -q -c 100 -n N -r 1000000 -t set,get`
# with -P 1 and -P 16 against a node (started
# through scripts/flux-kv, so our default JVM options apply; JAVA_OPTS overrides them) and a Debian
# redis-server, both on free 127.0.0.1 ports, FLUSHALL before each run. Both servers are always stopped.
# Logs of both servers stay in bench-out/ (gitignored). See docs/benchmarks.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# FLUX_KV_JAR measures another build of the node (scripts/flux-kv honours it too).
server_jar="${FLUX_KV_JAR:-$root/server/target/flux-kv-server.jar}"
outdir="$root/bench-out"

requests=500000
suite=0
memory=0
aof=0
aof_records="${AOF_RECORDS:-5000000}"
# Throughput runs under the AOF alternate node and redis this many times: one run of either moves by ~10%.
aof_rounds="${AOF_ROUNDS:-5}"
memory_keys="${MEMORY_KEYS:-1000000}"
suite_requests=100000
out_file=""
cpus=""
# Upper bound for one redis-benchmark run: a server that stops answering must not hang the script.
run_timeout="${BENCH_RUN_TIMEOUT:-600}"

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    -n) [ $# -ge 2 ] || { usage >&2; exit 2; }; requests="$2"; shift 2 ;;
    --quick) requests=50000; suite_requests=10000; shift ;;
    --suite) suite=1; shift ;;
    --memory) memory=1; shift ;;
    --aof) aof=1; shift ;;
    --cpus) [ $# -ge 2 ] || { usage >&2; exit 2; }; cpus="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; out_file="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$requests" in ''|*[!0-9]*) echo "bench.sh: -n needs a number" >&2; exit 2 ;; esac
case "$memory_keys" in ''|*[!0-9]*|0) echo "bench.sh: MEMORY_KEYS needs a positive number" >&2; exit 2 ;; esac
case "$aof_records" in ''|*[!0-9]*|0) echo "bench.sh: AOF_RECORDS needs a positive number" >&2; exit 2 ;; esac
case "$aof_rounds" in ''|*[!0-9]*|0) echo "bench.sh: AOF_ROUNDS needs a positive number" >&2; exit 2 ;; esac

log() { echo "bench.sh: $*" >&2; }
# The line above each Markdown table: how, when and where it was measured ($1: the section's option, if any).
provenance() {
  echo "<!-- scripts/bench.sh ${1:+$1 }$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(redis-server --version | awk '{sub("v=", "", $3); print $3}'), node JVM: ${JAVA_OPTS:-defaults of scripts/flux-kv}, $placement -->"
}

# --cpus S:C: the same CPU list for every thread of both servers, through their own settings (redis-server's
# *_cpulist, the node's equivalents), and the client kept off them, so that neither server competes with
# redis-benchmark for a CPU (on a 2-core machine the scheduler otherwise moves all three around).
node_cpu_args=()
redis_cpu_args=()
client=(redis-benchmark)
placement="servers and client unpinned"
if [ -n "$cpus" ]; then
  case "$cpus" in
    *:*) server_cpus="${cpus%%:*}"; client_cpus="${cpus#*:}" ;;
    *) echo "bench.sh: --cpus needs SERVER_CPUS:CLIENT_CPUS, e.g. 1:0" >&2; exit 2 ;;
  esac
  node_cpu_args=(--server_cpulist "$server_cpus" --bio_cpulist "$server_cpus" --aof_rewrite_cpulist "$server_cpus")
  redis_cpu_args=("${node_cpu_args[@]}" --bgsave_cpulist "$server_cpus")
  client=(taskset -c "$client_cpus" redis-benchmark)
  placement="servers on CPU $server_cpus, client on CPU $client_cpus (--cpus $cpus)"
fi

# --- tools -------------------------------------------------------------------------------------------
if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null \
   || ! command -v redis-cli >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing redis-server and redis-tools"
    # The package list may be stale on a fresh machine; update once, then install.
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
  else
    log "redis-server/redis-benchmark/redis-cli missing; install redis-server and redis-tools"
    exit 1
  fi
fi
for tool in python3 java; do
  command -v "$tool" >/dev/null || { log "$tool is required"; exit 1; }
done
if [ "$memory" -eq 1 ] && ! command -v jcmd >/dev/null; then
  log "--memory needs jcmd (a full JDK) to measure the node's heap"; exit 1
fi

if [ ! -f "$server_jar" ]; then
  log "building the node jar (mvn -q -B -DskipTests package)"
  (cd "$root" && mvn -q -B -DskipTests package) >&2
fi

# --- servers -----------------------------------------------------------------------------------------
mkdir -p "$outdir"
node_log="$outdir/bench-node.log"
redis_log="$outdir/bench-redis.log"
redis_dir="$(mktemp -d)"   # redis-server's working dir, so no dump.rdb lands in the repo
node_dir="$(mktemp -d)"    # the node's, for the same reason (its AOF with --aof)
node_pid=""
redis_pid=""

# Stop a server: SIGTERM, wait a bounded time, then SIGKILL.
stop_pid() {
  local pid="$1" _
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid did not stop in 10 s, killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$node_pid"
  stop_pid "$redis_pid"
  rm -rf "$redis_dir" "$node_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # turns a signal into a normal exit so the EXIT trap runs

# The OS picks a free port; the tiny race until the server binds it is acceptable for a benchmark.
free_port() {
  python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
}

# Wait until the server on port $1 answers PING (bounded: 60 s; the node pre-touches its heap).
wait_ping() {
  local port="$1" pid="$2" name="$3" _
  for _ in $(seq 1 300); do
    if [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ]; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      log "$name exited before answering PING"
      return 1
    fi
    sleep 0.2
  done
  log "$name did not answer PING on port $port within 60 s"
  return 1
}

node_port="$(free_port)"
redis_port="$(free_port)"
while [ "$redis_port" = "$node_port" ]; do redis_port="$(free_port)"; done

# exec inside flux-kv makes $! the JVM itself, so the trap stops the JVM and not just a shell.
"$root/scripts/flux-kv" server --port "$node_port" --bind 127.0.0.1 --appendonly no --save '' --dir "$node_dir" \
  "${node_cpu_args[@]}" >"$node_log" 2>&1 &
node_pid=$!
(cd "$redis_dir" && exec redis-server --port "$redis_port" --bind 127.0.0.1 --save '' \
  --appendonly no --daemonize no "${redis_cpu_args[@]}") >"$redis_log" 2>&1 &
redis_pid=$!

wait_ping "$node_port" "$node_pid" node || { tail -20 "$node_log" >&2; exit 1; }
wait_ping "$redis_port" "$redis_pid" redis || { tail -20 "$redis_log" >&2; exit 1; }
log "node on 127.0.0.1:$node_port (pid $node_pid, log $node_log); $(grep -m1 'JVM options' "$node_log" || true)"
log "redis-server $(redis-server --version | awk '{sub("v=", "", $3); print $3}') on 127.0.0.1:$redis_port (pid $redis_pid)"
log "placement: $placement"

# --- benchmark ---------------------------------------------------------------------------------------
# run_bench LABEL PORT ARGS... -> lines "TEST<TAB>RPS" (test name as redis-benchmark prints it).
# redis-benchmark exits at the first error reply (e.g. a command the node lacks); that error goes to
# $notes so the table can say why a figure is missing.
notes="$outdir/bench-notes.txt"
: >"$notes"
run_bench() {
  local label="$1" port="$2" raw; shift 2
  raw="$(mktemp)"
  # A run cut off by the timeout or an error still yields the tests that finished (hence `|| true`).
  timeout "$run_timeout" "${client[@]}" -h 127.0.0.1 -p "$port" -q "$@" >"$raw" 2>&1 || true
  tr '\r' '\n' <"$raw" | grep -m1 -o 'Error from server.*' | cut -c1-110 \
    | sed "s/^/$label ($*): /" >>"$notes" || true
  # -q prints progress with \r; only the final "NAME: X requests per second, ..." lines matter.
  tr '\r' '\n' <"$raw" | grep 'per second' \
    | sed -E 's/^(.*): ([0-9.]+) requests per second.*/\1\t\2/' || true
  rm -f "$raw"
}
flushall() { redis-cli -h 127.0.0.1 -p "$1" flushall >/dev/null; }

# Results: rows "test<TAB>pipeline<TAB>node rps<TAB>redis rps".
rows=()
add_rows() {
  local pipeline="$1" node_out="$2" redis_out="$3" name rps other
  while IFS=$'\t' read -r name rps; do
    [ -n "$name" ] || continue
    other="$(awk -F'\t' -v n="$name" '$1 == n { print $2; exit }' <<<"$redis_out")"
    rows+=("$name"$'\t'"$pipeline"$'\t'"$rps"$'\t'"${other:-n/a}")
  done <<<"$node_out"
  # Tests redis answered but the node did not (e.g. an unsupported command that stalled the run).
  while IFS=$'\t' read -r name rps; do
    [ -n "$name" ] || continue
    if ! awk -F'\t' -v n="$name" '$1 == n { f = 1 } END { exit !f }' <<<"$node_out"; then
      rows+=("$name"$'\t'"$pipeline"$'\t'"n/a"$'\t'"$rps")
    fi
  done <<<"$redis_out"
}

ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'
}

print_table() {
  local title="$1"; shift
  local row name pipeline node redis
  printf '\n%s\n' "$title"
  printf '%-36s %8s %14s %14s %10s\n' test pipeline "node rps" "redis rps" node/redis
  for row in "$@"; do
    IFS=$'\t' read -r name pipeline node redis <<<"$row"
    printf '%-36s %8s %14s %14s %10s\n' "$name" "$pipeline" "$node" "$redis" "$(ratio "$node" "$redis")"
  done
}
# One line per test run in rounds ("..., round K"): the median of its rounds' node/redis ratios, and all of them.
median_ratios() {
  local row name pipeline node redis
  for row in "$@"; do
    IFS=$'\t' read -r name pipeline node redis <<<"$row"
    printf '%s -P %s\t%s\n' "${name%, round *}" "$pipeline" "$(ratio "$node" "$redis")"
  done | awk -F'\t' '
    !($1 in count) { order[++tests] = $1 }
    { count[$1]++; ratios[$1, count[$1]] = $2 }
    END {
      for (t = 1; t <= tests; t++) {
        name = order[t]; n = count[name]; list = ""
        for (i = 1; i <= n; i++) { v[i] = ratios[name, i]; list = list (i > 1 ? ", " : "") v[i] }
        for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { x = v[j]; v[j] = v[j - 1]; v[j - 1] = x }
        median = n % 2 ? v[(n + 1) / 2] : sprintf("%.2f", (v[n / 2] + v[n / 2 + 1]) / 2)
        printf "%s: median node/redis %s (rounds: %s)\n", name, median, list
      }
    }'
}

markdown_table() {
  local row name pipeline node redis
  echo '| test | pipeline | node rps | redis rps | node/redis |'
  echo '|---|---:|---:|---:|---:|'
  for row in "$@"; do
    IFS=$'\t' read -r name pipeline node redis <<<"$row"
    echo "| $name | $pipeline | $node | $redis | $(ratio "$node" "$redis") |"
  done
}

# --- memory (--memory) --------------------------------------------------------------------------------
# Loads MEMORY_KEYS hashes "HSET hash:N f1 v1 f2 v2 f3 v3" into both servers with redis-cli --pipe, then
# reports bytes per key: redis's used_memory / keys, and the node's live heap after a full GC (jcmd GC.run, then
# the sum of the generations' "used" in GC.heap_info) / keys. Those include each server's empty baseline, so the
# table also gives (loaded - empty) / keys.
heap_used_bytes() {
  timeout 120 jcmd "$node_pid" GC.run >/dev/null
  # Generation lines read "<name> total NK, used NK [...]"; Metaspace (not heap) has no "total".
  timeout 60 jcmd "$node_pid" GC.heap_info \
    | awk '/ total / { for (i = 1; i < NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); s += v } }
           END { printf "%d", s * 1024 }'
}
redis_used_bytes() {
  redis-cli -h 127.0.0.1 -p "$redis_port" info memory | tr -d '\r' | awk -F: '$1 == "used_memory" { print $2 }'
}
if [ "$memory" -eq 1 ]; then
  load="$outdir/memory-load.resp"
  python3 - "$memory_keys" >"$load" <<'PY'
import sys
out = sys.stdout.buffer
for n in range(int(sys.argv[1])):
    key = b"hash:%d" % n
    out.write(b"*8\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n" % (len(key), key)
              + b"$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n$2\r\nf3\r\n$2\r\nv3\r\n")
PY
  node_empty="$(heap_used_bytes)"
  redis_empty="$(redis_used_bytes)"
  for port in "$node_port" "$redis_port"; do
    log "loading $memory_keys hashes into port $port..."
    timeout "$run_timeout" redis-cli -h 127.0.0.1 -p "$port" --pipe <"$load" >&2 \
      || { log "loading into port $port failed or timed out"; exit 1; }
  done
  rm -f "$load"
  node_keys="$(redis-cli -h 127.0.0.1 -p "$node_port" dbsize)"
  redis_keys="$(redis-cli -h 127.0.0.1 -p "$redis_port" dbsize)"
  node_encoding="$(redis-cli -h 127.0.0.1 -p "$node_port" object encoding hash:0)"
  redis_encoding="$(redis-cli -h 127.0.0.1 -p "$redis_port" object encoding hash:0)"
  node_used="$(heap_used_bytes)"
  redis_used="$(redis_used_bytes)"
  per_key() { awk -v b="$1" -v k="$2" 'BEGIN { printf "%.1f", b / k }'; }
  memory_cmd="scripts/bench.sh --memory   # $memory_keys x HSET hash:N f1 v1 f2 v2 f3 v3 via redis-cli --pipe"
  memory_table() {
    echo '| server | keys | encoding | bytes used (empty) | bytes used (loaded) | bytes/key | (loaded - empty)/key |'
    echo '|---|---:|---|---:|---:|---:|---:|'
    echo "| node (heap after full GC) | $node_keys | $node_encoding | $node_empty | $node_used |" \
      "$(per_key "$node_used" "$node_keys") | $(per_key $((node_used - node_empty)) "$node_keys") |"
    echo "| redis (used_memory) | $redis_keys | $redis_encoding | $redis_empty | $redis_used |" \
      "$(per_key "$redis_used" "$redis_keys") | $(per_key $((redis_used - redis_empty)) "$redis_keys") |"
  }
  printf '\n%s\n' "$memory_cmd"
  memory_table
  if [ -n "$out_file" ]; then
    {
      provenance --memory
      echo
      echo "\`$memory_cmd\`"
      echo
      memory_table
    } >"$out_file"
    log "Markdown table written to $out_file"
  fi
  exit 0
fi

# --- AOF (--aof) --------------------------------------------------------------------------------------
# 1. SET throughput with appendfsync always, then everysec: CONFIG SET appendonly yes on both running servers
#    (each writes its data set as a new AOF first), an unmeasured warm-up, then node and redis in turn.
# 2. Replay: a generated AOF of AOF_RECORDS records (SET of 50-byte values over 1,000,000 keys) loaded by a
#    node at start-up, and the same records exported with `aof export-resp` loaded by redis-server as its
#    appendonly file; each reports its own load time in its log.
info_field() {
  redis-cli -h 127.0.0.1 -p "$1" info persistence | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'
}
wait_rewrite_done() {
  local port="$1" _
  for _ in $(seq 1 600); do
    if [ "$(info_field "$port" aof_rewrite_in_progress)" = 0 ] && [ "$(info_field "$port" aof_rewrite_scheduled)" = 0 ]; then
      return 0
    fi
    sleep 0.2
  done
  log "the AOF rewrite on port $port did not finish within 120 s"; return 1
}
# measure_rounds NAME PIPELINE ARGS...: AOF_ROUNDS runs of redis-benchmark ARGS, node then redis, added as rows
# "NAME, round K".
measure_rounds() {
  local name="$1" pipeline="$2" round node_out redis_out; shift 2
  for round in $(seq 1 "$aof_rounds"); do
    log "$name ($*), round $round/$aof_rounds: node, then redis..."
    node_out="$(run_bench node "$node_port" "$@")"
    redis_out="$(run_bench redis "$redis_port" "$@")"
    add_rows "$pipeline" "$(sed "s/^SET/$name, round $round/" <<<"$node_out")" \
      "$(sed "s/^SET/$name, round $round/" <<<"$redis_out")"
  done
}
if [ "$aof" -eq 1 ]; then
  aof_rows=()
  one_client=$(( requests / 25 ))
  rows=()
  for policy in always everysec; do
    for port in "$node_port" "$redis_port"; do
      redis-cli -h 127.0.0.1 -p "$port" config set appendfsync "$policy" >/dev/null
      redis-cli -h 127.0.0.1 -p "$port" config set appendonly yes >/dev/null
      wait_rewrite_done "$port"
      log "appendfsync $policy: warm-up on port $port (not measured)..."
      # Two runs: each opens with CONFIG GET, which in the second lands in code the JIT compiled for SET alone
      # and makes it recompile there rather than in the first measured run.
      run_bench warm-up "$port" -c 100 -n 500000 -r 1000000 -t set -P 16 >/dev/null
      run_bench warm-up "$port" -c 100 -n 200000 -r 1000000 -t set >/dev/null
    done
    for pipeline in 1 16; do
      measure_rounds "SET appendfsync $policy" "$pipeline" -c 100 -n "$requests" -r 1000000 -t set -P "$pipeline"
    done
    if [ "$policy" = always ]; then
      # One client: each request waits for its own fsync, so this is the fsync path's latency.
      measure_rounds "SET appendfsync always, -c 1" 1 -c 1 -n "$one_client" -r 1000000 -t set
    fi
  done
  aof_rows=("${rows[@]}")
  aof_cmd="redis-benchmark -q -c 100 -n $requests -r 1000000 -t set -P {1,16} (and -c 1 -n $one_client), appendonly yes, $aof_rounds rounds of node then redis"
  print_table "$aof_cmd" "${aof_rows[@]}"
  printf '\n'
  median_ratios "${aof_rows[@]}"
  stop_pid "$node_pid"; node_pid=""
  stop_pid "$redis_pid"; redis_pid=""

  replay_dir="$outdir/aof-replay"
  rm -rf "$replay_dir"; mkdir -p "$replay_dir/node" "$replay_dir/redis"
  log "generating an AOF of $aof_records records..."
  python3 - "$aof_records" "$replay_dir/node/appendonly.aof" <<'PY'
import random, sys
records, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7)
values = [''.join(rnd.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(50)) for _ in range(1000)]
ts = 1795500000000
with open(path, 'w') as f:
    f.write('{"flux-aof":1,"created":%d}\n' % ts)
    for i in range(records):
        f.write('{"ts":%d,"db":0,"op":"set","key":"key:%07d","args":["%s"]}\n'
                % (ts + i // 1000, i % 1000000, values[i % 1000]))
PY
  log "exporting it for redis-server (aof export-resp)..."
  "$root/scripts/flux-kv" aof export-resp "$replay_dir/node/appendonly.aof" -o "$replay_dir/redis/appendonly.aof"
  aof_bytes="$(stat -c %s "$replay_dir/node/appendonly.aof")"
  resp_bytes="$(stat -c %s "$replay_dir/redis/appendonly.aof")"
  replay_log="$outdir/bench-replay-node.log"
  "$root/scripts/flux-kv" server --port "$node_port" --bind 127.0.0.1 --appendonly yes --dir "$replay_dir/node" \
    --auto-aof-rewrite-percentage 0 "${node_cpu_args[@]}" >"$replay_log" 2>&1 &
  node_pid=$!
  for _ in $(seq 1 600); do grep -q 'DB loaded from append only file' "$replay_log" && break; sleep 0.2; done
  # "... N records in T ms (R records/s)"
  node_ms="$(grep -o 'records in [0-9]* ms' "$replay_log" | awk '{ print $3 }')"
  # The log line comes just before the node stops answering -LOADING.
  for _ in $(seq 1 100); do
    node_keys="$(redis-cli -h 127.0.0.1 -p "$node_port" dbsize)"
    case "$node_keys" in ''|*[!0-9]*) sleep 0.1 ;; *) break ;; esac
  done
  stop_pid "$node_pid"; node_pid=""
  replay_redis_log="$outdir/bench-replay-redis.log"
  (cd "$replay_dir/redis" && exec redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly yes \
    --auto-aof-rewrite-percentage 0 --daemonize no "${redis_cpu_args[@]}") >"$replay_redis_log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 600); do grep -q 'DB loaded from append only file' "$replay_redis_log" && break; sleep 0.2; done
  # "... DB loaded from append only file: S seconds"
  redis_s="$(grep -o 'DB loaded from append only file: [0-9.]* seconds' "$replay_redis_log" | awk '{ print $7 }')"
  redis_keys="$(redis-cli -h 127.0.0.1 -p "$redis_port" dbsize)"
  stop_pid "$redis_pid"; redis_pid=""
  node_rate="$(awk -v n="$aof_records" -v ms="$node_ms" 'BEGIN { printf "%d", n / (ms / 1000) }')"
  redis_rate="$(awk -v n="$aof_records" -v s="$redis_s" 'BEGIN { printf "%d", n / s }')"
  replay_cmd="scripts/bench.sh --aof   # replay of $aof_records SET records (50-byte values, 1,000,000 keys)"
  replay_table() {
    echo '| server | file | bytes | load time | records/s | keys after load |'
    echo '|---|---|---:|---:|---:|---:|'
    echo "| node | JSON lines | $aof_bytes | $(awk -v ms="$node_ms" 'BEGIN { printf "%.2f s", ms / 1000 }') | $node_rate | $node_keys |"
    echo "| redis | export-resp output | $resp_bytes | ${redis_s} s | $redis_rate | $redis_keys |"
    echo
    echo "node/redis records/s: $(ratio "$node_rate" "$redis_rate")"
  }
  printf '\n%s\n' "$replay_cmd"
  replay_table
  rm -rf "$replay_dir"
  if [ -n "$out_file" ]; then
    {
      provenance --aof
      echo
      echo "\`$aof_cmd\`"
      echo
      markdown_table "${aof_rows[@]}"
      echo
      median_ratios "${aof_rows[@]}" | sed 's/^/- /'
      echo
      echo "\`$replay_cmd\`"
      echo
      replay_table
    } >"$out_file"
    log "Markdown tables written to $out_file"
  fi
  exit 0
fi

common=(-c 100 -n "$requests" -r 1000000 -t "set,get")
# Warm-up, the same for both servers and not measured: the JVM compiles its hot paths in the first seconds
# under load, and a measurement should compare steady states, not the node's start-up against redis's.
for port in "$node_port" "$redis_port"; do
  log "warm-up on port $port (not measured)..."
  run_bench warm-up "$port" -c 100 -n 1000000 -r 1000000 -t set,get -P 16 >/dev/null
  run_bench warm-up "$port" -c 100 -n 200000 -r 1000000 -t set,get >/dev/null
done
for pipeline in 1 16; do
  log "SET/GET -P $pipeline, n=$requests: node..."
  flushall "$node_port"
  node_out="$(run_bench node "$node_port" "${common[@]}" -P "$pipeline")"
  log "SET/GET -P $pipeline, n=$requests: redis..."
  flushall "$redis_port"
  redis_out="$(run_bench redis "$redis_port" "${common[@]}" -P "$pipeline")"
  add_rows "$pipeline" "$node_out" "$redis_out"
done
main_rows=("${rows[@]}")
main_cmd="redis-benchmark -q -c 100 -n $requests -r 1000000 -t set,get -P {1,16}"
print_table "$main_cmd" "${main_rows[@]}"

# The default suite, in redis-benchmark's own order, one -t group per run: redis-benchmark stops at the
# first error, so a command the node lacks must not hide the rest. The data carries over from test to
# test as in one suite run (LPOP pops what LPUSH pushed); one FLUSHALL per server before the suite.
suite_groups=(ping_inline ping_mbulk set get incr lpush rpush lpop rpop sadd hset spop zadd zpopmin
  "lrange_100,lrange_300,lrange_500,lrange_600" mset)
suite_rows=()
if [ "$suite" -eq 1 ]; then
  rows=()
  log "default suite, n=$suite_requests, ${#suite_groups[@]} runs per server..."
  flushall "$node_port"
  flushall "$redis_port"
  for group in "${suite_groups[@]}"; do
    node_out="$(run_bench node "$node_port" -c 100 -n "$suite_requests" -t "$group")"
    redis_out="$(run_bench redis "$redis_port" -c 100 -n "$suite_requests" -t "$group")"
    add_rows 1 "$node_out" "$redis_out"
  done
  suite_rows=("${rows[@]}")
  print_table "redis-benchmark -q -c 100 -n $suite_requests (default suite, one -t at a time)" "${suite_rows[@]}"
fi
if [ -s "$notes" ]; then
  printf '\nerrors (a missing figure is explained here):\n'
  cat "$notes"
fi

if [ -n "$out_file" ]; then
  {
    provenance
    echo
    echo "\`$main_cmd\`"
    echo
    markdown_table "${main_rows[@]}"
    if [ "$suite" -eq 1 ]; then
      echo
      echo "\`redis-benchmark -q -c 100 -n $suite_requests\` (default suite, one -t at a time)"
      echo
      markdown_table "${suite_rows[@]}"
    fi
    if [ -s "$notes" ]; then
      echo
      echo "Errors (why a figure is n/a):"
      echo
      sed 's/^/    /' "$notes"
    fi
  } >"$out_file"
  log "Markdown table written to $out_file"
fi
