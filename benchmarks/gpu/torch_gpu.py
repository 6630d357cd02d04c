"""PyTorch CUDA reference for the GPU proof run (benchmarks/gpu/run-on-device.sh).

Usage: python3 torch_gpu.py DATA_DIR OUT_JSON [GEMM_SIZE [EXTRA_BATCH]]
- SGEMM n x n x n FP32 on the GPU with torch.backends.cuda.matmul.allow_tf32 False (true FP32, the figure comparable
  with our FP32 kernels and with cuBLAS SGEMM as ILGPU calls it) and True (TF32 tensor cores, not comparable).
- One epoch of the small CNN of issue 3 on Fashion-MNIST (batch 128, Adam 1e-3, 20 warm-up steps), the loop as our
  app runs it: each batch gathered on the host and copied to the GPU, loss read back every step.
"""
import gzip, json, os, statistics, sys, time

import numpy as np
import torch
import torch.nn as nn


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(data_dir, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(data_dir, name)):
            return os.path.join(data_dir, name)
    raise FileNotFoundError(stem)


def gemm(n, tf32, repeats=10):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    g = torch.Generator(device="cuda").manual_seed(0)
    a = torch.rand(n, n, device="cuda", generator=g) * 2 - 1
    b = torch.rand(n, n, device="cuda", generator=g) * 2 - 1
    for _ in range(3):
        c = a @ b
    torch.cuda.synchronize()
    times = []
    for _ in range(repeats):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        c = a @ b
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) / 1e3)
    median = statistics.median(times)
    ref = (a.double() @ b.double())
    err = ((c.double() - ref).norm() / ref.norm()).item()
    torch.backends.cuda.matmul.allow_tf32 = False
    return {"n": n, "tf32": tf32, "median_ms": median * 1e3, "tflops": 2 * n ** 3 / median / 1e12, "rel_error_vs_fp64": err}


def model():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))


def epoch(data_dir, batch=128, warmup=20):
    torch.manual_seed(0)
    x = torch.from_numpy(read_idx(find(data_dir, "train-images-idx3-ubyte")).astype(np.float32) / 255.0).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(read_idx(find(data_dir, "train-labels-idx1-ubyte")).astype(np.int64))
    n = x.shape[0]
    net = model().cuda()
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(0)

    def step(idx):
        xb, yb = x[idx].cuda(), y[idx].cuda()
        opt.zero_grad()
        loss = loss_fn(net(xb), yb)
        loss.backward()
        opt.step()
        return loss.item()

    perm = torch.randperm(n, generator=gen)
    for i in range(warmup):
        step(perm[i * batch:(i + 1) * batch])
    perm = torch.randperm(n, generator=gen)
    torch.cuda.synchronize()
    total, steps = 0.0, 0
    t = time.perf_counter()
    for start in range(0, n, batch):
        total += step(perm[start:start + batch])
        steps += 1
    torch.cuda.synchronize()
    seconds = time.perf_counter() - t
    return {"seconds": seconds, "steps": steps, "mean_loss": total / steps}


def main():
    data_dir, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 4096
    result = {
        "torch": torch.__version__, "cuda": torch.version.cuda, "cudnn": torch.backends.cudnn.version(),
        "device": torch.cuda.get_device_name(0), "cudnn_benchmark": torch.backends.cudnn.benchmark,
        "gemm": [gemm(n, False), gemm(n, True), gemm(1024, False)],
    }
    print(json.dumps(result, indent=1), flush=True)
    result["epoch_cuda"] = epoch(data_dir)
    print(json.dumps(result["epoch_cuda"]), flush=True)
    if len(sys.argv) > 4:
        # Not the recipe: a larger batch, to show the per-step overhead share.
        extra = int(sys.argv[4])
        result["epoch_cuda_extra"] = dict(epoch(data_dir, batch=extra), batch=extra)
        print(json.dumps(result["epoch_cuda_extra"]), flush=True)
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
