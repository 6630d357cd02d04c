#!/usr/bin/python3
"""Makes the embedded, class-balanced Fashion-MNIST subset (run with Debian's /usr/bin/python3).

Source: Debian's dataset-fashion-mnist package, /usr/share/datasets/fashion-mnist/*.gz (the original
Zalando release). Selection: for each class c, SEED-seeded numpy RandomState draws PER_CLASS_TRAIN (resp.
PER_CLASS_TEST) indices without replacement among the rows of class c; the chosen rows are written in
ascending original index order, as gzip IDX files with mtime 0 so the output bytes (and sha256) are
reproducible. Usage: /usr/bin/python3 samples/fashion-mnist/make_subset.py
"""
import gzip
import hashlib
import os
import struct

import numpy as np

SOURCE = "/usr/share/datasets/fashion-mnist"
SEED = 20240611
PER_CLASS_TRAIN = 200
PER_CLASS_TEST = 100
HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write_idx(path, array):
    header = struct.pack(">HBB", 0, 0x08, array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def subset(split, out_prefix, per_class, rng):
    images = read_idx(os.path.join(SOURCE, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(SOURCE, f"{split}-labels-idx1-ubyte.gz"))
    chosen = []
    for c in range(10):
        rows = np.flatnonzero(labels == c)
        chosen.append(rng.choice(rows, size=per_class, replace=False))
    order = np.sort(np.concatenate(chosen))
    outputs = [(f"{out_prefix}-images-idx3-ubyte.gz", images[order]), (f"{out_prefix}-labels-idx1-ubyte.gz", labels[order])]
    for name, array in outputs:
        path = os.path.join(HERE, name)
        write_idx(path, array)
        with open(path, "rb") as f:
            print(f"{name}  rows={array.shape[0]}  sha256={hashlib.sha256(f.read()).hexdigest()}")
    print(f"  per class: {np.bincount(labels[order], minlength=10).tolist()}")


if __name__ == "__main__":
    rng = np.random.RandomState(SEED)
    subset("train", "train", PER_CLASS_TRAIN, rng)
    subset("t10k", "test", PER_CLASS_TEST, rng)
