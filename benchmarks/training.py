"""Steps per second of xentcore.training's full-batch gradient descent, for each loss.

    python benchmarks/training.py [--points 1000] [--hidden 32] [--steps 300] [--repeat 3]

Moons with --points points (two classes), one hidden layer of --hidden tanh units, and
softmax regression for comparison; every loss of xentcore.training.LOSSES. Each step
is a forward pass, the loss and the accuracy and confidence it records, the gradient
and the update. The best of --repeat runs is reported (the machine's noise only ever
slows a run down). The last lines time "Step once" on the page: continuing a
5,000-step run by one step, against training the 5,001 steps from 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xentcore.training import LOSSES, LossSpec, ModelSpec, make_dataset, train  # noqa: E402

SPECS = {
    "cross_entropy": LossSpec("cross_entropy"),
    "squared_error": LossSpec("squared_error"),
    "weighted_cross_entropy": LossSpec("weighted_cross_entropy", class_weights=(1.0, 2.0)),
    "label_smoothing": LossSpec("label_smoothing", smoothing=0.1),
    "focal": LossSpec("focal", gamma=2.0),
}


def best_seconds(fn, repeat: int) -> float:
    fn()  # warm-up
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = make_dataset("moons", n_points=args.points, n_classes=2, noise=0.2, seed=0)
    models = {
        f"hidden layer ({args.hidden} tanh)": ModelSpec("hidden_layer", args.hidden, "tanh"),
        "softmax regression": ModelSpec("softmax_regression"),
    }
    print(
        f"Full-batch gradient descent, {args.points:,} points, {args.steps} steps, "
        f"best of {args.repeat}"
    )
    print(f"  {'loss':<26}{'model':<26}{'steps/s':>10}{'ms/step':>10}")
    for name in LOSSES:
        for label, model in models.items():

            def run(model=model, name=name):
                train(data, model, SPECS[name], learning_rate=1.0, steps=args.steps)

            seconds = best_seconds(run, args.repeat)
            rate = args.steps / seconds
            print(f"  {name:<26}{label:<26}{rate:>10,.0f}{1e3 / rate:>10.3f}")

    model = models[f"hidden layer ({args.hidden} tanh)"]
    long = train(data, model, SPECS["cross_entropy"], learning_rate=1.0, steps=5000)
    resume = best_seconds(
        lambda: train(
            data, model, SPECS["cross_entropy"], steps=5001, learning_rate=1.0, start=long
        ),
        args.repeat,
    )
    scratch = best_seconds(
        lambda: train(data, model, SPECS["cross_entropy"], steps=5001, learning_rate=1.0), 1
    )
    print(
        f"  'Step once' after 5,000 steps: {resume * 1e3:.1f} ms continuing the run, "
        f"{scratch:.2f} s from step 0 ({scratch / resume:,.0f}x)"
    )


if __name__ == "__main__":
    main()
