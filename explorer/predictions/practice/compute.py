"""The Calibrate and Model A vs B tabs' cached work: the fits, their scores, the comparison.

Every step is keyed by the file's :class:`~explorer.predictions.compute.Reading` and the
settings that matter (never the unit: losses are kept in nats and converted when shown),
so a rerun, a unit change or a second session reuses them. Problems are returned, not
raised, so that a bad file is not refitted on every rerun. Every number is xentcore's.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from explorer.cache import shared_cache
from explorer.parsing import InputProblem
from explorer.predictions.compute import TTL, Reading, full_data
from explorer.predictions.practice import wording
from explorer.predictions.practice.inputs import DERIVED, SHARE_RANGE
from explorer.predictions.uploads.extract import PredictionData
from xentcore import InputError
from xentcore.practice import (
    BootstrapInterval,
    ClassReliability,
    DifferenceHistogram,
    ModelComparison,
    Split,
    TemperatureFit,
    VectorScalingFit,
    apply_temperature,
    apply_vector_scaling,
    brier_score,
    calibration_errors,
    class_reliability,
    compare_models,
    difference_histogram,
    fit_temperature,
    fit_vector_scaling,
    paired_bootstrap,
    perturbed_predictions,
    temperature_objective,
    train_validation_split,
    vector_scaling_nll,
)

__all__ = [
    "MIN_SIDE",
    "ModelB",
    "Scores",
    "TemperatureResult",
    "VectorResult",
    "Versus",
    "bootstrap",
    "calibrated_frame",
    "calibration_problem",
    "comparison",
    "temperature_curve",
    "temperature_result",
    "vector_result",
]

#: Rows each side of the split needs at least.
MIN_SIDE = 4
#: Points of the NLL-against-T curve.
CURVE_POINTS = 41
#: The noise (standard deviation on the logits) of the "noisy" model B, and its seed.
NOISE, NOISE_SEED = 1.0, 0


class Scores(NamedTuple):
    """How good and how calibrated some probabilities are (the NLL in nats)."""

    nll: float
    ece: float
    mce: float
    brier: float


def _scores(p: np.ndarray, y: np.ndarray, bins: int, nll: float) -> Scores:
    """ECE, MCE and the Brier score of probability rows ``p`` (binary Brier for 2 classes)."""
    errors = calibration_errors(p, y, n_bins=bins)
    brier = brier_score(p[:, 1], y) if p.shape[1] == 2 else errors.brier
    return Scores(float(nll), errors.ece, errors.mce, float(brier))


# --- Calibrate ------------------------------------------------------------------------


def _try_split(n: int, percent: int, seed: int) -> Split | None:
    try:
        return train_validation_split(n, validation_fraction=percent / 100, seed=seed)
    except InputError:  # a side would be empty
        return None


def _split(n: int, percent: int, seed: int) -> Split | None:
    """The split, or None when a side has fewer than :data:`MIN_SIDE` rows."""
    split = _try_split(n, percent, seed)
    ok = split is not None and min(split.train.size, split.validation.size) >= MIN_SIDE
    return split if ok else None


def _share_problem(n: int, percent: int) -> InputProblem:
    fits = [q for q in range(SHARE_RANGE[0], SHARE_RANGE[1] + 1, 5) if _split(n, q, 0)]
    split = _try_split(n, percent, 0)
    small = 0 if split is None else min(split.train.size, split.validation.size)
    lo, hi = (fits[0], fits[-1]) if fits else (1, 0)
    return wording.share_problem(percent, n, small, lo, hi)


def calibration_problem(data: PredictionData, name: str, percent: int) -> InputProblem | None:
    """What stops a calibration of this file, or None: too few rows, one class, a
    constant prediction, a true class of probability 0, a share that leaves too few."""
    n = data.labels.size
    if n < 2 * MIN_SIDE:
        return wording.too_few_problem(n, name, 2 * MIN_SIDE, "calibrate")
    if np.all(data.labels == data.labels[0]):
        return wording.one_class_problem(data.class_names[data.labels[0]], n, name)
    p = apply_temperature(data.scores, 1.0, kind=data.kind)
    if np.ptp(p, axis=0).max() <= 1e-12:
        return wording.identical_problem(n, data.class_names)
    zero = p[np.arange(n), data.labels] == 0  # (logits are taken in the log domain)
    if data.kind == "probabilities" and zero.any():
        return wording.zero_true_problem(int(zero.sum()), int(np.argmax(zero)))
    if _split(n, percent, 0) is None:
        return _share_problem(n, percent)
    return None


@dataclass(frozen=True)
class TemperatureResult:
    """The fitted T and the scores before and after, per side of the split."""

    n_validation: int
    n_held_out: int
    fit: TemperatureFit  # NLLs in nats, on the validation rows
    validation: tuple[Scores, Scores]  # before, after
    held_out: tuple[Scores, Scores]
    reliability: tuple[ClassReliability, ClassReliability]  # held out: before, after


@shared_cache(max_entries=4, ttl=TTL)
def _prepared(how: Reading, percent: int, seed: int):
    """(data, split, problem): the checked file and its split, or what stops them."""
    data, problem = full_data(how)
    if data is None:
        return None, None, problem
    problem = calibration_problem(data, how.file.name, percent)
    if problem is not None:
        return None, None, problem
    return data, _split(data.labels.size, percent, seed), None


def _temperature_side(data: PredictionData, rows: np.ndarray, t: float, bins: int):
    x, y, kind = data.scores[rows], data.labels[rows], data.kind
    nll = temperature_objective(x, y, kind=kind, temperature=np.array([1.0, t])).nll
    before, after = apply_temperature(x, 1.0, kind=kind), apply_temperature(x, t, kind=kind)
    return (_scores(before, y, bins, nll[0]), _scores(after, y, bins, nll[1])), (before, after)


def _on_split(how: Reading, percent: int, seed: int, work: Callable):
    """``(work(data, split), None)`` on the checked file and its split, or ``(None, problem)``."""
    data, split, problem = _prepared(how, percent, seed)
    if data is None:
        return None, problem
    try:
        return work(data, split), None
    except InputError as err:
        return None, wording.refused_problem(err)


def _temperature(data: PredictionData, split: Split, bins: int) -> TemperatureResult:
    v, h = split.validation, split.train
    fit = fit_temperature(data.scores[v], data.labels[v], kind=data.kind)
    on_val, _ = _temperature_side(data, v, fit.temperature, bins)
    on_held, (before, after) = _temperature_side(data, h, fit.temperature, bins)
    y = data.labels[h]
    reliability = (
        class_reliability(before, y, n_bins=bins),
        class_reliability(after, y, n_bins=bins),
    )
    return TemperatureResult(v.size, h.size, fit, on_val, on_held, reliability)


@shared_cache(max_entries=4, ttl=TTL)
def temperature_result(
    how: Reading, percent: int, seed: int, bins: int
) -> tuple[TemperatureResult | None, InputProblem | None]:
    """Fit T on the validation rows; score both sides before and after."""
    return _on_split(how, percent, seed, lambda data, split: _temperature(data, split, bins))


@dataclass(frozen=True)
class VectorResult:
    """The fitted scale and bias per class and the scores after, per side."""

    fit: VectorScalingFit  # NLLs in nats, on the validation rows
    validation: Scores
    held_out: Scores
    reliability: ClassReliability  # held out, after


def _vector(data: PredictionData, split: Split, bins: int) -> VectorResult:
    z, y = data.scores, data.labels
    fit = fit_vector_scaling(z[split.validation], y[split.validation])
    sides = []
    for rows in (split.validation, split.train):
        p = apply_vector_scaling(z[rows], fit.w, fit.b)
        nll = vector_scaling_nll(z[rows], y[rows], fit.w, fit.b)
        sides.append((_scores(p, y[rows], bins, nll), p))
    reliability = class_reliability(sides[1][1], y[split.train], n_bins=bins)
    return VectorResult(fit, sides[0][0], sides[1][0], reliability)


@shared_cache(max_entries=4, ttl=TTL)
def vector_result(
    how: Reading, percent: int, seed: int, bins: int
) -> tuple[VectorResult | None, InputProblem | None]:
    """Fit vector scaling on the validation rows of a logits file; score both sides."""
    return _on_split(how, percent, seed, lambda data, split: _vector(data, split, bins))


@shared_cache(max_entries=4, ttl=TTL)
def temperature_curve(
    how: Reading, percent: int, seed: int, fitted: float
) -> tuple[np.ndarray, np.ndarray]:
    """The validation NLL (nats) on a log grid of T around the fitted T and T = 1."""
    data, split, _ = _prepared(how, percent, seed)
    lo, hi = min(fitted / 4, 0.25), max(fitted * 4, 4.0)
    grid = np.unique(np.concatenate([np.geomspace(lo, hi, CURVE_POINTS), [1.0, fitted]]))
    v = split.validation
    nll = temperature_objective(data.scores[v], data.labels[v], kind=data.kind, temperature=grid)
    return grid, nll.nll


def calibrated_frame(
    how: Reading, percent: int, seed: int, temperature: float, vector: VectorScalingFit | None
) -> pd.DataFrame:
    """Every row's calibrated probabilities, with its part of the split (for the CSV)."""
    data, split, _ = _prepared(how, percent, seed)
    n, names = data.labels.size, np.asarray(data.class_names, dtype=object)
    part = np.full(n, "held out", dtype=object)
    part[split.validation] = "validation"
    frame = pd.DataFrame(
        {"row": np.arange(1, n + 1), "part": part, "true class": names[data.labels]}
    )
    p = apply_temperature(data.scores, temperature, kind=data.kind)
    for j, name in enumerate(data.class_names):
        frame[f"p_{name} (T = {temperature:.4g})"] = p[:, j]
    if vector is not None:
        q = apply_vector_scaling(data.scores, vector.w, vector.b)
        for j, name in enumerate(data.class_names):
            frame[f"p_{name} (vector scaling)"] = q[:, j]
    return frame


# --- Model A vs B ---------------------------------------------------------------------


@dataclass(frozen=True)
class ModelB:
    """Where model B comes from: made from model A (``reading`` None), or a file."""

    source: str  # a key of inputs.B_SOURCES
    name: str
    reading: Reading | None = None


@dataclass(frozen=True)
class Versus:
    """The comparison (losses in nats), its histogram, model B's class names, warnings."""

    cmp: ModelComparison
    histogram: DifferenceHistogram  # nats
    names_b: list[str]
    warnings: tuple[str, ...]


def _model_b(a: PredictionData, b: ModelB):
    """(scores, kind, labels, class names, problem) of model B."""
    if b.reading is None:
        t = DERIVED[b.source]
        if t is None:
            p = perturbed_predictions(a.scores, kind=a.kind, noise=NOISE, seed=NOISE_SEED)
        else:
            p = apply_temperature(a.scores, t, kind=a.kind)
        return p, "probabilities", a.labels, a.class_names, None
    data, problem = full_data(b.reading)
    if data is None:
        return None, None, None, None, wording.b_file_problem(problem)
    return data.scores, data.kind, data.labels, data.class_names, None


def _pairing_problem(a: PredictionData, yb, names_b, name_a: str, name_b: str):
    if yb.size != a.labels.size:
        return wording.rows_problem(yb.size, a.labels.size, name_b, name_a)
    if len(names_b) != len(a.class_names):
        return wording.classes_problem(names_b, a.class_names)
    differ = yb != a.labels
    if differ.any():
        r = int(np.argmax(differ))
        return wording.labels_problem(
            int(differ.sum()), yb.size, r, names_b[yb[r]], a.class_names[a.labels[r]]
        )
    return None


def _infinite(cmp: ModelComparison) -> InputProblem | None:
    for model, loss in (("Model A", cmp.loss_a), ("Model B", cmp.loss_b)):
        bad = ~np.isfinite(loss)
        if bad.any():
            return wording.infinite_problem(model, int(bad.sum()), int(np.argmax(bad)))
    return None


@shared_cache(max_entries=4, ttl=TTL)
def comparison(how_a: Reading, b: ModelB) -> tuple[Versus | None, InputProblem | None]:
    """Model A (the page's file) against model B, sample by sample; or what stops it."""
    a, problem = full_data(how_a)
    if a is None:
        return None, problem
    xb, kind_b, yb, names_b, problem = _model_b(a, b)
    if problem is not None:
        return None, problem
    problem = _pairing_problem(a, yb, names_b, how_a.file.name, b.name)
    if problem is None and a.labels.size < 2:
        problem = wording.too_few_problem(a.labels.size, how_a.file.name, 2, "compare")
    if problem is not None:
        return None, problem
    try:
        cmp = compare_models(a.scores, xb, a.labels, kind=a.kind, kind_b=kind_b)
    except InputError as err:
        return None, wording.refused_problem(err)
    problem = _infinite(cmp)
    if problem is not None:
        return None, problem
    warnings = []
    if list(names_b) != list(a.class_names):
        warnings.append(wording.names_warning(names_b, a.class_names))
    if np.all(a.labels == a.labels[0]):
        warnings.append(wording.one_class_warning(a.class_names[a.labels[0]], a.labels.size))
    if a.labels.size < 30:
        warnings.append(wording.small_warning(a.labels.size))
    versus = Versus(cmp, difference_histogram(cmp.difference), list(names_b), tuple(warnings))
    return versus, None


#: The progress callback of the bootstrap being built in this thread (not part of its key).
_REPORT: ContextVar[Callable[[int, int], object] | None] = ContextVar("_REPORT", default=None)


@shared_cache(max_entries=8, ttl=TTL)
def _bootstrap(how_a: Reading, b: ModelB, n_resamples: int, seed: int) -> BootstrapInterval:
    versus, _ = comparison(how_a, b)
    return paired_bootstrap(
        versus.cmp.loss_a,
        versus.cmp.loss_b,
        n_resamples=n_resamples,
        seed=seed,
        progress=_REPORT.get(),
    )


def bootstrap(
    how_a: Reading,
    b: ModelB,
    n_resamples: int,
    seed: int,
    report: Callable[[int, int], object] | None = None,
) -> BootstrapInterval:
    """The paired bootstrap interval (nats) of a comparison that has no problem, cached;
    ``report(done, total)`` is called while it is computed (not when it is cached)."""
    token = _REPORT.set(report)
    try:
        return _bootstrap(how_a, b, n_resamples, seed)
    finally:
        _REPORT.reset(token)
