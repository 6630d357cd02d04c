#!/usr/bin/python3
"""Reference values for ConfusionMatrixTests: scikit-learn 1.2 metrics on seeded label/prediction vectors.

Run with Debian's /usr/bin/python3 (python3-sklearn 1.2); writes classification_metrics.json beside this file.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.metrics import accuracy_score, balanced_accuracy_score, confusion_matrix, f1_score, recall_score

rng = np.random.default_rng(20240501)
cases = []


def add(name, y_true, y_pred, k):
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    labels = list(range(k))
    with np.errstate(all="ignore"):
        recall = recall_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    support = np.bincount(y_true, minlength=k)
    cases.append({
        "name": name,
        "classes": k,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).reshape(-1).tolist(),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y_true, y_pred)),
        "macro_f1": float(f1_score(y_true, y_pred, average="macro", zero_division=0)),
        # recall of classes without true rows is undefined: null here, NaN in ConfusionMatrix.PerClassRecall
        "per_class_recall": [float(r) if support[c] > 0 else None for c, r in enumerate(recall)],
    })


add("binary_balanced", rng.integers(0, 2, 50), rng.integers(0, 2, 50), 2)
y = rng.integers(0, 10, 400)
p = np.where(rng.random(400) < 0.7, y, rng.integers(0, 10, 400))
add("ten_classes_70pct", y, p, 10)
y = np.where(rng.random(300) < 0.9, 0, rng.integers(1, 4, 300))
add("imbalanced_majority_collapse", y, np.zeros(300, dtype=int), 4)
y = rng.integers(0, 3, 60)  # class 3 and 4 never true; class 4 predicted sometimes
p = np.where(rng.random(60) < 0.5, y, 4)
add("absent_true_classes", y, p, 5)
add("perfect", [0, 1, 2, 2, 1, 0], [0, 1, 2, 2, 1, 0], 3)

out = {
    "source": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}; script classification_metrics.py",
    "cases": cases,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "classification_metrics.json"), "w") as f:
    json.dump(out, f, indent=1)
