"""The Your predictions page on a 200,000-row, 10-class file, next to pandas reading it.

    python benchmarks/predictions.py [--rows 200000] [--classes 10] [--repeats 5]

Writes a CSV of predicted probabilities (pandas' default full-precision floats, as
``DataFrame.to_csv`` of ``predict_proba`` output gives) into a temporary directory, then
times, interleaved in the same run so the ratio holds from machine to machine:

- **pandas read**: ``pd.read_csv(path)`` alone, the reference;
- **page read**: what the page does to read it (``uploads.reading.read_table``: encoding,
  separator and header checks around the same ``pd.read_csv``);
- **evaluation**: everything the page does after the read: detecting the layout
  (``describe``), checking every cell and building the arrays (``extract``), and the
  whole ``xentcore.predictions.evaluate_predictions`` (losses, the PyTorch, Keras and
  scikit-learn reductions, per class, calibration, confusion, baselines, histogram,
  worst samples);
- **one-hot check**: what opening the "Frameworks & weights" tab adds (the mean loss
  from one-hot targets next to the one from class indices, on every row);
- **temperature fit**: ``xentcore.fit_temperature`` on the file's probabilities (through
  their log), as a calibration page would fit T on a validation file;
- **model A vs B**: the file's model against itself calibrated by that T
  (``apply_temperature`` and ``compare_models``), then the **paired bootstrap**
  (``paired_bootstrap``, ``--resamples`` resamples) on the per-sample loss differences.

The target: evaluation / pandas read <= 1. Medians of ``--repeats`` runs; the peak memory
of each step is measured in separate runs with tracemalloc (which slows allocations).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explorer.predictions.uploads.extract import PredictionData, extract  # noqa: E402
from explorer.predictions.uploads.mapping import describe  # noqa: E402
from explorer.predictions.uploads.reading import Table, read_table  # noqa: E402
from xentcore.practice import (  # noqa: E402
    apply_temperature,
    compare_models,
    fit_temperature,
    paired_bootstrap,
)
from xentcore.predictions import evaluate_predictions, label_formats  # noqa: E402
from xentcore.softmax import softmax  # noqa: E402


def make_file(folder: Path, rows: int, classes: int, seed: int = 0) -> Path:
    """Labels drawn from softmax(logits) and the probabilities of a sharper model."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 1.5, size=(rows, classes))
    truth = softmax(z, axis=1)
    labels = np.minimum(
        (rng.random(rows)[:, None] > np.cumsum(truth, axis=1)).sum(axis=1), classes - 1
    )
    frame = pd.DataFrame(
        softmax(z, axis=1, temperature=0.8), columns=[f"p_{k}" for k in range(classes)]
    )
    frame.insert(0, "label", labels)
    path = folder / f"predictions_{rows}x{classes}.csv"
    frame.to_csv(path, index=False)
    return path


def pandas_read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path)


def page_read(data: bytes, name: str) -> Table:
    return read_table(data, name)


def page_evaluate(table: Table):
    info = describe(table)
    data = extract(table.frame, info.auto)
    return evaluate_predictions(data.scores, data.labels, kind=data.kind)


def one_hot_check(table: Table):
    """What the 'Frameworks & weights' tab adds when opened: one-hot vs index labels."""
    data = extract(table.frame, describe(table).auto)
    return label_formats(data.scores, data.labels, kind=data.kind)


def temperature_fit(data: PredictionData):
    """What a calibration page does with a validation file: fit one temperature."""
    return fit_temperature(data.scores, data.labels, kind=data.kind)


def model_comparison(data: PredictionData, temperature: float):
    """The file's model (A) against itself calibrated by ``temperature`` (B)."""
    calibrated = apply_temperature(data.scores, temperature, kind=data.kind)
    return compare_models(
        data.scores, calibrated, data.labels, kind=data.kind, kind_b="probabilities"
    )


def bootstrap(comparison, resamples: int):
    return paired_bootstrap(comparison.loss_a, comparison.loss_b, n_resamples=resamples)


def timed(fn, *args) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - t0, out


def peak_mib(fn, *args) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn(*args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def measure(path: Path, data: bytes, repeats: int, resamples: int) -> dict:
    """Medians of every step over ``repeats`` interleaved runs, and each step's last result."""
    # Warm up imports and caches once, outside the timings.
    table = page_read(data, path.name)
    page_evaluate(table)
    arrays = extract(table.frame, describe(table).auto)
    times: dict[str, list[float]] = {k: [] for k in ("read", "page", "eval", "check", "fit")}
    times.update(compare=[], bootstrap=[])
    out: dict = {"table": table, "arrays": arrays}
    for _ in range(repeats):
        times["read"].append(timed(pandas_read, path)[0])
        t, out["table"] = timed(page_read, data, path.name)
        times["page"].append(t)
        t, out["ev"] = timed(page_evaluate, out["table"])
        times["eval"].append(t)
        times["check"].append(timed(one_hot_check, out["table"])[0])
        t, out["fit"] = timed(temperature_fit, arrays)
        times["fit"].append(t)
        t, out["comparison"] = timed(model_comparison, arrays, out["fit"].temperature)
        times["compare"].append(t)
        t, out["interval"] = timed(bootstrap, out["comparison"], resamples)
        times["bootstrap"].append(t)
    out["median"] = {k: statistics.median(v) for k, v in times.items()}
    return out


def memory(path: Path, data: bytes, run: dict, resamples: int) -> dict[str, float]:
    """Peak memory of each step, in separate tracemalloc runs."""
    table, arrays = run["table"], run["arrays"]
    return {
        "read": peak_mib(pandas_read, path),
        "page": peak_mib(page_read, data, path.name),
        "eval": peak_mib(page_evaluate, table),
        "check": peak_mib(one_hot_check, table),
        "fit": peak_mib(temperature_fit, arrays),
        "compare": peak_mib(model_comparison, arrays, run["fit"].temperature),
        "bootstrap": peak_mib(bootstrap, run["comparison"], resamples),
    }


def report(run: dict, mem: dict[str, float], repeats: int, resamples: int) -> float:
    """Print every step next to pandas reading the file; return evaluation / read."""
    med, ev, fit, iv = run["median"], run["ev"], run["fit"], run["interval"]
    print(f"mean cross-entropy of the file: {ev.mean_loss:.4f} nats, accuracy {ev.accuracy:.3f}")
    print(
        f"fitted temperature {fit.temperature:.4f} ({fit.iterations} iterations): NLL "
        f"{fit.nll_before:.4f} -> {fit.nll_after:.4f} nats; paired bootstrap of A - B: "
        f"{iv.mean_difference:.5f} [{iv.low:.5f}, {iv.high:.5f}] from {iv.n_resamples:,} resamples"
    )
    read = med["read"]
    print(f"{'step':<48}{'median':>10}{'x read':>8}{'peak memory':>14}")
    rows = [
        ("read", "pandas alone: pd.read_csv(path)"),
        ("page", "page read: read_table"),
        ("eval", "page evaluation (detect, check, evaluate)"),
        ("check", "+ one-hot check (when its tab is opened)"),
        ("fit", "temperature fit (fit_temperature)"),
        ("compare", "model A vs B (apply_temperature, compare_models)"),
        ("bootstrap", f"paired bootstrap ({resamples:,} resamples)"),
    ]
    for key, label in rows:
        print(f"{label:<48}{med[key] * 1e3:>8.1f} ms{med[key] / read:>8.2f}{mem[key]:>10.1f} MiB")
    ratio = med["eval"] / read
    verdict = "met" if ratio <= 1 else "MISSED"
    print(f"evaluation / pandas read = {ratio:.2f} (target <= 1: {verdict})")
    print(f"(evaluation + one-hot check) / pandas read = {(med['eval'] + med['check']) / read:.2f}")
    print(f"(medians of {repeats} interleaved runs; memory from separate tracemalloc runs)")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--resamples", type=int, default=1_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = make_file(Path(tmp), args.rows, args.classes)
        data = path.read_bytes()
        print(
            f"file: {args.rows:,} rows x {args.classes} classes, CSV of probabilities, "
            f"{len(data) / 1e6:.1f} MB ({path.name})"
        )
        run = measure(path, data, args.repeats, args.resamples)
        mem = memory(path, data, run, args.resamples)
    ratio = report(run, mem, args.repeats, args.resamples)
    return 0 if ratio <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
