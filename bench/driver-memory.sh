#!/usr/bin/env bash
# Driver memory does not grow with the data (issue 13): one run of many small synthetic tiles on
# local[2] with a 1 GiB heap (driver and executors share that JVM in local mode), reports on as a
# user has them. Prints wall time, exit code, the peak heap in use (before any GC) and the largest
# heap left after a GC (the live set), both from the JVM's own GC log.
#   bench/driver-memory.sh                 -> 10,000 tiles of 3'
#   TILES=2000 TILE_ARCMIN=3 HEAP=1g bench/driver-memory.sh
# Run it under `heavy` (it holds 2 cores for minutes). Keeps its output in $WORK (default /tmp/skysift-drivermem).
set -uo pipefail
cd "$(dirname "$0")/.."

tiles=${TILES:-10000}
arcmin=${TILE_ARCMIN:-3}
heap=${HEAP:-1g}
per_partition=${TILES_PER_PARTITION:-2}
work=${WORK:-/tmp/skysift-drivermem}
rm -rf "$work"
mkdir -p "$work"
gclog="$work/gc.log"

# fibonacci points are ~2 degrees apart at 10,000: each one falls in a tile of its own
start=$(date +%s.%N)
SKYSIFT_JAVA_OPTS="-Xmx$heap -Xlog:gc:file=$gclog:uptime" submit/local.sh run --config conf/local.yaml \
  --master 'local[2]' \
  --set run_id=drivermem \
  --set "output=file:$work/out" \
  --set targets.kind=fibonacci --set "targets.count=$tiles" \
  --set "tiling.tile_arcmin=$arcmin" --set "tiling.tiles_per_partition=$per_partition" \
  >"$work/run.log" 2>&1
rc=$?
end=$(date +%s.%N)

# G1 pause lines: "[12.345s] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(1024M) 12.3ms".
# Only pauses that collect (Young, Mixed, Full): a Remark or Cleanup line's "after" still holds garbage.
read -r peak live gcs full < <(grep -E 'Pause (Young|Mixed|Full)' "$gclog" | grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' \
  | awk -F'[M>()-]+' '{ if ($1 > peak) peak = $1; if ($2 > live) live = $2; n++ } END { print peak + 0, live + 0, n + 0 }' \
  | { read -r p l n; echo "$p $l $n $(grep -c 'Pause Full' "$gclog")"; })

run="$work/out/drivermem"
ok=$(grep -oE '[0-9]+ tiles ok, [0-9]+ failed' "$work/run.log" | tail -1)
printf 'driver-memory: %s tiles of %s'"'"' (%s per partition), local[2], -Xmx%s\n' "$tiles" "$arcmin" "$per_partition" "$heap"
printf '  exit code        %s\n' "$rc"
printf '  wall             %.1f s\n' "$(echo "$end - $start" | bc)"
printf '  tiles            %s\n' "${ok:-?}"
printf '  heap peak in use %s MiB (before a GC), largest live set %s MiB (after a GC); %s GCs, %s full\n' \
  "$peak" "$live" "$gcs" "$full"
printf '  manifest         %s\n' "$( [ -f "$run/manifest.json" ] && echo yes || echo NO)"
printf '  logs             %s/run.log, %s\n' "$work" "$gclog"
if grep -q OutOfMemoryError "$work/run.log"; then
  echo '  OutOfMemoryError in the run log:'
  grep -m3 -B2 OutOfMemoryError "$work/run.log"
fi
exit "$rc"
