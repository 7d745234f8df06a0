"""What the Softmax & logits page says: its intro, every message about an input, and the
sentences that explain each framework's number. Pure: text in, text out, no widgets.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from explorer.parsing import ListWording
from explorer.softmax.limits import LR_LIMIT, SHIFT_LIMIT
from explorer.text import format_number_list
from xentcore.comparison import ClipNote, FrameworkRow, FrameworkSetup, PrecisionRow

__all__ = [
    "DISAGREEMENT_HELP",
    "DISAGREEMENT_LABEL",
    "FORMULA",
    "FRAMEWORKS_CAPTION",
    "FRAMEWORKS_INTRO",
    "INTRO",
    "PRECISION_INTRO",
    "PRECISION_TITLE",
    "PRECISION_WHY",
    "WHY",
    "class_problem",
    "framework_call",
    "framework_rows",
    "framework_why",
    "list_wording",
    "lr_problem",
    "precision_rows",
    "precision_why",
    "probability_text",
    "rejected_text",
    "shift_problem",
    "soft_target_problem",
    "weights_problem",
]

INTRO = (
    "A classifier outputs one score per class, the **logits** z. **Softmax** turns them into "
    "probabilities p, and **cross-entropy** compares p with the target y′. Change any input "
    "and every number below follows."
)
FORMULA = (
    r"p_i = \operatorname{softmax}(z/T)_i = \frac{e^{z_i/T}}{\sum_j e^{z_j/T}}, \qquad "
    r"L = -\sum_c w_c\, y'_c \log p_c, \qquad y'_c = (1-\varepsilon)\, y_c + \frac{\varepsilon}{C}"
)


# --- lists typed as text --------------------------------------------------------------


def list_wording(field: str, expects: str) -> ListWording:
    """The messages of a list text box: the field's name first, then what to type.

    ``expects`` is the list's URL param's own description, so a text box and a link say
    the same about a list.

    >>> from explorer.parsing import ListRules, parse_number_list
    >>> words = list_wording("Logits", "2 to 50 comma-separated numbers")
    >>> parse_number_list("2 1; 0.1", ListRules(min_len=2), words)
    [2.0, 1.0, 0.1]
    >>> parse_number_list("2, abc", ListRules(min_len=2), words)
    Traceback (most recent call last):
    ...
    explorer.parsing.InputProblem: Logits: value 2 ('abc') is not a number. Type 2 to 50 comma-separated numbers.
    """  # noqa: E501
    return ListWording(
        field=field,
        fix=f"Type {expects}.",
        count="{field}: has {count} values, not {min_len} to {max_len}. {fix}",
        not_a_number="{field}: {item} {i} ({cut!r}) is not a number. {fix}",
        not_finite="{field}: {item} {i} ({cut!r}) is not a finite number. {fix}",
    )


def rejected_text(error: str, what: str, values: Sequence[float]) -> str:
    """A rejected text's message, and the list the page goes on using meanwhile.

    >>> rejected_text("Class weights: ... Type 3 weights.", "class weights", [])
    'Class weights: ... Type 3 weights. Until then the page uses the last valid class weights: every weight 1.'
    """  # noqa: E501
    shown = format_number_list(values) or "every weight 1"
    return f"{error} Until then the page uses the last valid {what}: {shown}."


# --- messages: what is wrong, and how to fix it ---------------------------------------


def class_problem(cls: int, n_classes: int) -> str | None:
    """Say what is wrong with the target class.

    >>> class_problem(1, 3) is None
    True
    >>> class_problem(5, 3)
    'Target class 5 does not exist: with 3 logits the classes are 0 to 2. Pick a class from 0 to 2.'
    """
    if 0 <= cls < n_classes:
        return None
    return (
        f"Target class {cls} does not exist: with {n_classes} logits the classes are 0 to "
        f"{n_classes - 1}. Pick a class from 0 to {n_classes - 1}."
    )


def soft_target_problem(values: Sequence[float], n_classes: int) -> str | None:
    """Say what is wrong with a soft target.

    >>> soft_target_problem([0.7, 0.2, 0.1], 3) is None
    True
    >>> print(soft_target_problem([0.5, 0.4, 0.3], 3))
    Soft target sums to 1.2, not 1. Probabilities must add up to 1: edit them or press Renormalise.
    """
    if len(values) != n_classes:
        return (
            f"Soft target has {len(values)} probabilities but there are {n_classes} logits. "
            f"Type {n_classes} probabilities, or press Uniform."
        )
    if any(not math.isfinite(v) or v < 0 for v in values):
        return "Soft target has a negative or non-numeric entry. Type numbers from 0 to 1."
    total = math.fsum(values)
    if total == 0:
        return "Soft target is all zeros. Give at least one class a positive probability."
    if abs(total - 1.0) > 1e-9:
        return (
            f"Soft target sums to {total:.6g}, not 1. Probabilities must add up to 1: "
            "edit them or press Renormalise."
        )
    return None


def weights_problem(values: Sequence[float], n_classes: int) -> str | None:
    """Say what is wrong with the class weights (empty means every weight is 1).

    >>> weights_problem([], 5) is None
    True
    >>> weights_problem([1.0, 2.0], 3)
    'Class weights: 2 weights for 3 classes. Type 3 weights, or empty the box (every weight 1).'
    """
    if values and len(values) != n_classes:
        return (
            f"Class weights: {len(values)} weights for {n_classes} classes. Type {n_classes} "
            "weights, or empty the box (every weight 1)."
        )
    return None


def lr_problem(lr: float) -> str | None:
    """Say what is wrong with the learning rate.

    >>> lr_problem(0.5) is None
    True
    >>> lr_problem(0.0)
    'Learning rate must be above 0 (it is 0): a step of size 0 does not move the logits. Try 1.'
    """
    if not math.isfinite(lr):
        return "Learning rate is not a number. Type a number above 0, e.g. 1."
    if lr == 0:
        return (
            "Learning rate must be above 0 (it is 0): a step of size 0 does not move the "
            "logits. Try 1."
        )
    if lr < 0:
        return (
            f"Learning rate must be above 0 (it is {lr:g}): a negative step climbs the loss. Try 1."
        )
    if lr > LR_LIMIT:
        return f"Learning rate {lr:g} is above the limit {LR_LIMIT:g}. Type a smaller one, e.g. 1."
    return None


def shift_problem(shift: float) -> str | None:
    """Say what is wrong with the constant added to every logit.

    >>> shift_problem(1e9)
    'The constant 1e+09 is beyond ±1e+06. Type a number from -1e+06 to 1e+06.'
    """
    if not math.isfinite(shift) or abs(shift) > SHIFT_LIMIT:
        return (
            f"The constant {shift:g} is beyond ±{SHIFT_LIMIT:g}. Type a number from "
            f"{-SHIFT_LIMIT:g} to {SHIFT_LIMIT:g}."
        )
    return None


def probability_text(p: float) -> str:
    """Four decimals, or three significant digits when that would show 0.0000.

    >>> probability_text(0.659), probability_text(4.248e-18), probability_text(0.0)
    ('0.6590', '4.25e-18', '0.0000')
    """
    return f"{p:.3g}" if 0 < p < 5e-5 else f"{p:.4f}"


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
