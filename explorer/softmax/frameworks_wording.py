"""What the Softmax & logits page says about the frameworks: each one's call, why its number
differs, and the same loss in float32 and float64. Pure: xentcore's reason codes in, text out.
"""

from __future__ import annotations

from collections.abc import Sequence

from xentcore.comparison import ClipNote, FrameworkRow, FrameworkSetup, PrecisionRow

__all__ = [
    "DISAGREEMENT_HELP",
    "DISAGREEMENT_LABEL",
    "FRAMEWORKS_CAPTION",
    "FRAMEWORKS_INTRO",
    "PRECISION_INTRO",
    "PRECISION_TITLE",
    "PRECISION_WHY",
    "WHY",
    "framework_call",
    "framework_rows",
    "framework_why",
    "precision_rows",
    "precision_why",
]


# --- the frameworks side by side --------------------------------------------------------

FRAMEWORKS_INTRO = (
    "The same logits (divided by T) and target, given to each library. Libraries use the "
    "natural log, so these numbers are in **nats** whatever the unit in the sidebar."
)
DISAGREEMENT_LABEL = "Show a disagreement: logits 40, 20, 0 with target class 2"
DISAGREEMENT_HELP = (
    "The target's probability (≈4e-18) is below both Keras' clip (1e-7) and "
    "scikit-learn's (2.2e-16)."
)
FRAMEWORKS_CAPTION = (
    "Try weights such as 1, 2, 5 with ε = 0.1, or the disagreement button: the exact "
    "log-softmax (PyTorch, Keras from logits) stays exact, the clipped probabilities do not."
)

_MEAN_BY_WEIGHT = "'mean' divides the weighted loss by the target class's weight w_{k} = {w_y:g}"
_SPLIT_MEAN = "Its weighted mean Σ s·l / Σ s divides the weight out for one example"

#: One sentence per reason code of :func:`xentcore.framework_losses`; the placeholders
#: are the row's facts (see :func:`framework_why`).
WHY = {
    "exact": "Exact log-softmax, no clipping.",
    "mean_over_batch": (
        "For a probability target, 'mean' divides by the batch size N = 1, never by the weights."
    ),
    "mean_over_zero_weight": (
        "'mean' divides the weighted loss by the target class's weight w_{k} = 0: "
        "0/0 is nan (PyTorch returns nan too)."
    ),
    "unweighted_single": "All weights 1 and one example: the loss itself.",
    "mean_weight_cancels": _MEAN_BY_WEIGHT + ", so for one example the class weight cancels out.",
    "mean_weight_kept": _MEAN_BY_WEIGHT
    + (
        "; with smoothing the ε/C terms carry every class's own weight w_c, so the "
        "weights do not cancel."
    ),
    "weighted_sum": (
        "The weighted loss of the example, −Σ w·y′·log p: what this page calls the loss."
    ),
    "exact_from_logits": "Exact log-softmax from logits, no clipping.",
    "smoothing": "Smoothing y′ = y(1 − ε) + ε/C with ε = {eps:g}, as PyTorch.",
    "sample_weight": (
        "Class weights are not part of a Keras loss: model.fit(class_weight=...) turns them "
        "into a sample weight, the weight of {which} (w = {w_y:g}), which multiplies the "
        "whole loss; 'sum_over_batch_size' then divides by N = 1, not by the weight."
    ),
    "smoothing_weights_differ": "PyTorch instead weights each class's smoothing term by its w_c.",
    "no_class_weights": "No class weights here, so no sample weight.",
    "keras_clip": (
        "From probabilities: renormalises p / Σp, then clips to [1e-7, 1 − 1e-7] before the log."
    ),
    "sklearn_clip": "Clips p to [2.2e-16, 1 − 2.2e-16] (float64 machine epsilon).",
    "clipped": "Here {notes}.",
    "clip_invisible": (
        "No probability is within the clip of 0 or 1 here, so it changes nothing visible."
    ),
    "smoothing_ignored": "log_loss has no label smoothing: ε = {eps:g} is ignored.",
    "sample_weight_divides_out": _SPLIT_MEAN + ".",
    "zero_sample_weight": _SPLIT_MEAN + ": the only sample has weight 0, so 0/0 = nan.",
    "no_soft_targets": (
        "log_loss takes class labels, not a soft target distribution, so it has no number "
        "for these inputs."
    ),
}

#: How each row's clip is written (the framework's own epsilon).
_CLIP_TEXT = {"keras_probs": "1e-7", "sklearn": "2.2e-16"}

_CALLS = {
    "torch_mean": "F.cross_entropy(z, {y}{w}{eps})",
    "torch_sum": "F.cross_entropy(z, {y}{w}{eps}, reduction='sum')",
    "keras_logits": "CategoricalCrossentropy(from_logits=True{eps})({y}, z)",
    "keras_probs": "CategoricalCrossentropy({eps_only})({y}, softmax(z))",
    "sklearn": "log_loss([{k}], [softmax(z)], labels=range({c}){sample_weight})",
}


def _clip_note(note: ClipNote, eps_text: str) -> str:
    if note.side == "low":
        shown = "0 (underflow)" if note.prob == 0 else f"{note.prob:.3g}"
        return (
            f"class {note.cls} has p = {shown}, raised to {eps_text}: its −log p is "
            f"{note.clipped_nll:.2f} instead of the exact {note.exact_nll:.4g}"
        )
    return (
        f"class {note.cls} has p ≈ 1, lowered to 1 − {eps_text}: its −log p is "
        f"{note.clipped_nll:.2g} instead of the exact {note.exact_nll:.2g}"
    )


def framework_why(row: FrameworkRow) -> str:
    """The reasons of one row of :func:`xentcore.framework_losses`, as sentences.

    >>> from xentcore import framework_losses
    >>> print(framework_why(framework_losses([40.0, 20.0, 0.0], 2)[4]))
    Clips p to [2.2e-16, 1 − 2.2e-16] (float64 machine epsilon). Here class 2 has p = 4.25e-18, raised to 2.2e-16: its −log p is 36.04 instead of the exact 40.
    """  # noqa: E501
    s = row["setup"]
    k = s.target_class
    eps_text = _CLIP_TEXT.get(row["row"], "")
    facts = {
        "k": k,
        "w_y": s.target_weight,
        "eps": s.label_smoothing,
        "which": f"the arg-max class {k} of the soft target" if s.soft else f"the target class {k}",
        "notes": "; ".join(_clip_note(n, eps_text) for n in row["clipped"]),
    }
    return " ".join(WHY[code].format(**facts) for code in row["reasons"])


def framework_call(row: FrameworkRow) -> str:
    """The library call that gives one row's number, written as a learner would type it.

    >>> from xentcore import framework_losses
    >>> for row in framework_losses([2.0, 1.0], 0, label_smoothing=0.1):
    ...     print(framework_call(row))
    F.cross_entropy(z, y, label_smoothing=0.1)
    F.cross_entropy(z, y, label_smoothing=0.1, reduction='sum')
    CategoricalCrossentropy(from_logits=True, label_smoothing=0.1)(y, z)
    CategoricalCrossentropy(label_smoothing=0.1)(y, softmax(z))
    log_loss([0], [softmax(z)], labels=range(2))
    """
    return _call_text(row["row"], row["setup"])


def _call_text(code: str, s: FrameworkSetup) -> str:
    """The call of row ``code`` of :data:`_CALLS` for the inputs ``s`` describes."""
    if code == "sklearn" and s.soft:
        return "log_loss(...): not applicable"
    eps = f", label_smoothing={s.label_smoothing:g}" if s.label_smoothing > 0 else ""
    return _CALLS[code].format(
        y="q" if s.soft else "y",
        w=", weight=w" if s.weight_given else "",
        eps=eps,
        eps_only=eps.lstrip(", "),
        k=s.target_class,
        c=s.n_classes,
        sample_weight=", sample_weight=[w_y]" if s.weighted else "",
    )


def framework_rows(rows: Sequence[FrameworkRow]) -> list[dict]:
    """The rows of :func:`xentcore.framework_losses` as the page's table shows them.

    Each dict has ``framework``, ``call``, ``value`` (nats, or None) and ``why``.
    """
    return [
        {
            "framework": r["framework"],
            "call": framework_call(r),
            "value": r["value"],
            "why": framework_why(r),
        }
        for r in rows
    ]


# --- the same loss in float32 and float64 ------------------------------------------------

PRECISION_TITLE = "The same loss in float32 and float64"
PRECISION_INTRO = (
    "Each library computes in the precision of its input (Keras in float32 unless told "
    "otherwise): float64 keeps about 16 significant digits, float32 about 7 (machine "
    "epsilon 1.19e-7 instead of 2.2e-16). Most losses then differ only in their 8th "
    "digit, but a clip that depends on the dtype can move them much more: scikit-learn "
    "clips at the dtype's epsilon, and Keras' 1 − 1e-7 becomes 1 − 1.19e-7 in float32."
)

#: One sentence per reason code of :func:`xentcore.framework_precision`.
PRECISION_WHY = {
    "torch_dtype": "PyTorch computes in the tensor's dtype: log-softmax in float32 here.",
    "keras_floatx": (
        "Keras computes in keras.config.floatx(), float32 unless set_floatx('float64')."
    ),
    "sklearn_dtype": "log_loss computes in y_proba's dtype and clips at its machine epsilon.",
    "float32_rounding": "The two agree to float32's 7 significant digits: only rounding differs.",
    "sum_rounds_to_one": (
        "In float32 the other classes' share, below 6e-8, is lost when added to 1: the "
        "target's probability is exactly 1 and its loss 0."
    ),
    "keras_clip_rounds": (
        "Its clip bounds round in float32 (1e-7 to 1.0000000117e-7, 1 − 1e-7 to "
        "1 − 1.19e-7): {notes}."
    ),
    "sklearn_clip_by_dtype": (
        "The clip is [1.19e-7, 1 − 1.19e-7] in float32 and [2.2e-16, 1 − 2.2e-16] in "
        "float64: {notes}."
    ),
    "float32_overflow": (
        "The logits divided by T exceed float32's largest number (3.4e38): there is no "
        "float32 loss."
    ),
    "no_soft_targets": "log_loss takes class labels, not a soft target distribution.",
}

#: The Frameworks table's call of each precision row.
_PRECISION_CALLS = {"torch": "torch_sum", "keras_probs": "keras_probs", "sklearn": "sklearn"}


def _dtype_clips(dtype: str, notes: Sequence[ClipNote]) -> list[str]:
    out = []
    for n in notes:
        if n.side == "low":
            shown = "0 (underflow)" if n.prob == 0 else f"{n.prob:.3g}"
            moved = "raised"
        else:
            shown = "1" if n.prob == 1 else f"1 − {1 - n.prob:.2g}"
            moved = "lowered"
        out.append(
            f"in {dtype} class {n.cls}'s p = {shown} is {moved} to the bound, so −log p = "
            f"{n.clipped_nll:.8g}"
        )
    return out


def precision_why(row: PrecisionRow) -> str:
    """The reasons of one row of :func:`xentcore.framework_precision`, as sentences.

    >>> from xentcore import framework_precision
    >>> print(precision_why(framework_precision([40.0, 20.0, 0.0], 2)[2]))
    log_loss computes in y_proba's dtype and clips at its machine epsilon. The clip is [1.19e-7, 1 − 1.19e-7] in float32 and [2.2e-16, 1 − 2.2e-16] in float64: in float64 class 2's p = 4.25e-18 is raised to the bound, so −log p = 36.043653; in float32 class 2's p = 4.25e-18 is raised to the bound, so −log p = 15.942385 (the exact −log p is 40).
    """  # noqa: E501
    clips = _dtype_clips("float64", row["clipped64"]) + _dtype_clips("float32", row["clipped32"])
    exact = {f"{n.exact_nll:.6g}" for n in (*row["clipped64"], *row["clipped32"])}
    notes = "; ".join(clips)
    if len(exact) == 1:
        notes += f" (the exact −log p is {exact.pop()})"
    return " ".join(PRECISION_WHY[code].format(notes=notes) for code in row["reasons"])


def _loss_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.9g}"


def precision_rows(rows: Sequence[PrecisionRow]) -> list[dict]:
    """The rows of :func:`xentcore.framework_precision` as the page's table shows them.

    Each dict has ``framework``, ``call``, ``float64`` and ``float32`` (nats, as text),
    ``difference`` (float32 − float64, as text) and ``why``.

    >>> from xentcore import framework_precision
    >>> [(r["float64"], r["float32"]) for r in precision_rows(framework_precision([2.0, 1.0, 0.1], 0))]
    [('0.417030016', '0.417029947'), ('0.417030016', '0.417030066'), ('0.417030016', '0.417029977')]
    """  # noqa: E501
    out = []
    for r in rows:
        f64, f32 = r["float64"], r["float32"]
        diff = "—" if f64 is None or f32 is None else f"{f32 - f64:.3g}"
        out.append(
            {
                "framework": r["framework"],
                "call": _call_text(_PRECISION_CALLS[r["row"]], r["setup"]),
                "float64": _loss_text(f64),
                "float32": _loss_text(f32),
                "difference": diff,
                "why": precision_why(r),
            }
        )
    return out
