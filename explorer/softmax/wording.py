"""What the Softmax & logits page says: its intro, every message about an input, the
chart titles and the every-loss table. Pure: text in, text out, no widgets. The sentences
that explain each framework's number are in explorer/softmax/frameworks_wording.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from explorer.parsing import ListWording
from explorer.softmax.limits import LR_LIMIT, SHIFT_LIMIT
from explorer.text import format_number_list, format_value

__all__ = [
    "FORMULA",
    "REGISTERED_CAPTION",
    "REGISTERED_HEADING",
    "TEMPERATURE_SLIDER",
    "INTRO",
    "class_problem",
    "list_wording",
    "lr_problem",
    "probability_text",
    "registered_table",
    "rejected_text",
    "shift_problem",
    "soft_target_problem",
    "temperature_titles",
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


REGISTERED_HEADING = "#### The same example under every loss the Training page knows"
REGISTERED_CAPTION = (
    "Each loss of the one registry of losses (xentcore.registry), with its default "
    "settings and this example's logits, temperature and class weights; the gradient is "
    "of the loss in nats. Squared error has no unit. A loss added to the registry "
    "appears here, in Training and on Loss curves."
)


def registered_table(rows, labels, unit: str) -> tuple[list[str], list[list[str]]]:
    """Columns and rows of the every-loss table: name, value, then ∂L/∂z per class.

    >>> from xentcore.registry import RegisteredLoss
    >>> registered_table([RegisteredLoss("ce", "Cross-entropy", 0.6, True, (-0.3, 0.3))],
    ...                  ["class 0", "class 1"], "bits")
    (['loss', 'value', '∂L/∂z class 0', '∂L/∂z class 1'], [['Cross-entropy', '0.6000 bits', '-0.3000', '0.3000']])
    """  # noqa: E501
    columns = ["loss", "value", *(f"∂L/∂z {label}" for label in labels)]
    body = [
        [row.label, f"{row.value:.4f}" + (f" {unit}" if row.has_unit else ""),
         *(f"{g:.4f}" for g in row.grad)]
        for row in rows
    ]  # fmt: skip
    return columns, body


TEMPERATURE_SLIDER = "T (drag: the chart follows)"


def temperature_titles(frames, unit: str) -> list[str]:
    """The softmax chart's title at each position of its own temperature slider.

    >>> from explorer.softmax.compute import TemperatureFrames
    >>> temperature_titles(TemperatureFrames((1.0,), ((0.5, 0.5),), (1.0,), (0.6,)), "bits")
    ['T = 1 · L = 0.6000 bits · H(p) = 1.0000 bits']
    """
    titles = []
    for i, t in enumerate(frames.grid):
        parts = [f"T = {t:.3g} ·"]
        if frames.losses is not None:
            parts.append(f"L = {format_value(frames.losses[i], unit, 4)} ·")
        parts.append(f"H(p) = {format_value(frames.entropies[i], unit, 4)}")
        titles.append(" ".join(parts))
    return titles
