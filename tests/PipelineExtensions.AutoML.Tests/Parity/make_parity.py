"""Generates parity.json: reference values from Optuna 3.1 and SciPy for the AutoML tests.

Run with Debian's interpreter from this directory:  /usr/bin/python3 make_parity.py
The C# tests read parity.json only; they never need Python.
"""
import json
import math

import numpy as np
import optuna
import scipy
from scipy import special, stats
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights, _split_observation_pairs
from optuna.trial import TrialState, create_trial

optuna.logging.set_verbosity(optuna.logging.ERROR)
out = {"optuna": optuna.__version__, "scipy": scipy.__version__}

# --- special functions (SciPy is the truth) -------------------------------------------------------
xs = [-40.0, -25.0, -20.5, -8.0, -5.0, -2.0, -1.0, -0.5, -1e-9, 0.0, 0.3, 0.84, 1.0, 1.3, 2.5, 3.0, 5.5, 6.5, 10.0, 27.0]
out["erf"] = [[x, float(special.erf(x))] for x in xs]
out["erfc"] = [[x, float(special.erfc(x))] for x in xs]
out["log_ndtr"] = [[x, float(special.log_ndtr(x))] for x in xs]
ppf_cases = [(0.3, -1.0, 2.0), (0.01, -3.0, -1.0), (0.99, 1.0, 4.0), (0.5, -0.2, 0.1), (0.7, 2.5, 9.0), (0.2, -9.0, -2.5), (0.5, -50, 50)]
out["truncnorm_ppf"] = [[q, a, b, float(stats.truncnorm.ppf(q, a, b))] for q, a, b in ppf_cases]
lp_cases = [(0.5, -1.0, 2.0, 0.3, 0.7), (3.0, 0.0, 10.0, 5.0, 2.0), (-2.0, -5.0, 0.0, -1.0, 0.25), (9.9, 0.0, 10.0, 0.1, 1.5)]
out["truncnorm_logpdf"] = [
    [x, lo, hi, mu, s, float(stats.truncnorm.logpdf(x, (lo - mu) / s, (hi - mu) / s, loc=mu, scale=s))]
    for x, lo, hi, mu, s in lp_cases
]

# --- Parzen estimators (Optuna's fit; log densities from SciPy for continuous, Optuna for discrete) -----
def params(prior=True, clip=True, endpoints=False):
    return _ParzenEstimatorParameters(prior, 1.0, clip, endpoints, default_weights, False)

def dist_json(d):
    if isinstance(d, FloatDistribution):
        return {"type": "float", "low": d.low, "high": d.high, "log": d.log, "step": d.step}
    if isinstance(d, IntDistribution):
        return {"type": "int", "low": d.low, "high": d.high, "step": d.step, "log": d.log}
    return {"type": "categorical", "choices": list(d.choices)}

rng = np.random.RandomState(7)
cases = [
    ("uniform", FloatDistribution(-5.0, 10.0), rng.uniform(-5, 10, 7), params()),
    ("uniform_no_prior", FloatDistribution(0.0, 1.0), rng.uniform(0, 1, 5), params(prior=False)),
    ("uniform_endpoints_noclip", FloatDistribution(0.0, 1.0), rng.uniform(0, 1, 4), params(clip=False, endpoints=True)),
    ("log", FloatDistribution(1e-5, 1e-1, log=True), np.exp(rng.uniform(np.log(1e-5), np.log(1e-1), 6)), params()),
    ("step", FloatDistribution(0.0, 1.0, step=0.1), np.round(rng.uniform(0, 1, 5) * 10) / 10, params()),
    ("int", IntDistribution(3, 10), rng.randint(3, 11, 6).astype(float), params()),
    ("int_step", IntDistribution(16, 256, step=16), (16 * rng.randint(1, 17, 5)).astype(float), params()),
    ("int_log", IntDistribution(1, 1000, log=True), np.round(np.exp(rng.uniform(0, np.log(1000), 5))), params()),
    ("categorical", CategoricalDistribution(["a", "b", "c", "d"]), rng.randint(0, 4, 6).astype(float), params()),
    ("empty", FloatDistribution(0.0, 2.0), np.array([]), params()),
    ("many", FloatDistribution(-1.0, 1.0), rng.uniform(-1, 1, 40), params()),
]
parzen = []
for name, dist, obs, p in cases:
    pe = _ParzenEstimator({"x": np.asarray(obs, dtype=float)}, {"x": dist}, p)
    entry = {"name": name, "distribution": dist_json(dist), "observations": [float(v) for v in obs],
             "consider_prior": p.consider_prior, "consider_magic_clip": p.consider_magic_clip,
             "consider_endpoints": p.consider_endpoints, "weights": pe._weights.tolist()}
    if isinstance(dist, CategoricalDistribution):
        entry["categorical_weights"] = pe._categorical_weights["x"].tolist()
        pts = np.arange(len(dist.choices))
        entry["points"] = pts.astype(float).tolist()
        entry["log_pdf"] = pe.log_pdf({"x": pts}).tolist()
    else:
        entry["mus"] = pe._mus["x"].tolist()
        entry["sigmas"] = pe._sigmas["x"].tolist()
        entry["low"], entry["high"] = float(pe._low["x"]), float(pe._high["x"])
        if isinstance(dist, IntDistribution) and not dist.log:
            pts = np.arange(dist.low, dist.high + 1, dist.step)[:6].astype(float)
        elif isinstance(dist, FloatDistribution) and dist.step is not None:
            pts = np.round(np.linspace(0, 1, 11), 10)[[0, 3, 5, 10]]
        elif dist.log:
            pts = np.array([dist.low, math.sqrt(dist.low * dist.high), dist.high * 0.9])
            if isinstance(dist, IntDistribution):
                pts = np.round(pts)
        else:
            pts = np.array([dist.low, 0.3 * dist.low + 0.7 * dist.high, dist.high])
        entry["points"] = pts.tolist()
        if (isinstance(dist, IntDistribution) and not dist.log) or (isinstance(dist, FloatDistribution) and dist.step is not None):
            entry["log_pdf"] = pe.log_pdf({"x": pts}).tolist()   # discrete: Optuna's mass formula is exact
        else:
            # Continuous: the mixture of properly normalised truncated normals (SciPy), i.e. Optuna 3.1 with
            # optuna#5109 fixed. Log parameters are modelled in log space (density of log x).
            z = np.log(pts) if dist.log else pts
            lo, hi = pe._low["x"], pe._high["x"]
            mus, sig, w = pe._mus["x"], pe._sigmas["x"], pe._weights
            lp = []
            for v in z:
                comps = [math.log(w[k]) + stats.truncnorm.logpdf(v, (lo - mus[k]) / sig[k], (hi - mus[k]) / sig[k], loc=mus[k], scale=sig[k]) for k in range(len(w))]
                lp.append(float(special.logsumexp(comps)))
            entry["log_pdf"] = lp
    parzen.append(entry)
out["parzen"] = parzen

out["default_weights"] = {str(n): default_weights(n).tolist() for n in [0, 1, 10, 25, 26, 30, 60]}
out["default_gamma"] = {str(n): optuna.samplers._tpe.sampler.default_gamma(n) for n in [1, 9, 10, 11, 100, 249, 250, 251, 1000]}

# Split of mixed complete/pruned observations: (-inf, loss) complete, (-step, loss) pruned.
scores = [(-math.inf, [0.5]), (-3, [0.1]), (-math.inf, [0.2]), (-5, [0.9]), (-math.inf, [0.2]), (-5, [0.3]), (1, [0.0]), (-math.inf, [-1.0])]
below, above = _split_observation_pairs(scores, 3, None)
out["split"] = {"scores": [[s if math.isfinite(s) else (-1e308 if s < 0 else 1e308), v[0]] for s, v in scores],
                "n_below": 3, "below": below.tolist(), "above": above.tolist()}

# --- pruners: decisions of Optuna's MedianPruner / PercentilePruner / SuccessiveHalvingPruner ----------
def study_with(direction, completed, running_values, extra_attrs=None):
    study = optuna.create_study(direction=direction)
    for curve in completed:
        study.add_trial(create_trial(state=TrialState.COMPLETE, value=curve[-1], params={}, distributions={},
                                     intermediate_values={i: v for i, v in enumerate(curve)}))
    return study

pruner_cases = []
r = np.random.RandomState(3)
for case_id in range(48):
    direction = "minimize" if case_id % 2 == 0 else "maximize"
    n_complete = int(r.randint(0, 9))
    steps = int(r.randint(3, 12))
    completed = [list(np.round(r.uniform(0, 1, steps), 3)) for _ in range(n_complete)]
    # Half the judged trials lag behind (worse by 0.3), so both decisions occur.
    shift = (0.3 if direction == "minimize" else -0.3) * (case_id // 2 % 2)
    curve = list(np.round(r.uniform(0, 1, int(r.randint(1, steps + 1))) + shift, 3))
    kind = ["median", "percentile"][case_id % 3 == 0]
    settings = {"percentile": 50.0 if kind == "median" else 25.0, "n_startup_trials": int(r.randint(0, 4)),
                "n_warmup_steps": int(r.randint(0, 3)), "interval_steps": int(r.randint(1, 3)), "n_min_trials": int(r.randint(1, 3))}
    pruner = optuna.pruners.PercentilePruner(settings["percentile"], settings["n_startup_trials"], settings["n_warmup_steps"],
                                             settings["interval_steps"], n_min_trials=settings["n_min_trials"])
    study = study_with(direction, completed, curve)
    trial = study.ask()
    for i, v in enumerate(curve):
        trial.report(v, i)
    frozen = study._storage.get_trial(trial._trial_id)
    pruner_cases.append({"kind": "percentile", "direction": direction, "settings": settings, "completed": completed,
                         "curve": curve, "prune": bool(pruner.prune(study, frozen))})

# ASHA: a sequence of trials each reporting a curve; record at which step Optuna prunes each (or -1).
for case_id in range(6):
    direction = "minimize" if case_id % 2 == 0 else "maximize"
    min_resource = [1, 2, 1][case_id % 3]
    eta = [2, 3, 4][case_id % 3]
    pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=min_resource, reduction_factor=eta)
    study = optuna.create_study(direction=direction, pruner=pruner)
    curves, pruned_at = [], []
    for t in range(12):
        curve = list(np.round(np.sort(r.uniform(0, 1, 16))[:: (1 if direction == "maximize" else -1)], 3))
        curves.append(curve)
        trial = study.ask()
        stop = -1
        for i, v in enumerate(curve):
            trial.report(v, i)
            if trial.should_prune():
                stop = i
                break
        if stop >= 0:
            study.tell(trial, state=TrialState.PRUNED)
        else:
            study.tell(trial, curve[-1])
        pruned_at.append(stop)
    pruner_cases.append({"kind": "asha", "direction": direction, "settings": {"min_resource": min_resource, "reduction_factor": eta},
                         "curves": curves, "pruned_at": pruned_at})
out["pruners"] = pruner_cases

with open("parity.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote parity.json:", len(parzen), "parzen cases,", len(pruner_cases), "pruner cases")
