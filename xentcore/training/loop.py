r"""Full-batch gradient descent: :func:`train`, its :class:`TrainingRun` and snapshots.

:func:`train` records every step (loss, cross-entropy, accuracy, mean confidence) and
keeps the parameters at a bounded number of steps (:func:`snapshot_schedule`) for
replay. A run whose loss becomes inf/nan stops there and says at which step; a run can
be continued (``start=``) with results identical to training from step 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from .._validation import InputError, check_finite, check_scalar, check_whole, log_base
from ..losses import softmax_cross_entropy
from ..registry import LossBatch, loss_entry
from ..softmax import softmax
from .datasets import Dataset, data_arrays, make_dataset  # noqa: F401  (examples use it)
from .network import ModelSpec, Params, Workspace, backward, check_params, forward, init_params
from .objectives import LossSpec, batch_objective, batch_objective_grad, checked_loss

__all__ = [
    "MAX_SNAPSHOTS",
    "MAX_STEPS",
    "TrainingRun",
    "loss_and_gradients",
    "snapshot_schedule",
    "train",
]

MAX_STEPS = 100_000
#: Parameter snapshots kept per run (for the replay scrubber), whatever the step count.
MAX_SNAPSHOTS = 128

#: The history :func:`train` records, by the name of its TrainingRun field.
_HISTORY = ("objective", "cross_entropy", "accuracy", "confidence")


def snapshot_schedule(steps: int, max_snapshots: int = MAX_SNAPSHOTS) -> np.ndarray:
    r"""The steps at which a run of ``steps`` steps keeps its parameters.

    Every multiple of the stride :math:`s`, plus the last step, where :math:`s` is the
    smallest power of two with :math:`\lfloor S/s \rfloor + 2 \le` ``max_snapshots``.
    Powers of two nest, so a longer run keeps a subset of a shorter run's snapshots:
    continuing a run (``train(start=...)``) gives the same schedule as training from 0.

    .. math:: \{0, s, 2s, \dots\} \cup \{S\}

    Parameters
    ----------
    steps : int
        S, the number of steps (>= 0).
    max_snapshots : int, default MAX_SNAPSHOTS
        At least 3.

    Returns
    -------
    numpy.ndarray
        Increasing step numbers, from 0 to ``steps``.

    Raises
    ------
    ValueError
        For counts out of range.

    Examples
    --------
    >>> snapshot_schedule(10, 8).tolist()
    [0, 2, 4, 6, 8, 10]
    >>> len(snapshot_schedule(5000))
    80
    """
    s_max = check_whole(steps, "steps", 0, MAX_STEPS)
    m = check_whole(max_snapshots, "max_snapshots", 3, 100_000)
    stride = _stride(s_max, m)
    return np.unique(np.append(np.arange(0, s_max + 1, stride), s_max))


def _stride(steps: int, max_snapshots: int) -> int:
    stride = 1
    while steps // stride + 2 > max_snapshots:
        stride *= 2
    return stride


def _stride(steps: int, max_snapshots: int) -> int:
    stride = 1
    while steps // stride + 2 > max_snapshots:
        stride *= 2
    return stride


@dataclass
class _Progress:
    """A run in the making: the history so far, the kept snapshots, the parameters θ_t."""

    params: Params
    history: dict[str, np.ndarray]
    snap_steps: list[int]
    snaps: dict[str, list[np.ndarray]]
    rises: int = 0
    #: θ_{t-1}: the last good parameters if θ_t breaks.
    previous: Params | None = None
    diverged: int | None = None

    def keep(self, t: int) -> None:
        """Snapshot the current parameters as step ``t`` (never changed in place later)."""
        self.snap_steps.append(t)
        for n, a in self.params.items():
            self.snaps[n].append(a)


def _progress(params: Params, total: int, stride: int, start: TrainingRun | None) -> _Progress:
    """Empty history for steps 0..total, filled from ``start`` if the run continues one."""
    history = {name: np.empty(total + 1) for name in _HISTORY}
    if start is None:
        return _Progress(params, history, [], {n: [] for n in params})
    first = start.steps_done
    for name in _HISTORY:
        history[name][: first + 1] = getattr(start, name)
    keep = start.snapshot_steps % stride == 0
    snap_steps = [int(s) for s in start.snapshot_steps[keep]]
    snaps = {n: list(stack[keep]) for n, stack in start.snapshots.items()}
    return _Progress(params, history, snap_steps, snaps, start.rises)


def _check_start(start: TrainingRun, model: ModelSpec, spec: LossSpec, lr: float, total: int):
    if (start.model, start.loss, start.learning_rate) != (model, spec, lr):
        raise InputError("start is a run of another model, loss or learning rate")
    if start.requested_steps > total:
        raise InputError(
            f"start has {start.requested_steps} steps, more than steps={total}; "
            "train from step 0 instead"
        )


@dataclass(frozen=True)
class _Setup:
    """What every step of one run uses, checked once."""

    X: np.ndarray
    y: np.ndarray
    model: ModelSpec
    spec: LossSpec
    lr: float
    total: int
    stride: int


def _descend(
    run: _Progress, s: _Setup, first: int, callback: Callable[[int, int], None] | None
) -> int:
    """Steps from ``first`` until ``s.total`` or a non-finite loss; returns the last step t."""
    entry, settings = loss_entry(s.spec.name), s.spec.settings()
    is_ce = s.spec.name == "cross_entropy"
    report_every = max(1, s.total // 50)
    ws = Workspace(s.X.shape[0], s.model.hidden) if s.model.kind == "hidden_layer" else None
    hist, batch = run.history, LossBatch(s.X[:0], s.y)
    run.previous = run.params
    t = first
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        while True:
            z, hidden = forward(run.params, s.X, s.model, ws)
            if not np.all(np.isfinite(z)):
                run.diverged = t
                return t
            # Measured at θ_t, before the update.
            p = softmax(z)
            batch = batch.at(z, p)
            value = entry.loss_fn(batch, **settings)
            ce = value if is_ce else float(softmax_cross_entropy(z, s.y))
            if not (math.isfinite(value) and math.isfinite(ce)):
                run.diverged = t
                return t
            if t > first and value > hist["objective"][t - 1]:
                run.rises += 1
            hist["objective"][t] = value
            hist["cross_entropy"][t] = ce
            hist["accuracy"][t] = float(np.mean(np.argmax(z, axis=1) == s.y))
            hist["confidence"][t] = float(np.mean(p.max(axis=1)))
            if (t % s.stride == 0 or t == s.total) and not (
                run.snap_steps and run.snap_steps[-1] == t
            ):
                run.keep(t)
            if callback is not None and (t % report_every == 0 or t == s.total):
                callback(t, s.total)
            if t == s.total:
                return t
            grads = backward(run.params, s.X, hidden, entry.grad_fn(batch, **settings), s.model, ws)
            run.previous = run.params
            run.params = {n: run.params[n] - s.lr * grads[n] for n in run.params}
            t += 1


def _finished(run: _Progress, s: _Setup, t: int) -> TrainingRun:
    """The TrainingRun of steps 0..t (after a divergence: the last good step, t - 1)."""
    if run.diverged is not None:
        if run.diverged == 0:
            raise InputError("the model's logits are not finite at the start; rescale the data")
        t = run.diverged - 1
        run.params = run.previous
        if run.snap_steps[-1] != t:
            run.keep(t)
    return TrainingRun(
        model=s.model,
        loss=s.spec,
        learning_rate=s.lr,
        requested_steps=s.total,
        **{name: run.history[name][: t + 1].copy() for name in _HISTORY},
        snapshot_steps=np.asarray(run.snap_steps, dtype=np.int64),
        snapshots={n: np.stack(arrays) for n, arrays in run.snaps.items()},
        params=run.params,
        diverged_at=run.diverged,
        rises=run.rises,
    )


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` recorded: arrays indexed by step 0 .. ``steps_done``.

    Every history array holds only finite values: a run whose loss became inf/nan
    stops at the last good step and ``diverged_at`` says where it broke.
    """

    model: ModelSpec
    loss: LossSpec
    learning_rate: float
    requested_steps: int
    #: Training loss (the objective being minimised), nats.
    objective: np.ndarray
    #: Plain cross-entropy of the predictions (the same yardstick for every loss), nats.
    cross_entropy: np.ndarray
    #: Fraction of points whose most probable class is the true one.
    accuracy: np.ndarray
    #: Mean over points of the largest predicted probability.
    confidence: np.ndarray
    snapshot_steps: np.ndarray
    #: Parameter name -> the parameter at every snapshot step, stacked: shape (S, ...).
    snapshots: Params
    #: Parameters after ``steps_done`` steps.
    params: Params
    #: The step whose loss (or logits) became inf/nan, if any.
    diverged_at: int | None = None
    #: How many steps raised the training loss (a sign of a learning rate too large).
    rises: int = field(default=0)

    @property
    def steps_done(self) -> int:
        """Updates made (fewer than requested when the run diverged)."""
        return int(self.objective.size - 1)

    def cross_entropy_in(self, base: float | None = None) -> np.ndarray:
        r"""The cross-entropy history in another unit: :math:`H / \ln b` (bits for b = 2).

        Examples
        --------
        >>> run = train(make_dataset(n_points=30), ModelSpec(), LossSpec(), steps=0)
        >>> round(float(run.cross_entropy_in(2)[0]), 4)  # log2 3
        1.585
        """
        return self.cross_entropy / log_base(base)

    def snapshot_step_at(self, step: int) -> int:
        """The latest recorded step at or before ``step`` (the first one if none is).

        Examples
        --------
        >>> run = train(make_dataset(n_points=30), ModelSpec(), LossSpec(), steps=10)
        >>> run.snapshot_step_at(7), run.snapshot_step_at(99)
        (7, 10)
        """
        steps = self.snapshot_steps
        i = int(np.searchsorted(steps, int(step), side="right")) - 1
        return int(steps[max(i, 0)])

    def snapshot(self, step: int) -> Params:
        """The parameters kept at ``step`` (one of ``snapshot_steps``)."""
        hits = np.flatnonzero(self.snapshot_steps == step)
        if hits.size == 0:
            raise InputError(
                f"step {step!r} has no snapshot; choose one of the recorded steps "
                f"{self.snapshot_steps[0]}..{self.snapshot_steps[-1]}"
            )
        i = int(hits[0])
        return {name: stack[i].copy() for name, stack in self.snapshots.items()}


def train(
    data: Dataset,
    model: ModelSpec,
    loss: LossSpec,
    *,
    learning_rate: float = 0.5,
    steps: int = 200,
    seed: int = 0,
    max_snapshots: int = MAX_SNAPSHOTS,
    start: TrainingRun | None = None,
    callback: Callable[[int, int], None] | None = None,
) -> TrainingRun:
    r"""Full-batch gradient descent on ``loss``, recording every step.

    .. math:: \theta_{t+1} = \theta_t - \eta\, \nabla_\theta L(\theta_t)

    from :func:`init_params` (``seed``). Step :math:`t` of the history is measured at
    :math:`\theta_t` (step 0 is the start). If the logits or the loss become inf/nan at
    step :math:`k` (a learning rate far too large), the run stops: the history covers
    steps 0 to :math:`k - 1` and ``diverged_at = k``.

    Parameters
    ----------
    data : Dataset
    model : ModelSpec
    loss : LossSpec
    learning_rate : float, default 0.5
        :math:`\eta > 0`.
    steps : int, default 200
        Number of updates, 0 to :data:`MAX_STEPS`.
    seed : int, default 0
        Seed of the starting weights.
    max_snapshots : int, default MAX_SNAPSHOTS
        Bound on the kept parameter snapshots (see :func:`snapshot_schedule`).
    start : TrainingRun, optional
        A shorter run of the same data, model, loss and learning rate to continue from;
        the result is identical to training from step 0.
    callback : callable, optional
        ``callback(step, steps)``, called about 50 times along the way (a progress bar).

    Returns
    -------
    TrainingRun

    Raises
    ------
    ValueError
        For bad settings (the message names which), or a ``start`` run that does not fit.

    Examples
    --------
    >>> data = make_dataset("blobs", n_points=90, n_classes=3, noise=0.2, seed=0)
    >>> run = train(data, ModelSpec(), LossSpec(), learning_rate=0.5, steps=100)
    >>> round(float(run.cross_entropy[0]), 4), bool(run.cross_entropy[-1] < 0.2)
    (1.0986, True)
    """
    model = model.checked()
    X, y = data_arrays(data)
    if y.size == 0:
        raise InputError("data has no points; give at least one")
    spec = checked_loss(loss, y, data.n_classes)
    lr = check_scalar(learning_rate, "learning_rate", low=0.0, low_open=True)
    total = check_whole(steps, "steps", 0, MAX_STEPS)
    m = check_whole(max_snapshots, "max_snapshots", 3, 100_000)
    s = _Setup(X, y, model, spec, lr, total, _stride(total, m))
    if start is None:
        first, params = 0, init_params(model, data.n_classes, seed, X.shape[1])
    else:
        _check_start(start, model, spec, lr, total)
        if start.diverged_at is not None:
            return replace(start, requested_steps=total)
        first, params = start.steps_done, {n: a.copy() for n, a in start.params.items()}
    run = _progress(params, total, s.stride, start)
    return _finished(run, s, _descend(run, s, first, callback))


def loss_and_gradients(
    params: Mapping[str, np.ndarray], data: Dataset, model: ModelSpec, loss: LossSpec
) -> tuple[float, Params]:
    r"""The training loss and its gradient with respect to every parameter (backprop).

    .. math::
        \frac{\partial L}{\partial W} = X^\top \frac{\partial L}{\partial z}, \quad
        \frac{\partial L}{\partial W_1} = X^\top\Big[\big(\tfrac{\partial L}{\partial z}
        W_2^\top\big) \odot \phi'(XW_1 + b_1)\Big]

    Exactly what :func:`train` uses at each step.

    Parameters
    ----------
    params : dict of array_like
    data : Dataset
    model : ModelSpec
    loss : LossSpec

    Returns
    -------
    (float, dict of numpy.ndarray)
        The loss, and a gradient of the same shape as each parameter.

    Raises
    ------
    ValueError
        For bad parameters or loss settings.

    Examples
    --------
    >>> data = Dataset(np.array([[1.0, 2.0]]), np.array([1]), 2, "blobs")
    >>> start = init_params(ModelSpec(), 2)
    >>> value, grads = loss_and_gradients(start, data, ModelSpec(), LossSpec())
    >>> round(value, 4), grads["W"].tolist()
    (0.6931, [[0.5, -0.5], [1.0, -1.0]])
    """
    model = model.checked()
    p = check_params(params, model)
    X, y = data_arrays(data)
    spec = checked_loss(loss, y, data.n_classes)
    z, hidden = forward(p, X, model)
    check_finite(z, "logits")
    batch = LossBatch(z, y)
    dz = batch_objective_grad(batch, spec)
    return batch_objective(batch, spec), backward(p, X, hidden, dz, model)
