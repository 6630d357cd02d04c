#!/usr/bin/python3
"""Parity vectors for the neural engine, generated with Debian's PyTorch 1.13 (CPU, float32).

Run from the repository root:  /usr/bin/python3 tests/PipelineExtensions.Neural.Tests/Parity/make_vectors.py
Writes torch_vectors.json next to this script. Deterministic: fixed seeds, one thread.

Each case holds named arrays {"shape": [...], "data": [...]}:
  layers/ops: inputs and parameters, the output, the upstream gradient "dy", and the gradients of every input
              and parameter for the scalar sum(output * dy);
  losses:     logits and targets, the loss value and d loss / d logits;
  optimizers: the initial parameter, the gradient fed at each step, and the parameter after each step.
"""
import json
import os

import torch
import torch.nn.functional as F
from torch import nn

torch.set_num_threads(1)
torch.manual_seed(20240611)
CASES = {}


def arr(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def rand(*shape, low=-1.0, high=1.0):
    return torch.rand(*shape) * (high - low) + low


def case_op(name, fn, inputs, params=None, extra=None):
    """Forward fn(*inputs, **params), backward with a random upstream gradient."""
    params = params or {}
    leaves = {k: v.clone().requires_grad_(True) for k, v in {**inputs, **params}.items()}
    y = fn(**leaves)
    dy = rand(*y.shape)
    (y * dy).sum().backward()
    out = {k: arr(v) for k, v in {**inputs, **params}.items()}
    out["y"] = arr(y)
    out["dy"] = arr(dy)
    for k, v in leaves.items():
        out["grad_" + k] = arr(v.grad)
    out.update(extra or {})
    CASES[name] = out


# ------------------------------------------------------------------ element-wise and small ops
x = rand(4, 7, low=-3, high=3)
for name, fn in [("relu", F.relu), ("gelu", F.gelu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh),
                 ("softmax", lambda t: F.softmax(t, -1)), ("log_softmax", lambda t: F.log_softmax(t, -1))]:
    case_op(name, lambda x, fn=fn: fn(x), {"x": x})
case_op("leaky_relu", lambda x: F.leaky_relu(x, 0.1), {"x": x})
case_op("linear", lambda x, w, b: F.linear(x, w, b), {"x": rand(5, 6)}, {"w": rand(4, 6), "b": rand(4)})
case_op("matmul", lambda a, b: a @ b, {"a": rand(5, 3), "b": rand(3, 4)})
case_op("broadcast_mul", lambda a, b: a * b, {"a": rand(2, 3, 4), "b": rand(3, 1)})

# ------------------------------------------------------------------ convolution and pooling
for stride, pad in [(1, 0), (1, 1), (2, 1)]:
    case_op(f"conv2d_s{stride}_p{pad}", lambda x, w, b, s=stride, p=pad: F.conv2d(x, w, b, stride=s, padding=p),
            {"x": rand(2, 3, 7, 6)}, {"w": rand(4, 3, 3, 3), "b": rand(4)}, {"stride": stride, "padding": pad})
case_op("conv2d_1x1", lambda x, w: F.conv2d(x, w), {"x": rand(2, 3, 4, 4)}, {"w": rand(5, 3, 1, 1)})
xp = torch.randperm(2 * 3 * 7 * 6).to(torch.float32).reshape(2, 3, 7, 6) / 100.0  # distinct values: unique arg-max
for k, s, p in [(2, 2, 0), (3, 2, 1)]:
    case_op(f"maxpool_k{k}_s{s}_p{p}", lambda x, k=k, s=s, p=p: F.max_pool2d(x, k, s, p), {"x": xp},
            extra={"kernel": k, "stride": s, "padding": p})
for k, s, p, inc in [(2, 2, 0, True), (3, 2, 1, True), (3, 2, 1, False)]:
    case_op(f"avgpool_k{k}_s{s}_p{p}_{'inc' if inc else 'exc'}",
            lambda x, k=k, s=s, p=p, inc=inc: F.avg_pool2d(x, k, s, p, count_include_pad=inc), {"x": rand(2, 3, 7, 6)},
            extra={"kernel": k, "stride": s, "padding": p, "count_include_pad": inc})
case_op("global_avg_pool", lambda x: F.adaptive_avg_pool2d(x, 1).flatten(1), {"x": rand(2, 3, 4, 5)})


# ------------------------------------------------------------------ batch norm (train, with running stats; eval)
def batchnorm_case(name, shape, training):
    c = shape[1]
    bn = nn.BatchNorm1d(c) if len(shape) == 2 else nn.BatchNorm2d(c)
    with torch.no_grad():
        bn.weight.copy_(rand(c, low=0.5, high=1.5))
        bn.bias.copy_(rand(c))
        bn.running_mean.copy_(rand(c))
        bn.running_var.copy_(rand(c, low=0.5, high=2.0))
    rm0, rv0 = bn.running_mean.clone(), bn.running_var.clone()
    bn.train(training)
    xin = (rand(*shape, low=-2, high=3)).requires_grad_(True)
    y = bn(xin)
    dy = rand(*y.shape)
    (y * dy).sum().backward()
    CASES[name] = {"x": arr(xin), "gamma": arr(bn.weight), "beta": arr(bn.bias), "running_mean_before": arr(rm0),
                   "running_var_before": arr(rv0), "running_mean_after": arr(bn.running_mean),
                   "running_var_after": arr(bn.running_var), "y": arr(y), "dy": arr(dy), "grad_x": arr(xin.grad),
                   "grad_gamma": arr(bn.weight.grad), "grad_beta": arr(bn.bias.grad), "training": training}


batchnorm_case("batchnorm1d_train", (8, 5), True)
batchnorm_case("batchnorm2d_train", (4, 3, 5, 5), True)
batchnorm_case("batchnorm2d_eval", (4, 3, 5, 5), False)

# ------------------------------------------------------------------ losses
logits = rand(6, 4, low=-3, high=3)
labels = torch.tensor([3, 0, 1, 1, 2, 0])
cw = torch.tensor([0.3, 1.0, 2.5, 0.7])
soft = torch.softmax(rand(6, 4, low=-2, high=2), -1)


def loss_case(name, fn, logits, extra):
    z = logits.clone().requires_grad_(True)
    loss = fn(z)
    loss.backward()
    CASES[name] = {"logits": arr(logits), "loss": float(loss), "grad_logits": arr(z.grad), **extra}


for w in [None, cw]:
    for eps in [0.0, 0.15]:
        tag = f"ce_{'w' if w is not None else 'nw'}_ls{eps}"
        loss_case(tag, lambda z, w=w, eps=eps: F.cross_entropy(z, labels, weight=w, label_smoothing=eps), logits,
                  {"labels": labels.tolist(), "weight": None if w is None else arr(w), "label_smoothing": eps})
        loss_case(tag + "_soft", lambda z, w=w, eps=eps: F.cross_entropy(z, soft, weight=w, label_smoothing=eps), logits,
                  {"targets": arr(soft), "weight": None if w is None else arr(w), "label_smoothing": eps})
bce_targets = (torch.rand(6, 3) > 0.5).to(torch.float32)
pos_weight = torch.tensor([2.0, 0.5, 1.5])
bce_logits = rand(6, 3, low=-4, high=4)
loss_case("bce", lambda z: F.binary_cross_entropy_with_logits(z, bce_targets), bce_logits, {"targets": arr(bce_targets), "pos_weight": None})
loss_case("bce_pos_weight", lambda z: F.binary_cross_entropy_with_logits(z, bce_targets, pos_weight=pos_weight), bce_logits,
          {"targets": arr(bce_targets), "pos_weight": arr(pos_weight)})
mse_target = rand(6, 3)
loss_case("mse", lambda z: F.mse_loss(z, mse_target), bce_logits, {"targets": arr(mse_target)})


# ------------------------------------------------------------------ optimizers: 5 steps on fixed gradients
def optimizer_case(name, make, steps=5):
    p0 = rand(3, 4)
    grads = [rand(3, 4, low=-2, high=2) for _ in range(steps)]
    p = p0.clone().requires_grad_(True)
    opt = make([p])
    after = []
    for g in grads:
        opt.zero_grad()
        p.grad = g.clone()
        opt.step()
        after.append(arr(p))
    CASES["optim_" + name] = {"p0": arr(p0), "grads": [arr(g) for g in grads], "after": after}


optimizer_case("sgd", lambda ps: torch.optim.SGD(ps, lr=0.1))
optimizer_case("sgd_momentum_damp_wd", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.2, weight_decay=0.01))
optimizer_case("sgd_nesterov", lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, nesterov=True, weight_decay=0.05))
optimizer_case("adam", lambda ps: torch.optim.Adam(ps, lr=0.01))
optimizer_case("adam_amsgrad_wd", lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.95), weight_decay=0.1, amsgrad=True))
optimizer_case("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1))
optimizer_case("adamw_amsgrad", lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.05, amsgrad=True))
optimizer_case("rmsprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01))
optimizer_case("rmsprop_centered_momentum_wd", lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01))

# ------------------------------------------------------------------ gradient clipping
g1, g2 = rand(3, 4, low=-2, high=2), rand(5, low=-2, high=2)
a, b = torch.zeros(3, 4, requires_grad=True), torch.zeros(5, requires_grad=True)
a.grad, b.grad = g1.clone(), g2.clone()
norm = torch.nn.utils.clip_grad_norm_([a, b], 1.5)
CASES["clip_grad_norm"] = {"g1": arr(g1), "g2": arr(g2), "max_norm": 1.5, "total_norm": float(norm),
                           "clipped1": arr(a.grad), "clipped2": arr(b.grad)}

# ------------------------------------------------------------------ a whole small CNN (eval mode: dropout off)
net = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(4, 6, 3, padding=1), nn.ReLU(),
                    nn.MaxPool2d(2), nn.Flatten(), nn.Linear(6 * 2 * 2, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 3))
net.eval()
xin = rand(5, 1, 8, 8).requires_grad_(True)
target = torch.tensor([0, 2, 1, 1, 0])
loss = F.cross_entropy(net(xin), target)
loss.backward()
CASES["small_cnn"] = {"x": arr(xin), "labels": target.tolist(), "loss": float(loss), "grad_x": arr(xin.grad),
                      "parameters": {k: arr(v) for k, v in net.state_dict().items()},
                      "grads": {k: arr(v.grad) for k, v in net.named_parameters()}}

# ------------------------------------------------------------------ a residual basic block in training mode
conv1, bn1 = nn.Conv2d(2, 3, 3, 2, 1, bias=False), nn.BatchNorm2d(3)
conv2, bn2 = nn.Conv2d(3, 3, 3, 1, 1, bias=False), nn.BatchNorm2d(3)
proj, bnp = nn.Conv2d(2, 3, 1, 2, 0, bias=False), nn.BatchNorm2d(3)
mods = {"body.0": conv1, "body.1": bn1, "body.3": conv2, "body.4": bn2, "shortcut.0": proj, "shortcut.1": bnp}
xin = rand(4, 2, 6, 6).requires_grad_(True)
y = F.relu(bn2(conv2(F.relu(bn1(conv1(xin))))) + bnp(proj(xin)))
dy = rand(*y.shape)
(y * dy).sum().backward()
CASES["residual_block"] = {"x": arr(xin), "y": arr(y), "dy": arr(dy), "grad_x": arr(xin.grad),
                           "parameters": {f"{m}.{k}": arr(v) for m, mod in mods.items() for k, v in mod.named_parameters()},
                           "grads": {f"{m}.{k}": arr(v.grad) for m, mod in mods.items() for k, v in mod.named_parameters()}}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_vectors.json")
with open(path, "w") as f:
    json.dump({"generator": f"torch {torch.__version__} (make_vectors.py)", "cases": CASES}, f, separators=(",", ":"))
print(f"wrote {len(CASES)} cases to {path}")
