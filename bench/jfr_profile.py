"""Summarises a JFR recording of a job run (JDK 17 has no `jfr view`): CPU samples of the tile threads
by top frame and by method anywhere in the stack, the same for the other threads by thread, GC pauses,
monitor-blocked and park time on the tile threads, JIT compilation time.

  jfr_profile.py RECORDING.jfr [TOP]
"""
import collections
import json
import subprocess
import sys


def events(path, names):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "40", "--events", ",".join(names), path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frame(f):
    m = f["method"]
    return m["type"]["name"].split(".")[-1] + "." + m["name"]


def seconds(d):
    # JFR durations print as ISO-8601 "PT0.0123S"-like strings in JSON
    if isinstance(d, (int, float)):
        return d / 1e9
    d = d.replace("PT", "").lower()
    total = 0.0
    for unit, mult in (("h", 3600), ("m", 60), ("s", 1)):
        if unit in d:
            v, d = d.split(unit, 1)
            total += float(v) * mult
    return total


def tile_thread(t):
    return t is not None and "Executor task launch worker" in (t.get("javaName") or "")


def main(path, top=25):
    top = int(top)
    samples = events(path, ["jdk.ExecutionSample"])
    tile = [e for e in samples if tile_thread(e["values"]["sampledThread"])]
    other = collections.Counter(e["values"]["sampledThread"]["javaName"].split(" for task")[0].split("-")[0]
                                for e in samples if not tile_thread(e["values"]["sampledThread"]))
    print("CPU samples: %d on tile threads, %d elsewhere" % (len(tile), len(samples) - len(tile)))
    self_c, total_c = collections.Counter(), collections.Counter()
    for e in tile:
        st = e["values"]["stackTrace"]["frames"]
        if st:
            self_c[frame(st[0])] += 1
        for f in {frame(f) for f in st}:
            total_c[f] += 1
    n = max(1, len(tile))
    print("\ntile threads, self (top frame):")
    for k, v in self_c.most_common(top):
        print("  %5.1f%%  %s" % (100 * v / n, k))
    print("\ntile threads, total (in stack):")
    for k, v in total_c.most_common(top):
        print("  %5.1f%%  %s" % (100 * v / n, k))
    main_c = collections.Counter()
    mains = [e for e in samples if e["values"]["sampledThread"]["javaName"] == "main"]
    for e in mains:
        for f in {frame(f) for f in e["values"]["stackTrace"]["frames"]}:
            main_c[f] += 1
    print("\ndriver main thread, %d samples, in stack:" % len(mains))
    for k, v in main_c.most_common(top):
        print("  %5d  %s" % (v, k))
    print("\nother threads (samples):")
    for k, v in other.most_common(12):
        print("  %5d  %s" % (v, k))
    gcs = events(path, ["jdk.GarbageCollection"])
    by = collections.defaultdict(lambda: [0, 0.0])
    for e in gcs:
        v = e["values"]
        by[v["name"]][0] += 1
        by[v["name"]][1] += seconds(v["sumOfPauses"])
    print("\nGC: " + ", ".join("%s %d collections, %.2f s paused" % (k, c, s) for k, (c, s) in by.items()))
    for name in ("jdk.JavaMonitorEnter", "jdk.ThreadPark"):
        ev = [e for e in events(path, [name]) if tile_thread(e["values"].get("eventThread"))]
        tot = sum(seconds(e["values"]["duration"]) for e in ev)
        where = collections.Counter()
        for e in ev:
            st = (e["values"].get("stackTrace") or {}).get("frames") or []
            where[" < ".join(frame(f) for f in st[:3])] += seconds(e["values"]["duration"])
        print("\n%s on tile threads: %d events, %.2f s" % (name, len(ev), tot))
        for k, v in where.most_common(5):
            print("  %.2f s  %s" % (v, k))
    comp = events(path, ["jdk.Compilation"])
    print("\nJIT: %d compilations, %.1f s compiler time" % (len(comp), sum(seconds(e["values"]["duration"]) for e in comp)))
    alloc = events(path, ["jdk.ObjectAllocationSample"])
    ac = collections.Counter()
    for e in alloc:
        if tile_thread(e["values"]["eventThread"]):
            st = (e["values"].get("stackTrace") or {}).get("frames") or []
            ac[frame(st[0]) if st else "?"] += e["values"]["weight"]
    tot = sum(ac.values())
    print("\nallocation on tile threads (sampled weight): %.1f GB" % (tot / 1e9))
    for k, v in ac.most_common(12):
        print("  %6.2f GB  %s" % (v / 1e9, k))


if __name__ == "__main__":
    main(*sys.argv[1:])
