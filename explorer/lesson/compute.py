"""The numbers of every lesson step, from xentcore: at the widget's value and over a grid.

Each step has one continuous parameter. Its chart carries a plotly slider over a grid of
that parameter (40 to 100 values), whose positions are computed here, so the chart
follows a drag in the browser with no round trip; the widget's own value is one more
point, the one the page, the link and the question use. Every number is xentcore's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import xentcore as xc
from explorer.cache import shared_cache

__all__ = [
    "EXAMPLE_P",
    "EXAMPLE_Q",
    "LOGITS",
    "Trace",
    "StepData",
    "step_data",
]

#: Worked example 1 (explorer/presets.toml, "colours"): 3.288 bits of cross-entropy.
EXAMPLE_P = (0.10, 0.40, 0.50)
EXAMPLE_Q = (0.80, 0.15, 0.05)
#: The Softmax & logits page's default logits and target class.
LOGITS = (2.0, 1.0, 0.1)
TARGET = 0
#: Step 10: four samples of two classes, their logits and labels.
WEIGHT_LOGITS = ((2.0, 0.5), (1.0, 0.2), (0.3, 0.1), (0.4, 1.2))
WEIGHT_LABELS = (0, 0, 0, 1)
#: Step 11: the target of "why is BCE(x, x) not zero?" (worked example 10).
BCE_TARGET = 0.4


@dataclass(frozen=True)
class Trace:
    """One series of a chart, in numbers: its name, x and y."""

    name: str
    x: tuple
    y: tuple


@dataclass(frozen=True)
class StepData:
    """A step's chart and numbers: the traces that stay, and those that follow the slider.

    ``frames[i]`` are the moving traces at ``grid[i]``; ``numbers[i]`` the step's numbers
    there (the first is the one the step is about). ``active`` is the frame of the widget's
    value, ``current`` that value's own numbers, ``answer`` the question's answer.
    """

    static: tuple[Trace, ...]
    frames: tuple[tuple[Trace, ...], ...]
    grid: tuple[float, ...]
    numbers: tuple[tuple[float, ...], ...]
    active: int
    current: tuple[float, ...]
    answer: float


def _t(values) -> tuple:
    return tuple(float(v) for v in np.atleast_1d(values))


def _frames(grid, at: Callable[[float], tuple[tuple[Trace, ...], tuple[float, ...]]]):
    pairs = [at(float(v)) for v in grid]
    return tuple(p[0] for p in pairs), tuple(p[1] for p in pairs)


def _assemble(static, grid, at, value: float, answer: float) -> StepData:
    grid = np.asarray(grid, dtype=float)
    frames, numbers = _frames(grid, at)
    active = int(np.argmin(np.abs(grid - value)))
    return StepData(tuple(static), frames, _t(grid), numbers, active, at(value)[1], answer)


# --- one function per step: (value, base) -> StepData ----------------------------------


def _one_curve(f, curve, grid, value: float, answer_at: float, names: tuple[str, str]):
    """A step whose chart is one curve f(x) and a marker at x: the marker follows."""

    def at(x):
        y = float(f(x))
        return (Trace(names[1], (x,), (y,)),), (y,)

    static = [Trace(names[0], _t(curve), _t(f(curve)))]
    return _assemble(static, grid, at, value, float(f(answer_at)))


def surprisal(value: float, base) -> StepData:
    """Step 1: the surprisal −log p of an event of probability p."""
    return _one_curve(
        lambda p: xc.cross_entropy_curve(p, base=base), xc.probability_grid(200, smallest=0.01),
        np.geomspace(0.01, 1.0, 61), value, 1 / 8, ("−log p", "p"),
    )  # fmt: skip


def coin_entropy(value: float, base) -> StepData:
    """Step 2: the entropy of a coin that lands heads with probability p."""
    return _one_curve(
        lambda p: xc.bernoulli_entropy(p, base=base), np.linspace(0.0, 1.0, 201),
        np.linspace(0.0, 1.0, 51), value, 26 / 30, ("H", "P(heads)"),
    )  # fmt: skip


def _blend_at(t: float, base):
    q = xc.blend(EXAMPLE_P, EXAMPLE_Q, t)
    m = xc.pair_measures(EXAMPLE_P, q, base=base)
    return q, m


def cross_entropy_bars(value: float, base) -> StepData:
    """Step 3: H(P,Q) as Q moves toward P (Q_t = (1 − t) Q + t P)."""

    def at(t):
        q, m = _blend_at(t, base)
        return (Trace("Q", (0, 1, 2), _t(q)),), (m.h_pq,)

    static = [Trace("P", (0, 1, 2), EXAMPLE_P)]
    answer = xc.cross_entropy(EXAMPLE_P, EXAMPLE_Q, base=base)
    return _assemble(static, np.linspace(0, 1, 51), at, value, float(answer))


def decomposition(value: float, base) -> StepData:
    """Step 4: H(P,Q) = H(P) + KL(P‖Q), the KL part shrinking as Q moves toward P."""
    h_p = float(xc.entropy(EXAMPLE_P, base=base))

    def at(t):
        _, m = _blend_at(t, base)
        return (Trace("KL(P‖Q)", (m.kl_pq,), ("H(P,Q)",)),), (m.kl_pq, m.h_p, m.h_pq)

    static = [Trace("H(P)", (h_p,), ("H(P,Q)",))]
    answer = xc.kl_divergence(EXAMPLE_P, EXAMPLE_Q, base=base)
    return _assemble(static, np.linspace(0, 1, 51), at, value, float(answer))


def both_orders(value: float, base) -> StepData:
    """Step 5: H(P,Q) and H(Q,P) along the same walk: the order matters."""
    curve = np.linspace(0, 1, 101)
    pairs = [_blend_at(t, base)[1] for t in curve]

    def at(t):
        _, m = _blend_at(t, base)
        markers = (Trace("H(P,Q)", (t,), (m.h_pq,)), Trace("H(Q,P)", (t,), (m.h_qp,)))
        return markers, (m.h_qp, m.h_pq)

    static = [
        Trace("H(P,Q)", _t(curve), _t([m.h_pq for m in pairs])),
        Trace("H(Q,P)", _t(curve), _t([m.h_qp for m in pairs])),
    ]
    answer = xc.cross_entropy(EXAMPLE_Q, EXAMPLE_P, base=base)
    return _assemble(static, np.linspace(0, 1, 51), at, value, float(answer))


def clipping(value: float, base) -> StepData:
    """Step 6: −log q as q → 0, and where each framework's clip stops it."""
    curve = np.logspace(-16, 0, 161)
    grid = np.linspace(-16, 0, 65)  # the slider moves log10 q

    def at(e):
        c = xc.log_zero_conventions(10.0**e, 1.0, base=base)
        return (Trace("q", (10.0**e,), (c.exact,)),), (c.exact, c.keras, c.sklearn, c.pytorch)

    floor = xc.log_zero_conventions(0.0, 1.0, base=base)  # what each framework stops at
    ends = (float(curve[0]), 1.0)
    static = [
        Trace("−log q", _t(curve), _t(xc.cross_entropy_curve(curve, base=base))),
        # Named as in the title; the step's text says where each one clips.
        Trace("PyTorch BCE", ends, (floor.pytorch,) * 2),
        Trace("scikit-learn", ends, (floor.sklearn,) * 2),
        Trace("Keras", ends, (floor.keras,) * 2),
    ]
    answer = floor.pytorch
    return _assemble(static, grid, at, value, float(answer))


def temperature(value: float, base) -> StepData:
    """Step 7: softmax(z / T) for the page's logits, and its entropy."""
    grid = np.geomspace(0.1, 10.0, 61)

    def at(t):
        p = xc.softmax(LOGITS, temperature=t)
        return (Trace("p", (0, 1, 2), _t(p)),), (float(xc.entropy(p, base=base)),)

    answer = xc.entropy(np.full(3, 1 / 3), base=base)
    return _assemble([], grid, at, value, float(answer))


def gradient(value: float, base) -> StepData:
    """Step 8: the loss of class 0 and its gradient p − y as the class-0 logit moves."""
    grid = np.linspace(-3.0, 6.0, 61)

    def at(z0):
        r = xc.loss_and_gradient((z0, *LOGITS[1:]), TARGET, base=base)
        return (Trace("∂L/∂z = p − y", (0, 1, 2), _t(r.grad)),), (float(r.grad[TARGET]), r.loss)

    answer = xc.loss_and_gradient(LOGITS, TARGET).grad[TARGET]
    return _assemble([], grid, at, value, float(answer))


def smoothing(value: float, base) -> StepData:
    """Step 9: the smoothed target (1 − ε) y + ε / C and the loss against it."""
    grid = np.linspace(0.0, 0.5, 51)
    p = xc.softmax(LOGITS)

    def at(eps):
        r = xc.loss_and_gradient(LOGITS, TARGET, label_smoothing=eps, base=base)
        return (Trace("y′", (0, 1, 2), _t(r.smoothed_target)),), (r.loss,)

    answer = xc.smoothed_target(0, 10, label_smoothing=0.1)[0]
    return _assemble([Trace("p", (0, 1, 2), _t(p))], grid, at, value, float(answer))


def _weighted_mean(w1: float) -> float:
    return float(xc.softmax_cross_entropy(WEIGHT_LOGITS, WEIGHT_LABELS, weight=[1.0, w1]))


def class_weights(value: float, base) -> StepData:
    """Step 10: what a class weight does to PyTorch's reduction="mean" (Σ w l / Σ w)."""
    nats = xc.softmax_cross_entropy(WEIGHT_LOGITS, WEIGHT_LABELS, reduction="none")
    losses = xc.in_unit(nats, base)
    grid = np.linspace(0.5, 10.0, 39)
    samples = tuple(range(len(WEIGHT_LABELS)))

    def at(w1):
        weighted = xc.softmax_cross_entropy(
            WEIGHT_LOGITS, WEIGHT_LABELS, weight=[1.0, w1], reduction="none"
        )
        return (Trace("w·l", samples, _t(xc.in_unit(weighted, base))),), (
            float(xc.in_unit(_weighted_mean(w1), base)),
            float(np.mean(losses)),
        )

    static = [Trace("l", samples, _t(losses))]
    answer = float(xc.in_unit(_weighted_mean(3.0), base))
    return _assemble(static, grid, at, value, answer)


def bce(value: float, base) -> StepData:
    """Step 11: BCE(p, 0.4) against p; its minimum is the entropy H(0.4), not 0."""
    c = xc.bernoulli_curves(BCE_TARGET, base=base, points=201)
    inner = slice(1, -1)  # the ends are infinite
    grid = np.linspace(0.02, 0.98, 49)

    def at(p):
        d = xc.bce_decomposition(p, BCE_TARGET, base=base)
        return (Trace("p", (p,), (d.exact,)),), (d.exact, d.entropy, d.kl)

    static = [Trace("BCE", _t(c.x[inner]), _t(c.bce[inner]))]
    return _assemble(static, grid, at, value, float(xc.bernoulli_entropy(BCE_TARGET, base=base)))


def faster(value: float, base) -> StepData:
    """Step 12: the gradient on the logit, cross-entropy against squared error."""
    curve = np.linspace(0.005, 0.995, 199)
    g = xc.logit_gradients(curve)
    grid = np.linspace(0.01, 0.99, 50)

    def at(p):
        r = xc.logit_gradients(p)
        ce, se = float(r.cross_entropy), float(r.squared_error)
        return (Trace("CE", (p,), (ce,)), Trace("SE", (p,), (se,))), (ce, se)

    static = [
        Trace("CE", _t(curve), _t(g.cross_entropy)),
        Trace("SE", _t(curve), _t(g.squared_error)),
    ]
    return _assemble(static, grid, at, value, float(xc.logit_gradients(0.01).cross_entropy))


def perplexity(value: float, base) -> StepData:
    """Step 13: a uniform guess over C classes costs log C; its perplexity is C."""
    curve = np.arange(2, 101)
    grid = np.arange(2, 101)

    def at(c):
        h = float(xc.uniform_guess_loss(int(c), base=base))
        return (Trace("C", (c,), (h,)),), (h, float(c))

    static = [
        Trace("log C", _t(curve), _t([xc.uniform_guess_loss(int(c), base=base) for c in curve]))
    ]
    return _assemble(static, grid, at, value, float(xc.uniform_guess_loss(10, base=base)))


_STEPS: dict[str, Callable[[float, object], StepData]] = {
    "surprisal": surprisal,
    "entropy": coin_entropy,
    "cross_entropy": cross_entropy_bars,
    "decomposition": decomposition,
    "order": both_orders,
    "clipping": clipping,
    "temperature": temperature,
    "gradient": gradient,
    "smoothing": smoothing,
    "weights": class_weights,
    "bce": bce,
    "faster": faster,
    "perplexity": perplexity,
}


@shared_cache(max_entries=128)
def step_data(step: str, value: float, base) -> StepData:
    """The chart and numbers of lesson step ``step`` at ``value``, in the unit of ``base``."""
    return _STEPS[step](float(value), base)
