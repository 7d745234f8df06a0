"""The Your predictions page on a 200,000-row, 10-class file, next to pandas reading it.

    python benchmarks/predictions.py [--rows 200000] [--classes 10] [--repeats 5]

Writes a CSV of predicted probabilities (pandas' default full-precision floats, as
``DataFrame.to_csv`` of ``predict_proba`` output gives) into a temporary directory, then
times, interleaved in the same run so the ratio holds from machine to machine:

- **pandas read**: ``pd.read_csv(path)`` alone, the reference;
- **page read**: what the page does to read it
  (``explorer.predictions.uploads.reading.read_table``: encoding, separator and header
  checks around the same ``pd.read_csv``);
- **evaluation**: everything the page does after the read: detecting the layout
  (``describe``), checking every cell and building the arrays (``extract``), and the
  whole ``xentcore.predictions.evaluate_predictions`` (losses, the PyTorch, Keras and
  scikit-learn reductions, per class, calibration, confusion, baselines, histogram,
  worst samples);
- **one-hot check**: what opening the "Frameworks & weights" tab adds (the mean loss
  from one-hot targets next to the one from class indices, on every row).

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

from explorer.predictions.uploads.extract import extract  # noqa: E402
from explorer.predictions.uploads.mapping import describe  # noqa: E402
from explorer.predictions.uploads.reading import Table, read_table  # noqa: E402
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = make_file(Path(tmp), args.rows, args.classes)
        data = path.read_bytes()
        print(
            f"file: {args.rows:,} rows x {args.classes} classes, CSV of probabilities, "
            f"{len(data) / 1e6:.1f} MB ({path.name})"
        )
        # Warm up imports and caches once, outside the timings.
        table = page_read(data, path.name)
        ev = page_evaluate(table)

        reads, page_reads, evals, checks = [], [], [], []
        for _ in range(args.repeats):
            reads.append(timed(pandas_read, path)[0])
            t, table = timed(page_read, data, path.name)
            page_reads.append(t)
            t, ev = timed(page_evaluate, table)
            evals.append(t)
            checks.append(timed(one_hot_check, table)[0])
        read, page, evaluation, check = (
            statistics.median(v) for v in (reads, page_reads, evals, checks)
        )

        mem_read = peak_mib(pandas_read, path)
        mem_page = peak_mib(page_read, data, path.name)
        mem_eval = peak_mib(page_evaluate, table)
        mem_check = peak_mib(one_hot_check, table)

    ratio = evaluation / read
    print(f"mean cross-entropy of the file: {ev.mean_loss:.4f} nats, accuracy {ev.accuracy:.3f}")
    print(f"{'step':<44}{'median':>10}{'peak memory':>14}")
    print(f"{'pandas alone: pd.read_csv(path)':<44}{read * 1e3:>8.1f} ms{mem_read:>10.1f} MiB")
    print(f"{'page read: read_table':<44}{page * 1e3:>8.1f} ms{mem_page:>10.1f} MiB")
    print(
        f"{'page evaluation (detect, check, evaluate)':<44}{evaluation * 1e3:>8.1f} ms"
        f"{mem_eval:>10.1f} MiB"
    )
    print(
        f"{'+ one-hot check (when its tab is opened)':<44}{check * 1e3:>8.1f} ms"
        f"{mem_check:>10.1f} MiB"
    )
    verdict = "met" if ratio <= 1 else "MISSED"
    print(f"evaluation / pandas read = {ratio:.2f} (target <= 1: {verdict})")
    print(f"(evaluation + one-hot check) / pandas read = {(evaluation + check) / read:.2f}")
    print(f"(medians of {args.repeats} interleaved runs; memory from separate tracemalloc runs)")
    return 0 if ratio <= 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
