"""What the Training page says: its labels and limits, its messages, its text-box parsers.

Pure (no Streamlit), so tests check every message directly. Each message names the
field it is about and says how to fix it; the class-weight and β boxes are read by
:func:`explorer.parsing.parse_number_list` with the wording declared here.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, replace

from explorer.parsing import InputProblem, ListRules, ListWording, parse_number_list
from explorer.text import format_value
from xentcore.registry import loss_entry
from xentcore.training import LOSSES, TrainingRun

__all__ = [
    "BETA_WORDING",
    "DATASET_LABELS",
    "LIMIT_NOTE",
    "LOSS_LABELS",
    "MAX_HIDDEN",
    "MAX_PAGE_POINTS",
    "MAX_PAGE_STEPS",
    "MIN_PAGE_POINTS",
    "MODEL_LABELS",
    "NO_COMPARISON",
    "SECTIONS",
    "SHORT_LOSS",
    "URL_INT",
    "Clamped",
    "clamp_count",
    "describe_run_problem",
    "empty_class_note",
    "format_metric",
    "intro",
    "learning_rate_problem",
    "parse_beta",
    "parse_weights",
    "points_note",
    "run_label",
    "steps_notes",
    "weights_url_problem",
    "weights_wording",
    "whole_number_fix",
]

#: The page's own limits (the core allows more): a run stays a few seconds at most.
MAX_PAGE_POINTS = 2_000
MIN_PAGE_POINTS = 10
MAX_PAGE_STEPS = 5_000
#: Widest hidden layer the page offers (2,000 points x 5,000 steps stays under a minute).
MAX_HIDDEN = 64
#: Whole numbers in the URL are parsed in this range; the page clamps or refuses the rest
#: with a message that names the field (a huge step count is clamped, not dropped).
URL_INT = 10**12

DATASET_LABELS = {"blobs": "Blobs", "moons": "Moons", "spirals": "Spirals"}
MODEL_LABELS = {
    "softmax_regression": "Softmax regression",
    "hidden_layer": "One hidden layer",
}
#: Every registered loss (xentcore.registry), as the Loss box lists it and as legends say it.
LOSS_LABELS = {name: loss_entry(name).label for name in LOSSES}
#: Short names for the legends.
SHORT_LOSS = {name: loss_entry(name).short for name in LOSSES}
NO_COMPARISON = "none"
#: The page's sections below the headline numbers, one tab each; only the open one is
#: drawn (lazy tabs), so a rerun draws two charts, not four plus the gradient panel.
SECTIONS = ["Loss & accuracy curves", "Decision regions", "Logistic-regression gradient"]


def intro(unit: str) -> str:
    """The paragraph under the title."""
    return (
        "Gradient descent on cross-entropy, step by step. A small model learns to separate "
        "2-D points by repeatedly nudging its weights against the gradient of the loss, "
        "θ ← θ − η ∇L. **Run A** uses the loss you pick; **run B** starts from the very same "
        "weights with another loss, so you can watch, for example, cross-entropy train faster "
        f"than squared error. Cross-entropy is shown in **{unit}** (change it in the sidebar)."
    )


# ---------------------------------------------------------------- the text boxes

#: The class-weight and β boxes have no length limit: a long paste is read, then refused
#: by its count of values.
_NO_LIMIT = sys.maxsize
_MAX_WEIGHTS = 50
#: Numbers between commas; an empty piece is reported where it is, not skipped.
_COMMAS = ListRules(max_len=_MAX_WEIGHTS, max_chars=_NO_LIMIT, separators=",", skip_blank=False)
_WEIGHT_RULES = replace(_COMMAS, lo=0.0)
#: A link's weights: only the first 51 values are read (the box then reports the count).
_URL_WEIGHT_RULES = replace(_WEIGHT_RULES, max_len=_MAX_WEIGHTS + 1)
_BETA_RULES = replace(_COMMAS, min_len=3, max_len=3, lo=-1e6, hi=1e6)
_NOT_A_NUMBER = "{field}: value {i} ({cut!r}) is not a number. {fix}"
#: Reached only by a text of commas and blanks: an empty text and a wrong count are
#: reported before the values are read, as the page always has.
_FIRST_IS_BLANK = "{field}: value 1 ('') is not a number. {fix}"


def weights_wording(n_classes: int) -> ListWording:
    """The Class weights box's messages, for a data set of ``n_classes`` classes."""
    example = ", ".join(["1"] * n_classes)
    return ListWording(
        field="Class weights",
        fix=f"Give one weight per class, e.g. {example}, or type balanced.",
        count=f"{{field}}: {{count}} values for {n_classes} classes. {{fix}}",
        empty=_FIRST_IS_BLANK,
        **dict.fromkeys(("blank", "not_a_number"), _NOT_A_NUMBER),
        not_finite="{field}: value {i} ({cut}) is not a finite number. {fix}",
        below="{field}: value {i} ({value:g}) is negative. {fix}",
    )


#: The notice for a link's weights quotes the parameter, so it starts at the value.
_URL_WEIGHTS_WORDING = ListWording(
    field="",
    fix="",
    empty="'' is not a number",
    **dict.fromkeys(("blank", "not_a_number"), "{cut!r} is not a number"),
    **dict.fromkeys(("not_finite", "below"), "{cut} is not a finite number >= 0"),
)
_OUT_OF_RANGE = "{field}: value {i} ({cut}) must be a number from -1e6 to 1e6. {fix}"
BETA_WORDING = ListWording(
    field="β",
    fix="Type three numbers, the bias β₀ first, e.g. 0.5, -1, 2.",
    count="{field} has {count} values, not 3. {fix}",
    empty=_FIRST_IS_BLANK,
    **dict.fromkeys(("blank", "not_a_number"), _NOT_A_NUMBER),
    **dict.fromkeys(("not_finite", "below", "above"), _OUT_OF_RANGE),
)


def _count_problem(wording: ListWording, count: int) -> str:
    return wording.count.format(field=wording.field, count=count, fix=wording.fix)


def _read(text: str, rules: ListRules, wording: ListWording, count_ok) -> tuple:
    """``(values, None)`` or ``(None, message)``; the count is checked first."""
    count = text.count(",") + 1
    if not count_ok(count):
        return None, _count_problem(wording, count)
    try:
        return parse_number_list(text, rules, wording), None
    except InputProblem as err:
        return None, str(err)


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
    wording = weights_wording(n_classes)
    if not cleaned:
        return None, f"Class weights is empty. {wording.fix}"
    values, problem = _read(cleaned, _WEIGHT_RULES, wording, lambda n: n <= _MAX_WEIGHTS)
    if problem is not None:
        return None, problem
    if len(values) != n_classes:
        return None, _count_problem(wording, len(values))
    return tuple(values), None


def weights_url_problem(text: str) -> str | None:
    """What is wrong with a link's class weights (balanced, or numbers >= 0), or None.

    >>> weights_url_problem("1,x"), weights_url_problem("balanced")
    ("'x' is not a number", None)
    """
    if text.strip().lower() == "balanced":
        return None
    head = ",".join(text.split(",")[: _MAX_WEIGHTS + 1])
    return _read(head, _URL_WEIGHT_RULES, _URL_WEIGHTS_WORDING, lambda n: True)[1]


def parse_beta(text: str) -> tuple[tuple[float, float, float] | None, str | None]:
    """β of the logistic-regression panel: three numbers, the bias first.

    >>> parse_beta("0.5, -1, 2")
    ((0.5, -1.0, 2.0), None)
    >>> print(parse_beta("1, x, 2")[1])
    β: value 2 ('x') is not a number. Type three numbers, the bias β₀ first, e.g. 0.5, -1, 2.
    """
    values, problem = _read(text, _BETA_RULES, BETA_WORDING, lambda n: n == 3)
    if problem is not None:
        return None, problem
    return (values[0], values[1], values[2]), None


# ---------------------------------------------------------------- counts and numbers


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


def whole_number_fix(low: int, high: int | None = None) -> str:
    """How to fix a count: "Type a whole number from 10 to 2,000." (or "from 0 up").

    >>> whole_number_fix(1, 5000), whole_number_fix(0)
    ('Type a whole number from 1 to 5,000.', 'Type a whole number from 0 up.')
    """
    return f"Type a whole number from {low} " + (f"to {high:,}." if high else "up.")


def steps_notes(raw_steps: int) -> list[str]:
    """Warnings for a step count (from a link) outside 0 to :data:`MAX_PAGE_STEPS`."""
    if raw_steps < 0:
        return [f"Steps trained: {raw_steps:,} is below 0; showing step 0."]
    if raw_steps > MAX_PAGE_STEPS:
        return [
            f"Steps trained: {raw_steps:,} is more than the {MAX_PAGE_STEPS:,} this page "
            f"allows; showing {MAX_PAGE_STEPS:,} steps."
        ]
    return []


LIMIT_NOTE = (
    f"Steps trained: this page stops at {MAX_PAGE_STEPS:,} steps. Press Back to step 0 "
    "to start again, or raise the learning rate to get further in fewer steps."
)


def learning_rate_problem(lr: float | None) -> str | None:
    """The learning rate's problem (it must be a positive number), or None.

    >>> learning_rate_problem(1.0) is None, learning_rate_problem(-1.0)[:46]
    (True, 'Learning rate η: -1.0 is not a positive number')
    """
    if lr is not None and math.isfinite(lr) and lr > 0:
        return None
    return (
        f"Learning rate η: {lr!r} is not a positive number. Type a positive number "
        "such as 1 (0.01 to 5 work well here)."
    )


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


# ---------------------------------------------------------------- runs


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
    too_large = f"The learning rate {lr} is too large: lower the learning rate (try 1)."
    first, last = float(run.objective[0]), float(run.objective[-1])
    if last > first * (1 + 1e-9) + 1e-12:
        return (
            "warning",
            f"{label}: the loss ended higher than it started ({first:.4g} → {last:.4g}): "
            f"each step overshoots the minimum. {too_large}",
        )
    ce_first, ce_last = float(run.cross_entropy[0]), float(run.cross_entropy[-1])
    if ce_last > ce_first * (1 + 1e-9) + 1e-12:
        return (
            "warning",
            f"{label}: its loss went down, but the cross-entropy ended higher than it "
            f"started ({ce_first:.4g} → {ce_last:.4g} nats): some points are predicted "
            f"wrong with near-certainty. {too_large}",
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


def points_note(counts) -> str:
    """Where both runs start, and how many points each class has (under the charts).

    >>> points_note([150, 150])[-45:]
    'Points per class: class 0: 150, class 1: 150.'
    """
    return (
        "Both runs start from the same weights (all predictions uniform: cross-entropy "
        f"ln {len(counts)} nats at step 0). Points per class: "
        + ", ".join(f"class {c}: {int(n):,}" for c, n in enumerate(counts))
        + "."
    )
