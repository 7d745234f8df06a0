"""The Training page, section by section: inputs, training (cached), and drawing.

``pages/6_Training.py`` wires these together in reading order. The wording and parsing
functions (``parse_*``, ``describe_*``, ``clamp_count``, ``*_latex``) are pure, so tests
check them directly; the ``show_*`` functions draw. Training itself is
:func:`xentcore.training.train`, cached in memory keyed by every setting, so
redrawing, scrubbing or switching the unit never retrains. Below the headline numbers the
sections are lazy tabs (curves, decision regions with the scrubber, logistic-regression
gradient): only the open one is drawn. The sections live in a module
because Streamlit re-parses the page script on every run, while a module compiles once.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from explorer.figures_training import (
    RUN_COLORS,
    Series,
    decision_regions_figure,
    training_curves_figure,
)
from explorer.state import BadParam, Param, choice, integer, number
from explorer.text import UNITS, format_value
from xentcore.training import (
    DATASETS,
    LOSSES,
    MODELS,
    Dataset,
    LossSpec,
    ModelSpec,
    TrainingRun,
    balanced_class_weights,
    decision_grid,
    logistic_example,
    logistic_regression_gradient,
    make_dataset,
    train,
)

__all__ = [
    "DATASET_LABELS",
    "EXTRA_KEYS",
    "LOSS_LABELS",
    "MAX_PAGE_POINTS",
    "MAX_PAGE_STEPS",
    "MODEL_LABELS",
    "PAGE_PATH",
    "PARAMS",
    "SECTIONS",
    "Clamped",
    "Controls",
    "clamp_count",
    "describe_run_problem",
    "empty_class_note",
    "format_metric",
    "logistic_latex",
    "markdown_table",
    "parse_beta",
    "parse_weights",
    "run_label",
    "show_controls",
    "show_logistic",
    "show_results",
    "train_runs",
]

PAGE_PATH = "pages/6_Training.py"
#: The page's own limits (the core allows more): a run stays a few seconds at most.
MAX_PAGE_POINTS = 2_000
MIN_PAGE_POINTS = 10
MAX_PAGE_STEPS = 5_000
#: Widest hidden layer the page offers (2,000 points x 5,000 steps stays under a minute).
MAX_HIDDEN = 64
#: Decision regions are drawn on a GRID x GRID grid (at most 120 x 120).
GRID = 80
#: Whole numbers in the URL are parsed in this range; the page clamps or refuses the rest
#: with a message that names the field (a huge step count is clamped, not dropped).
_URL_INT = 10**12

DATASET_LABELS = {"blobs": "Blobs", "moons": "Moons", "spirals": "Spirals"}
MODEL_LABELS = {
    "softmax_regression": "Softmax regression",
    "hidden_layer": "One hidden layer",
}
LOSS_LABELS = {
    "cross_entropy": "Cross-entropy",
    "squared_error": "Squared error on softmax",
    "weighted_cross_entropy": "Weighted cross-entropy",
    "label_smoothing": "Label smoothing",
    "focal": "Focal loss",
}
#: Short names for the legends.
SHORT_LOSS = {
    "cross_entropy": "cross-entropy",
    "squared_error": "squared error",
    "weighted_cross_entropy": "weighted CE",
    "label_smoothing": "label smoothing",
    "focal": "focal loss",
}
NO_COMPARISON = "none"
#: The page's sections below the headline numbers, one tab each; only the open one is
#: drawn (lazy tabs), so a rerun draws two charts, not four plus the gradient panel.
SECTIONS = ["Loss & accuracy curves", "Decision regions", "Logistic-regression gradient"]


# ---------------------------------------------------------------- parsing and wording (pure)


def _text_param(key: str, default: str, check, expects: str) -> Param:
    """A free-text input kept as text (the widget holds a string); ``check`` vets URL values."""

    def parse(text: str) -> str:
        message = check(text)
        if message is not None:
            raise BadParam(message)
        return text

    return Param(key, default, parse, expects, str)


def parse_weights(text: str, n_classes: int) -> tuple[tuple[float, ...] | None, str | None]:
    """Class weights typed as ``balanced`` or comma-separated numbers, one per class.

    Returns ``(weights, None)``, ``(None, None)`` for "balanced" (the core then computes
    them from the class counts) or ``(None, message)``.

    >>> parse_weights("1, 2,0.5", 3)
    ((1.0, 2.0, 0.5), None)
    >>> parse_weights("balanced", 4)
    (None, None)
    >>> print(parse_weights("1,2", 3)[1][:54])
    Class weights: 2 values for 3 classes. Give one weight
    """
    cleaned = text.strip()
    if cleaned.lower() == "balanced":
        return None, None
    example = ", ".join(["1"] * n_classes)
    fix = f"Give one weight per class, e.g. {example}, or type balanced."
    if not cleaned:
        return None, f"Class weights is empty. {fix}"
    parts = [p.strip() for p in cleaned.split(",")]
    if len(parts) > 50:
        return None, f"Class weights: {len(parts)} values for {n_classes} classes. {fix}"
    values = []
    for i, part in enumerate(parts, start=1):
        try:
            value = float(part)
        except ValueError:
            return None, f"Class weights: value {i} ({part[:20]!r}) is not a number. {fix}"
        if not math.isfinite(value):
            return None, f"Class weights: value {i} ({part[:20]}) is not a finite number. {fix}"
        if value < 0:
            return None, f"Class weights: value {i} ({value:g}) is negative. {fix}"
        values.append(value)
    if len(values) != n_classes:
        return None, f"Class weights: {len(values)} values for {n_classes} classes. {fix}"
    return tuple(values), None


def _weights_url_check(text: str) -> str | None:
    if text.strip().lower() == "balanced":
        return None
    for part in text.split(",")[:51]:
        try:
            value = float(part)
        except ValueError:
            return f"{part.strip()[:20]!r} is not a number"
        if not math.isfinite(value) or value < 0:
            return f"{part.strip()[:20]} is not a finite number >= 0"
    return None


def parse_beta(text: str) -> tuple[tuple[float, float, float] | None, str | None]:
    """β of the logistic-regression panel: three numbers, the bias first.

    >>> parse_beta("0.5, -1, 2")
    ((0.5, -1.0, 2.0), None)
    >>> print(parse_beta("1, x, 2")[1])
    β: value 2 ('x') is not a number. Type three numbers, the bias β₀ first, e.g. 0.5, -1, 2.
    """
    fix = "Type three numbers, the bias β₀ first, e.g. 0.5, -1, 2."
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 3:
        return None, f"β has {len(parts)} values, not 3. {fix}"
    values = []
    for i, part in enumerate(parts, start=1):
        try:
            value = float(part)
        except ValueError:
            return None, f"β: value {i} ({part[:20]!r}) is not a number. {fix}"
        if not math.isfinite(value) or abs(value) > 1e6:
            return None, f"β: value {i} ({part[:20]}) must be a number from -1e6 to 1e6. {fix}"
        values.append(value)
    return (values[0], values[1], values[2]), None


def _whole(key: str, default: int, expects: str) -> Param:
    """A whole number parsed in a wide range: the page itself clamps or refuses it with a
    message naming the field (a huge step count is clamped, not dropped)."""
    return Param(key, default, integer(key, default, -_URL_INT, _URL_INT).parse, expects, str)


PARAMS: list[Param] = [
    choice("train_data", "moons", DATASETS),
    integer("train_classes", 3, 2, 8),
    number("train_noise", 0.2, 0.0, 1.0),
    number("train_imbalance", 0.0, 0.0, 1.0),
    _whole("train_seed", 0, "a whole number from 0 up"),
    _whole("train_points", 300, f"a whole number from {MIN_PAGE_POINTS} to {MAX_PAGE_POINTS:,}"),
    choice("train_model", "hidden_layer", MODELS),
    integer("train_hidden", 16, 1, MAX_HIDDEN),
    choice("train_activation", "tanh", ("tanh", "relu")),
    choice("train_loss", "cross_entropy", LOSSES),
    choice("train_compare", "squared_error", (NO_COMPARISON, *LOSSES)),
    _text_param(
        "train_weights", "balanced", _weights_url_check, "balanced, or weights >= 0 like 1,2,1"
    ),
    number("train_smoothing", 0.1, 0.0, 1.0),
    number("train_gamma", 2.0, 0.0, 10.0),
    Param("train_lr", 1.0, number("train_lr", 1.0, -1e308, 1e308).parse, "a positive number"),
    _whole("train_n", 200, f"a whole number from 1 to {MAX_PAGE_STEPS:,}"),
    _whole("train_steps", 200, f"a whole number from 0 to {MAX_PAGE_STEPS:,}"),
    _text_param(
        "train_beta", "0.5, -1, 2", lambda text: parse_beta(text)[1], "three numbers like 0.5,-1,2"
    ),
    choice("train_section", SECTIONS[0], SECTIONS),
]


@dataclass(frozen=True)
class Clamped:
    """A count after the page's limits: the value used (None if refused), and a message."""

    value: int | None
    message: str | None = None
    is_error: bool = False


def clamp_count(value, field: str, low: int, high: int, fix: str = "") -> Clamped:
    """Refuse a count below ``low`` (an error), clamp one above ``high`` (a warning).

    >>> clamp_count(50, "Points", 10, 2000)
    Clamped(value=50, message=None, is_error=False)
    >>> print(clamp_count(10**6, "Steps", 0, 5000).message)
    Steps: 1,000,000 is more than the 5,000 this page allows; using 5,000.
    >>> clamp_count(0, "Points", 10, 2000, "Type at least 10.").is_error
    True
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return Clamped(None, f"{field} is empty or not a number. {fix}".strip(), True)
    v = int(value)
    if v < low:
        return Clamped(None, f"{field}: {v:,} is too small (at least {low:,}). {fix}".strip(), True)
    if v > high:
        return Clamped(
            high, f"{field}: {v:,} is more than the {high:,} this page allows; using {high:,}."
        )
    return Clamped(v)


def format_metric(value: float, unit: str) -> str:
    """A loss for display: 4 decimals, or short scientific notation once it is huge
    (so that it still fits a metric box).

    >>> format_metric(0.11891, "bits"), format_metric(7823144.5, "bits")
    ('0.1189 bits', '7.82e6 bits')
    """
    if abs(value) >= 1e4 and math.isfinite(value):
        mantissa, exponent = f"{value:.2e}".split("e")
        return f"{mantissa}e{int(exponent)} {unit}"
    return format_value(value, unit, digits=4)


def run_label(which: str, loss: str) -> str:
    """How a run is named everywhere on the page.

    >>> run_label("A", "squared_error")
    'Run A (squared error on softmax)'
    """
    return f"Run {which} ({LOSS_LABELS[loss].lower()})"


def describe_run_problem(run: TrainingRun, label: str) -> tuple[str, str] | None:
    """Say what went wrong in a run, and the fix: ``(level, message)``, or None.

    ``'error'`` when the loss became inf/nan (the run stopped there); ``'warning'`` when
    the steps overshoot: the loss ends above where it started, or rises at more than a
    quarter of the steps.
    """
    lr = f"{run.learning_rate:g}"
    if run.diverged_at is not None:
        return (
            "error",
            f"{label}: the loss became inf/nan at step {run.diverged_at:,}, so training "
            f"stopped there and the curves end at step {run.steps_done:,}. The learning "
            f"rate {lr} is far too large: lower the learning rate (try 1).",
        )
    steps = run.steps_done
    if steps == 0:
        return None
    first, last = float(run.objective[0]), float(run.objective[-1])
    if last > first * (1 + 1e-9) + 1e-12:
        return (
            "warning",
            f"{label}: the loss ended higher than it started ({first:.4g} → {last:.4g}): "
            f"each step overshoots the minimum. The learning rate {lr} is too large: "
            "lower the learning rate (try 1).",
        )
    ce_first, ce_last = float(run.cross_entropy[0]), float(run.cross_entropy[-1])
    if ce_last > ce_first * (1 + 1e-9) + 1e-12:
        return (
            "warning",
            f"{label}: its loss went down, but the cross-entropy ended higher than it "
            f"started ({ce_first:.4g} → {ce_last:.4g} nats): some points are predicted "
            f"wrong with near-certainty. The learning rate {lr} is too large: lower the "
            "learning rate (try 1).",
        )
    if run.rises > max(1, steps // 4):
        return (
            "warning",
            f"{label}: the loss went up at {run.rises:,} of {steps:,} steps: the steps "
            f"overshoot. Lower the learning rate {lr} (try half of it).",
        )
    return None


def empty_class_note(counts, names) -> str | None:
    """Name the classes that have no points (imbalance 1, or very few points).

    >>> print(empty_class_note([5, 0, 0], ["class 0", "class 1", "class 2"])[:45])
    class 1 and class 2 have no points: the model
    >>> empty_class_note([5, 4], ["a", "b"]) is None
    True
    """
    empty = [names[c] for c, n in enumerate(counts) if int(n) == 0]
    if not empty:
        return None
    one = len(empty) == 1
    which = empty[0] if one else ", ".join(empty[:-1]) + " and " + empty[-1]
    return (
        f"{which} {'has' if one else 'have'} no points: the model never sees an example of "
        f"{'it' if one else 'them'} and only learns to make {'it' if one else 'them'} unlikely."
    )


def _num(x: float, digits: int = 3) -> str:
    text = f"{x:.{digits}f}"
    return "0." + "0" * digits if text.lstrip("-") == "0." + "0" * digits else text


def _column(values, digits: int = 3) -> str:
    cells = r" \\ ".join(_num(float(v), digits) for v in values)
    return r"\begin{pmatrix}" + cells + r"\end{pmatrix}"


def logistic_latex(design, residual, gradient) -> str:
    r"""The identity written out with its numbers: (1/N) Xᵀ (ŷ − y) = ∇β L.

    Xᵀ to 2 decimals (it is wide), the errors and the gradient to 3.

    >>> tex = logistic_latex(np.array([[1.0, 2.0]]), np.array([-0.5]), np.array([-0.5, -1.0]))
    >>> tex.startswith(r"\small \nabla_\beta L = \frac{1}{1}")
    True
    """
    x = np.asarray(design, dtype=float)
    rows = [" & ".join(_num(v, 2) for v in row) for row in x.T]
    xt = r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"
    n = x.shape[0]
    return (
        rf"\small \nabla_\beta L = \frac{{1}}{{{n}}}\,X^\top(\hat y - y) = "
        rf"\frac{{1}}{{{n}}}{xt}{_column(residual)} = {_column(gradient)}"
    )


# ---------------------------------------------------------------- cached computation

#: Runs kept in memory (shared by the sessions): a cached run needs no progress bar.
_CACHED_RUNS = 24
#: The latest run per setting (without the step count), to continue from on "Step once".
_LATEST = "_train_latest"
_LIMIT_HIT = "_train_limit_hit"
_REPLAY = "train_replay"
_REPLAY_END = "_train_replay_end"
_KEEP_LATEST = 6
#: Session keys the page owns besides its params: "Reset this page" clears them.
EXTRA_KEYS = (_LIMIT_HIT, _REPLAY, _REPLAY_END)


_LOCK = threading.Lock()
_DATASETS: OrderedDict[tuple, Dataset] = OrderedDict()
_RUNS: OrderedDict[tuple, TrainingRun] = OrderedDict()
_FIGURES: OrderedDict[tuple, object] = OrderedDict()
_CACHED_FIGURES = 64


def _remember(cache: OrderedDict, key: tuple, make, size: int):
    """A least-recently-used cache keyed by a tuple of plain values, shared by the sessions.

    Used instead of ``st.cache_data`` / ``st.cache_resource``: those hash the key with
    Streamlit's hasher (slow for nested tuples) and ``st.cache_data`` unpickles a copy on
    every hit; a settled page looks up a dozen entries per rerun. Values are never
    mutated (runs and datasets are frozen, figures are only read by ``st.plotly_chart``).
    """
    with _LOCK:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    value = make()
    with _LOCK:
        cache[key] = value
        while len(cache) > size:
            cache.popitem(last=False)
    return value


def cached_dataset(
    kind: str, n_points: int, n_classes: int, noise: float, imbalance: float, seed: int
) -> Dataset:
    """:func:`xentcore.training.make_dataset`, cached by every argument."""
    return _remember(
        _DATASETS,
        (kind, n_points, n_classes, noise, imbalance, seed),
        lambda: make_dataset(
            kind,
            n_points=n_points,
            n_classes=n_classes,
            noise=noise,
            imbalance=imbalance,
            seed=seed,
        ),
        16,
    )


def _specs(key: tuple) -> tuple[Dataset, ModelSpec, LossSpec, float, int, int]:
    data_key, model_t, loss_t, lr, steps = key
    return cached_dataset(*data_key), ModelSpec(*model_t), LossSpec(*loss_t), lr, steps, data_key[5]


def cached_run(key: tuple, computed: TrainingRun | None = None) -> TrainingRun:
    """The training run of ``key`` (every setting); ``computed``, if given, is stored as is
    (the page trains with a progress bar outside the cache, then files the result here)."""
    if computed is not None:
        with _LOCK:
            _RUNS.pop(key, None)

    def make() -> TrainingRun:
        if computed is not None:
            return computed
        data, model, loss, lr, steps, seed = _specs(key)
        return train(data, model, loss, learning_rate=lr, steps=steps, seed=seed)

    return _remember(_RUNS, key, make, _CACHED_RUNS)


def regions_figure(key: tuple, which: str, step: int, run: TrainingRun) -> go.Figure:
    """Decision regions of run ``key`` at a recorded ``step``, with the data on top
    (cached: scrubbing back to a step redraws at once)."""

    def make() -> go.Figure:
        data = cached_dataset(*key[0])
        grid = decision_grid(run.snapshot(step), run.model, data.X, resolution=GRID)
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

    return _remember(_FIGURES, ("regions", key, which, step), make, _CACHED_FIGURES)


def curves_figures(
    keys: tuple, whiches: tuple[str, ...], unit: str, step: int, runs: tuple[TrainingRun, ...]
) -> tuple[go.Figure, go.Figure]:
    """Cross-entropy (in ``unit``), accuracy and mean confidence of the runs ``keys``."""

    def make() -> tuple[go.Figure, go.Figure]:
        base = UNITS[unit]
        colors = dict(zip("AB", RUN_COLORS, strict=True))
        ce, acc = [], []
        for which, run in zip(whiches, runs, strict=True):
            color = colors[which]
            name = f"{which}: {SHORT_LOSS[run.loss.name]}"
            ce.append(Series(name, run.cross_entropy_in(base), color))
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

    return _remember(_FIGURES, ("curves", keys, whiches, unit, step), make, _CACHED_FIGURES)


def _get_run(key: tuple, label: str, slot, part: int, parts: int) -> TrainingRun:
    """The cached run, or train it now with a progress bar (continuing a shorter run)."""
    with _LOCK:
        known = key in _RUNS
    if known:
        return cached_run(key)
    latest = st.session_state.setdefault(_LATEST, {})
    data, model, loss, lr, steps, seed = _specs(key)
    start = latest.get(key[:-1])
    if start is not None and start.requested_steps > steps:
        start = None
    bar = slot.progress(part / parts, text=f"Training {label}…")

    def report(step: int, total: int) -> None:
        bar.progress(
            min(1.0, (part + step / max(total, 1)) / parts),
            text=f"Training {label}: step {step:,} of {total:,}",
        )

    run = train(
        data, model, loss, learning_rate=lr, steps=steps, seed=seed, start=start, callback=report
    )
    run = cached_run(key, run)
    latest.pop(key[:-1], None)
    latest[key[:-1]] = run
    while len(latest) > _KEEP_LATEST:
        latest.pop(next(iter(latest)))
    return run


# ---------------------------------------------------------------- sections


@dataclass
class Controls:
    """What the controls say, checked: ``None`` where an input was refused."""

    data_key: tuple | None
    model: ModelSpec
    runs: list[tuple[str, str]]  # (which, loss name)
    weights_text: str
    smoothing: float
    gamma: float
    lr: float | None
    steps: int
    errors: list[str]
    warnings: list[str]


def _steps_now() -> int:
    value = st.session_state.get("train_steps", 0)
    return max(0, min(int(value), MAX_PAGE_STEPS))


def _advance(by: int | None) -> None:
    """Button callback: train one more step, or N more (before the widgets are drawn)."""
    ss = st.session_state
    if by is None:
        n = ss.get("train_n")
        if n is None or int(n) < 1:
            return  # the page shows what is wrong with N
        by = min(int(n), MAX_PAGE_STEPS)
    target = _steps_now() + by
    ss[_LIMIT_HIT] = target > MAX_PAGE_STEPS
    ss["train_steps"] = min(target, MAX_PAGE_STEPS)


def _restart() -> None:
    st.session_state["train_steps"] = 0
    st.session_state[_LIMIT_HIT] = False


def show_controls() -> Controls:
    """The three boxes of controls (data, model, loss) and the training buttons."""
    errors: list[str] = []
    warnings: list[str] = []
    data_col, model_col, loss_col = st.columns(3, gap="medium", border=True)
    with data_col:
        st.subheader("Data", anchor=False)
        kind = st.selectbox(
            "Dataset",
            DATASETS,
            format_func=DATASET_LABELS.get,
            key="train_data",
            help="Moons always has 2 classes; Blobs and Spirals ask for the number of classes K.",
        )
        noise = st.slider("Noise (standard deviation)", 0.0, 1.0, step=0.05, key="train_noise")
        classes = st.session_state["train_classes"]
        if kind != "moons":  # (persist_state keeps K, and the link, while Moons is chosen)
            classes = st.slider("Classes K", 2, 8, key="train_classes", persist_state="session")
        imbalance = st.slider(
            "Class imbalance",
            0.0,
            1.0,
            step=0.05,
            key="train_imbalance",
            help="The last class gets (1 − imbalance) times the points of the first, the "
            "others in between; 1 leaves the last class empty.",
        )
        # Side by side in a horizontal container: cheaper to draw than st.columns.
        with st.container(horizontal=True, gap="small"):
            points = st.number_input(
                "Points", step=50, key="train_points", help="From 10 to 2,000 points."
            )
            seed = st.number_input(
                "Seed", step=1, key="train_seed", help="Draws the data and the starting weights."
            )
    with model_col:
        st.subheader("Model", anchor=False)
        model_kind = st.radio("Model", MODELS, format_func=MODEL_LABELS.get, key="train_model")
        hidden_on = model_kind == "hidden_layer"
        hidden = st.slider(
            "Hidden units", 1, MAX_HIDDEN, key="train_hidden", disabled=not hidden_on
        )
        activation = st.radio(
            "Activation",
            ("tanh", "relu"),
            key="train_activation",
            horizontal=True,
            disabled=not hidden_on,
        )
        lr = st.number_input(
            "Learning rate η",
            step=0.1,
            format="%g",
            key="train_lr",
            help="The size of each gradient step: θ ← θ − η ∇L.",
        )
    with loss_col:
        st.subheader("Loss", anchor=False)
        loss = st.selectbox("Run A's loss", LOSSES, format_func=LOSS_LABELS.get, key="train_loss")
        compare = st.selectbox(
            "Run B's loss (same data, same start)",
            (NO_COMPARISON, *LOSSES),
            format_func=lambda name: "no run B" if name == NO_COMPARISON else LOSS_LABELS[name],
            key="train_compare",
        )
        # A loss's own setting appears while a run uses that loss (persist_state keeps
        # its value, and the link, while it is hidden).
        ss = st.session_state
        used = {loss, compare}
        weights_text, smoothing, gamma = (
            ss["train_weights"],
            ss["train_smoothing"],
            ss["train_gamma"],
        )
        if "weighted_cross_entropy" in used:
            weights_text = st.text_input(
                "Class weights",
                key="train_weights",
                persist_state="session",
                help="For the weighted cross-entropy: one weight per class, comma-separated, "
                "or 'balanced' for N / (K · class count).",
            )
        if "label_smoothing" in used:
            smoothing = st.slider(
                "Label smoothing ε",
                0.0,
                1.0,
                step=0.05,
                key="train_smoothing",
                persist_state="session",
            )
        if "focal" in used:
            gamma = st.slider(
                "Focal γ", 0.0, 10.0, step=0.5, key="train_gamma", persist_state="session"
            )
        if not used & {"weighted_cross_entropy", "label_smoothing", "focal"}:
            st.caption(
                "Weighted cross-entropy, label smoothing and focal loss each add their own "
                "setting here when a run uses them."
            )

    n_points = clamp_count(
        points,
        "Points",
        MIN_PAGE_POINTS,
        MAX_PAGE_POINTS,
        f"Type a whole number from {MIN_PAGE_POINTS} to {MAX_PAGE_POINTS:,}.",
    )
    seed_c = clamp_count(seed, "Seed", 0, _URL_INT, "Type a whole number from 0 up.")
    for c in (n_points, seed_c):
        if c.message:
            (errors if c.is_error else warnings).append(c.message)
    data_key = None
    if n_points.value is not None and seed_c.value is not None:
        k = 2 if kind == "moons" else int(classes)
        data_key = (kind, n_points.value, k, float(noise), float(imbalance), seed_c.value)
    rate = None
    if lr is None or not math.isfinite(lr) or lr <= 0:
        errors.append(
            f"Learning rate η: {lr!r} is not a positive number. Type a positive number "
            "such as 1 (0.01 to 5 work well here)."
        )
    else:
        rate = float(lr)
    model = ModelSpec("hidden_layer", int(hidden), activation) if hidden_on else ModelSpec()
    runs = [("A", loss)] + ([("B", compare)] if compare != NO_COMPARISON else [])
    steps = show_buttons(warnings, errors)
    return Controls(
        data_key,
        model,
        runs,
        weights_text,
        float(smoothing),
        float(gamma),
        rate,
        steps,
        errors,
        warnings,
    )


def show_buttons(warnings: list[str], errors: list[str]) -> int:
    """Step once / Train N steps / Back to step 0, and how many steps are trained."""
    ss = st.session_state
    raw_steps = int(ss.get("train_steps", 0))
    if raw_steps < 0:
        warnings.append(f"Steps trained: {raw_steps:,} is below 0; showing step 0.")
    if raw_steps > MAX_PAGE_STEPS:
        warnings.append(
            f"Steps trained: {raw_steps:,} is more than the {MAX_PAGE_STEPS:,} this page "
            f"allows; showing {MAX_PAGE_STEPS:,} steps."
        )
    steps = _steps_now()
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    n_raw = row.number_input(
        "N, steps per click",
        step=100,
        key="train_n",
        width=170,
        help=f"1 to {MAX_PAGE_STEPS:,}.",
    )
    n = clamp_count(
        n_raw,
        "N, steps per click",
        1,
        MAX_PAGE_STEPS,
        f"Type a whole number from 1 to {MAX_PAGE_STEPS:,}.",
    )
    if n.message:
        (errors if n.is_error else warnings).append(n.message)
    row.button(
        "Step once",
        key="train_step_once",
        on_click=_advance,
        args=(1,),
        icon=":material/skip_next:",
        width="stretch",
    )
    row.button(
        f"Train {n.value:,} steps" if n.value else "Train N steps",
        key="train_go",
        on_click=_advance,
        args=(None,),
        type="primary",
        icon=":material/fast_forward:",
        disabled=n.value is None,
        width="stretch",
    )
    row.button(
        "Back to step 0",
        key="train_restart",
        on_click=_restart,
        icon=":material/replay:",
        width="stretch",
    )
    row.metric("Steps trained", f"{steps:,}", width="content")
    if ss.get(_LIMIT_HIT) and steps == MAX_PAGE_STEPS:
        warnings.append(
            f"Steps trained: this page stops at {MAX_PAGE_STEPS:,} steps. Press Back to step 0 "
            "to start again, or raise the learning rate to get further in fewer steps."
        )
    return steps


class _LazySlot:
    """A place for the progress bar, created only if a run has to be trained."""

    def __init__(self) -> None:
        self._slot = None

    def progress(self, value: float, text: str):
        if self._slot is None:
            self._slot = st.empty()
        return self._slot.progress(value, text=text)

    def clear(self) -> None:
        if self._slot is not None:
            self._slot.empty()


def train_runs(settings: Controls) -> tuple[Dataset | None, list[tuple[str, TrainingRun, tuple]]]:
    """Train (or fetch from the cache) every run the settings ask for; report problems."""
    if settings.data_key is None:
        return None, []
    try:
        data = cached_dataset(*settings.data_key)
    except ValueError as err:  # the controls keep every value in range; a guard only
        st.error(f"Data: {err}.", icon=":material/error:")
        return None, []
    names = [f"class {c}" for c in range(data.n_classes)]
    if (note := empty_class_note(data.counts, names)) is not None:
        st.info(note, icon=":material/info:")
    if settings.lr is None:
        return data, []
    model_t = (settings.model.kind, settings.model.hidden, settings.model.activation)
    slot = _LazySlot()
    out = []
    for i, (which, name) in enumerate(settings.runs):
        label = run_label(which, name)
        try:
            weights = None
            if name == "weighted_cross_entropy":
                weights, problem = parse_weights(settings.weights_text, data.n_classes)
                if problem is not None:
                    st.error(f"{label}: {problem}", icon=":material/error:")
                    continue
                if weights is None:
                    weights = tuple(balanced_class_weights(data.y, data.n_classes).tolist())
            spec = LossSpec(name, weights, settings.smoothing, settings.gamma).canonical()
            loss_t = (spec.name, spec.class_weights, spec.smoothing, spec.gamma)
            key = (settings.data_key, model_t, loss_t, settings.lr, settings.steps)
            run = _get_run(key, label, slot, i, len(settings.runs))
        except ValueError as err:
            st.error(
                f"{label}: {err}. Change that setting; the other run is unaffected.",
                icon=":material/error:",
            )
            continue
        out.append((which, run, key))
        if (problem := describe_run_problem(run, label)) is not None:
            level, message = problem
            (st.error if level == "error" else st.warning)(message, icon=":material/warning:")
    slot.clear()
    return data, out


def _run_metrics(which: str, run: TrainingRun, color: str, unit: str, base) -> None:
    st.markdown(f":{color}[**{run_label(which, run.loss.name)}**] after {run.steps_done:,} steps")
    cols = st.container(horizontal=True, gap="small")
    cols.metric(
        f"Run {which} cross-entropy",
        format_metric(float(run.cross_entropy_in(base)[-1]), unit),
        help="The plain cross-entropy of the predictions, whatever loss the run minimises: "
        "the same yardstick for both runs.",
    )
    cols.metric(f"Run {which} accuracy", f"{float(run.accuracy[-1]):.1%}")
    cols.metric(
        f"Run {which} mean confidence",
        f"{float(run.confidence[-1]):.3f}",
        help="The average over the points of the largest predicted probability.",
    )
    # Squared error is a squared difference of probabilities: it has no unit.
    objective_unit = "" if run.loss.name == "squared_error" else "nats"
    cols.metric(
        f"Run {which} training loss",
        format_metric(float(run.objective[-1]), objective_unit),
        help="The loss this run minimises, the quantity gradient descent sees: in nats "
        "(natural log) for the cross-entropy family; squared error has no unit.",
    )


def _replay_step(options: list[int], claim: bool = True) -> int:
    """Keep the scrubber's step valid; follow the newest step if it was at the end.

    ``claim=False`` only reads it (the Curves tab marks the replayed step without
    drawing the scrubber).
    """
    ss = st.session_state
    current = ss.get(_REPLAY)
    if current not in options or current == ss.get(_REPLAY_END):
        current = options[-1]
    if claim:
        ss[_REPLAY] = current
        ss[_REPLAY_END] = options[-1]
    return current


def show_results(
    data: Dataset | None, runs: list[tuple[str, TrainingRun, tuple]], unit: str, base
) -> None:
    """The headline numbers of each run, then the sections as lazy tabs: the curves of
    both runs, the decision regions with the replay scrubber, and the
    logistic-regression gradient. Only the open tab is drawn."""
    colors = {"A": "blue", "B": "orange"}
    for which, run, _ in runs:
        _run_metrics(which, run, colors[which], unit, base)
    tabs = st.tabs(SECTIONS, key="train_section", on_change="rerun")
    for name, tab in zip(SECTIONS, tabs, strict=True):
        if not tab.open:
            continue
        with tab:
            if name == SECTIONS[2]:
                show_logistic(data)
            elif not runs:
                st.info("Fix the settings above to train the runs.", icon=":material/info:")
            elif name == SECTIONS[0]:
                show_curves(data, runs, unit)
            else:
                show_replay(data, runs, unit, base)


def _points_note(data: Dataset) -> str:
    return (
        "Both runs start from the same weights (all predictions uniform: cross-entropy "
        f"ln {data.n_classes} nats at step 0). Points per class: "
        + ", ".join(f"class {c}: {int(n):,}" for c, n in enumerate(data.counts))
        + "."
    )


def show_curves(data: Dataset, runs: list[tuple[str, TrainingRun, tuple]], unit: str) -> None:
    """Cross-entropy, accuracy and mean confidence of both runs against the step."""
    options = [int(s) for s in runs[0][1].snapshot_steps]
    step = _replay_step(options, claim=False)
    keys = tuple(key for _, _, key in runs)
    whiches = tuple(which for which, _, _ in runs)
    figs = curves_figures(keys, whiches, unit, step, tuple(run for _, run, _ in runs))
    row = st.container(horizontal=True, gap="medium")
    for fig, chart in zip(figs, ("train_ce_chart", "train_acc_chart"), strict=True):
        row.plotly_chart(fig, width="stretch", theme=None, key=chart)
    st.caption(
        f"The dotted line marks step {step:,}, the step the Decision regions tab replays. "
        + _points_note(data)
    )


@st.fragment
def show_replay(data: Dataset, runs: list[tuple[str, TrainingRun, tuple]], unit: str, base) -> None:
    """The replay scrubber, the numbers at its step, and the decision regions of the runs.

    A fragment: moving the scrubber reruns only this function, and everything it needs
    is cached, so replaying never retrains.
    """
    options = [int(s) for s in runs[0][1].snapshot_steps]
    if len(options) > 1:
        _replay_step(options)
        step = st.select_slider(
            "Replay: step to show (the recorded steps)",
            options=options,
            key=_REPLAY,
            persist_state="session",  # kept while another tab is open
            help=f"Up to {len(options)} snapshots of the weights are kept per run.",
        )
    else:
        step = options[0]
    summary = []
    for which, run, _ in runs:
        t = min(step, run.steps_done)
        summary.append(
            f"{run_label(which, run.loss.name)}: cross-entropy "
            f"{format_metric(float(run.cross_entropy_in(base)[t]), unit)}, "
            f"accuracy {float(run.accuracy[t]):.1%}, mean confidence {float(run.confidence[t]):.3f}"
        )
    st.markdown(f"**Step {step:,}** — " + "; ".join(summary) + ".")
    row = st.container(horizontal=True, gap="medium")
    for which, run, key in runs:
        row.plotly_chart(
            regions_figure(key, which, run.snapshot_step_at(step), run),
            width="stretch",
            theme=None,
            key=f"train_regions_{which}",
        )
    st.caption(
        "Each region takes the colour of the class the model predicts there, stronger "
        "where it is more confident. " + _points_note(data)
    )


def show_logistic(data: Dataset | None) -> None:
    """The identity ∇β L = Xᵀ(ŷ − y)/N, next to the numbers it is made of."""
    st.subheader("Logistic regression: the gradient, with its numbers", anchor=False)
    st.markdown(
        "For two classes the softmax becomes the sigmoid, ŷ = σ(xβ), and the gradient of "
        "the mean binary cross-entropy is the features weighted by the errors ŷ − y. Here "
        "are the first 6 points of the data above, with y = 1 for class 1 and 0 otherwise, "
        "and a column of ones for the bias β₀."
    )
    st.latex(r"\nabla_\beta L = \frac{1}{N}\,X^\top(\hat y - y), \qquad \hat y = \sigma(X\beta)")
    left, right = st.columns([1.2, 1], gap="large")
    beta_text = left.text_input(
        "β = (β₀, β₁, β₂), the bias first",
        key="train_beta",
        persist_state="session",  # kept while another tab is open
        help="Three comma-separated numbers, e.g. 0.5, -1, 2.",
    )
    if data is None:
        left.info("Fix the data settings above to see this example.", icon=":material/info:")
        return
    beta, problem = parse_beta(beta_text)
    if problem is not None:
        left.error(problem, icon=":material/error:")
        return
    X, y = logistic_example(data, 6, positive_class=1)
    g = logistic_regression_gradient(X, y, beta)
    rows = {
        "x₀ (bias)": g.design[:, 0],
        "x₁": g.design[:, 1],
        "x₂": g.design[:, 2],
        "y": g.target,
        "ŷ = σ(xβ)": g.probability,
        "ŷ − y": g.residual,
    }
    with left:
        st.markdown(markdown_table(rows))
        st.download_button(
            "Download the table (CSV)",
            data=lambda: _csv(rows),
            file_name="logistic_gradient.csv",
            mime="text/csv",
            key="train_logistic_csv",
            icon=":material/download:",
        )
    gap = float(np.max(np.abs(g.gradient - g.chain_rule)))
    right.markdown(
        "**∇β L = (" + ", ".join(_num(v, 4) for v in g.gradient).replace("-", "−") + ")**\n\n"
        f"Mean binary cross-entropy L = {g.loss:.4f} nats.\n\n"
        "Each component is an average of one feature column times the errors ŷ − y: points "
        "the model gets badly wrong pull hardest, and a point it already gets right "
        "(ŷ − y near 0) hardly pulls at all. A step β ← β − η ∇β L moves β against it.\n\n"
        "The chain rule through `xentcore.binary_cross_entropy_with_logits_grad` gives "
        f"the same gradient (largest difference {gap:.1e})."
    )
    st.latex(logistic_latex(g.design, g.residual, g.gradient))


def markdown_table(columns: dict, digits: int = 3) -> str:
    """A small table of numbers as Markdown (cheaper to draw than a dataframe).

    >>> print(markdown_table({"x": [1.0, -0.5], "y": [0.0, 1.0]}))
    | x | y |
    |---:|---:|
    | 1.000 | 0.000 |
    | −0.500 | 1.000 |
    """
    names = list(columns)
    lines = ["| " + " | ".join(names) + " |", "|" + "---:|" * len(names)]
    for i in range(len(columns[names[0]])):
        cells = (_num(float(columns[n][i]), digits).replace("-", "−") for n in names)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _csv(columns: dict) -> str:
    names = list(columns)
    lines = [",".join(names)]
    for i in range(len(next(iter(columns.values())))):
        lines.append(",".join(repr(float(columns[n][i])) for n in names))
    return "\n".join(lines) + "\n"
