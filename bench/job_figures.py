"""Figures of bench/job-throughput.sh runs from their run folders (tiles table, manifest.json).

  job_figures.py run RUN_DIR MASTER T0 T1 "LOAD1 LOAD5 LOAD15" LOG   -> one run's line, saved as RUN_DIR.bench.json
  job_figures.py summary OUT_DIR RUN_ID...                          -> medians per master, scaling efficiency
"""
import datetime as dt
import json
import re
import statistics
import sys

import pyarrow.parquet as pq


def cores(master):
    m = re.match(r"local\[(\d+)\]", master)
    return int(m.group(1)) if m else None


def cpu_share(path, t0, t1, hz=100.0):
    """Cores used by the job's JVM and by everything else on the machine over [t0, t1] (from the samples
    job-throughput.sh takes of /proc/PID/stat and /proc/stat)."""
    rows = []
    try:
        for line in open(path):
            p = line.split()
            if len(p) < 13 or p[3] != "cpu":
                continue
            ticks = [float(x) for x in p[4:]]
            idle = ticks[3] + ticks[4]
            rows.append((float(p[0]), (float(p[1]) + float(p[2])) / hz, (sum(ticks[:8]) - idle) / hz))
    except FileNotFoundError:
        return {}
    inside = [r for r in rows if t0 <= r[0] <= t1]
    if len(inside) < 2:
        return {}
    a, b = inside[0], inside[-1]
    dt = b[0] - a[0]
    ours = (b[1] - a[1]) / dt
    machine = (b[2] - a[2]) / dt
    return {"cores_job": ours, "cores_other": max(0.0, machine - ours)}


def run(run_dir, master, t0, t1, load, log):
    tiles = pq.read_table(run_dir + "/tiles", columns=["status", "started_at", "finished_at"]).to_pylist()
    man = json.load(open(run_dir + "/manifest.json"))["timings"]
    ok = [t for t in tiles if t["status"] == "ok"]
    starts = [t["started_at"].timestamp() for t in tiles]
    ends = [t["finished_at"].timestamp() for t in tiles]
    busy = [t["finished_at"].timestamp() - t["started_at"].timestamp() for t in tiles]
    span = max(ends) - min(starts)
    started = dt.datetime.fromisoformat(man["started_at"].rstrip("Z")[:26]).replace(tzinfo=dt.timezone.utc).timestamp()
    t0, t1 = float(t0), float(t1)
    wall = t1 - t0
    startup = started - t0  # launcher, JVM, config, SparkSession start
    n = cores(master)
    f = {
        "run": run_dir.rstrip("/").split("/")[-1], "master": master, "tiles": len(tiles), "ok": len(ok),
        "load": load, "wall_s": wall, "startup_s": startup, "span_s": span,
        "tiles_per_s": len(tiles) / span, "tiles_per_s_per_core": len(tiles) / span / n if n else None,
        "busy_median_s": statistics.median(busy), "busy_mean_s": statistics.fmean(busy),
        "utilisation": sum(busy) / span / n if n else None,
        "fixed_s": wall - span, "fixed_beyond_session_s": wall - span - startup,
        "steps": {s["step"]: s["elapsed_s"] for s in man["steps"]},
        "stage_median_ms": {k: v["median_per_tile"] for k, v in man.get("tile_stages_ms", {}).items()},
    }
    f.update(cpu_share(log[:-4] + ".cpu", min(starts), max(ends)))
    m = re.search(r"plots: (\d+) figures in (\d+) ms", open(log).read())
    if m:
        f["plots_ms"] = int(m.group(2))
    json.dump(f, open(run_dir + ".bench.json", "w"), indent=1)
    print(("%(run)s %(master)s %(tiles)d tiles (%(ok)d ok), load %(load)s: %(tiles_per_s).3f tiles/s over %(span_s).1f s "
           "(%(tiles_per_s_per_core).3f /core, utilisation %(utilisation).2f), busy median %(busy_median_s).2f s, "
           "wall %(wall_s).1f s = startup %(startup_s).1f + tiles %(span_s).1f + rest %(fixed_beyond_session_s).1f s") % f
          + ("; during the tiles the job used %.2f cores, other processes %.2f" % (f["cores_job"], f["cores_other"])
             if "cores_job" in f else ""))
    print("   steps: " + ", ".join("%s %.1f" % kv for kv in f["steps"].items())
          + "; tile stage medians ms: " + ", ".join("%s %.0f" % kv for kv in f["stage_median_ms"].items() if kv[1]))


def summary(out, ids):
    runs = [json.load(open(out + "/" + i + ".bench.json")) for i in ids]
    by = {}
    for r in runs:
        by.setdefault(r["master"], []).append(r)
    med = {}
    keys = ["tiles_per_s", "tiles_per_s_per_core", "busy_median_s", "utilisation", "wall_s", "startup_s",
            "fixed_beyond_session_s", "cores_job", "cores_other"]
    for r in runs:
        r.setdefault("cores_job", float("nan"))
        r.setdefault("cores_other", float("nan"))
    print("master | runs | tiles | tiles/s | /core | busy s | utilisation | wall s | startup s | fixed beyond startup s "
          "| cores job | cores other | loads")
    for m, rs in by.items():
        med[m] = {k: statistics.median(r[k] for r in rs) for k in keys}
        print("%s | %d | %d | %.3f | %.3f | %.2f | %.2f | %.1f | %.1f | %.1f | %.2f | %.2f | %s" % (
            m, len(rs), rs[0]["tiles"], *[med[m][k] for k in keys], "; ".join(r["load"] for r in rs)))
    one = med.get("local[1]")
    for m, v in med.items():
        n = cores(m)
        if one and n and n > 1:
            print("scaling local[1] -> %s: %.0f%% (tiles/s %.3f -> %.3f)" % (
                m, 100 * v["tiles_per_s"] / (n * one["tiles_per_s"]), one["tiles_per_s"], v["tiles_per_s"]))


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(*sys.argv[2:8])
    else:
        summary(sys.argv[2], sys.argv[3:])
