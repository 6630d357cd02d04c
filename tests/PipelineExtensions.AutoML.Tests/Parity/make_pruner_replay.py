"""Generates pruner_replay.json: Optuna 3.1's pruners replayed over the recorded learning curves in curves/.

curves/fashion_mlp_seed{1..8}.json are the unpruned `automl-pruning` sweeps (--seed 1..8) (benchmarks/README.md, AutoML section):
24 random MLP configurations × 12 epochs of validation accuracy each. Every trial is replayed in trial order, reporting
its curve one epoch at a time (step = epoch index from 0, as TrialPruningCallback reports) and asking the pruner
after each report, exactly as the live sweep and CurveReplay do. Records, per pruner, how many epochs each trial
ran and whether it was pruned. The C# tests (PrunerReplayParityTests) reproduce the ASHA and median rows; the
Hyperband rows are Optuna-only reference numbers (the library has no Hyperband pruner).

Run with Debian's interpreter from this directory:  /usr/bin/python3 make_pruner_replay.py
"""
import json

import optuna
from optuna.trial import TrialState

optuna.logging.set_verbosity(optuna.logging.ERROR)

PRUNERS = {
    # name: (factory, settings recorded for the C# side)
    "asha_r1_eta3": (lambda: optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),
                     {"kind": "asha", "min_resource": 1, "reduction_factor": 3}),
    "asha_auto_eta4": (lambda: optuna.pruners.SuccessiveHalvingPruner(),
                       {"kind": "asha", "min_resource": None, "reduction_factor": 4}),
    "median_startup5_warmup2": (lambda: optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=2),
                                {"kind": "median", "n_startup_trials": 5, "n_warmup_steps": 2}),
    "median_default": (lambda: optuna.pruners.MedianPruner(), {"kind": "median", "n_startup_trials": 5, "n_warmup_steps": 0}),
    "hyperband_r1_max12_eta3": (lambda: optuna.pruners.HyperbandPruner(min_resource=1, max_resource=12, reduction_factor=3),
                                {"kind": "hyperband", "min_resource": 1, "max_resource": 12, "reduction_factor": 3}),
}


def replay(curves, direction, make):
    study = optuna.create_study(study_name="replay", direction=direction, pruner=make())
    epochs, pruned = [], []
    for curve in curves:
        trial = study.ask()
        run, stop = 0, False
        for step, value in enumerate(curve):
            trial.report(value, step)
            run = step + 1
            if trial.should_prune():
                stop = True
                break
        if stop:
            study.tell(trial, state=TrialState.PRUNED)
        else:
            study.tell(trial, curve[-1])
        epochs.append(run)
        pruned.append(stop)
    return epochs, pruned


out = {"optuna": optuna.__version__, "sweeps": []}
for seed in range(1, 9):
    name = f"fashion_mlp_seed{seed}.json"
    with open(f"curves/{name}") as f:
        sweep = json.load(f)
    curves = [t["curve"] for t in sorted(sweep["trials"], key=lambda t: t["number"])]
    total = sum(len(c) for c in curves)
    best_unpruned = max(c[-1] for c in curves)
    runs = []
    for pname, (make, settings) in PRUNERS.items():
        epochs, pruned = replay(curves, sweep["direction"], make)
        complete = [c[-1] for c, p in zip(curves, pruned) if not p]
        best = max(complete) if complete else None
        runs.append({"name": pname, "settings": settings, "epochs": epochs, "pruned": pruned,
                     "total_epochs": sum(epochs), "share": sum(epochs) / total, "best": best,
                     "same_best": best is not None and best >= best_unpruned})
        print(f"seed {seed} {pname:26s} best {best} (unpruned {best_unpruned})  epochs {sum(epochs)}/{total} = {sum(epochs) / total:.0%}")
    out["sweeps"].append({"curves": name, "runs": runs})

with open("pruner_replay.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote pruner_replay.json")
