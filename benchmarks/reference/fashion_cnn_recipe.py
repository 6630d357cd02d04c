#!/usr/bin/python3
"""PyTorch 1.13 side of the `trainers` benchmark: the plateau-aware Fashion-MNIST recipe.

Same recipe as the C# run (benchmarks/PipelineExtensions.Benchmarks/Training/FashionCnnBenchmark.cs):
images scaled to [0, 1]; a stratified 10% of the training set held out for validation; the small CNN
conv3x3(32, pad 1)-ReLU-maxpool2-conv3x3(64, pad 1)-ReLU-maxpool2-dense128-ReLU-dropout0.5-dense10;
Adam(lr 1e-3), batch 128, shuffled each epoch; ReduceLROnPlateau(val_loss, factor 0.5, patience 2,
min_lr 1e-5) with PyTorch's rules; early stopping on val_loss with Keras 3 semantics (patience 4,
min_delta 0, restore the best weights at the end); at most 20 epochs. PyTorch has no early-stopping
callback, so the loop below re-implements Keras' (wait += 1; improvement resets it; stop when
wait >= patience). Prints one line per epoch and a final `RESULT {json}` line.

Usage: /usr/bin/python3 fashion_cnn_recipe.py [--threads 2] [--epochs 20] [--patience 4] [--lr 1e-3] [--seed 1] [--limit N]
"""
import argparse
import copy
import gzip
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


class SmallCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 7 * 7, 128)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.drop(F.relu(self.fc1(torch.flatten(x, 1))))
        return self.fc2(x)


def evaluate(model, x, y, batch=1000):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i:i + batch])
            loss += F.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    return loss / len(x), correct / len(x)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training images (smoke test)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)

    x_all = idx("train-images-idx3-ubyte.gz").astype(np.float32)[:, None] / 255.0
    y_all = idx("train-labels-idx1-ubyte.gz").astype(np.int64)
    if args.limit:
        x_all, y_all = x_all[:args.limit], y_all[:args.limit]
    x_test = torch.from_numpy(idx("t10k-images-idx3-ubyte.gz").astype(np.float32)[:, None] / 255.0)
    y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))
    val = np.concatenate([rng.permutation(np.flatnonzero(y_all == c))[: int(round(0.1 * np.sum(y_all == c)))] for c in range(10)])
    train = np.setdiff1d(np.arange(len(y_all)), val)
    x_train, y_train = torch.from_numpy(x_all[train]), torch.from_numpy(y_all[train])
    x_val, y_val = torch.from_numpy(x_all[val]), torch.from_numpy(y_all[val])

    model = SmallCnn()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2, min_lr=1e-5)
    best, best_epoch, best_state, wait, patience = float("inf"), 0, None, 0, args.patience
    epochs_run, stop = 0, "epochs completed"
    start = time.perf_counter()
    for epoch in range(args.epochs):
        t0 = time.perf_counter()
        model.train()
        perm = torch.randperm(len(x_train))
        total, seen = 0.0, 0
        for i in range(0, len(perm), 128):
            b = perm[i:i + 128]
            opt.zero_grad()
            loss = F.cross_entropy(model(x_train[b]), y_train[b])
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
            seen += len(b)
        val_loss, val_acc = evaluate(model, x_val, y_val)
        lr = opt.param_groups[0]["lr"]
        plateau.step(val_loss)
        epochs_run += 1
        print(f"epoch {epoch + 1:2d}: loss {total / seen:.4f} val_loss {val_loss:.4f} val_acc {val_acc:.4f} lr {lr:.2e} ({time.perf_counter() - t0:.1f} s)", flush=True)
        wait += 1
        if val_loss < best:
            best, best_epoch, wait = val_loss, epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        elif wait >= patience and epoch > 0:
            stop = f"early stopping after epoch {epoch + 1}"
            break
    if best_state is not None:
        model.load_state_dict(best_state)
    elapsed = time.perf_counter() - start
    test_loss, test_acc = evaluate(model, x_test, y_test)
    blas = [l.strip() for l in torch.__config__.show().splitlines() if "BLAS" in l or "LAPACK" in l]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {'; '.join(blas)}")
    print("RESULT " + json.dumps({
        "epochs": epochs_run, "best_epoch": best_epoch + 1, "seconds": elapsed, "test_accuracy": test_acc,
        "test_loss": test_loss, "stop": stop, "torch": torch.__version__, "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
