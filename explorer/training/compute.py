"""The Training page's work: data sets, training runs and their figures, kept in memory.

Training is :func:`xentcore.training.train`, cached by every setting
(:func:`explorer.cache.shared_cache`), so redrawing, scrubbing or switching the unit never
retrains. A run that is not cached yet is trained with a progress bar, continuing the
session's latest run of the same settings when that one has fewer steps: "Step once"
after 200 steps trains one step, not 201.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import plotly.graph_objects as go

from explorer.cache import shared_cache
from explorer.text import UNITS
from explorer.training.figures import (
    RUN_COLORS,
    Series,
    decision_regions_figure,
    training_curves_figure,
)
from explorer.training.wording import (
    SHORT_LOSS,
    describe_run_problem,
    empty_class_note,
    parse_weights,
    run_label,
)
from xentcore.registry import loss_entry
from xentcore.training import (
    Dataset,
    LossSpec,
    ModelSpec,
    TrainingRun,
    balanced_class_weights,
    decision_grid,
    make_dataset,
    train,
)

if TYPE_CHECKING:
    from explorer.training.inputs import Controls

__all__ = [
    "GRID",
    "Note",
    "Report",
    "Results",
    "Unkeyed",
    "cached_dataset",
    "curves_figures",
    "regions_figure",
    "results",
    "trained_run",
]

#: Decision regions are drawn on a GRID x GRID grid (at most 120 x 120).
GRID = 80
#: Runs kept in memory (shared by the sessions): a cached run needs no progress bar.
CACHED_RUNS = 24
#: The latest runs of a session, one per setting without the step count, to continue from.
KEEP_LATEST = 6

#: (fraction done, text) for the progress bar.
Report = Callable[[float, str], None]

_ERROR, _WARNING, _INFO = ":material/error:", ":material/warning:", ":material/info:"


class Unkeyed:
    """An argument of a cached function that is not part of its key: all are equal.

    For what the rest of the key already decides: the builder of a run (with its head
    start and progress bar: a run continued from step 200 equals one trained from 0), or
    the trained run a figure is drawn from (the run's key is in the figure's key).
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unkeyed)

    def __hash__(self) -> int:
        return 0


@dataclass(frozen=True)
class Note:
    """A message about the data or a run, drawn above the numbers (``level``: st.error, ...)."""

    level: str
    text: str
    icon: str


@dataclass(frozen=True)
class Results:
    """The data, the runs trained for the settings (which, run, run key), and the notes."""

    data: Dataset | None
    runs: list[tuple[str, TrainingRun, tuple]]
    notes: list[Note]


@shared_cache(max_entries=16)
def cached_dataset(
    kind: str, n_points: int, n_classes: int, noise: float, imbalance: float, seed: int
) -> Dataset:
    """:func:`xentcore.training.make_dataset`, cached by every argument."""
    return make_dataset(
        kind, n_points=n_points, n_classes=n_classes, noise=noise, imbalance=imbalance, seed=seed
    )


def _specs(key: tuple) -> tuple[Dataset, ModelSpec, LossSpec, float, int, int]:
    data_key, model_t, loss_t, lr, steps = key
    return cached_dataset(*data_key), ModelSpec(*model_t), LossSpec(*loss_t), lr, steps, data_key[5]


@shared_cache(max_entries=CACHED_RUNS)
def _cached_run(key: tuple, build: Unkeyed) -> TrainingRun:
    return build.value()


def trained_run(
    key: tuple, label: str, part: int, parts: int, report: Report, latest: MutableMapping
) -> TrainingRun:
    """The run of ``key`` (every setting): cached, or trained now with a progress bar.

    ``latest`` is the session's memory of its last runs (key without the step count ->
    run); a run with fewer steps than ``key`` asks for is continued, not retrained.
    """

    def build() -> TrainingRun:
        data, model, loss, lr, steps, seed = _specs(key)
        start = latest.get(key[:-1])
        if start is not None and start.requested_steps > steps:
            start = None
        report(part / parts, f"Training {label}…")

        def progress(step: int, total: int) -> None:
            done = min(1.0, (part + step / max(total, 1)) / parts)
            report(done, f"Training {label}: step {step:,} of {total:,}")

        run = train(
            data, model, loss, learning_rate=lr, steps=steps, seed=seed, start=start,
            callback=progress,
        )  # fmt: skip
        latest.pop(key[:-1], None)
        latest[key[:-1]] = run
        while len(latest) > KEEP_LATEST:
            latest.pop(next(iter(latest)))
        return run

    return _cached_run(key, Unkeyed(build))


def _run_key(controls: Controls, data: Dataset, name: str) -> tuple:
    """The cache key of one run; raises ValueError (a bad loss setting) with the message."""
    given = dict(controls.settings)
    settings = {}
    for param in loss_entry(name).params:  # the settings this loss takes, from the registry
        value = given[param.name]
        if param.kind == "class_weights":
            value, problem = parse_weights(str(value), data.n_classes)
            if problem is not None:
                raise _WeightsProblem(problem)
            if value is None:  # "balanced"
                value = tuple(balanced_class_weights(data.y, data.n_classes).tolist())
        settings[param.name] = value
    spec = LossSpec.of(name, **settings).canonical()
    model = (controls.model.kind, controls.model.hidden, controls.model.activation)
    loss = (spec.name, spec.class_weights, spec.smoothing, spec.gamma, spec.params)
    return (controls.data_key, model, loss, controls.lr, controls.steps)


class _WeightsProblem(ValueError):
    """The Class weights box does not parse (its message is complete)."""


def results(controls: Controls, report: Report, latest: MutableMapping) -> Results:
    """Train (or fetch from the cache) every run the settings ask for; note the problems."""
    if controls.data_key is None:
        return Results(None, [], [])
    try:
        data = cached_dataset(*controls.data_key)
    except ValueError as err:  # the controls keep every value in range; a guard only
        return Results(None, [], [Note("error", f"Data: {err}.", _ERROR)])
    notes = []
    names = [f"class {c}" for c in range(data.n_classes)]
    if (note := empty_class_note(data.counts, names)) is not None:
        notes.append(Note("info", note, _INFO))
    if controls.lr is None:
        return Results(data, [], notes)
    runs = []
    for i, (which, name) in enumerate(controls.runs):
        label = run_label(which, name)
        try:
            key = _run_key(controls, data, name)
            run = trained_run(key, label, i, len(controls.runs), report, latest)
        except _WeightsProblem as err:
            notes.append(Note("error", f"{label}: {err}", _ERROR))
            continue
        except ValueError as err:
            text = f"{label}: {err}. Change that setting; the other run is unaffected."
            notes.append(Note("error", text, _ERROR))
            continue
        runs.append((which, run, key))
        if (problem := describe_run_problem(run, label)) is not None:
            notes.append(Note(problem[0], problem[1], _WARNING))
    return Results(data, runs, notes)


@shared_cache(max_entries=48)
def _regions(key: tuple, which: str, step: int, run: Unkeyed) -> go.Figure:
    data = cached_dataset(*key[0])
    grid = decision_grid(run.value.snapshot(step), run.value.model, data.X, resolution=GRID)
    return decision_regions_figure(
        grid.x,
        grid.y,
        grid.predicted,
        grid.confidence,
        data.X,
        data.y,
        data.n_classes,
        class_names=[f"class {c}" for c in range(data.n_classes)],
        title=f"Run {which}, step {step:,}: decision regions",
    )


def regions_figure(key: tuple, which: str, step: int, run: TrainingRun) -> go.Figure:
    """Decision regions of run ``key`` at a recorded ``step``, with the data on top
    (cached: scrubbing back to a step redraws at once)."""
    return _regions(key, which, step, Unkeyed(run))


@shared_cache(max_entries=16)
def _curves(
    keys: tuple, whiches: tuple[str, ...], unit: str, step: int, runs: Unkeyed
) -> tuple[go.Figure, go.Figure]:
    base = UNITS[unit]
    colors = dict(zip("AB", RUN_COLORS, strict=True))
    ce, acc = [], []
    for which, run in zip(whiches, runs.value, strict=True):
        color = colors[which]
        ce.append(
            Series(f"{which}: {SHORT_LOSS[run.loss.name]}", run.cross_entropy_in(base), color)
        )
        acc.append(Series(f"{which}: accuracy", run.accuracy, color))
        acc.append(Series(f"{which}: mean confidence", run.confidence, color, "dot"))
    return (
        training_curves_figure(
            ce, y_title=f"cross-entropy ({unit})", title="Cross-entropy", marker_step=step
        ),
        training_curves_figure(
            acc,
            y_title="fraction",
            title="Accuracy and mean confidence",
            marker_step=step,
            y_range=(0.0, 1.02),
        ),
    )


def curves_figures(
    runs: list[tuple[str, TrainingRun, tuple]], unit: str, step: int
) -> tuple[go.Figure, go.Figure]:
    """Cross-entropy (in ``unit``), accuracy and mean confidence of the runs, cached."""
    keys = tuple(key for _, _, key in runs)
    whiches = tuple(which for which, _, _ in runs)
    return _curves(keys, whiches, unit, step, Unkeyed(tuple(run for _, run, _ in runs)))
