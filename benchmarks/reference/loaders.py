#!/usr/bin/python3
"""Reference side of the `loaders` benchmark: numpy's IDX read and CSV parse (and pyarrow's IPC read if
installed), timed on the same files. Prints one JSON object: {name: seconds (best of N) or null}.
Usage: /usr/bin/python3 benchmarks/reference/loaders.py IMAGES_GZ LABELS_GZ CSV ARROW REPEATS"""
import gzip
import json
import sys
import time

import numpy as np


def best(fn, repeats):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = np.frombuffer(data, dtype=">u4", count=ndim, offset=4)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def idx(images, labels):
    x = read_idx(images).astype(np.float32) / 255.0
    y = read_idx(labels).astype(np.int32)
    return x, y


def csv(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)


def arrow(path):
    import pyarrow as pa
    with pa.memory_map(path) as source:
        return pa.ipc.open_file(source).read_all()


if __name__ == "__main__":
    images, labels, csv_path, arrow_path, repeats = sys.argv[1:6]
    repeats = int(repeats)
    result = {"idx": best(lambda: idx(images, labels), repeats)}
    result["csv"] = best(lambda: csv(csv_path), max(1, repeats // 2)) if csv_path != "-" else None
    try:
        import pyarrow  # noqa: F401
        result["arrow"] = best(lambda: arrow(arrow_path), repeats)
    except ImportError:
        result["arrow"] = None
    print(json.dumps(result))
