#!/usr/bin/env bash
# One slow tile among many (issue 12, adaptive partitioning): N synthetic 30' plates (1059 px) and one 95'
# plate (3353 px, ~10x the pixels) read as files. Run 1 deals the tiles by the priors (all image-list tiles
# look alike to them); run 2 deals them by run 1's measured costs (--cost-from, first-wave JIT warm-up taken
# off). Prints per run: the processing span, the slow tile's busy time and start rank, the summed busy time
# and the span's lower bound max(sum / cores, longest tile): how close the deal came to the best possible.
#
#   bench/slow-tile.sh [--tiles 40] [--runs 2] [--master "local[2]"] [--per-partition 2]
# Run it alone: heavy-all bench/slow-tile.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
tiles=40 runs=2 master="local[2]" per=2
while [ $# -gt 0 ]; do
  case "$1" in
    --tiles) tiles=$2; shift 2;;
    --runs) runs=$2; shift 2;;
    --master) master=$2; shift 2;;
    --per-partition) per=$2; shift 2;;
    *) echo "slow-tile: unknown option $1" >&2; exit 2;;
  esac
done
root=/tmp/skysift-bench/slow-$tiles
py=/tmp/nbvenv/bin/python
[ -x "$py" ] || py=python3
sky=(--set synthetic.realism=plate --set synthetic.star_density=3000)
if [ ! -f "$root/images.csv" ]; then
  rm -rf "$root"; mkdir -p "$root"
  ats=$(python3 - "$tiles" <<'PY'
import math, sys
n = int(sys.argv[1]); g = math.pi * (3 - math.sqrt(5)); s = math.sin(math.radians(60))
for i in range(n):
    z = s * (1 - 2 * (i + 0.5) / n)
    print("--at %.4f,%.4f" % (math.degrees(i * g) % 360, math.degrees(math.asin(z))))
PY
)
  # shellcheck disable=SC2086
  submit/local.sh synth --out "$root/small" --size-arcmin 30 "${sky[@]}" $ats > "$root/synth.log"
  submit/local.sh synth --out "$root/big" --size-arcmin 95 "${sky[@]}" --at 200.0,-75.0 >> "$root/synth.log"
  { echo "path,ra,dec"
    tail -n +2 "$root/small/images.csv" | sed "s|^|$root/small/|"
    tail -n +2 "$root/big/images.csv" | sed "s|^|$root/big/|"; } > "$root/images.csv"
  { cat "$root/small/reference.csv"; tail -n +2 "$root/big/reference.csv"; } > "$root/reference.csv"
fi
out=$root/out
mkdir -p "$out"
prev=""
for r in $(seq 1 "$runs"); do
  id="slow-$(date -u +%H%M%S)-$r"
  cost=()
  [ -n "$prev" ] && cost=(--cost-from "$out/$prev")
  submit/local.sh run --master "$master" --run-id "$id" --set output="file:$out" --set report.progress=false \
    "${sky[@]}" --set image.source=files --set image.list="$root/images.csv" --set reference.kind=files \
    --set reference.path="$root/reference.csv" --set tiling.tiles_per_partition="$per" \
    --set report.plots=false --set report.hats=false --set report.html=false --set report.cutouts=false \
    --set report.dashboard=false "${cost[@]}" > "$out/$id.log" 2>&1 || { echo "slow-tile: run $id failed: $out/$id.log" >&2; exit 1; }
  "$py" - "$out/$id" "$master" "${prev:-priors}" <<'PY'
import sys, pyarrow.parquet as pq
run, master, dealt = sys.argv[1:4]
cores = int(master[6:-1]) if master.startswith("local[") and master[6:-1].isdigit() else 1
t = pq.read_table(run + "/tiles", columns=["tile_id", "image_uri", "started_at", "finished_at"]).to_pylist()
start = min(r["started_at"] for r in t); end = max(r["finished_at"] for r in t)
busy = {r["tile_id"]: (r["finished_at"] - r["started_at"]).total_seconds() for r in t}
order = sorted(t, key=lambda r: r["started_at"])
big = next(r for r in t if "/big/" in (r["image_uri"] or ""))
rank = 1 + [r["tile_id"] for r in order].index(big["tile_id"])
span = (end - start).total_seconds(); total = sum(busy.values()); bound = max(total / cores, max(busy.values()))
print("%s %s, costs from %s: span %.1f s, lower bound %.1f s (sum %.1f s / %d cores, longest %.1f s): %.2fx;"
      " slow tile %.1f s busy (median tile %.2f s), started %d of %d"
      % (run.split("/")[-1], master, dealt.split("/")[-1], span, bound, total, cores, max(busy.values()), span / bound,
         busy[big["tile_id"]], sorted(busy.values())[len(busy) // 2], rank, len(t)))
PY
  prev=$id
done
