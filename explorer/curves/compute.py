"""The Loss curves page's numbers: every call to ``xentcore.curves``, no widgets.

:func:`results` wraps the top inputs; each section asks it for its own numbers only
when its tab is open, so a rerun computes what is on screen and nothing else.
Everything is in the sidebar's unit: the core takes ``base``, and a figure receives
values already in that unit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.cache import shared_cache
from explorer.curves import figures
from explorer.curves.inputs import Inputs
from explorer.curves.wording import CLIP_LABELS, CONVENTIONS
from explorer.figures import Figure
from explorer.text import format_value
from xentcore import curves as core
from xentcore import in_unit, sigmoid
from xentcore.registry import LOSS_REGISTRY, LossEntry

__all__ = [
    "GRID",
    "GradientValues",
    "LiveMarks",
    "LossValues",
    "OppositeView",
    "Results",
    "live_marks",
    "results",
]

# 160 points draw every curve as smoothly as 300 did, for half the bytes on every rerun.
GRID = core.probability_grid(160)  # p in [1e-4, 1], log-spaced near 0
T_GRID = core.probability_grid(300, smallest=1e-20, include_zero=True)  # down to the opposite
Z_GRID = np.linspace(-10.0, 10.0, 161)
#: The loss axis shows at least this much (−log p down to p ≈ 0.05), whatever the unit.
LEAST_TOP_NATS = 3.0


@dataclass(frozen=True)
class LossValues:
    """Each loss along :data:`GRID` and at the marked p, and the guide-band landmarks."""

    curves: dict[str, np.ndarray]
    marked: dict[str, float]
    least_top: float  #: LEAST_TOP_NATS in the unit
    uniform: float | None = None  #: log C (None without a valid C)
    uniform_p: float | None = None  #: 1/C, where cross-entropy crosses log C
    minimum: core.SmoothedMinimum | None = None  #: where the smoothed curve bottoms out


@dataclass(frozen=True)
class GradientValues:
    """∂L/∂z along the chosen axis and at the marked p (target 1, p = σ(z))."""

    x: np.ndarray
    curve: core.LogitGradients
    ce: float
    se: float
    ratio: float
    z: float  #: the logit of the marked p (∞ at p = 1)


@dataclass(frozen=True)
class OppositeView:
    """The Clipping tab: each convention's loss at the exact opposite, its figure, tables."""

    opposites: dict[str, float]
    figure: Figure
    table: pd.DataFrame  #: full precision, for the CSV
    shown: pd.DataFrame  #: as displayed: ∞ and 4 decimals, the chosen row marked


#: Registered losses this page draws in its own way (with its own settings): the rest of
#: the registry (xentcore.registry) is drawn with each loss's default settings, so a
#: newly registered loss with a curve appears here without a change to the page.
DRAWN_BY_THE_PAGE = {"cross_entropy", "weighted_cross_entropy", "squared_error", "focal",
                     "label_smoothing"}  # fmt: skip


def more_losses() -> list[LossEntry]:
    """The registered losses with a curve that the page does not draw its own way."""
    return [
        entry for name, entry in LOSS_REGISTRY.items()
        if name not in DRAWN_BY_THE_PAGE and entry.curve_fn is not None
    ]  # fmt: skip


def loss_values(values: Inputs, base: float | None) -> LossValues:
    """The four losses (smoothing only with a valid C) along the grid and at p."""
    both = np.append(GRID, values.pt)  # the curve and the marked point in one call each
    found = {
        "ce": core.cross_entropy_curve(both, base=base),
        "se": core.squared_error_curve(both),
        "focal": core.focal_curve(both, gamma=values.gamma, alpha=values.alpha, base=base),
    }
    classes = values.classes or 2
    for entry in more_losses():
        found[entry.name] = entry.curve(
            both, classes=classes, base=base if entry.has_unit else None
        )
    landmarks = {}
    if values.classes is not None:
        found["smoothed"] = core.smoothed_cross_entropy_curve(
            both, smoothing=values.eps, classes=values.classes, base=base
        )
        uniform = core.uniform_guess_loss(values.classes, base=base)
        landmarks = {
            "uniform": uniform,
            "uniform_p": core.read_average_loss(uniform, values.classes, base=base).probability,
            "minimum": core.smoothed_minimum(values.eps, values.classes, base=base),
        }
    return LossValues(
        curves={k: v[:-1] for k, v in found.items()},
        marked={k: float(v[-1]) for k, v in found.items()},
        least_top=float(in_unit(LEAST_TOP_NATS, base)),
        **landmarks,
    )


def gradient_values(pt: float, gx: str, base: float | None) -> GradientValues:
    """Both gradients against p or against the logit z, and their values at ``pt``."""
    at_p = core.logit_gradients(pt, base=base)
    return GradientValues(
        x=Z_GRID if gx == "logit" else GRID,
        curve=core.logit_gradients(sigmoid(Z_GRID) if gx == "logit" else GRID, base=base),
        ce=float(at_p.cross_entropy),
        se=float(at_p.squared_error),
        ratio=float(at_p.ratio),
        z=float(core.logit(pt)),
    )


# Shared, not pickled and rebuilt on every hit (rebuilding costs more than drawing);
# nothing mutates it: st.plotly_chart copies the figure, st.dataframe the tables.
# None of it depends on the marked p, so moving p costs nothing here.
@shared_cache(max_entries=64)
def opposite_view(clip: str, base: float | None, unit: str, log_x: bool) -> OppositeView:
    """Loss at the exact opposite per convention, the figure, the table (CSV and shown)."""
    eps = core.CLIP_EPSILONS[clip]
    opposites = core.exact_opposite_losses(base=base)
    fig = figures.opposite_path_figure(
        T_GRID,
        core.opposite_path_curve(T_GRID, eps=eps, base=base),
        None if eps is None else core.opposite_path_curve(T_GRID, eps=None, base=base),
        clip_label=CLIP_LABELS[clip],
        ceiling=opposites[clip],
        eps=eps,
        unit=unit,
        log_x=log_x,
    )
    table = pd.DataFrame(
        [(who, how, opposites[key], unit) for key, who, how in CONVENTIONS],
        columns=["convention", "what it does", "loss at the exact opposite", "unit"],
    )
    shown = table.copy()
    shown["loss at the exact opposite"] = [
        format_value(v, digits=4) for v in table["loss at the exact opposite"]
    ]
    shown[""] = ["◀ chosen" if key == clip else "" for key, _, _ in CONVENTIONS]
    return OppositeView(opposites, fig, table, shown)


def opposite_loss(clip: str, base: float | None) -> float:
    """The loss of the prediction [1, 0] for the target [0, 1] under ``clip`` (example 12)."""
    return float(core.opposite_path_curve(0.0, eps=core.CLIP_EPSILONS[clip], base=base))


class Results:
    """The page's numbers for the inputs of this run, each computed when first asked for."""

    def __init__(self, values: Inputs, base: float | None) -> None:
        self.values, self.base = values, base

    @functools.cached_property
    def losses(self) -> LossValues:
        return loss_values(self.values, self.base)

    @functools.cached_property
    def uniform(self) -> float | None:
        """log C in the unit, or None without a valid C."""
        classes = self.values.classes
        return None if classes is None else core.uniform_guess_loss(classes, base=self.base)

    def gradients(self, gx: str) -> GradientValues:
        return gradient_values(self.values.pt, gx, self.base)

    def opposite(self, clip: str, unit: str, log_x: bool) -> OppositeView:
        return opposite_view(clip, self.base, unit, log_x)

    def reading(self, avg: float) -> core.LossReading:
        """An average loss read against log C (raises ValueError for a bad loss)."""
        return core.read_average_loss(avg, self.values.classes, base=self.base)


def results(values: Inputs, base: float | None) -> Results:
    """The page's numbers for ``values`` in the unit of ``base`` (computed lazily)."""
    return Results(values, base)


@dataclass(frozen=True)
class LiveMarks:
    """The loss chart's own slider over p: its positions and every curve's value there."""

    ps: tuple[float, ...]
    values: dict[str, tuple[float, ...]]  #: keyed like LossValues.curves
    active: int  #: the position of the page's own p


def live_marks(losses: LossValues, pt: float) -> LiveMarks:
    """Every third point of :data:`GRID`, and the page's p itself, with each curve's value
    there (xentcore's: the curves were computed on GRID, and at p)."""
    picked = list(range(0, len(GRID), 3))
    ps = [float(GRID[i]) for i in picked]
    at = int(np.searchsorted(ps, pt))
    ps.insert(at, float(pt))
    values = {}
    for key, curve in losses.curves.items():
        column = [float(curve[i]) for i in picked]
        column.insert(at, float(losses.marked[key]))
        values[key] = tuple(column)
    return LiveMarks(tuple(ps), values, at)
