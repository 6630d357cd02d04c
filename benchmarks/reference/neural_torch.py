#!/usr/bin/python3
"""Reference side of the neural-engine benchmarks (PyTorch CPU from Debian). Prints one JSON object.

Usage:
  /usr/bin/python3 benchmarks/reference/neural_torch.py gemm THREADS REPEATS M,N,K,T [M,N,K,T ...]   (T: NN, NT, TN — which operands are transposed views)
  /usr/bin/python3 benchmarks/reference/neural_torch.py epoch THREADS mlp|cnn IMAGES_GZ LABELS_GZ BATCH WARMUP_STEPS

gemm: best-of-REPEATS seconds of torch.mm for each shape (float32, row-major, no transposes).
  /usr/bin/python3 benchmarks/reference/neural_torch.py ops THREADS REPEATS

ops: forward and forward+backward seconds of each layer of the small CNN at batch 128 (best of REPEATS).
epoch: one timed training epoch (shuffled, Adam lr 1e-3, softmax cross-entropy) after WARMUP_STEPS untimed steps.
Every result carries torch's build configuration and the BLAS library actually loaded (threadpoolctl)."""
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn


def environment():
    info = {"torch": torch.__version__, "threads": torch.get_num_threads(), "config": torch.__config__.show(),
            "mkldnn": torch.backends.mkldnn.is_available(),
            "libblas.so.3": os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")}
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads", "filepath")}
                        for d in threadpool_info()]
    except ImportError:
        info["blas"] = None
    return info


def gemm(shapes, repeats):
    out = {}
    for shape in shapes:
        m, n, k, t = shape.split(",")
        m, n, k = int(m), int(n), int(k)
        # "NT": B stored [n, k] and used transposed (x·Wᵀ); "TN": A stored [k, m]. Views, as in a training step.
        a = (torch.rand(k, m) - 0.5).t() if t[0] == "T" else torch.rand(m, k) - 0.5
        b = (torch.rand(n, k) - 0.5).t() if t[1] == "T" else torch.rand(k, n) - 0.5
        c = torch.empty(m, n)
        for _ in range(3):
            torch.mm(a, b, out=c)
        best = float("inf")
        # Repeat small products so each timing covers at least ~20 ms.
        inner = max(1, int(2e8 / (2.0 * m * n * k)))
        for _ in range(repeats):
            t = time.perf_counter()
            for _ in range(inner):
                torch.mm(a, b, out=c)
            best = min(best, (time.perf_counter() - t) / inner)
        out[shape] = best
    return out


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    dims = np.frombuffer(data, dtype=">u4", count=ndim, offset=4)
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def model(kind):
    if kind == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


def epoch(kind, images, labels, batch, warmup):
    torch.manual_seed(0)
    x = torch.from_numpy(read_idx(images).astype(np.float32) / 255.0)
    x = x.reshape(-1, 784) if kind == "mlp" else x.reshape(-1, 1, 28, 28)
    y = torch.from_numpy(read_idx(labels).astype(np.int64))
    n = x.shape[0]
    net = model(kind)
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)

    def step(idx):
        opt.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        return loss

    perm = torch.randperm(n, generator=gen)
    for i in range(warmup):
        step(perm[i * batch:(i + 1) * batch])
    perm = torch.randperm(n, generator=gen)
    total = 0.0
    t = time.perf_counter()
    for start in range(0, n, batch):
        total += float(step(perm[start:start + batch]))
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "mean_loss": total / ((n + batch - 1) // batch), "steps": (n + batch - 1) // batch,
            "parameters": sum(p.numel() for p in net.parameters())}


def ops(repeats):
    """Forward and forward+backward time of each layer of the small CNN at batch 128 (best of REPEATS)."""
    def conv(cin, cout):
        return nn.Conv2d(cin, cout, 3, padding=1)
    cases = {
        "conv1": (conv(1, 32), (128, 1, 28, 28), False),
        "relu1": (nn.ReLU(), (128, 32, 28, 28), True),
        "pool1": (nn.MaxPool2d(2), (128, 32, 28, 28), True),
        "conv2": (conv(32, 64), (128, 32, 14, 14), True),
        "relu2": (nn.ReLU(), (128, 64, 14, 14), True),
        "pool2": (nn.MaxPool2d(2), (128, 64, 14, 14), True),
        "fc1": (nn.Linear(3136, 128), (128, 3136), True),
    }
    out = {}
    for name, (layer, shape, input_grad) in cases.items():
        x = torch.rand(*shape) - 0.5
        x.requires_grad_(input_grad)
        y = layer(x)
        g = torch.rand_like(y)
        fwd, both = float("inf"), float("inf")
        for _ in range(repeats):
            with torch.no_grad():
                t = time.perf_counter()
                layer(x)
                fwd = min(fwd, time.perf_counter() - t)
            t = time.perf_counter()
            y = layer(x)
            y.backward(g)
            both = min(both, time.perf_counter() - t)
            layer.zero_grad(set_to_none=True)
            x.grad = None
        out[name] = {"forward": fwd, "forward_backward": both}
    return out


if __name__ == "__main__":
    mode, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    if mode == "gemm":
        result = {"gemm": gemm(sys.argv[4:], int(sys.argv[3]))}
    elif mode == "ops":
        result = {"ops": ops(int(sys.argv[3]))}
    else:
        kind, images, labels, batch, warmup = sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7])
        result = {"epoch": epoch(kind, images, labels, batch, warmup)}
    result["environment"] = environment()
    print(json.dumps(result))
