#!/usr/bin/env bash
# An 8192x8192 tile in a 1 GiB heap (issue 12): renders one 116' plate at 0.85"/px (DSS-like stars per
# pixel: star_density 12000) once, then runs the job on it on local[1] with -Xmx1g for the whole JVM
# (driver and executor share it in local mode) and a GC log; prints the tile's row and the heap peaks.
#   heavy bench/tile-8k-heap.sh [XMX]      (default 1g)
set -euo pipefail
cd "$(dirname "$0")/.."
xmx=${1:-1g}
root=/tmp/skysift-bench
data=$root/plate-8k
sky=(--set image.pixel_scale_arcsec=0.85 --set synthetic.star_density=12000 --set synthetic.realism=plate)
if [ ! -f "$data/images.csv" ]; then
  submit/local.sh synth --out "$data" --size-arcmin 116.05 --at 150.1,2.2 "${sky[@]}"
fi
id="tile8k-$xmx-$(date -u +%H%M%S)"
gc=$root/$id.gc.log
SKYSIFT_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$gc" submit/local.sh run --master 'local[1]' --run-id "$id" \
  --set output="file:$root/out8k" --set report.progress=false "${sky[@]}" --set image.source=files \
  --set image.list="$data/images.csv" --set reference.kind=files --set reference.path="$data/reference.csv" \
  > "$root/$id.log" 2>&1 || { echo "tile-8k-heap: the run failed, see $root/$id.log" >&2; exit 1; }
py=/tmp/nbvenv/bin/python; [ -x "$py" ] || py=python3
"$py" - "$root/out8k/$id" "$gc" <<'PY'
import re, sys
import pyarrow.parquet as pq
t = pq.read_table(sys.argv[1] + "/tiles").to_pylist()[0]
print("tile %s %dx%d: %s, %d sources, %.1f s busy" % (t["tile_id"], t["naxis1"], t["naxis2"], t["status"], t["n_sources"],
      (t["finished_at"] - t["started_at"]).total_seconds()))
b = a = c = full = 0
for line in open(sys.argv[2]):
    m = re.search(r"(\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        x, y, z = map(int, m.groups()); b, a, c = max(b, x), max(a, y), max(c, z)
        full += "Pause Full" in line
print("heap: largest occupancy before a GC %d MB, largest after a GC %d MB, heap size up to %d MB, %d full GCs" % (b, a, c, full))
PY
