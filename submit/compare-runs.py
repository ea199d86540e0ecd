#!/usr/bin/env python3
"""Compares the report outputs of two run folders of the same config (say, one run by main, one by a branch):
summary.json (without timings), summary.csv, dashboard/anomalies_minimal.csv, plots/*.csv, plots/plots.json,
the HATS catalogs (partition_info.csv, properties, every leaf's rows) and the PNGs (pixels that differ).
Run ids, run folders and wall-clock figures are masked. Exit status 1 when something differs.

  /tmp/nbvenv/bin/python submit/compare-runs.py /tmp/a/run-X /tmp/b/run-Y
"""
import json
import re
import sys
from pathlib import Path

import pyarrow.parquet as pq

TIMING_KEYS = {"started_at", "finished_at", "elapsed_s", "stage_ms"}
# figures whose text and pixels show wall-clock time: compared for presence only
TIMED_FIGURES = {"stage_timings.png", "throughput.png"}


def masker(a: Path, b: Path):
    subs = []
    for run in (a, b):
        s = json.loads((run / "summary.json").read_text())
        subs += [(s["run_dir"], "<RUN_DIR>"), (s["run_id"], "<RUN_ID>")]
    subs.sort(key=lambda s: -len(s[0]))

    def mask(text: str) -> str:
        for old, new in subs:
            text = text.replace(old, new)
        return text
    return mask


def drop_timings(node):
    if isinstance(node, dict):
        return {k: drop_timings(v) for k, v in node.items() if k not in TIMING_KEYS}
    if isinstance(node, list):
        return [drop_timings(v) for v in node]
    return node


def diff_lines(name, x, y, problems):
    if x == y:
        print(f"same      {name}")
        return
    xl, yl = x.splitlines(), y.splitlines()
    shown = [f"  - {p}\n  + {q}" for p, q in zip(xl, yl) if p != q][:5]
    problems.append(name)
    print(f"DIFFERENT {name} ({len(xl)} vs {len(yl)} lines)\n" + "\n".join(shown))


def summary_csv(text):
    head, row = text.splitlines()[:2]
    import csv
    h, r = next(csv.reader([head])), next(csv.reader([row]))
    return "\n".join(f"{k}={v}" for k, v in zip(h, r)
                     if not any(k == t or k.startswith(t + ".") for t in TIMING_KEYS))


def png_diff(pa, pb):
    from PIL import Image, ImageChops
    ia, ib = Image.open(pa).convert("RGB"), Image.open(pb).convert("RGB")
    if ia.size != ib.size:
        return f"sizes {ia.size} vs {ib.size}"
    bbox = ImageChops.difference(ia, ib).getbbox()
    if bbox is None:
        return None
    d = ImageChops.difference(ia, ib).convert("L").point(lambda v: 255 if v else 0)
    return f"{sum(1 for v in d.getdata() if v)} pixels differ in box {bbox}"


def main(a: Path, b: Path) -> int:
    mask = masker(a, b)
    problems = []
    sa = drop_timings(json.loads(mask((a / "summary.json").read_text())))
    sb = drop_timings(json.loads(mask((b / "summary.json").read_text())))
    diff_lines("summary.json", json.dumps(sa, indent=1, sort_keys=True), json.dumps(sb, indent=1, sort_keys=True), problems)
    if (a / "summary.csv").exists():
        diff_lines("summary.csv", summary_csv(mask((a / "summary.csv").read_text())),
                   summary_csv(mask((b / "summary.csv").read_text())), problems)
    for rel in ["dashboard/anomalies_minimal.csv"] + sorted(
            str(p.relative_to(a)) for p in (a / "plots").glob("*.csv")):
        if not (b / rel).exists():
            problems.append(rel)
            print(f"MISSING   {rel}")
            continue
        diff_lines(rel, mask((a / rel).read_text()), mask((b / rel).read_text()), problems)
    ia = json.loads((a / "plots/plots.json").read_text())
    ib = json.loads((b / "plots/plots.json").read_text())
    strip = lambda idx: [e if e["file"] not in TIMED_FIGURES else {"file": e["file"]} for e in idx]
    diff_lines("plots/plots.json", json.dumps(strip(ia), indent=1), json.dumps(strip(ib), indent=1), problems)
    for e in ia:
        f = e["file"]
        if f in TIMED_FIGURES:
            continue
        d = png_diff(a / "plots" / f, b / "plots" / f)
        print(f"{'same' if d is None else 'pixels':9} plots/{f}" + ("" if d is None else f": {d}"))
    for cat in ["sources", "candidates"]:
        ca, cb = a / "hats" / cat, b / "hats" / cat
        if not ca.exists():
            continue
        diff_lines(f"hats/{cat}/partition_info.csv", (ca / "partition_info.csv").read_text(),
                   (cb / "partition_info.csv").read_text(), problems)
        props = lambda p: "\n".join(l for l in mask(p.read_text()).splitlines()
                                    if not l.startswith(("hats_creation_date", "hats_estsize")))
        diff_lines(f"hats/{cat}/hats.properties", props(ca / "hats.properties"), props(cb / "hats.properties"), problems)
        leaves_a = sorted(p.relative_to(ca) for p in (ca / "dataset").rglob("*.parquet"))
        leaves_b = sorted(p.relative_to(cb) for p in (cb / "dataset").rglob("*.parquet"))
        if leaves_a != leaves_b:
            problems.append(f"hats/{cat} leaves")
            print(f"DIFFERENT hats/{cat} leaves: {leaves_a} vs {leaves_b}")
            continue
        same = all(pq.read_table(ca / l).equals(pq.read_table(cb / l)) for l in leaves_a)
        schema = pq.read_schema(ca / "dataset/_common_metadata").equals(pq.read_schema(cb / "dataset/_common_metadata"))
        rows = sum(pq.read_metadata(ca / l).num_rows for l in leaves_a)
        print(f"{'same' if same and schema else 'DIFFERENT':9} hats/{cat}: {len(leaves_a)} leaves, {rows} rows")
        if not (same and schema):
            problems.append(f"hats/{cat}")
    print("\n" + ("outputs equal" if not problems else "differences in: " + ", ".join(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
