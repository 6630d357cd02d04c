"""Optuna 3.1 (Debian python3-optuna) on the synthetic objective of ../shared/parity/tune_objective.md.

Usage: /usr/bin/python3 optuna_tune.py [--seeds 0-9] [--trials 200]
Prints one JSON line per (sampler, seed): {"sampler", "seed", "values": [f per trial], "seconds"}.
Run by the `tuners` side-by-side benchmark (benchmarks/PipelineExtensions.Benchmarks/AutoML/TunersBenchmark.cs).
"""
import argparse
import json
import math
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.ERROR)

BS_PEN = {16: 0.04, 32: 0.015, 64: 0.0, 128: 0.006, 256: 0.03}


def branin(x, y):
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * math.cos(x) + 10


def objective(trial):
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    batch_size = trial.suggest_categorical("batch_size", [16, 32, 64, 128, 256])
    dropout = trial.suggest_float("dropout", 0.0, 0.5)
    l2 = trial.suggest_float("l2", 1e-6, 1e-2, log=True)
    x1, x3 = math.log10(lr), math.log10(l2)
    u, v = -5 + 15 * (x1 + 5) / 4, 30 * dropout
    return 1 + (branin(u, v) - 0.397887357729738) / 300 + 0.005 * (x3 + 4) ** 2 + BS_PEN[batch_size]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="0-9")
    parser.add_argument("--trials", type=int, default=200)
    args = parser.parse_args()
    lo, hi = (int(s) for s in args.seeds.split("-"))
    for name, make in (("tpe", lambda s: optuna.samplers.TPESampler(seed=s)),
                       ("random", lambda s: optuna.samplers.RandomSampler(seed=s))):
        for seed in range(lo, hi + 1):
            study = optuna.create_study(direction="minimize", sampler=make(seed))
            start = time.perf_counter()
            study.optimize(objective, n_trials=args.trials)
            seconds = time.perf_counter() - start
            values = [t.value for t in study.trials]
            print(json.dumps({"sampler": name, "seed": seed, "values": values, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
