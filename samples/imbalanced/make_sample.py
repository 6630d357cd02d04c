#!/usr/bin/python3
"""Makes samples/imbalanced/credit-like.csv: a small tabular data set with a strong class imbalance.

sklearn.datasets.make_classification (scikit-learn 1.2, Debian's /usr/bin/python3) with SEED: 4,000 rows,
12 numeric features (6 informative, 2 redundant, 4 noise), 3 classes weighted 90 / 8 / 2 %, 2 clusters per
class, class_sep 1.0 and 1 % label noise. Labels are written as text: normal / review / fraud. Values are
rounded to 5 decimals. The script then checks that the imbalance matters: on a stratified 25 % hold-out, a
logistic regression with class_weight='balanced' must beat the plain one on balanced accuracy.
Usage: /usr/bin/python3 samples/imbalanced/make_sample.py
"""
import csv
import hashlib
import os

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import balanced_accuracy_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SEED = 7
NAMES = ["normal", "review", "fraud"]
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "credit-like.csv")

X, y = make_classification(
    n_samples=4000, n_features=12, n_informative=6, n_redundant=2, n_repeated=0, n_classes=3,
    n_clusters_per_class=2, weights=[0.90, 0.08, 0.02], flip_y=0.01, class_sep=1.0, random_state=SEED)
X = np.round(X, 5)

with open(OUT, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow([f"f{i:02d}" for i in range(1, 13)] + ["label"])
    for row, label in zip(X, y):
        w.writerow([f"{v:.5f}" for v in row] + [NAMES[label]])

counts = np.bincount(y, minlength=3)
print(f"rows={len(y)} per class: " + ", ".join(f"{n}={c} ({100 * c / len(y):.1f}%)" for n, c in zip(NAMES, counts)))
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, stratify=y, random_state=SEED)
scaler = StandardScaler().fit(Xtr)
for weight in (None, "balanced"):
    model = LogisticRegression(max_iter=2000, class_weight=weight).fit(scaler.transform(Xtr), ytr)
    print(f"logistic regression class_weight={weight}: balanced accuracy "
          f"{balanced_accuracy_score(yte, model.predict(scaler.transform(Xte))):.3f}")
with open(OUT, "rb") as f:
    print(f"credit-like.csv sha256={hashlib.sha256(f.read()).hexdigest()}")
