"""Expected per-class counts for sampling strategies, from imbalanced-learn 0.10 itself.

Run with Debian's python3-imblearn 0.10 / sklearn 1.2:  /usr/bin/python3 make_sampling_counts.py
Writes sampling_counts.json beside this script. Class i of the label is named "c{i}" on the C# side.
For each case: the resolved strategy (check_sampling_strategy) or the error, and the per-class counts after
RandomOverSampler / RandomUnderSampler / SMOTE(k_neighbors=3) with that strategy.
"""
import json
import os
import warnings

import imblearn
import numpy as np
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.under_sampling import RandomUnderSampler
from imblearn.utils import check_sampling_strategy

warnings.simplefilter("ignore")

COUNTS = [
    [50, 20, 5],
    [10, 90],
    [90, 10],
    [30, 50, 50, 10, 10],   # ties for majority and minority: the lowest class index wins
    [7, 7, 7],              # already balanced
    [40, 25, 25, 8],
    [100, 37],
]
STRATEGIES = [
    ("str", "auto"), ("str", "minority"), ("str", "majority"), ("str", "not minority"),
    ("str", "not majority"), ("str", "all"),
    ("float", 0.5), ("float", 1.0), ("float", 0.05), ("float", 0.8), ("float", 0.37),
    ("dict", {"0": 60, "1": 30}), ("dict", {"1": 25}), ("dict", {"0": 5, "1": 5}), ("dict", {"9": 10}),
    ("dict", {"0": 0}),
    ("list", ["0"]), ("list", ["1", "2"]), ("list", ["9"]),
]
KINDS = {"over": "over-sampling", "under": "under-sampling", "clean": "clean-sampling"}


def labels(counts):
    return np.concatenate([np.full(n, i) for i, n in enumerate(counts)])


def strategy_value(kind, value):
    if kind == "dict":
        return {int(k): v for k, v in value.items()}
    if kind == "list":
        return [int(k) for k in value]
    return value


def counts_after(sampler, X, y, n_classes):
    # imblearn 0.10's parameter constraints refuse a few strategies that check_sampling_strategy accepts
    # (e.g. 'minority' for RandomOverSampler); those cases keep only the resolved strategy.
    try:
        _, y_res = sampler.fit_resample(X, y)
    except (ValueError, TypeError) as e:
        return {"error": str(e).splitlines()[0]}
    return np.bincount(y_res, minlength=n_classes).tolist()


cases = []
rng = np.random.default_rng(0)
for counts in COUNTS:
    y = labels(counts)
    X = rng.standard_normal((len(y), 3))
    for skind, svalue in STRATEGIES:
        value = strategy_value(skind, svalue)
        for kind, sampling_type in KINDS.items():
            case = {"counts": counts, "strategy_kind": skind, "strategy": svalue, "kind": kind}
            try:
                resolved = check_sampling_strategy(value, y, sampling_type)
                case["resolved"] = {str(int(k)): int(v) for k, v in resolved.items()}
            except ValueError as e:
                case["error"] = str(e)
            if "resolved" in case and kind == "over":
                case["random_over_sampler"] = counts_after(RandomOverSampler(sampling_strategy=value, random_state=0), X, y, len(counts))
                case["smote_k3"] = counts_after(SMOTE(sampling_strategy=value, k_neighbors=3, random_state=0), X, y, len(counts))
            if "resolved" in case and kind == "under":
                case["random_under_sampler"] = counts_after(RandomUnderSampler(sampling_strategy=value, random_state=0), X, y, len(counts))
            cases.append(case)

out = {
    "source": f"imbalanced-learn {imblearn.__version__} (Debian python3-imblearn), imblearn.utils.check_sampling_strategy and samplers",
    "script": "make_sampling_counts.py",
    "cases": cases,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "sampling_counts.json"), "w") as f:
    json.dump(out, f, indent=1)
print(len(cases), "cases")
