"""The Binary & multi-label page's numbers: the calls to ``xentcore.binary``, no widgets.

The core checks every input and raises ``ValueError`` naming its argument; the
sections turn that into a message naming the field. Charts are cached per input
(:func:`explorer.cache.shared_cache`): a rerun rebuilds only the charts whose inputs
changed, since building a plotly figure costs more than every number on the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from explorer.binary import figures
from explorer.binary.inputs import Prediction
from explorer.binary.wording import FIELDS, describe_error, format_loss
from explorer.cache import shared_cache
from explorer.figures import Figure
from explorer.presets import Preset
from xentcore import binary as core

__all__ = [
    "PredictionResults",
    "bernoulli_chart",
    "dataset_chart",
    "dataset_table",
    "log_zero_chart",
    "log_zero_tables",
    "multilabel_chart",
    "multilabel_table",
    "preset_value",
    "results",
]


@dataclass(frozen=True)
class PredictionResults:
    """BCE(p, t) and its two parts, or the message of the input the core refused."""

    parts: core.BCEDecomposition | None
    error: str | None = None


def results(values: Prediction, base: float | None) -> PredictionResults:
    """BCE(p, t) = H(t) + KL(t‖p) in the unit of ``base``, or why it cannot be computed."""
    try:
        return PredictionResults(core.bce_decomposition(values.prob, values.target, base=base))
    except ValueError as err:
        return PredictionResults(None, describe_error(err, FIELDS))


# A figure is never changed after it is built, so one shared object per input is safe.
@shared_cache(max_entries=64)
def bernoulli_chart(
    target: float, prob: float | None, bce_at_prob: float | None, unit: str, base: float | None
) -> Figure:
    """:func:`~explorer.binary.figures.bernoulli_figure` of the soft target ``target``."""
    floor = core.bernoulli_entropy(target, base=base)
    x, bce, entropy = core.bernoulli_curves(target, base=base)
    marked = {"prob": prob, "bce_at_prob": bce_at_prob}
    return figures.bernoulli_figure(
        x, bce, entropy, target=target, entropy_at_target=floor, unit=unit, **marked
    )


@shared_cache(max_entries=64)
def dataset_chart(
    ys: tuple[float, ...], ps: tuple[float, ...], unit: str, base: float | None
) -> Figure:
    """:func:`~explorer.binary.figures.dataset_figure` of labels ``ys`` and probabilities ``ps``."""
    data = core.dataset_losses(ys, ps, base=base)
    return figures.dataset_figure(ys, ps, data.per_sample, data.mean_bce, unit)


@shared_cache(max_entries=64)
def multilabel_chart(scores: tuple[float, ...], targets: tuple[float, ...]) -> Figure:
    """:func:`~explorer.binary.figures.multilabel_figure` of ``scores`` and a multi-hot target."""
    multi = core.multilabel_vs_softmax(scores, targets)
    return figures.multilabel_figure(
        class_names(len(scores)), targets, multi.sigmoid_probs, multi.softmax_probs
    )


@shared_cache(max_entries=8)
def log_zero_chart(unit: str, base: float | None) -> Figure:
    """:func:`~explorer.binary.figures.log_zero_figure`, each plateau labelled with its value."""
    zero = core.log_zero_curves(base=base)
    worst = core.log_zero_conventions(0.0, 1.0, base=base)
    return figures.log_zero_figure(
        zero.p,
        {
            "exact": zero.exact,
            "pytorch": zero.pytorch,
            "keras": zero.keras,
            "sklearn": zero.sklearn,
        },
        {"pytorch": worst.pytorch, "sklearn": worst.sklearn, "keras": worst.keras},
        unit,
    )


def class_names(count: int) -> list[str]:
    """``class 1`` to ``class K``: the multi-label tab's names for its scores."""
    return [f"class {k}" for k in range(1, count + 1)]


def dataset_table(
    ys: Sequence[float], ps: Sequence[float], data: core.DatasetLosses, unit: str
) -> pd.DataFrame:
    """One row per sample: its label, p, the probability of its label and its loss."""
    return pd.DataFrame(
        {
            "sample": range(1, len(ys) + 1),
            "label y": ys,
            "p = P(y=1)": ps,
            "p of its label": data.prob_of_label,
            f"loss ({unit})": data.per_sample,
        }
    )


def multilabel_table(
    scores: Sequence[float], targets: Sequence[float], multi: core.MultilabelVsSoftmax, unit: str
) -> pd.DataFrame:
    """One row per class: score, target, sigmoid and its BCE, softmax and y / Σy."""
    return pd.DataFrame(
        {
            "class": class_names(len(scores)),
            "score z": scores,
            "target y": targets,
            "σ(z)": multi.sigmoid_probs,
            f"BCE ({unit})": multi.bce_per_class,
            "softmax(z)": multi.softmax_probs,
            "y / Σy": multi.target_distribution,
        }
    )


def log_zero_tables(
    prob: float, target: float, valid: bool, unit: str, base: float | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each framework's loss for p = 0 and p = 1 against the wrong label (and the user's p, t).

    Returns the table at full precision (for the CSV) and as shown (∞, 4 decimals).
    """
    cases = [("p = 0, label 1", 0.0, 1.0), ("p = 1, label 0", 1.0, 0.0)]
    if valid:
        cases.append((f"your p = {prob:g}, t = {target:g}", prob, target))
    rows = []
    for case, p_case, t_case in cases:
        c = core.log_zero_conventions(p_case, t_case, base=base)
        rows.append(
            {
                "case": case,
                "exact": c.exact,
                "PyTorch BCELoss": c.pytorch,
                "Keras BinaryCrossentropy": c.keras,
                "scikit-learn log_loss": c.sklearn,
            }
        )
    table = pd.DataFrame(rows)
    shown = table.copy()
    for column in table.columns[1:]:
        shown[column] = [format_loss(v, unit, 4) for v in table[column]]
    return table, shown


def preset_value(
    preset: Preset, values: dict, parts: core.BCEDecomposition | None, base: float | None
) -> float | None:
    """The number a matching worked example quotes, computed now (None if it cannot be)."""
    if preset.id != "ten-labels":
        return None if parts is None else parts.bce
    try:
        return core.dataset_losses(values["ys"], values["ps"], base=base).mean_bce
    except ValueError:
        return None
