"""Deterministic outcomes of imbalanced-learn 0.10's neighbour-based samplers on fixed data.

Run with Debian's python3-imblearn 0.10:  /usr/bin/python3 make_neighbour_parity.py
Writes neighbour_parity.json beside this script: the data (float32 values, labels 0..K-1 named "c{i}" on the
C# side) and, per data set,
- Borderline-SMOTE (m_neighbors=10): the DANGER rows of each over-sampled class (imblearn's _in_danger_noise);
  per-class counts after BorderlineSMOTE kind 1;
- ADASYN (n_neighbors=5): the per-row generation counts g_i (the lines of imblearn's ADASYN._fit_resample up to
  n_samples_generate) and the per-class counts after ADASYN.fit_resample;
- TomekLinks: the kept rows (sample_indices_) for strategies 'auto' and 'all';
- EditedNearestNeighbours (n_neighbors=3): the kept rows for kind_sel 'all' and 'mode', strategies 'auto' and 'all'.
Continuous random data keeps exact distance ties (where tie rules could differ) away.
"""
import json
import os

import imblearn
import numpy as np
from imblearn.over_sampling import ADASYN, BorderlineSMOTE
from imblearn.under_sampling import EditedNearestNeighbours, TomekLinks
from imblearn.utils import check_sampling_strategy
from sklearn.neighbors import NearestNeighbors


def make(counts, d, shift, seed):
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.full(n, c) for c, n in enumerate(counts)])
    rng.shuffle(y)
    X = (rng.standard_normal((len(y), d)) + shift * y[:, None]).astype(np.float32)
    return X, y


def danger_rows(X, y):
    sm = BorderlineSMOTE(random_state=0)
    sm._validate_estimator()
    strategy = check_sampling_strategy("auto", y, "over-sampling")
    out = {}
    for c, n in strategy.items():
        if n == 0:
            continue
        idx = np.flatnonzero(y == c)
        sm.nn_m_.fit(X)
        danger = sm._in_danger_noise(sm.nn_m_, X[idx], c, y, kind="danger")
        out[str(int(c))] = idx[danger].tolist()
    return out


def adasyn_counts(X, y, k=5):
    strategy = check_sampling_strategy("auto", y, "over-sampling")
    out = {}
    for c, n_samples in strategy.items():
        if n_samples == 0:
            continue
        idx = np.flatnonzero(y == c)
        nn = NearestNeighbors(n_neighbors=k + 1).fit(X)
        nns = nn.kneighbors(X[idx], return_distance=False)[:, 1:]
        ratio_nn = np.sum(y[nns] != c, axis=1) / k
        ratio_nn /= np.sum(ratio_nn)
        g = np.rint(ratio_nn * n_samples).astype(int)
        out[str(int(c))] = {"n_samples": int(n_samples), "rows": idx[g > 0].tolist(), "counts": g[g > 0].tolist()}
    return out


def counts_after(sampler, X, y):
    _, y_res = sampler.fit_resample(X, y)
    return np.bincount(y_res, minlength=y.max() + 1).tolist()


sets = []
for name, counts, d, shift, seed in [
    ("binary", [150, 40], 4, 1.0, 1),
    ("three", [120, 50, 25], 3, 0.8, 2),
    ("wide", [200, 60], 16, 0.35, 3),
]:
    X, y = make(counts, d, shift, seed)
    entry = {
        "name": name,
        "dimension": d,
        "x": X.astype(np.float64).ravel().tolist(),
        "y": y.tolist(),
        "borderline_danger_m10": danger_rows(X, y),
        "borderline1_counts": counts_after(BorderlineSMOTE(random_state=0), X, y),
        "adasyn_k5": adasyn_counts(X, y),
        "adasyn_counts": counts_after(ADASYN(random_state=0), X, y),
    }
    for s in ["auto", "all"]:
        t = TomekLinks(sampling_strategy=s)
        t.fit_resample(X, y)
        entry.setdefault("tomek_kept", {})[s] = t.sample_indices_.tolist()
        for kind in ["all", "mode"]:
            e = EditedNearestNeighbours(sampling_strategy=s, n_neighbors=3, kind_sel=kind)
            e.fit_resample(X, y)
            entry.setdefault("enn_kept", {})[f"{s}/{kind}"] = sorted(e.sample_indices_.tolist())
    sets.append(entry)

out = {
    "source": f"imbalanced-learn {imblearn.__version__} (Debian python3-imblearn) with scikit-learn NearestNeighbors",
    "script": "make_neighbour_parity.py",
    "sets": sets,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "neighbour_parity.json"), "w") as f:
    json.dump(out, f)
for s in sets:
    print(s["name"], {k: len(v) for k, v in s["borderline_danger_m10"].items()}, s["borderline1_counts"], s["adasyn_counts"],
          {k: len(v) for k, v in s["tomek_kept"].items()}, {k: len(v) for k, v in s["enn_kept"].items()})
