"""Benchmark xentcore against PyTorch, plain NumPy and scikit-learn, side by side.

    python benchmarks/core.py [--rows 20000] [--classes 1000] [--repeat 7]

Every contender runs on the same float64 (N, C) logits with class-index targets, in
one process, interleaved round by round; the table reports each one's best time and
its ratio to xentcore. Ratios, not absolute seconds, are the result: they hold from
machine to machine. Peak temporary memory is measured with tracemalloc (NumPy reports
its allocations to it), over the inputs that already exist.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import xentcore  # noqa: E402


def numpy_log_softmax_gather(z: np.ndarray, y: np.ndarray) -> float:
    """The textbook NumPy way: a full log_softmax matrix, then pick the targets."""
    shifted = z - z.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_p[np.arange(len(y)), y].mean())


def best_times(contenders: dict, repeat: int) -> dict[str, float]:
    """Interleave the contenders round by round so drift hits all of them alike."""
    best = {name: float("inf") for name in contenders}
    for fn in contenders.values():  # warm-up
        fn()
    for _ in range(repeat):
        for name, fn in contenders.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def peak_temporary_bytes(fn) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def table(title: str, times: dict[str, float], reference: str) -> None:
    print(f"\n{title} (ratio = time / time of {reference})")
    print(f"  {'contender':<44}{'best ms':>10}{'ratio':>10}")
    for name, t in times.items():
        print(f"  {name:<44}{t * 1e3:>10.2f}{t / times[reference]:>9.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--classes", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    n, c = args.rows, args.classes

    rng = np.random.default_rng(0)
    z = rng.standard_normal((n, c)) * 3.0
    y = rng.integers(0, c, size=n)
    print(
        f"Inputs: float64 logits N={n:,} x C={c:,} ({z.nbytes / 2**20:.0f} MiB), "
        f"class-index targets; {os.cpu_count()} CPUs; NumPy {np.__version__}"
    )

    ours = xentcore.softmax_cross_entropy(z, y)
    contenders = {
        "xentcore.softmax_cross_entropy": lambda: xentcore.softmax_cross_entropy(z, y),
        "NumPy log_softmax then gather": lambda: numpy_log_softmax_gather(z, y),
    }
    assert abs(numpy_log_softmax_gather(z, y) - ours) <= 1e-12 * ours
    try:
        import torch
        import torch.nn.functional as F

        torch.set_num_threads(1)
        zt, yt = torch.from_numpy(z), torch.from_numpy(y)
        torch_value = F.cross_entropy(zt, yt).item()
        rel = abs(torch_value - ours) / abs(torch_value)
        contenders["torch F.cross_entropy (1 thread)"] = lambda: F.cross_entropy(zt, yt).item()
        print(
            f"torch {torch.__version__}: loss {torch_value!r}, xentcore {ours!r}, "
            f"relative difference {rel:.1e}"
        )
    except ImportError:
        print(
            "torch is not installed: the PyTorch comparison is skipped "
            "(pip install torch==2.13.0 to include it)"
        )
    times = best_times(contenders, args.repeat)
    table("Softmax cross-entropy, reduction='mean'", times, "xentcore.softmax_cross_entropy")
    if "torch F.cross_entropy (1 thread)" in times:
        r = times["xentcore.softmax_cross_entropy"] / times["torch F.cross_entropy (1 thread)"]
        print(f"  => xentcore takes {r:.2f}x PyTorch's single-threaded time (target <= 1.10x)")

    # log_loss on the softmax probabilities of the same logits.
    proba = xentcore.softmax(z)
    ll_contenders = {"xentcore.log_loss": lambda: xentcore.log_loss(y, proba)}
    try:
        import warnings

        from sklearn.metrics import log_loss as sk_log_loss

        labels = np.arange(c)

        def sk() -> float:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return sk_log_loss(y, proba, labels=labels)

        sk_value, our_ll = sk(), xentcore.log_loss(y, proba, labels=labels)
        print(
            f"\nscikit-learn: log_loss {sk_value!r}, xentcore {our_ll!r}, "
            f"relative difference {abs(sk_value - our_ll) / sk_value:.1e}"
        )
        ll_contenders["sklearn.metrics.log_loss"] = sk
    except ImportError:
        print("\nscikit-learn is not installed: the log_loss comparison is skipped")
    ll_times = best_times(ll_contenders, max(3, args.repeat // 2))
    table("log_loss on (N, C) probabilities", ll_times, "xentcore.log_loss")
    if "sklearn.metrics.log_loss" in ll_times:
        speedup = ll_times["sklearn.metrics.log_loss"] / ll_times["xentcore.log_loss"]
        print(f"  => xentcore.log_loss is {speedup:.1f}x faster than scikit-learn's (target >= 5x)")

    print("\nPeak temporary memory (tracemalloc, beyond the inputs):")
    mib = 2**20
    cases = [
        ("softmax_cross_entropy mean", lambda: xentcore.softmax_cross_entropy(z, y)),
        (
            "softmax_cross_entropy sum, eps=0.1, weights",
            lambda: xentcore.softmax_cross_entropy(
                z, y, reduction="sum", label_smoothing=0.1, weight=np.linspace(0.5, 2, c)
            ),
        ),
        (
            "softmax_cross_entropy none",
            lambda: xentcore.softmax_cross_entropy(z, y, reduction="none"),
        ),
        ("NumPy log_softmax then gather", lambda: numpy_log_softmax_gather(z, y)),
    ]
    for name, fn in cases:
        print(f"  {name:<44}{peak_temporary_bytes(fn) / mib:>9.2f} MiB")
    big_n = 5 * n
    zb = np.broadcast_to(z, (5, n, c)).reshape(big_n, c)  # a copy: 5x the rows
    yb = np.tile(y, 5)
    peak = peak_temporary_bytes(lambda: xentcore.softmax_cross_entropy(zb, yb))
    print(
        f"  {'same, N=' + format(big_n, ',') + ' rows (5x)':<44}{peak / mib:>9.2f} MiB"
        "   (flat in N: work is done in row blocks; limit 64 MiB)"
    )


if __name__ == "__main__":
    main()
