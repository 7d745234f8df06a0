"""Evaluate a model's predictions: the cross-entropy story of a whole data set.

What the "Your predictions" page shows for an uploaded file: per-sample losses from
probabilities or logits (:func:`sample_losses`), the reductions PyTorch, Keras and
scikit-learn would report with class and sample weights (:func:`framework_reductions`),
one-hot and class-index labels side by side (:func:`label_formats`), accuracy and
per-class numbers (:func:`class_summary`), reliability bins and the expected calibration
error (:func:`calibration`), the confusion matrix, the two baselines ln C and H(label
frequencies) (:func:`baselines`), and the row-sum check of probability rows
(:func:`row_sums`, :func:`renormalize_rows`). :func:`evaluate_predictions` runs all but
the label-format check, which the page runs only when its tab is opened.

Every loss comes from the existing core (``nll_loss``, ``softmax_cross_entropy``,
``log_loss``, the ``keras_*`` conventions, ``cross_entropy``, ``entropy``); nothing here
is a second implementation of one. Everything is vectorised: no Python loop over rows.
Values are in nats; :func:`in_unit` converts.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._targets import class_indices
from ._targets import class_weight as _class_weight
from ._validation import (
    SUM_TOLERANCE,
    InputError,
    as_float_array,
    check_distribution,
    check_finite,
    check_in_unit_interval,
    check_nonnegative,
    check_scalar,
    log_base,
)
from .conventions import (
    keras_categorical_crossentropy,
    keras_reduce,
)
from .information import cross_entropy, entropy, normalize
from .losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    nll_loss,
    softmax_cross_entropy,
)
from .metrics import log_loss
from .softmax import log_softmax, softmax

__all__ = [
    "KINDS",
    "ROW_SUM_TOLERANCE",
    "SOURCE_EXAMPLE_LABELS",
    "SOURCE_EXAMPLE_PROBABILITIES",
    "Baselines",
    "Calibration",
    "ClassSummary",
    "Evaluation",
    "LabelFormats",
    "LossHistogram",
    "Reductions",
    "RowSums",
    "baselines",
    "calibration",
    "class_summary",
    "confusion_matrix",
    "evaluate_predictions",
    "framework_reductions",
    "in_unit",
    "label_formats",
    "log_probabilities",
    "loss_histogram",
    "most_confused",
    "perplexity",
    "renormalize_rows",
    "row_sums",
    "sample_losses",
    "source_example",
    "synthetic_predictions",
    "worst_samples",
]

#: What a prediction column holds.
KINDS = ("probabilities", "logits")
#: A probability row may miss 1 by this much, as everywhere in xentcore.
ROW_SUM_TOLERANCE = SUM_TOLERANCE

#: The sources' ten binary labels and predicted P(y = 1): mean log loss 0.247 nats.
SOURCE_EXAMPLE_LABELS = (1, 1, 1, 1, 1, 0, 0, 0, 0, 0)
SOURCE_EXAMPLE_PROBABILITIES = (0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3)

#: No label can equal this, so class_indices never ignores a row.
_NO_IGNORE = int(np.iinfo(np.int64).min)


# ---------------------------------------------------------------------------
# Built-in data
# ---------------------------------------------------------------------------


def source_example() -> tuple[np.ndarray, np.ndarray]:
    r"""The sources' ten binary predictions as labels and two probability columns.

    .. math:: \bar L = -\frac{1}{10}\sum_n \log \hat p_{n, y_n} = 0.247 \text{ nats}

    Returns
    -------
    labels : numpy.ndarray of int, shape (10,)
    probabilities : numpy.ndarray, shape (10, 2)
        Columns P(y = 0) = 1 - p and P(y = 1) = p.

    Examples
    --------
    >>> y, p = source_example()
    >>> round(float(sample_losses(p, y, kind="probabilities").mean()), 3)
    0.247
    """
    y = np.array(SOURCE_EXAMPLE_LABELS, dtype=np.int64)
    p1 = np.array(SOURCE_EXAMPLE_PROBABILITIES)
    return y, np.column_stack([1.0 - p1, p1])


def synthetic_predictions(
    model: str = "calibrated",
    *,
    n_samples: int = 600,
    n_classes: int = 3,
    seed: int = 7,
    sharpness: float = 3.0,
) -> tuple[np.ndarray, np.ndarray]:
    r"""A deterministic data set scored by a calibrated or an over-confident model.

    Latent scores :math:`z_n \sim \mathcal N(0, 1.5^2 I)` give the true class
    probabilities :math:`\pi_n = \operatorname{softmax}(z_n)`; each label is drawn
    from :math:`\pi_n`. The calibrated model predicts :math:`\pi_n` itself; the
    over-confident one predicts :math:`\operatorname{softmax}(k\, z_n)` with sharpness
    :math:`k > 1`. Both rank the classes alike, so their accuracy is identical, but the
    over-confident model pays more cross-entropy and is badly calibrated.

    Parameters
    ----------
    model : {'calibrated', 'overconfident'}
    n_samples : int, default 600
    n_classes : int, default 3
    seed : int, default 7
        Same seed, same labels and predictions (``numpy.random.default_rng``).
    sharpness : float, default 3.0
        The over-confident model's factor on the logits (a temperature of 1/k).

    Returns
    -------
    labels : numpy.ndarray of int, shape (n_samples,)
    probabilities : numpy.ndarray, shape (n_samples, n_classes)

    Raises
    ------
    ValueError
        For an unknown model, fewer than 1 sample or 2 classes, or sharpness <= 0.

    Examples
    --------
    >>> y, good = synthetic_predictions("calibrated")
    >>> _, bold = synthetic_predictions("overconfident")
    >>> bool((good.argmax(1) == bold.argmax(1)).all())
    True
    >>> bool(sample_losses(bold, y, kind="probabilities").mean()
    ...      > sample_losses(good, y, kind="probabilities").mean())
    True
    """
    if model not in ("calibrated", "overconfident"):
        raise InputError(f"model must be 'calibrated' or 'overconfident', got {model!r}")
    n = _count(n_samples, "n_samples", 1)
    c = _count(n_classes, "n_classes", 2)
    k = check_scalar(sharpness, "sharpness", low=0.0, low_open=True)
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 1.5, size=(n, c))
    truth = softmax(z, axis=1)
    # Inverse-CDF sampling of one label per row, all rows at once.
    u = rng.random(n)
    labels = np.minimum((u[:, None] > np.cumsum(truth, axis=1)).sum(axis=1), c - 1)
    probs = truth if model == "calibrated" else softmax(z, axis=1, temperature=1.0 / k)
    return labels.astype(np.int64), probs


def _count(value, name: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < low:
        raise InputError(f"{name} must be a whole number >= {low}, got {value!r}")
    return int(value)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(f"kind must be 'probabilities' or 'logits', got {kind!r}")
    return kind


def _scores(scores, kind: str, *, check_sums: bool = True) -> np.ndarray:
    """(N, C) float scores, validated for their kind (memory layout kept)."""
    _check_kind(kind)
    x = as_float_array(scores, "scores")
    if x.ndim != 2:
        raise InputError(
            f"scores must have shape (N, C): one row per sample, one column per class; "
            f"got shape {x.shape}"
        )
    if x.shape[1] < 2:
        raise InputError(
            f"scores has {x.shape[1]} class column(s); give at least 2 "
            "(a binary P(y=1) column p becomes the two columns 1 - p and p)"
        )
    if kind == "logits":
        check_finite(x, "scores")
    else:
        check_in_unit_interval(x, "scores")
        if check_sums:
            check_distribution(x, "scores", 1)
    return x


def _labels(labels, n: int, c: int) -> np.ndarray:
    y = np.asarray(labels)
    if y.ndim != 1:
        raise InputError(f"labels must be a 1-D array of class indices, got shape {y.shape}")
    idx, _ = class_indices(y, n, c, _NO_IGNORE, name="labels")
    return idx


def _labels_of(labels, c: int) -> np.ndarray:
    """Class indices in [0, c), however many there are."""
    y = np.asarray(labels)
    return _labels(y, y.shape[0] if y.ndim == 1 else -1, c)


def _sample_weight(sample_weight, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    s = as_float_array(sample_weight, "sample_weight")
    if s.shape != (n,):
        raise InputError(f"sample_weight must have shape ({n},), one per row; got {s.shape}")
    check_nonnegative(s, "sample_weight")
    return s


def _one_hot(y: np.ndarray, c: int, order: str = "C") -> np.ndarray:
    # Same memory order as the scores: mixing C- and F-ordered operands is several times slower.
    out = np.zeros((y.shape[0], c), order=order)
    out.ravel(order="K")[_flat_index(y, out)] = 1.0
    return out


def _order(x: np.ndarray) -> str:
    return "F" if x.flags.f_contiguous and not x.flags.c_contiguous else "C"


def _flat_index(cols: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Positions of ``x[n, cols[n]]`` in ``x.ravel(order='K')`` (x contiguous)."""
    n, c = x.shape
    rows = np.arange(n)
    return cols * n + rows if _order(x) == "F" else rows * c + cols


def _pick(x: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``x[n, cols[n]]`` for every row: a 1-D take, faster than 2-D fancy indexing."""
    if not (x.flags.c_contiguous or x.flags.f_contiguous):
        x = np.ascontiguousarray(x)
    return x.ravel(order="K").take(_flat_index(cols, x))


def _row_argmax(x: np.ndarray) -> np.ndarray:
    """``x.argmax(axis=1)`` (first maximum on ties), fast for column-major arrays too."""
    n, c = x.shape
    if _order(x) != "F" or c > 64:
        return x.argmax(axis=1)
    # NumPy's argmax along the short, strided rows of a column-major array copies it
    # first; C passes down its contiguous columns do not.
    best = x[:, 0].copy()
    arg = np.zeros(n, dtype=np.int64)
    for j in range(1, c):
        col = x[:, j]
        better = col > best
        np.copyto(arg, j, where=better)
        np.copyto(best, col, where=better)
    return arg


def log_probabilities(scores, kind: str) -> np.ndarray:
    r"""Log-probabilities of every class: :math:`\log p` or :math:`\log\operatorname{softmax}(z)`.

    .. math:: \ell_{nc} = \log \hat p_{nc} \quad\text{or}\quad
              \ell_{nc} = z_{nc} - \log\textstyle\sum_k e^{z_{nk}}

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1) or finite logits.
    kind : {'probabilities', 'logits'}

    Returns
    -------
    numpy.ndarray, shape (N, C)
        ``-inf`` where a probability is 0.

    Raises
    ------
    ValueError
        For scores that are not valid for their kind.

    Examples
    --------
    >>> log_probabilities([[0.5, 0.5]], "probabilities").round(4).tolist()
    [[-0.6931, -0.6931]]
    >>> log_probabilities([[0.0, 0.0]], "logits").round(4).tolist()
    [[-0.6931, -0.6931]]
    """
    return _log_probs(_scores(scores, kind), kind)


def _log_probs(x: np.ndarray, kind: str) -> np.ndarray:
    if kind == "logits":
        return log_softmax(x, axis=1)
    with np.errstate(divide="ignore"):
        return np.log(x)


def sample_losses(scores, labels, *, kind: str, label_smoothing: float = 0.0) -> np.ndarray:
    r"""Per-sample cross-entropy in nats, unweighted: ``reduction='none'``.

    .. math:: L_n = -\log \hat p_{n, y_n}

    From probabilities it is ``nll_loss(log p, y)``; from logits
    ``softmax_cross_entropy(z, y)``, which also takes label smoothing ε:
    :math:`L_n = (1-\varepsilon)(-\ell_{n,y_n}) + \frac{\varepsilon}{C}\sum_c (-\ell_{nc})`.

    Parameters
    ----------
    scores : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
        Class indices in [0, C).
    kind : {'probabilities', 'logits'}
    label_smoothing : float, default 0.0
        ε in [0, 1]; logits only.

    Returns
    -------
    numpy.ndarray, shape (N,)
        ``inf`` where a probability of the true class is 0.

    Raises
    ------
    ValueError
        For invalid scores, labels outside [0, C), or smoothing with probabilities.

    Examples
    --------
    >>> sample_losses([[0.2, 0.8], [0.5, 0.5]], [1, 0], kind="probabilities").round(4).tolist()
    [0.2231, 0.6931]
    >>> float(sample_losses([[0.0, 0.0]], [1], kind="logits")[0]) == float(np.log(2))
    True
    """
    x = _scores(scores, kind)
    y = _labels(labels, *x.shape)
    eps = _smoothing(label_smoothing, kind)
    if kind == "logits":
        return softmax_cross_entropy(x, y, reduction="none", label_smoothing=eps)
    return nll_loss(log_probabilities(x, kind), y, reduction="none")


def _smoothing(label_smoothing, kind: str) -> float:
    eps = check_scalar(label_smoothing, "label_smoothing", low=0.0, high=1.0)
    if eps > 0 and kind != "logits":
        raise InputError(
            f"label_smoothing={eps:g} needs logits (as torch.nn.functional.cross_entropy); "
            "set it to 0 for probabilities"
        )
    return eps


# ---------------------------------------------------------------------------
# Reductions: what each framework reports
# ---------------------------------------------------------------------------


class Reductions(NamedTuple):
    """One data set's loss as each framework reduces it (nats)."""

    mean: float  # plain mean of -log p(y): no weights, no smoothing
    torch_mean: float  # F.cross_entropy(weight=w, label_smoothing=ε): Σ L_n / Σ w_{y_n}
    torch_none_mean: float  # (F.cross_entropy(..., reduction='none') * s).mean(): Σ s L_n / N
    keras: float  # Keras 'sum_over_batch_size' with sample_weight = s·w[y]: Σ v l / N
    sklearn: float  # log_loss(sample_weight=s·w[y]): Σ v l / Σ v, clipped at machine eps
    torch_binary: float | None  # 2 classes: F.binary_cross_entropy(weight=s·w[y]): Σ v l / N
    n: int  # N
    class_weight_sum: float  # Σ_n w_{y_n}: PyTorch's divisor
    weight_sum: float  # Σ_n s_n w_{y_n}: scikit-learn's divisor


def framework_reductions(
    scores,
    labels,
    *,
    kind: str,
    class_weight=None,
    sample_weight=None,
    label_smoothing: float = 0.0,
    log_probs: np.ndarray | None = None,
) -> Reductions:
    r"""The mean loss as PyTorch, Keras and scikit-learn report it with the same weights.

    With class weights :math:`w`, sample weights :math:`s`, per-sample losses
    :math:`l_n` and :math:`v_n = s_n w_{y_n}` (how class weights reach Keras' ``fit``
    and scikit-learn's ``sample_weight``):

    .. math::
        \text{PyTorch} = \frac{\sum_n w_{y_n} l_n}{\sum_n w_{y_n}}, \quad
        \text{Keras} = \frac{\sum_n v_n l_n}{N}, \quad
        \text{scikit-learn} = \frac{\sum_n v_n l_n}{\sum_n v_n}

    ``torch.nn.functional.cross_entropy`` has no per-sample weight; the usual idiom
    ``(loss_none * s).mean()`` divides by N. Keras clips probabilities at 1e-7 (and
    renormalises them in the sparse loss), scikit-learn at machine epsilon and has no
    label smoothing; PyTorch takes ``log p`` as it is. With no weights and no
    smoothing all of them agree, up to those clips.

    Parameters
    ----------
    scores : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    class_weight : array_like, shape (C,), optional
    sample_weight : array_like, shape (N,), optional
    label_smoothing : float, default 0.0
        Logits only; PyTorch and Keras apply it, scikit-learn cannot.
    log_probs : numpy.ndarray, optional
        :func:`log_probabilities` of ``scores``, if already computed.

    Returns
    -------
    Reductions

    Raises
    ------
    ValueError
        For invalid scores, labels or weights.

    Examples
    --------
    >>> r = framework_reductions([[0.9, 0.1], [0.4, 0.6]], [0, 1], kind="probabilities",
    ...                          class_weight=[1.0, 3.0])
    >>> round(r.torch_mean, 4), round(r.keras, 4), round(r.sklearn, 4)
    (0.4095, 0.8189, 0.4095)
    """
    x = _scores(scores, kind)
    n, c = x.shape
    y = _labels(labels, n, c)
    w = _class_weight(class_weight, c, "class_weight")
    s = _sample_weight(sample_weight, n)
    eps = _smoothing(label_smoothing, kind)
    logp = _log_probs(x, kind) if log_probs is None else log_probs
    plain = nll_loss(logp, y, reduction="none")
    return _reductions(x, y, kind, w, s, eps, logp, plain)


def _keras_rows(x, y, kind: str, eps: float) -> np.ndarray:
    """Per-sample ``keras.losses.CategoricalCrossentropy`` of one-hot labels.

    CategoricalCrossentropy takes label smoothing, which SparseCategoricalCrossentropy
    does not, and otherwise differs from it only in where it clips at 1e-7 (before or
    after renormalising the row). Without smoothing, a one-hot target sees only the
    true class's probability and the row's sum, so probabilities are passed as the two
    columns [p(true), sum - p(true)]: the same numbers (to one ulp of the sum, held to
    the full call by a test) at 2/C of the cost.
    """
    n, c = x.shape
    if kind == "logits" or eps > 0:
        return keras_categorical_crossentropy(
            _one_hot(y, c, _order(x)), x, from_logits=kind == "logits", label_smoothing=eps
        )
    p_true = _pick(x, y)
    rest = np.maximum(x.sum(axis=1) - p_true, 0.0)  # >= 0 despite rounding
    two = np.column_stack([p_true, rest])
    return keras_categorical_crossentropy(_one_hot(np.zeros(n, dtype=np.int64), 2), two)


def _reductions(x, y, kind, w, s, eps, logp, plain) -> Reductions:
    """:func:`framework_reductions` on validated arrays (``plain`` = -log p[y])."""
    n, c = x.shape
    wy = np.ones(n) if w is None else w[y]
    v = None if w is None and s is None else (wy if s is None else wy * s)

    # PyTorch: softmax -> log_softmax -> NLL is exactly F.cross_entropy on logits.
    if eps > 0:
        torch_rows = softmax_cross_entropy(x, y, weight=w, reduction="none", label_smoothing=eps)
        torch_mean = softmax_cross_entropy(x, y, weight=w, label_smoothing=eps)
    elif w is None:
        torch_rows, torch_mean = plain, np.mean(plain)  # no weights: 'mean' is the plain mean
    else:
        torch_rows = nll_loss(logp, y, weight=w, reduction="none")
        torch_mean = nll_loss(logp, y, weight=w)
    with np.errstate(invalid="ignore"):
        torch_none_mean = float(np.mean(torch_rows if s is None else torch_rows * s))

    # Keras: class_weight in fit() becomes sample weights; the default reduction divides by N.
    keras = keras_reduce(_keras_rows(x, y, kind, eps), sample_weight=v)

    # scikit-learn scores probabilities (no smoothing), clipped at machine epsilon.
    probs = x if kind == "probabilities" else np.exp(logp)
    try:
        sklearn = log_loss(y, probs, sample_weight=v, labels=np.arange(c))
    except InputError:
        sklearn = float("nan")  # every weight is 0: the weighted mean is undefined

    torch_binary = None
    if c == 2:
        t = y.astype(np.float64)
        if kind == "probabilities":
            torch_binary = binary_cross_entropy(x[:, 1], t, weight=v)
        else:
            # softmax over two logits is the sigmoid of their difference.
            torch_binary = binary_cross_entropy_with_logits(x[:, 1] - x[:, 0], t, weight=v)

    with np.errstate(invalid="ignore"):
        mean = float(np.mean(plain))
    return Reductions(
        mean=mean,
        torch_mean=float(torch_mean),
        torch_none_mean=torch_none_mean,
        keras=float(keras),
        sklearn=float(sklearn),
        torch_binary=None if torch_binary is None else float(torch_binary),
        n=n,
        class_weight_sum=float(wy.sum()),
        weight_sum=float(wy.sum() if v is None else v.sum()),
    )


class LabelFormats(NamedTuple):
    """Mean loss from class-index labels and from the same labels one-hot (nats)."""

    sparse: float  # -log p[y] with y a class index (sparse categorical)
    categorical: float  # -Σ_c t_c log p_c with t one-hot (categorical)
    max_difference: float  # largest per-sample |difference|


def label_formats(
    scores, labels, *, kind: str, log_probs: np.ndarray | None = None
) -> LabelFormats:
    r"""Sparse-categorical (index) and categorical (one-hot) labels give the same loss.

    .. math:: -\sum_c t_{nc} \log \hat p_{nc} = -\log \hat p_{n, y_n}
              \quad\text{when } t_n \text{ is one-hot at } y_n

    The index form is ``nll_loss``; the one-hot form is ``softmax_cross_entropy`` with
    one-hot probability targets (on the logits, or on log p for probabilities, whose
    softmax is p again), or :func:`~xentcore.cross_entropy` of the one-hot rows against
    probabilities that contain a 0.

    Parameters
    ----------
    scores : array_like, shape (N, C)
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    log_probs : numpy.ndarray, optional
        :func:`log_probabilities` of ``scores``, if already computed.

    Returns
    -------
    LabelFormats

    Raises
    ------
    ValueError
        For invalid scores or labels.

    Examples
    --------
    >>> f = label_formats([[0.2, 0.8], [0.6, 0.4]], [1, 0], kind="probabilities")
    >>> round(f.sparse, 6) == round(f.categorical, 6), f.max_difference < 1e-12
    (True, True)
    """
    x = _scores(scores, kind)
    y = _labels(labels, *x.shape)
    logp = _log_probs(x, kind) if log_probs is None else log_probs
    sparse = nll_loss(logp, y, reduction="none")
    return _formats(x, y, kind, logp, sparse, _one_hot(y, x.shape[1], _order(x)))


def _formats(x, y, kind, logp, sparse, onehot) -> LabelFormats:
    """:func:`label_formats` on validated arrays (``sparse`` = nll_loss rows)."""
    if kind == "logits":
        categorical = softmax_cross_entropy(x, onehot, reduction="none")
    elif x.min() > 0:
        # PyTorch's form: cross_entropy(log p, one-hot targets); softmax(log p) = p for rows
        # that sum to 1, and it runs in cache-sized blocks (cheaper than the full-size
        # temporaries of the textbook sum).
        categorical = softmax_cross_entropy(logp, onehot, reduction="none")
    else:
        categorical = cross_entropy(onehot, x, axis=1)  # log 0 has no softmax form
    same = sparse == categorical  # also inf == inf, which would give nan below
    with np.errstate(invalid="ignore"):
        diff = np.where(same, 0.0, np.abs(sparse - categorical))
        return LabelFormats(
            sparse=float(np.mean(sparse)),
            categorical=float(np.mean(categorical)),
            max_difference=float(diff.max()),
        )


# ---------------------------------------------------------------------------
# Per class, calibration, confusion, baselines
# ---------------------------------------------------------------------------


class ClassSummary(NamedTuple):
    """Per class (by true label): how many samples, their mean loss and accuracy."""

    count: np.ndarray  # (C,) int
    mean_loss: np.ndarray  # (C,) nats; nan for a class with no samples
    accuracy: np.ndarray  # (C,) recall of the class; nan for a class with no samples


def class_summary(labels, predicted, losses, n_classes: int) -> ClassSummary:
    r"""Count, mean loss and accuracy of the samples of each true class.

    .. math:: \bar L_c = \frac{1}{n_c}\sum_{n: y_n = c} L_n, \qquad
              \text{acc}_c = \frac{1}{n_c}\,\#\{n : y_n = c,\ \hat y_n = c\}

    Parameters
    ----------
    labels, predicted : array_like of int, shape (N,)
        True and predicted class indices in [0, C).
    losses : array_like, shape (N,)
        Per-sample losses (``inf`` allowed).
    n_classes : int

    Returns
    -------
    ClassSummary

    Raises
    ------
    ValueError
        For indices outside [0, C), NaN or negative losses, or mismatched lengths.

    Examples
    --------
    >>> s = class_summary([0, 0, 1], [0, 1, 1], [0.1, 2.0, 0.3], 3)
    >>> s.count.tolist(), s.mean_loss.round(2).tolist()[:2], s.accuracy.tolist()[:2]
    ([2, 1, 0], [1.05, 0.3], [0.5, 1.0])
    """
    c = _count(n_classes, "n_classes", 1)
    y = _labels_of(labels, c)
    pred = class_indices(np.asarray(predicted), y.shape[0], c, _NO_IGNORE, name="predicted")[0]
    loss = as_float_array(losses, "losses", allow_empty=True)
    if loss.shape != y.shape:
        raise InputError(f"losses must have shape {y.shape}, one per label; got {loss.shape}")
    check_nonnegative(np.where(np.isposinf(loss), 0.0, loss), "losses")
    count = np.bincount(y, minlength=c)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.bincount(y, weights=loss, minlength=c) / count
        acc = np.bincount(y, weights=(pred == y).astype(np.float64), minlength=c) / count
    return ClassSummary(count=count, mean_loss=mean, accuracy=acc)


class Calibration(NamedTuple):
    """Reliability-diagram bins of the top-label confidence, and the ECE."""

    edges: np.ndarray  # (B + 1,) bin edges over [0, 1]
    count: np.ndarray  # (B,) samples per bin
    confidence: np.ndarray  # (B,) mean confidence per bin (nan if empty)
    accuracy: np.ndarray  # (B,) fraction correct per bin (nan if empty)
    ece: float  # expected calibration error


def calibration(confidence, correct, n_bins: int = 10) -> Calibration:
    r"""Reliability bins and the expected calibration error (Guo et al., 2017).

    Samples are binned by their confidence (the probability of the predicted class)
    into ``n_bins`` equal-width bins; a calibrated model is right as often as it is
    confident:

    .. math:: \text{ECE} = \sum_b \frac{n_b}{N}\,\big|\text{acc}_b - \text{conf}_b\big|

    Parameters
    ----------
    confidence : array_like, shape (N,)
        Values in [0, 1].
    correct : array_like of bool, shape (N,)
    n_bins : int, default 10
        From 1 to 1000.

    Returns
    -------
    Calibration

    Raises
    ------
    ValueError
        For confidences outside [0, 1], mismatched lengths or a bad bin count.

    Examples
    --------
    >>> cal = calibration([0.9, 0.9, 0.6, 0.6], [True, False, True, True], n_bins=2)
    >>> cal.count.tolist(), cal.accuracy.tolist(), round(cal.ece, 3)
    ([0, 4], [nan, 0.75], 0.0)
    """
    conf = as_float_array(confidence, "confidence")
    check_in_unit_interval(conf, "confidence")
    hit = np.asarray(correct)
    if hit.shape != conf.shape or conf.ndim != 1:
        raise InputError(f"correct must have the shape of confidence {conf.shape}, got {hit.shape}")
    b = _count(n_bins, "n_bins", 1)
    if b > 1000:
        raise InputError(f"n_bins must be at most 1000, got {b}")
    edges = np.linspace(0.0, 1.0, b + 1)
    # Bin k holds [k/B, (k+1)/B); confidence 1 goes in the last bin.
    idx = np.minimum((conf * b).astype(np.int64), b - 1)
    count = np.bincount(idx, minlength=b)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(idx, weights=conf, minlength=b) / count
        acc = np.bincount(idx, weights=hit.astype(np.float64), minlength=b) / count
    gaps = np.where(count > 0, np.abs(acc - mean_conf), 0.0)
    ece = float(np.dot(count, gaps) / conf.size)
    return Calibration(edges=edges, count=count, confidence=mean_conf, accuracy=acc, ece=ece)


def confusion_matrix(labels, predicted, n_classes: int) -> np.ndarray:
    r"""Counts of (true class, predicted class) pairs: rows are true classes.

    .. math:: M_{ij} = \#\{n : y_n = i,\ \hat y_n = j\}

    Parameters
    ----------
    labels, predicted : array_like of int, shape (N,)
    n_classes : int

    Returns
    -------
    numpy.ndarray of int, shape (C, C)

    Raises
    ------
    ValueError
        For indices outside [0, C) or mismatched lengths.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1], [0, 0, 1], 2).tolist()
    [[1, 0], [1, 1]]
    """
    c = _count(n_classes, "n_classes", 1)
    y = _labels_of(labels, c)
    pred = class_indices(np.asarray(predicted), y.shape[0], c, _NO_IGNORE, name="predicted")[0]
    return np.bincount(y * c + pred, minlength=c * c).reshape(c, c)


def most_confused(matrix, k: int = 20) -> list[tuple[int, int, int]]:
    r"""The ``k`` largest off-diagonal cells of a confusion matrix: (true, predicted, count).

    .. math:: \operatorname{top}_k \{ M_{ij} : i \ne j,\ M_{ij} > 0 \}

    Parameters
    ----------
    matrix : array_like of int, shape (C, C)
    k : int, default 20

    Returns
    -------
    list of (int, int, int)
        Largest count first; ties by true then predicted class.

    Raises
    ------
    ValueError
        For a matrix that is not square or has negative counts.

    Examples
    --------
    >>> most_confused([[5, 2, 0], [7, 1, 0], [0, 2, 9]], k=2)
    [(1, 0, 7), (0, 1, 2)]
    """
    m = as_float_array(matrix, "matrix")
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise InputError(f"matrix must be square (C, C), got shape {m.shape}")
    check_nonnegative(m, "matrix")
    kk = _count(k, "k", 1)
    off = m.copy()
    np.fill_diagonal(off, 0)
    flat = off.ravel()
    order = np.lexsort((np.arange(flat.size), -flat))[:kk]
    c = m.shape[0]
    return [(int(i // c), int(i % c), int(flat[i])) for i in order if flat[i] > 0]


class Baselines(NamedTuple):
    """Two losses any model should beat on these labels (nats)."""

    uniform: float  # ln C: predicting 1/C for every class
    base_rate: float  # H(label frequencies): always predicting the base rates
    frequencies: np.ndarray  # (C,) label frequencies


def baselines(labels, n_classes: int) -> Baselines:
    r"""The loss of a uniform guess and of always predicting the label frequencies.

    With label frequencies :math:`f` and the uniform prediction :math:`u = 1/C`:

    .. math:: H(f, u) = \ln C, \qquad H(f, f) = H(f) = -\sum_c f_c \ln f_c \le \ln C

    The second is the best any constant prediction can do on these labels.

    Parameters
    ----------
    labels : array_like of int, shape (N,)
    n_classes : int

    Returns
    -------
    Baselines

    Raises
    ------
    ValueError
        For labels outside [0, C).

    Examples
    --------
    >>> b = baselines([0, 0, 0, 1], 2)
    >>> round(b.uniform, 4), round(b.base_rate, 4)
    (0.6931, 0.5623)
    """
    c = _count(n_classes, "n_classes", 2)
    y = _labels_of(labels, c)
    if y.size == 0:
        raise InputError("labels is empty; give at least one label")
    freq = normalize(np.bincount(y, minlength=c).astype(np.float64))
    uniform = cross_entropy(freq, np.full(c, 1.0 / c))
    return Baselines(uniform=float(uniform), base_rate=float(entropy(freq)), frequencies=freq)


# ---------------------------------------------------------------------------
# Probability rows
# ---------------------------------------------------------------------------


class RowSums(NamedTuple):
    """How many probability rows miss 1, and the worst one."""

    n_off: int  # rows with |sum - 1| > tolerance
    worst_row: int  # 0-based index of the largest |sum - 1|
    worst_sum: float  # that row's sum
    tolerance: float


def row_sums(probabilities, *, tolerance: float = ROW_SUM_TOLERANCE) -> RowSums:
    r"""Check that every row of probabilities sums to 1.

    .. math:: \text{off}_n = \Big[\,\big|\textstyle\sum_c p_{nc} - 1\big| > \tau\,\Big]

    Parameters
    ----------
    probabilities : array_like, shape (N, C)
        Finite values.
    tolerance : float, default 1e-9
        τ, as everywhere in xentcore.

    Returns
    -------
    RowSums

    Raises
    ------
    ValueError
        For non-finite values, a shape that is not (N, C), or a negative tolerance.

    Examples
    --------
    >>> row_sums([[0.5, 0.5], [0.3, 0.3], [0.6, 0.6]])
    RowSums(n_off=2, worst_row=1, worst_sum=0.6, tolerance=1e-09)
    """
    p = as_float_array(probabilities, "probabilities")
    if p.ndim != 2:
        raise InputError(f"probabilities must have shape (N, C), got {p.shape}")
    check_finite(p, "probabilities")
    tol = check_scalar(tolerance, "tolerance", low=0.0)
    dev = np.abs(p.sum(axis=1) - 1.0)
    worst = int(np.argmax(dev))
    return RowSums(
        n_off=int(np.count_nonzero(dev > tol)),
        worst_row=worst,
        worst_sum=float(p[worst].sum()),
        tolerance=tol,
    )


def renormalize_rows(probabilities) -> np.ndarray:
    r"""Divide each row by its sum so that it sums to 1: :math:`p_{nc} / \sum_k p_{nk}`.

    Parameters
    ----------
    probabilities : array_like, shape (N, C)
        Non-negative, finite, each row with a positive sum.

    Returns
    -------
    numpy.ndarray, shape (N, C)

    Raises
    ------
    ValueError
        For negative or non-finite values, or a row of zeros (named by its index).

    Examples
    --------
    >>> renormalize_rows([[0.2, 0.2], [0.3, 0.6]]).round(4).tolist()
    [[0.5, 0.5], [0.3333, 0.6667]]
    """
    p = as_float_array(probabilities, "probabilities")
    if p.ndim != 2:
        raise InputError(f"probabilities must have shape (N, C), got {p.shape}")
    check_nonnegative(p, "probabilities")
    zero = p.sum(axis=1) <= 0
    if zero.any():
        row = int(np.argmax(zero))
        raise InputError(
            f"probabilities row {row} is all zeros ({int(zero.sum())} such rows); "
            "a row of zeros cannot be renormalised"
        )
    return normalize(p, axis=1)


# ---------------------------------------------------------------------------
# Units, perplexity, histogram, worst samples
# ---------------------------------------------------------------------------


def in_unit(value, base: float | None = None):
    r"""Convert nats to the unit of logarithm ``base``: :math:`x / \ln b`.

    Parameters
    ----------
    value : float or array_like
        A loss in nats.
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> in_unit(float(np.log(2)), 2)
    1.0
    """
    div = log_base(base)
    if np.ndim(value) == 0:
        return float(value) / div
    return as_float_array(value, "value", allow_empty=True) / div


def perplexity(mean_loss: float, *, base: float | None = None) -> float:
    r"""Perplexity of a mean cross-entropy: :math:`b^{H}` (:math:`e^{H}` for nats).

    The effective number of equally likely classes the model is choosing between:
    1 for a perfect model, C for a uniform guess over C classes.

    Parameters
    ----------
    mean_loss : float
        The mean cross-entropy in the unit of ``base`` (``inf`` gives ``inf``).
    base : float, optional
        ``None`` for nats, 2 for bits, 10 for hartleys.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For a negative or NaN loss.

    Examples
    --------
    >>> perplexity(1.0, base=2)
    2.0
    >>> round(perplexity(float(np.log(10))), 6)
    10.0
    """
    try:
        h = float(mean_loss)
    except (TypeError, ValueError):
        raise InputError(f"mean_loss must be a number, got {mean_loss!r}") from None
    if np.isnan(h) or h < 0:
        raise InputError(f"mean_loss must be >= 0, got {mean_loss!r}")
    b = float(np.exp(log_base(base)))
    with np.errstate(over="ignore"):
        return float(np.power(b, h)) if base is not None else float(np.exp(h))


class LossHistogram(NamedTuple):
    """Counts of the finite per-sample losses, and how many are infinite."""

    edges: np.ndarray  # (B + 1,) nats
    counts: np.ndarray  # (B,)
    n_infinite: int


def loss_histogram(losses, n_bins: int = 40) -> LossHistogram:
    r"""Histogram of per-sample losses over :math:`[0, \max_n L_n]` (finite ones).

    .. math:: \text{count}_b = \#\{n : e_b \le L_n < e_{b+1}\}

    Parameters
    ----------
    losses : array_like, shape (N,)
        Non-negative losses; ``inf`` ones are counted apart.
    n_bins : int, default 40

    Returns
    -------
    LossHistogram

    Raises
    ------
    ValueError
        For NaN or negative losses, or a bad bin count.

    Examples
    --------
    >>> h = loss_histogram([0.1, 0.2, 0.9, float("inf")], n_bins=2)
    >>> h.counts.tolist(), h.n_infinite
    ([2, 1], 1)
    """
    loss = as_float_array(losses, "losses")
    b = _count(n_bins, "n_bins", 1)
    finite = np.isfinite(loss)
    check_nonnegative(np.where(np.isposinf(loss), 0.0, loss), "losses")
    values = loss[finite] if not finite.all() else loss
    top = float(values.max()) if values.size else 1.0
    counts, edges = np.histogram(values, bins=b, range=(0.0, top if top > 0 else 1.0))
    return LossHistogram(edges=edges, counts=counts, n_infinite=int(loss.size - values.size))


def worst_samples(losses, k: int = 10) -> np.ndarray:
    r"""Indices of the ``k`` largest losses, largest first (ties: lower index first).

    .. math:: \operatorname{argsort}_n(-L_n)_{1..k}

    Parameters
    ----------
    losses : array_like, shape (N,)
    k : int, default 10

    Returns
    -------
    numpy.ndarray of int, shape (min(k, N),)

    Raises
    ------
    ValueError
        For NaN losses or k < 1.

    Examples
    --------
    >>> worst_samples([0.1, 3.0, 0.5, 3.0], k=3).tolist()
    [1, 3, 2]
    """
    loss = as_float_array(losses, "losses")
    if np.isnan(loss).any():
        raise InputError(f"losses has a NaN at index {int(np.argmax(np.isnan(loss)))}")
    kk = min(_count(k, "k", 1), loss.size)
    # argpartition finds the top k in O(N); only those k are then sorted.
    top = np.argpartition(loss, loss.size - kk)[-kk:] if kk < loss.size else np.arange(loss.size)
    return top[np.lexsort((top, -loss[top]))]


# ---------------------------------------------------------------------------
# Everything at once
# ---------------------------------------------------------------------------


class Evaluation(NamedTuple):
    """The whole story of one set of predictions (losses in nats)."""

    n: int
    n_classes: int
    kind: str
    losses: np.ndarray  # (N,) -log p(y), no weights, no smoothing
    p_true: np.ndarray  # (N,) predicted probability of the true class
    predicted: np.ndarray  # (N,) argmax class
    confidence: np.ndarray  # (N,) probability of the predicted class
    mean_loss: float
    n_infinite: int  # samples whose true class got probability 0
    accuracy: float
    reductions: Reductions
    classes: ClassSummary
    calibration: Calibration
    confusion: np.ndarray  # (C, C)
    baselines: Baselines
    histogram: LossHistogram
    worst: np.ndarray  # indices of the largest losses, largest first


def evaluate_predictions(
    scores,
    labels,
    *,
    kind: str,
    class_weight=None,
    sample_weight=None,
    label_smoothing: float = 0.0,
    n_bins: int = 10,
    n_worst: int = 100,
    histogram_bins: int | None = None,
) -> Evaluation:
    r"""Evaluate predictions against labels: losses, reductions, calibration and more.

    The mean cross-entropy is :math:`\bar L = -\frac1N\sum_n \log \hat p_{n,y_n}`;
    its perplexity is :math:`e^{\bar L}`. See :func:`framework_reductions`,
    :func:`class_summary`, :func:`calibration`,
    :func:`confusion_matrix`, :func:`baselines`, :func:`loss_histogram` and
    :func:`worst_samples` for the parts. The log-probabilities are computed once and
    shared; nothing loops over rows.

    Parameters
    ----------
    scores : array_like, shape (N, C)
        Probabilities (rows summing to 1 within 1e-9) or logits.
    labels : array_like of int, shape (N,)
    kind : {'probabilities', 'logits'}
    class_weight : array_like, shape (C,), optional
    sample_weight : array_like, shape (N,), optional
    label_smoothing : float, default 0.0
        Logits only; changes the PyTorch and Keras reductions, not the mean.
    n_bins : int, default 10
        Reliability-diagram bins.
    n_worst : int, default 100
        How many of the worst samples to index.
    histogram_bins : int, optional
        Bins of the loss histogram; by default :math:`\lceil\sqrt N\rceil` clipped to
        [10, 40].

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        For invalid scores, labels, weights or settings; the message names the argument.

    Examples
    --------
    >>> y, p = source_example()
    >>> ev = evaluate_predictions(p, y, kind="probabilities")
    >>> round(ev.mean_loss, 3), ev.accuracy, round(perplexity(ev.mean_loss), 3)
    (0.247, 1.0, 1.28)
    """
    x = _scores(scores, kind)
    n, c = x.shape
    y = _labels(labels, n, c)
    w = _class_weight(class_weight, c, "class_weight")
    s = _sample_weight(sample_weight, n)
    eps = _smoothing(label_smoothing, kind)
    logp = _log_probs(x, kind)
    losses = nll_loss(logp, y, reduction="none")
    reductions = _reductions(x, y, kind, w, s, eps, logp, losses)
    if kind == "probabilities":
        predicted = _row_argmax(x)
        p_true, confidence = _pick(x, y), _pick(x, predicted)
    else:
        predicted = _row_argmax(logp)
        p_true, confidence = np.exp(_pick(logp, y)), np.exp(_pick(logp, predicted))
    correct = predicted == y
    return Evaluation(
        n=n,
        n_classes=c,
        kind=kind,
        losses=losses,
        p_true=p_true,
        predicted=predicted,
        confidence=confidence,
        mean_loss=reductions.mean,
        n_infinite=int(np.count_nonzero(np.isinf(losses))),
        accuracy=float(np.mean(correct)),
        reductions=reductions,
        classes=class_summary(y, predicted, losses, c),
        calibration=calibration(confidence, correct, n_bins),
        confusion=confusion_matrix(y, predicted, c),
        baselines=baselines(y, c),
        histogram=loss_histogram(
            losses,
            int(np.clip(np.ceil(np.sqrt(n)), 10, 40)) if histogram_bins is None else histogram_bins,
        ),
        worst=worst_samples(losses, n_worst),
    )
