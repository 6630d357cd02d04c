#!/usr/bin/python3
"""Reference side of the `samplers` benchmark: imbalanced-learn 0.10's samplers on the data the C# side wrote.

Usage: /usr/bin/python3 benchmarks/reference/samplers.py X.f32 Y.i32 ROWS DIM REPEATS CASE[,CASE...]
X.f32: ROWS×DIM float32, little-endian, row-major; Y.i32: ROWS int32 labels (0 majority, 1 minority).
CASE: ros | smote | adasyn | borderline. Prints one JSON object:
{"cases": {case: {"seconds": median of REPEATS, "peak_mb": tracemalloc peak of one call, "rows_out": n}},
 "maxrss_mb": ru_maxrss of this process, "blas": threadpoolctl's view (library, kernel, threads)}.
"""
import json
import resource
import sys
import time
import tracemalloc

import numpy as np
from imblearn.over_sampling import ADASYN, SMOTE, BorderlineSMOTE, RandomOverSampler

MAKERS = {
    "ros": lambda: RandomOverSampler(random_state=0),
    "smote": lambda: SMOTE(k_neighbors=5, random_state=0),
    "adasyn": lambda: ADASYN(n_neighbors=5, random_state=0),
    "borderline": lambda: BorderlineSMOTE(k_neighbors=5, m_neighbors=10, kind="borderline-1", random_state=0),
}


def main():
    x_path, y_path, rows, dim, repeats, cases = sys.argv[1:7]
    rows, dim, repeats = int(rows), int(dim), int(repeats)
    X = np.fromfile(x_path, dtype="<f4").reshape(rows, dim)
    y = np.fromfile(y_path, dtype="<i4")
    result = {}
    for case in cases.split(","):
        times = []
        n_out = 0
        for _ in range(repeats):
            sampler = MAKERS[case]()
            t = time.perf_counter()
            _, y_res = sampler.fit_resample(X, y)
            times.append(time.perf_counter() - t)
            n_out = len(y_res)
        tracemalloc.start()
        MAKERS[case]().fit_resample(X, y)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result[case] = {"seconds": float(np.median(times)), "peak_mb": peak / 2**20, "rows_out": n_out}
    try:
        from threadpoolctl import threadpool_info
        blas = [{k: i.get(k) for k in ("internal_api", "architecture", "num_threads")} for i in threadpool_info()]
    except ImportError:
        blas = None
    print(json.dumps({"cases": result, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "blas": blas}))


if __name__ == "__main__":
    main()
