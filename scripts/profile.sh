#!/usr/bin/env bash
# CPU profile of a Flux-KV node under redis-benchmark load (SET/GET, -P 16).
#   scripts/profile.sh [-d SECONDS] [--pid PID --port PORT] [--no-load] [--async] [--out DIR]
#     -d SECONDS   length of the recording (default 30); a 5 s warm-up (JIT) comes before it
#     --pid PID    profile a running node instead of starting one (--port: where to send the load)
#     --port PORT  port of that node (default: the port PID listens on, found with ss)
#     --no-load    do not run redis-benchmark (you drive the node yourself)
#     --async      also record a second window with async-profiler (JVM/native frames too)
#     --out DIR    output directory (default bench-out/, gitignored)
# Writes: profile-<stamp>.jfr (JFR, settings=profile), profile-<stamp>.html (flame graph, via async-profiler's
# jfr-converter from Maven Central), profile-<stamp>-hot.txt (hottest methods by self and total samples),
# and with --async profile-<stamp>-async.jfr/.html (ctimer samples, native frames too). See docs/profiling.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
outdir="$root/bench-out"
duration=30
warmup=5
pid=""
port=""
load=1
async=0
# Versions reachable on Maven Central from here (jfr-converter 4.6 is not published; 4.5 is).
async_profiler_artifact="tools.profiler:async-profiler:4.6"
converter_artifact="tools.profiler:jfr-converter:4.5"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    -d) [ $# -ge 2 ] || { usage >&2; exit 2; }; duration="$2"; shift 2 ;;
    --pid) [ $# -ge 2 ] || { usage >&2; exit 2; }; pid="$2"; shift 2 ;;
    --port) [ $# -ge 2 ] || { usage >&2; exit 2; }; port="$2"; shift 2 ;;
    --no-load) load=0; shift ;;
    --async) async=1; shift ;;
    --out) [ $# -ge 2 ] || { usage >&2; exit 2; }; outdir="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "profile.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
case "$duration" in ''|*[!0-9]*|0) echo "profile.sh: -d needs a positive number" >&2; exit 2 ;; esac

log() { echo "profile.sh: $*" >&2; }

for tool in java jcmd jfr python3; do
  command -v "$tool" >/dev/null || { log "$tool is required (a JDK, not a JRE)"; exit 1; }
done
if [ "$load" -eq 1 ] && { ! command -v redis-benchmark >/dev/null || ! command -v redis-cli >/dev/null; }; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    log "installing redis-tools"
    apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-tools >/dev/null
  else
    log "redis-benchmark missing: install redis-tools, or use --no-load"
    exit 1
  fi
fi

mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
stamp="$(date +%Y%m%d-%H%M%S)"
base="$outdir/profile-$stamp"
jfr_file="$base.jfr"
tools_dir="$outdir/tools"

started_pid=""
load_pid=""
cleanup() {
  local _
  if [ -n "$load_pid" ]; then
    kill -TERM "$load_pid" 2>/dev/null || true
    wait "$load_pid" 2>/dev/null || true
  fi
  if [ -n "$started_pid" ]; then
    kill -TERM "$started_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$started_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$started_pid" 2>/dev/null || true
    wait "$started_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # a signal becomes a normal exit, so the EXIT trap stops what we started

# Fetch an artifact into bench-out/tools once (cached); prints the jar path.
fetch_artifact() {
  local artifact="$1" name jar
  name="$(cut -d: -f2 <<<"$artifact")-$(cut -d: -f3 <<<"$artifact").jar"
  jar="$tools_dir/$name"
  if [ ! -s "$jar" ]; then
    mkdir -p "$tools_dir"
    log "fetching $artifact into $tools_dir"
    mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.11.0:copy -Dartifact="$artifact" \
      -DoutputDirectory="$tools_dir" >"$tools_dir/mvn.log" 2>&1 || { cat "$tools_dir/mvn.log" >&2; return 1; }
  fi
  echo "$jar"
}

# Fetch the tools before any load runs, so that Maven does not compete with the recording.
conv_jar="$(fetch_artifact "$converter_artifact")" || { log "could not fetch $converter_artifact"; conv_jar=""; }
ap_jar=""
if [ "$async" -eq 1 ]; then
  ap_jar="$(fetch_artifact "$async_profiler_artifact")" || { log "could not fetch $async_profiler_artifact"; ap_jar=""; }
fi

# --- the node ----------------------------------------------------------------------------------------
if [ -z "$pid" ]; then
  port="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()')"
  node_log="$base-node.log"
  # DebugNonSafepoints lets JFR attribute samples to the inlined method that ran, not the enclosing one.
  # JDK_JAVA_OPTIONS adds to the launcher's options, so scripts/flux-kv's defaults (or JAVA_OPTS) still apply.
  JDK_JAVA_OPTIONS="-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" \
    "$root/scripts/flux-kv" server --port "$port" --bind 127.0.0.1 --appendonly no --save '' >"$node_log" 2>&1 &
  started_pid=$!
  pid=$started_pid   # flux-kv execs java, so this is the JVM
  for _ in $(seq 1 300); do   # bounded: 60 s
    [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] && break
    kill -0 "$pid" 2>/dev/null || { log "node exited at start:"; tail -20 "$node_log" >&2; exit 1; }
    sleep 0.2
  done
  [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = "PONG" ] || { log "node not answering"; exit 1; }
  log "started node pid $pid on 127.0.0.1:$port (log $node_log)"
else
  kill -0 "$pid" 2>/dev/null || { log "no process $pid"; exit 1; }
  if [ -z "$port" ] && [ "$load" -eq 1 ]; then
    # The first TCP port the process listens on; pass --port when the node has more than one.
    port="$(ss -Hltnp 2>/dev/null | awk -v p="pid=$pid," '$0 ~ p { n = split($4, a, ":"); print a[n]; exit }')"
    [ -n "$port" ] || { log "cannot find the port of pid $pid: pass --port"; exit 1; }
  fi
  log "attaching to pid $pid${port:+ (load on port $port)}"
fi

# --- the load ----------------------------------------------------------------------------------------
if [ "$load" -eq 1 ]; then
  # Runs back to back until killed after the recording; each run is bounded by -n and by timeout.
  total=$((warmup + duration * (async + 1) + 10))
  (
    end=$((SECONDS + total))
    while [ "$SECONDS" -lt "$end" ]; do
      timeout "$total" redis-benchmark -h 127.0.0.1 -p "$port" -q -c 100 -n 5000000 -r 1000000 -P 16 \
        -t "set,get" >/dev/null 2>&1 || true
    done
  ) &
  load_pid=$!
  log "load: redis-benchmark -c 100 -r 1000000 -P 16 -t set,get; warm-up ${warmup}s"
  sleep "$warmup"
fi

# --- JFR ---------------------------------------------------------------------------------------------
log "recording ${duration}s with JFR (settings=profile) -> $jfr_file"
jcmd "$pid" JFR.start name=flux-profile settings=profile duration="${duration}s" filename="$jfr_file" >/dev/null
# JFR writes the file when the recording ends: sleep through it, then wait (bounded, 30 s) until the
# file is there and its size has settled. No jcmd polling: each jcmd is a JVM start on a 2-core box.
sleep "$duration"
last_size=-1
for _ in $(seq 1 150); do
  size="$(stat -c %s "$jfr_file" 2>/dev/null || echo 0)"
  [ "$size" -gt 0 ] && [ "$size" = "$last_size" ] && break
  last_size="$size"
  sleep 0.2
done
[ -s "$jfr_file" ] || { log "no recording was written"; exit 1; }

# --- async-profiler window (optional) ----------------------------------------------------------------
async_jfr=""
if [ "$async" -eq 1 ]; then
  if [ -n "$ap_jar" ]; then
    lib="$tools_dir/libasyncProfiler.so"
    [ -s "$lib" ] || unzip -p "$ap_jar" linux-x64/libasyncProfiler.so >"$lib"
    async_jfr="$base-async.jfr"
    # perf_events is usually closed in containers (perf_event_paranoid=2); ctimer needs no permission.
    log "recording ${duration}s with async-profiler (event=ctimer) -> $async_jfr"
    # The option string must be quoted for jcmd: its parser splits an unquoted one at the commas.
    # JFR output streams into the file, so it is named at start, not at stop.
    if jcmd "$pid" JVMTI.agent_load "$lib" "\"start,event=ctimer,interval=10ms,file=$async_jfr\"" \
      | grep -q 'return code: 0'; then
      sleep "$duration"
      jcmd "$pid" JVMTI.agent_load "$lib" "\"stop\"" >/dev/null || true
    fi
    [ -s "$async_jfr" ] || { log "async-profiler produced nothing"; async_jfr=""; }
  else
    log "no async-profiler jar: skipping the async-profiler window"
  fi
fi

# The load is no longer needed: stop it before the (CPU-bound) conversion.
if [ -n "$load_pid" ]; then
  kill -TERM "$load_pid" 2>/dev/null || true
  wait "$load_pid" 2>/dev/null || true
  load_pid=""
fi

# --- flame graph and hot methods ---------------------------------------------------------------------
# summarize COLLAPSED: hottest methods by self and by total samples, from collapsed stacks
# ("frame;frame;...;top count"). Self = samples with the method on top; total = samples with the method
# anywhere in the stack (once per stack). Frame suffixes _[j] _[i] _[0] (JIT, inlined, interpreted) go.
summarize() {
  sed -E 's/_\[[a-z0-9]+\]//g' "$1" | awk '
    { n = $NF; sub(/ [0-9]+$/, ""); k = split($0, f, ";"); all += n; self[f[k]] += n
      delete seen; for (i = 1; i <= k; i++) if (!(f[i] in seen)) { seen[f[i]] = 1; tot[f[i]] += n } }
    END {
      printf "%d samples\n\nTop 30 by self samples (method on top of the stack):\n", all
      for (m in self) printf "%7.2f%%  %7d  %s\n", 100 * self[m] / all, self[m], m | "sort -rn | head -30"
      close("sort -rn | head -30")
      printf "\nTop 30 io.fluxkv methods by total samples (method anywhere in the stack):\n"
      for (m in tot) if (m ~ /^io[.]fluxkv/)
        printf "%7.2f%%  %7d  %s\n", 100 * tot[m] / all, tot[m], m | "sort -rn | head -30"
      close("sort -rn | head -30")
    }'
}

html_file=""
async_html=""
hot_file="$base-hot.txt"
collapsed="$base.collapsed"
async_collapsed="$base-async.collapsed"
if [ -n "$conv_jar" ]; then
  # No --cpu: on a JDK (not async-profiler) recording it selects nothing. The default takes both
  # jdk.ExecutionSample (thread in Java) and jdk.NativeMethodSample (thread in a JNI call: epoll_wait,
  # write, read), which is what shows where an event loop spends its time.
  html_file="$base.html"
  java -jar "$conv_jar" --title "Flux-KV node (JFR, SET/GET -P 16)" "$jfr_file" "$html_file" >/dev/null \
    || { log "flame graph conversion failed"; html_file=""; }
  java -jar "$conv_jar" --dot -o collapsed "$jfr_file" "$collapsed" >/dev/null || rm -f "$collapsed"
  if [ -n "$async_jfr" ]; then
    async_html="$base-async.html"
    java -jar "$conv_jar" --title "Flux-KV node (async-profiler ctimer, SET/GET -P 16)" "$async_jfr" \
      "$async_html" >/dev/null || { log "async flame graph conversion failed"; async_html=""; }
    java -jar "$conv_jar" --dot -o collapsed "$async_jfr" "$async_collapsed" >/dev/null || rm -f "$async_collapsed"
  fi
else
  log "no jfr-converter jar: no flame graph"
fi

{
  echo "Flux-KV CPU profile, $(date -u +%Y-%m-%dT%H:%MZ), pid $pid, ${duration}s per recording"
  echo "load: $([ "$load" -eq 1 ] && echo "redis-benchmark -c 100 -r 1000000 -P 16 -t set,get" || echo "external")"
  echo
  echo "=== JFR (settings=profile): Java samples + native-method samples; epollWait0 = loop waiting for I/O"
  if [ -s "$collapsed" ]; then
    summarize "$collapsed"
  else
    # Without the converter: the top frame of each jdk.ExecutionSample, from `jfr print`.
    echo "Top 30 by self samples (top frame of jdk.ExecutionSample):"
    jfr print --events jdk.ExecutionSample --stack-depth 1 "$jfr_file" \
      | awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/ +line:.*/, ""); c[$0]++; all++ }
             END { for (m in c) printf "%7.2f%%  %7d  %s\n", 100 * c[m] / all, c[m], m }' \
      | sort -rn | head -30
  fi
  if [ -s "$async_collapsed" ]; then
    echo
    echo "=== async-profiler (ctimer: CPU time only, JVM and native frames too; kernel frames need perf_events)"
    summarize "$async_collapsed"
  fi
  # JDK 21+ `jfr view` (absent from JDK 17's jfr) reads JDK 17 recordings too: use one if installed.
  for view_jfr in /usr/lib/jvm/*/bin/jfr; do
    if [ -x "$view_jfr" ] && "$view_jfr" view hot-methods "$jfr_file" >/dev/null 2>&1; then
      echo
      echo "=== $view_jfr view hot-methods (Java samples only)"
      "$view_jfr" view --width 160 hot-methods "$jfr_file"
      echo "=== $view_jfr view gc-pauses"
      "$view_jfr" view --width 160 gc-pauses "$jfr_file" 2>/dev/null || true
      break
    fi
  done
} >"$hot_file"
rm -f "$collapsed" "$async_collapsed"

echo
echo "JFR recording:      $jfr_file"
[ -n "$html_file" ] && echo "flame graph (JFR):  $html_file"
[ -n "$async_jfr" ] && echo "async-profiler:     $async_jfr"
[ -n "$async_html" ] && echo "flame graph (async-profiler): $async_html"
echo "hot methods:        $hot_file"
echo
sed -n '1,45p' "$hot_file"
