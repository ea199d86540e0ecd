"""Reads a SkySift HATS catalog with pyarrow alone and checks it against the HATS layout.

usage: read_hats.py CATALOG_DIR [EXPECTED_ROWS]

Checks: hats.properties keys hats v0.10.4 requires (and the optional ones SkySift writes), that
partition_info.csv lists exactly the leaf files, that pyarrow.dataset with hive partitioning reads
every row, that Norder/Dir parsed from the folders and Npix from the file name agree with each row's
_healpix_29 shifted to the leaf order, and that dataset/_metadata and dataset/_common_metadata
describe the same files, row counts and schema. Prints one OK line; any failure exits non-zero.
"""
import csv
import os
import re
import sys

import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq


def fail(msg):
    print("read_hats: FAIL " + msg, file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def read_properties(path):
    props = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            key, _, value = line.partition("=")
            props[key.strip()] = value.strip()
    return props


def main(catalog, expected_rows=None):
    props = read_properties(os.path.join(catalog, "hats.properties"))
    for key in ("obs_collection", "dataproduct_type", "hats_nrows", "hats_col_ra", "hats_col_dec"):
        check(props.get(key), "hats.properties lacks " + key)
    check(props["dataproduct_type"] in ("object", "source"), "dataproduct_type " + props["dataproduct_type"])
    nrows = int(props["hats_nrows"])
    if expected_rows is not None:
        check(nrows == expected_rows, f"hats_nrows {nrows} != table rows {expected_rows}")
    index_col = props.get("hats_col_healpix", "_healpix_29")
    index_order = int(props.get("hats_col_healpix_order", "29"))
    suffix = props.get("hats_npix_suffix", ".parquet")
    check(suffix == ".parquet", "hats_npix_suffix " + suffix)

    with open(os.path.join(catalog, "partition_info.csv"), newline="") as f:
        rows = list(csv.reader(f))
    check(rows and rows[0] == ["Norder", "Npix"], "partition_info.csv header " + str(rows[:1]))
    listed = {(int(o), int(p)) for o, p in rows[1:]}
    check(len(listed) == len(rows) - 1, "partition_info.csv repeats a pixel")

    data_dir = os.path.join(catalog, "dataset")
    found = set()
    for dirpath, _, files in os.walk(data_dir):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), data_dir)
            check(not name.endswith(".crc") and name != "_SUCCESS", "bookkeeping file " + rel)
            if rel in ("_metadata", "_common_metadata"):
                continue
            m = re.fullmatch(r"Norder=(\d+)/Dir=(\d+)/Npix=(\d+)\.parquet", rel)
            check(m, "unexpected file under dataset/: " + rel)
            order, d, pix = map(int, m.groups())
            check(d == pix // 10000 * 10000, f"{rel}: Dir should be {pix // 10000 * 10000}")
            found.add((order, pix))
    check(found == listed, f"leaf files {sorted(found)} != partition_info.csv {sorted(listed)}")
    for o, p in found:
        for o2, p2 in found:
            if o2 > o:
                check(p2 >> (2 * (o2 - o)) != p, f"leaf ({o},{p}) contains leaf ({o2},{p2})")

    dataset = ds.dataset(data_dir, format="parquet", partitioning="hive")
    total = 0
    for frag in dataset.get_fragments():
        rel = os.path.relpath(frag.path, data_dir)
        m = re.fullmatch(r"Norder=(\d+)/Dir=(\d+)/Npix=(\d+)\.parquet", rel)
        order, d, pix = map(int, m.groups())
        table = frag.to_table(schema=dataset.schema)
        check(table.num_rows > 0, rel + " is empty")
        check(pc.all(pc.equal(table["Norder"], order)).as_py(), rel + ": hive Norder differs from the path")
        check(pc.all(pc.equal(table["Dir"], d)).as_py(), rel + ": hive Dir differs from the path")
        idx = table[index_col]
        shifted = pc.shift_right(idx, 2 * (index_order - order))
        check(pc.all(pc.equal(shifted, pix)).as_py(), f"{rel}: a row's {index_col} lies outside Npix={pix}")
        check(idx.to_pylist() == sorted(idx.to_pylist()), rel + f": rows not sorted by {index_col}")
        total += table.num_rows
    check(total == nrows, f"pyarrow read {total} rows, hats_nrows says {nrows}")
    whole = dataset.to_table()
    check(whole.num_rows == nrows, "dataset.to_table() row count")

    file_schema = pq.read_schema(os.path.join(data_dir, "_common_metadata"))
    check(file_schema.names[0] == index_col, f"first column {file_schema.names[0]}, expected {index_col}")
    for col in ("Norder", "Dir", "Npix", "hp3", "_hats_leaf"):
        check(col not in file_schema.names, "leftover column " + col + " in the leaf schema")
    check(props["hats_col_ra"] in file_schema.names and props["hats_col_dec"] in file_schema.names,
          "hats_col_ra/hats_col_dec not in the schema")
    common = pq.read_metadata(os.path.join(data_dir, "_common_metadata"))
    check(common.num_row_groups == 0, "_common_metadata has row groups")

    meta = pq.read_metadata(os.path.join(data_dir, "_metadata"))
    check(meta.schema.to_arrow_schema().remove_metadata().equals(file_schema.remove_metadata()),
          "_metadata schema differs from _common_metadata")
    check(meta.num_rows == nrows, f"_metadata counts {meta.num_rows} rows, hats_nrows {nrows}")
    per_file = {}
    for i in range(meta.num_row_groups):
        rg = meta.row_group(i)
        path = rg.column(0).file_path
        check(path and not path.startswith("/"), "row group file_path not relative: " + repr(path))
        per_file[path] = per_file.get(path, 0) + rg.num_rows
    for path, n in per_file.items():
        check(os.path.exists(os.path.join(data_dir, path)), "_metadata names a missing file " + path)
        check(pq.read_metadata(os.path.join(data_dir, path)).num_rows == n, path + ": _metadata row count")
    check(len(per_file) == len(found), "_metadata does not cover every leaf file")
    via_metadata = ds.parquet_dataset(os.path.join(data_dir, "_metadata")).to_table()
    check(via_metadata.num_rows == nrows, "reading through _metadata lost rows")

    print(f"read_hats: OK {nrows} rows in {len(found)} partitions ({props['obs_collection']})")


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        fail("usage: read_hats.py CATALOG_DIR [EXPECTED_ROWS]")
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) == 3 else None)
