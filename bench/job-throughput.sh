#!/usr/bin/env bash
# End-to-end job throughput (issue 12): 60' DSS-like synthetic plates (2048x2048 at 1.7"/px) rendered
# once into a folder, then the job reads them as files (image.list) so rendering is not timed, with
# the plates' reference catalog as a CSV. Prints per run: tiles/s over the processing span (tiles
# table started_at..finished_at), busy s per tile, tiles/s per core, the fixed cost (process wall
# minus the tile span; SparkSession start apart) and the steps outside tiles; then per master the
# medians and the local[1] -> local[N] scaling efficiency.
#
#   bench/job-throughput.sh [--tiles 40] [--runs 3] [--masters "local[1] local[2]"] [--render]
#                           [--data /tmp/skysift-bench/plates-40] [--java-opts "-Xmx4g"] [--set K=V]...
# --render: a synthetic-source run of the same tiles instead (rendering on the executors, included).
# Run it alone: heavy-all bench/job-throughput.sh ... (holds both heavy slots).
set -euo pipefail
cd "$(dirname "$0")/.."
tiles=40 runs=3 masters="local[1] local[2]" render=0 data="" jopts="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tiles) tiles=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --masters) masters=$2; shift 2;;
    --render) render=1; shift;;
    --data) data=$2; shift 2;;
    --java-opts) jopts=$2; shift 2;;
    --set) extra+=(--set "$2"); shift 2;;
    *) echo "job-throughput: unknown option $1" >&2; exit 2;;
  esac
done
root=/tmp/skysift-bench
data=${data:-$root/plates-$tiles}
py=/tmp/nbvenv/bin/python
[ -x "$py" ] || py=python3
# The synthetic sky every run uses (the plates and the reference catalog come from it).
sky=(--set synthetic.realism=plate --set synthetic.star_density=3000)

# Tile centres: a golden spiral over |dec| <= 60 (tiles far apart, so each is its own tile).
centres() {
  python3 - "$1" <<'PY'
import math, sys
n = int(sys.argv[1]); g = math.pi * (3 - math.sqrt(5)); s = math.sin(math.radians(60))
for i in range(n):
    z = s * (1 - 2 * (i + 0.5) / n)
    print("--at %.4f,%.4f" % (math.degrees(i * g) % 360, math.degrees(math.asin(z))))
PY
}

if [ ! -f "$data/images.csv" ] || [ "$(($(wc -l < "$data/images.csv") - 1))" -ne "$tiles" ]; then
  echo "job-throughput: rendering $tiles plates into $data (once)" >&2
  rm -rf "$data"; mkdir -p "$data"
  # shellcheck disable=SC2046
  submit/local.sh synth --out "$data" --size-arcmin 60 "${sky[@]}" $(centres "$tiles") > "$data/synth.log"
fi

if [ "$render" = 1 ]; then
  # The same centres as targets: one synthetic tile per target, rendered on the executors.
  awk -F, 'NR == 1 {print "ra,dec"} NR > 1 {print $2 "," $3}' "$data/images.csv" > "$data/targets.csv"
  src=(--set targets.kind=csv --set targets.path="$data/targets.csv" --set image.source=synthetic
       --set reference.kind=synthetic)
else
  src=(--set image.source=files --set image.list="$data/images.csv" --set reference.kind=files
       --set reference.path="$data/reference.csv")
fi

out=$root/out
mkdir -p "$out"
for m in $masters; do
  for r in $(seq 1 "$runs"); do
    id="bench-$(date -u +%H%M%S)-$tiles-${m//[^0-9]/}-$r"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    t0=$(date +%s.%N)
    # no --java-opts: the launcher's own default JVM options, as a user gets them
    SKYSIFT_JAVA_OPTS="$jopts" submit/local.sh run --master "$m" --run-id "$id" --set output="file:$out" \
      --set report.progress=false "${sky[@]}" "${src[@]}" "${extra[@]}" > "$out/$id.log" 2>&1 &
    pid=$!
    # CPU of the job's JVM (the launcher execs java) and of the whole machine, twice a second: how much of
    # the two cores the tiles got, and how much went to other processes (other agents' builds)
    while kill -0 "$pid" 2>/dev/null; do
      echo "$(date +%s.%N) $(cut -d' ' -f14,15 "/proc/$pid/stat" 2>/dev/null) $(head -1 /proc/stat)"
      sleep 0.5
    done > "$out/$id.cpu" &
    wait "$pid" || { echo "job-throughput: run $id failed, see $out/$id.log" >&2; exit 1; }
    t1=$(date +%s.%N)
    echo "$id $m $t0 $t1 $load" >> "$out/runs.txt"
    "$py" bench/job_figures.py run "$out/$id" "$m" "$t0" "$t1" "$load" "$out/$id.log"
  done
done
"$py" bench/job_figures.py summary "$out" $(tail -n $(( $(echo $masters | wc -w) * runs )) "$out/runs.txt" | cut -d' ' -f1)
