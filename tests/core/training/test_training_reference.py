"""Training runs, losses and curves are bit-for-bit those of a trusted commit.

``tests/core/data/training_reference.json`` was written on 8c1cdbd, before
xentcore.training became a package and the losses a registry, by running this file:

    PYTHONPATH=. python tests/core/training/test_training_reference.py

The tests recompute every number and ask for equality at rtol 0, so a refactoring that
changes the order of the arithmetic shows up as a failure. Floats are stored with
``repr`` (JSON numbers), which round-trips float64 exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from xentcore.curves import (
    cross_entropy_curve,
    focal_curve,
    probability_grid,
    smoothed_cross_entropy_curve,
    squared_error_curve,
)
from xentcore.training import LossSpec, ModelSpec, make_dataset, objective, objective_grad, train

OUT = Path(__file__).resolve().parents[1] / "data" / "training_reference.json"

MODELS = {
    "softmax": ModelSpec("softmax_regression"),
    "tanh": ModelSpec("hidden_layer", hidden=5, activation="tanh"),
    "relu": ModelSpec("hidden_layer", hidden=5, activation="relu"),
}
#: Each loss with settings away from its defaults.
LOSS_SETTINGS = {
    "cross_entropy": {},
    "squared_error": {},
    "weighted_cross_entropy": {"class_weights": (0.5, 2.0, 1.5)},
    "label_smoothing": {"smoothing": 0.2},
    "focal": {"gamma": 2.0},
}
LOSS_SPECS = {name: LossSpec.of(name, **s) for name, s in LOSS_SETTINGS.items()}
RUN = {"learning_rate": 0.9, "steps": 40, "seed": 3, "max_snapshots": 8}


def dataset():
    return make_dataset("spirals", n_points=60, n_classes=3, noise=0.2, imbalance=0.3, seed=5)


def run_record(run) -> dict:
    """Every array a TrainingRun holds, as lists of floats."""
    return {
        "objective": run.objective.tolist(),
        "cross_entropy": run.cross_entropy.tolist(),
        "accuracy": run.accuracy.tolist(),
        "confidence": run.confidence.tolist(),
        "snapshot_steps": run.snapshot_steps.tolist(),
        "snapshots": {n: a.tolist() for n, a in sorted(run.snapshots.items())},
        "params": {n: a.tolist() for n, a in sorted(run.params.items())},
        "diverged_at": run.diverged_at,
        "rises": run.rises,
    }


def runs() -> dict:
    data = dataset()
    out = {}
    for mname, model in MODELS.items():
        for lname, spec in LOSS_SPECS.items():
            out[f"{mname}/{lname}"] = run_record(train(data, model, spec, **RUN))
    moons = make_dataset("moons", n_points=50, n_classes=2, seed=0)
    relu = ModelSpec("hidden_layer", hidden=8, activation="relu")
    out["diverged"] = run_record(train(moons, relu, LossSpec(), learning_rate=1e300, steps=30))
    short = train(data, MODELS["tanh"], LOSS_SPECS["focal"], **{**RUN, "steps": 13})
    out["resumed"] = run_record(
        train(data, MODELS["tanh"], LOSS_SPECS["focal"], **RUN, start=short)
    )
    return out


def logits():
    rng = np.random.default_rng(11)
    return rng.normal(0.0, 3.0, (9, 3)), rng.integers(0, 3, 9)


def losses() -> dict:
    z, y = logits()
    return {
        name: {"value": objective(z, y, spec), "grad": objective_grad(z, y, spec).tolist()}
        for name, spec in LOSS_SPECS.items()
    }


def curves() -> dict:
    p = probability_grid(40)
    out = {"squared_error": squared_error_curve(p).tolist()}
    for base in (None, 2):
        key = "nats" if base is None else "bits"
        out[f"cross_entropy/{key}"] = cross_entropy_curve(p, base=base).tolist()
        out[f"focal/{key}"] = focal_curve(p, gamma=1.5, alpha=0.25, base=base).tolist()
        out[f"smoothed/{key}"] = smoothed_cross_entropy_curve(
            p, smoothing=0.1, classes=4, base=base
        ).tolist()
    return out


def reference() -> dict:
    return {"runs": runs(), "losses": losses(), "curves": curves()}


@pytest.fixture(scope="module")
def stored() -> dict:
    return json.loads(OUT.read_text())


@pytest.mark.parametrize("part", ["runs", "losses", "curves"])
def test_results_are_identical_to_the_reference(stored, part):
    # == on the decoded JSON compares every float exactly (rtol 0, atol 0).
    fresh = json.loads(json.dumps({"runs": runs, "losses": losses, "curves": curves}[part]()))
    assert fresh.keys() == stored[part].keys()
    for key, value in stored[part].items():
        assert fresh[key] == value, key


if __name__ == "__main__":
    OUT.write_text(json.dumps(reference(), indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
