#!/usr/bin/env sh
# The figures the Service's timeout and memory limits rest on (docs/performance.md, "Sizing the
# deployment"): seconds per request for a large scan read by file:// reference with mask and
# preview stored, first and later requests; and the function's peak resident memory with a
# pre-touched heap, so that peak RSS minus the heap is what it needs outside the heap.
#
#   infra/bench/sizing.sh --model MODEL.onnx [--scan SCAN.nii.gz] [--requests 3] [--heap 3g] [--threads 2]
#
# Needs the packaged function (./mvnw -o -q -pl function -am package -DskipTests) and, without
# --scan, the packaged trainer for `lungseg synth` (./mvnw -o -q -pl trainer -am package
# -DskipTests), which makes a 512x512x600 phantom. Talks to 127.0.0.1 only. Linux (/proc).
set -eu
cd "$(dirname "$0")/../.."

usage() {
  echo "usage: infra/bench/sizing.sh --model MODEL.onnx [--scan SCAN.nii.gz] [--requests N] [--heap SIZE] [--threads N]" >&2
  exit 2
}

model="" scan="" requests=3 heap=3g threads=2
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage
  case "$1" in
    --model) model=$2 ;;
    --scan) scan=$2 ;;
    --requests) requests=$2 ;;
    --heap) heap=$2 ;;
    --threads) threads=$2 ;;
    *) usage ;;
  esac
  shift 2
done
[ -n "$model" ] || usage
[ -f "$model" ] || { echo "sizing: no model at $model" >&2; exit 2; }
jar=function/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || { echo "sizing: $jar is missing: ./mvnw -o -q -pl function -am package -DskipTests" >&2; exit 2; }

work=$(mktemp -d)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

# The scan goes under the function's file root; outputs land in its segmentations/ folder.
mkdir -p "$work/root"
if [ -n "$scan" ]; then
  cp "$scan" "$work/root/scan.nii.gz"
else
  ./lungseg synth --out "$work/synth" --cases 1 --size 512x512x600 > /dev/null
  cp "$(find "$work/synth" -name '*.nii.gz' ! -path '*Mask*' | sort | head -n 1)" "$work/root/scan.nii.gz"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# The heap is fixed and touched in full at start, so resident memory counts all of it.
OPT_OUT_TRACKING=true AWS_EC2_METADATA_DISABLED=true java -Xms"$heap" -Xmx"$heap" -XX:+AlwaysPreTouch \
  -Dai.djl.offline=true -Daws.disableEc2Metadata=true \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dlungseg.model.path="$(realpath "$model")" -Dlungseg.model.threads="$threads" -Dlungseg.file.roots="$work/root" \
  -Dlungseg.queue.max-wait=600s -jar "$jar" > "$work/function.log" 2>&1 &
pid=$!

started=$(date +%s)
until curl -sf "http://127.0.0.1:$port/q/health/ready" > /dev/null; do
  kill -0 "$pid" 2> /dev/null || { echo "sizing: the function stopped; its log:" >&2; tail -n 20 "$work/function.log" >&2; exit 1; }
  [ $(($(date +%s) - started)) -lt 600 ] || { echo "sizing: not ready after 600 s" >&2; exit 1; }
  sleep 1
done

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -n 1)"
echo "scan: $(stat -c %s "$work/root/scan.nii.gz") bytes; model: $model; heap: $heap (pre-touched); ONNX Runtime threads: $threads"
echo "ready after $(($(date +%s) - started)) s"

i=1
while [ "$i" -le "$requests" ]; do
  result=$(curl -s -o "$work/answer.json" -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' \
    --data "{\"scan\": \"file://$work/root/scan.nii.gz\", \"id\": \"sizing-$i\", \"outputs\": \"store\"}" \
    "http://127.0.0.1:$port/segment")
  [ "${result%% *}" = 200 ] || { echo "sizing: request $i answered ${result%% *}: $(head -c 300 "$work/answer.json")" >&2; exit 1; }
  echo "request $i: ${result#* } s end to end"
  i=$((i + 1))
done

peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
heap_kb=$(java -Xmx"$heap" -XX:+PrintFlagsFinal -version 2> /dev/null | awk '$2 == "MaxHeapSize" {print int($4 / 1024)}')
echo "peak resident memory: $peak kB; outside the heap: $(awk -v p="$peak" -v h="$heap_kb" 'BEGIN {printf "%.2f GiB", (p - h) / 1048576}')"
