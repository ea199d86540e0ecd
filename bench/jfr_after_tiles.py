"""Where a run's time goes after its tiles: the JFR recording of a `skysift run` and its run folder.

  jfr_after_tiles.py RECORDING.jfr RUN_DIR

The window is from the end of the "process N tiles" Spark job to the run's finished_at (metrics.json).
Prints the cores the JVM and the machine used (jdk.CPULoad, 1/s), CPU per thread kind (jdk.ThreadCPULoad:
task threads, driver main, JIT compiler threads; the JVM's rest is GC and other native threads), the Spark
jobs' wall time by description, and the CPU samples (jdk.ExecutionSample, Java code only) by the job running
at their time and, on every thread, by what the code was doing (query planning, code generation, Parquet
writing or reading, shuffle, plots, ...).
"""
import collections
import datetime
import json
import subprocess
import sys


def events(path, names):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", ",".join(names), path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def ts(s):
    return datetime.datetime.strptime(s[:26].rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def frames(e):
    st = (e["values"].get("stackTrace") or {}).get("frames") or []
    return [f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"] for f in st]


# what a stack is doing, first match wins (checked from the top frame down, then the whole stack)
ACTIVITIES = [
    ("JIT-compiled query code (Janino)", ("org.codehaus.janino", "org.codehaus.commons", "CodeGenerator")),
    ("plots: drawing and PNG", ("org.jfree", "javax.imageio", "sun.java2d", "java.awt")),
    ("Parquet write", ("org.apache.parquet.hadoop.InternalParquetRecordWriter", "ParquetWriteSupport",
                       "org.apache.parquet.column.values", "ColumnWriteStore", "ParquetFileWriter")),
    ("Parquet read", ("VectorizedParquetRecordReader", "org.apache.parquet.hadoop.ParquetFileReader",
                      "VectorizedColumnReader", "ParquetDictionary")),
    ("shuffle", ("ShuffleWriter", "ShuffleExternalSorter", "ShuffleBlockFetcher", "UnsafeShuffleWriter")),
    ("rows from records (createDataFrame)", ("RecordSchema", "CatalystTypeConverters")),
    ("sort and aggregate", ("UnsafeExternalSorter", "ObjectAggregationIterator", "TungstenAggregationIterator",
                            "QuantileSummaries", "Percentile", "TimSort")),
    ("query planning (Catalyst)", ("org.apache.spark.sql.catalyst", "org.apache.spark.sql.execution.QueryExecution",
                                   "SparkOptimizer", "SparkPlanner", "org.apache.spark.sql.execution.adaptive")),
    ("file system", ("org.apache.hadoop.fs", "java.io.FileOutputStream", "sun.nio.fs")),
    ("task (de)serialisation", ("ObjectInputStream", "ObjectOutputStream", "JavaSerializer", "KryoSerializer")),
    ("class loading", ("java.lang.ClassLoader", "java.util.zip", "java.util.jar")),
]


def activity(fs):
    for name, keys in ACTIVITIES:
        if any(k in f for f in fs for k in keys):
            return name
    return "other"


def kind(thread):
    n = (thread or {}).get("javaName") or (thread or {}).get("osName") or "?"
    if n.startswith("Executor task launch"):
        return "task threads"
    if n == "main":
        return "driver main"
    if "CompilerThread" in n:
        return "JIT compiler (" + n.split()[0] + ")"
    if n.startswith("skysift-"):
        return "driver side-by-side steps"
    return "other Java threads"


def main(path, run_dir):
    m = json.load(open(run_dir.rstrip("/") + "/metrics.json"))
    jobs = sorted((ts(j["started_at"]), ts(j["started_at"]) + j["wall_ms"] / 1000, j["description"]) for j in m["jobs"])
    proc = [j for j in jobs if j[2].startswith("process ")]
    a = proc[-1][1] if proc else jobs[0][0]
    b = ts(m["finished_at"])
    print("after the tiles: %.1f s (end of '%s' to finished_at)" % (b - a, proc[-1][2] if proc else "?"))

    cpu = [e["values"] for e in events(path, ["jdk.CPULoad"]) if a <= ts(e["values"]["startTime"]) <= b]
    if cpu:
        jvm = sum(v["jvmUser"] + v["jvmSystem"] for v in cpu) / len(cpu)
        machine = sum(v["machineTotal"] for v in cpu) / len(cpu)
        print("cores busy (of the machine's): JVM %.0f%%, machine %.0f%% (%d one-second samples)"
              % (100 * jvm, 100 * machine, len(cpu)))

    per = collections.Counter()
    last = {}
    for e in sorted(events(path, ["jdk.ThreadCPULoad"]), key=lambda e: ts(e["values"]["startTime"])):
        v = e["values"]
        t = ts(v["startTime"])
        tid = (v.get("eventThread") or {}).get("javaThreadId")
        prev = last.get(tid)
        last[tid] = t
        if prev is None or not (a <= t <= b):
            continue
        # load is the share of the whole machine since the thread's previous event
        per[kind(v.get("eventThread"))] += (v["user"] + v["system"]) * (t - max(prev, a))
    if per:
        total = sum(per.values())
        print("\nCPU by thread kind (share of the machine x seconds; Java threads only, GC is the JVM's rest):")
        for k, s in per.most_common():
            print("  %6.1f  %4.0f%%  %s" % (s, 100 * s / total, k))

    walls = collections.OrderedDict()
    for s, e, d in jobs:
        if s >= a - 1e-3:
            key = d.split("<br/>")[0][:40]
            walls.setdefault(key, [0, 0.0])
            walls[key][0] += 1
            walls[key][1] += e - s
    print("\nSpark jobs after the tiles (count, summed wall s; side-by-side jobs overlap):")
    for k, (n, s) in walls.items():
        print("  %3d  %6.1f  %s" % (n, s, k))

    samples = [e for e in events(path, ["jdk.ExecutionSample"]) if a <= ts(e["values"]["startTime"]) <= b]
    by_job, by_act = collections.Counter(), collections.Counter()
    for e in samples:
        t = ts(e["values"]["startTime"])
        running = [d for s, f, d in jobs if s <= t <= f]
        by_job[running[0].split("<br/>")[0][:40] if running else "(no Spark job: driver only)"] += 1
        by_act[(kind(e["values"]["sampledThread"]), activity(frames(e)))] += 1
    n = max(1, len(samples))
    print("\nCPU samples (%d) by the Spark job running then (the first, when several run):" % len(samples))
    for k, v in by_job.most_common(14):
        print("  %5.1f%%  %s" % (100 * v / n, k))
    print("\nCPU samples by thread kind and activity:")
    for (k, act), v in by_act.most_common(20):
        print("  %5.1f%%  %-28s %s" % (100 * v / n, k, act))


if __name__ == "__main__":
    main(*sys.argv[1:3])
