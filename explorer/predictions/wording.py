"""Learner text of the Your predictions page: its prose, captions and messages.

Pure (no Streamlit), so the wording is tested directly. Text taken from the user's file
or typed by the user goes through :func:`quoted` or :func:`explorer.text.md_user_text`
before it is put into a message: Streamlit renders messages as Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from explorer.parsing import InputProblem, ListWording
from explorer.text import md_user_text

__all__ = [
    "CLASS_WEIGHTS_WHERE",
    "EXAMPLES",
    "INTRO",
    "URL_WEIGHT_MESSAGES",
    "UserTextTemplate",
    "baselines_text",
    "class_weights_count_problem",
    "class_weights_wording",
    "file_caption",
    "infinite_warning",
    "listed",
    "one_hot_text",
    "quoted",
    "reduction_labels",
    "reductions_why",
    "row_text",
]

#: How many offending cells a message lists.
EXAMPLES = 5


def quoted(text: object) -> str:
    """A name from the user's file, quoted and escaped for a message.

    >>> quoted("p_0")
    '‘p\\\\_0’'
    """
    return f"‘{md_user_text(text)}’"


def listed(items: Iterable[object], limit: int = 8) -> str:
    """Quoted names joined by commas, the first ``limit`` of them.

    >>> listed(["a", "b", "c"], limit=2)
    '‘a’, ‘b’ and 1 more'
    """
    items = list(items)
    shown = ", ".join(quoted(i) for i in items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def row_text(i: int) -> str:
    """A 0-based row index as messages name it: data rows count from 1 below the header.

    >>> row_text(1233)
    'row 1,234'
    """
    return f"row {i + 1:,}"


# --- the Class weights box ----------------------------------------------------------


class UserTextTemplate(str):
    """A :class:`~explorer.parsing.ListWording` template that can quote the bad text.

    Besides the parser's placeholders it offers ``{quoted}`` (the text as typed, quoted
    and escaped, as :func:`quoted`) and ``{escaped}`` (escaped, without quotes).

    >>> UserTextTemplate("value {i} ({quoted})").format(i=2, raw="*x*")
    'value 2 (‘\\\\*x\\\\*’)'
    """

    __slots__ = ()

    def format(self, *args: Any, **kwargs: Any) -> str:
        raw = kwargs.get("raw", "")
        return str.format(self, *args, quoted=quoted(raw), escaped=md_user_text(raw), **kwargs)


CLASS_WEIGHTS_WHERE = "the Class weights box"


def class_weights_wording(n_classes: int, max_weight: float) -> ListWording:
    """The messages of the Class weights box for ``n_classes`` classes.

    Each template is the problem, a blank line, then its fix: the page shows the two
    apart (with :data:`CLASS_WEIGHTS_WHERE` between them).

    >>> words = class_weights_wording(3, 1e6)
    >>> words.not_a_number.format(field=words.field, i=2, raw="x").split("\\n\\n")
    ['Class weights: value 2 (‘x’) is not a number.', 'Give 3 comma-separated numbers such as 1, 1, 1.']
    """  # noqa: E501
    c = n_classes
    not_a_weight = UserTextTemplate(
        "{field}: value {i} ({escaped}) is not a weight.\n\n"
        f"Each weight must be a finite number from 0 to {max_weight:g}."
    )
    return ListWording(
        field="Class weights",
        too_long="{field}: the text is {chars:,} characters long.\n\n"
        f"Give {c} comma-separated numbers, one per class.",
        not_a_number=UserTextTemplate(
            "{field}: value {i} ({quoted}) is not a number.\n\n"
            f"Give {c} comma-separated numbers such as {', '.join(['1'] * min(c, 4))}."
        ),
        not_finite=not_a_weight,
        below=not_a_weight,
        above=not_a_weight,
    )


def class_weights_count_problem(n_values: int, class_names: list[str]) -> InputProblem:
    """Not one weight per class: what the box holds, and the classes in order."""
    c = len(class_names)
    return InputProblem(
        f"Class weights: {n_values} number(s) for {c} classes.",
        where=f"{CLASS_WEIGHTS_WHERE}; the classes are {listed(class_names)}",
        fix=f"Give exactly {c} numbers, one per class in that order, or empty the box for "
        "weight 1 each.",
    )


#: The link's pred_cw value: worded as the app's other URL lists
#: (``explorer.state.URL_LIST_WORDING``) but for a bad weight.
URL_WEIGHT_MESSAGES = {
    "not_a_number": "{cut!r} is not a number",
    "not_finite": "{cut!r} is not a non-negative number",
    "below": "{cut!r} is not a non-negative number",
}


# --- inputs ---------------------------------------------------------------------------

INTRO = (
    "Drop in a model's predictions and see what its log loss means: which samples cost "
    "the most, how the frameworks would report it with your weights, and whether the "
    "model is as sure as it should be. Or start with a built-in sample."
)

UPLOAD_HELP = (
    "Layouts read automatically: a label column plus one probability or logit "
    "column per class (labels as indices 0..C-1 or as class names); a binary label "
    "plus one P(y=1) or logit column; or one-hot target columns plus prediction "
    "columns. An optional sample_weight column weights the rows."
)


def file_caption(max_upload_mb: object, max_rows: int, max_classes: int, max_cells: int) -> str:
    """The recognised column names and the page's limits, under the uploader."""
    return (
        "Column names such as label, p_cat, p_dog (probabilities), logit_0, logit_1 "
        "(logits), y_cat / p_cat pairs (one-hot) and sample_weight are recognised; "
        "anything else can be mapped by hand below.\n\n"
        f"Limits: a file of at most **{max_upload_mb} MB** (the "
        f"server's upload limit), **{max_rows:,} rows**, "
        f"**{max_classes:,} classes** and **{max_cells:,}** prediction "
        "cells (rows × classes). Rows are counted from 1 below the header; data row 1 is "
        "line 2 of a CSV."
    )


KIND_HELP = (
    "Probabilities lie in [0, 1] and each row sums to 1; logits are raw scores "
    "that a softmax turns into probabilities."
)
CLASS_WEIGHTS_HELP = (
    "As the weight argument of torch.nn.functional.cross_entropy, class_weight "
    "in Keras' fit and sample_weight = w[y] in scikit-learn."
)
SMOOTHING_HELP = (
    "As label_smoothing in torch.nn.functional.cross_entropy and Keras: the "
    "target becomes (1 − ε)·one-hot + ε/C. It changes the PyTorch and Keras numbers, "
    "not the mean cross-entropy of the predictions."
)
RENORMALISE_HELP = "Divide each probability row by its sum. Only needed when rows miss 1."
BALANCED_HELP = "scikit-learn's class_weight='balanced': rare classes weigh more."
WEIGHTS_FALLBACK = "The results below use weight 1 for every class until the box is fixed."


# --- results --------------------------------------------------------------------------

#: Tooltips of the headline metrics, by label.
HEADLINE_HELP: Mapping[str, str] = {
    "Mean cross-entropy": "The average of −log p(true class) over the samples: the log loss. "
    "No weights and no smoothing: see Frameworks & weights for those.",
    "Perplexity": "e to the mean loss in nats (2 to the mean in bits): the model is as unsure "
    "as a uniform guess among this many classes.",
    "Accuracy": "Share of samples whose most probable class is the true one.",
    "Calibration error (ECE)": "Average gap between confidence and accuracy over the "
    "reliability bins: 0 for a calibrated model.",
}


def infinite_warning(n_infinite: int) -> str:
    """Why the mean is infinite, and how the frameworks avoid it."""
    return (
        f"{n_infinite:,} sample(s) gave their true class probability 0, so their loss "
        "is ∞ and so is the mean. Frameworks keep it finite by clipping: scikit-learn at "
        "2.2e-16 (36.04 nats), Keras at 1e-7 (16.12 nats); see their numbers below."
    )


def baselines_text(
    n_classes: int,
    uniform: str,
    base_rate: str,
    loss: str,
    *,
    beats_base: bool,
    beats_uniform: bool,
) -> str:
    """The model's loss against a uniform guess and the label frequencies (values as shown).

    >>> baselines_text(2, "0.693 nats", "0.5 nats", "0.2 nats", beats_base=True,
    ...                beats_uniform=True)[-41:]
    'it knows more than the label frequencies.'
    """
    if beats_base:
        verdict = "beats both: it knows more than the label frequencies."
    elif beats_uniform:
        verdict = (
            "beats the uniform guess but not the base rates: always predicting the label "
            "frequencies would score better."
        )
    else:
        verdict = "does not even beat a uniform guess."
    return (
        f"**Baselines.** A uniform guess over the {n_classes} classes costs ln C = "
        f"{uniform}; always predicting the label frequencies costs their entropy, "
        f"{base_rate}. At {loss} this model {verdict}"
    )


def reduction_labels(kind: str, both: bool, binary: bool) -> list[tuple[str, str, str]]:
    """Rows of the reductions table: who reports it, which weights it takes, its divisor.

    In the order of ``mean, torch_mean, torch_none_mean, keras, sklearn`` (then
    ``torch_binary`` for two classes) of :class:`xentcore.predictions.Reductions`.
    ``both``: the file has sample weights and class weights are set.
    """
    torch_call = "F.cross_entropy(z, y)" if kind == "logits" else "F.nll_loss(log p, y)"
    # Keras' fit() refuses class_weight and sample_weight together (checked against Keras
    # 3.15, tests/core/test_keras_parity.py): with both, the weights are folded by hand.
    keras_weights = "sample_weight = s · w[y]" if both else "class_weight = w or sample_weight = s"
    rows = [
        ("Plain mean of −log p(true class)", "none", "N"),
        (f"PyTorch {torch_call}, reduction='mean'", "weight = w", "Σ w[y]"),
        ("PyTorch reduction='none', then (loss * s).mean()", "w, then s", "N"),
        ("Keras CategoricalCrossentropy, fit()", keras_weights, "N"),
        ("scikit-learn log_loss", "sample_weight = s · w[y]", "Σ s · w[y]"),
    ]
    if binary:
        call = "binary_cross_entropy_with_logits" if kind == "logits" else "binary_cross_entropy"
        rows.append((f"PyTorch F.{call}", "weight = s · w[y]", "N"))
    return rows


REDUCTIONS_CAPTION = (
    "w: the class weights above; s: the file's sample-weight column (1 if none). "
    "Label smoothing, if set, applies to the PyTorch and Keras rows."
)

REDUCTIONS_LATEX = (
    r"\text{PyTorch} = \frac{\sum_n w_{y_n} l_n}{\sum_n w_{y_n}},\quad"
    r"\text{Keras} = \frac{\sum_n s_n w_{y_n} l_n}{N},\quad"
    r"\text{scikit-learn} = \frac{\sum_n s_n w_{y_n} l_n}{\sum_n s_n w_{y_n}}"
)


def reductions_why(*, weighted: bool, both: bool, smoothing: float) -> str:
    """Why the frameworks' numbers agree or differ with these weights and smoothing.

    >>> reductions_why(weighted=False, both=False, smoothing=0.0)[:30]
    '**Why they agree here.** Witho'
    """
    divisors = (
        "the frameworks divide the same weighted sum by different things: PyTorch by the "
        "sum of the target-class weights Σ w[y], Keras by the batch size N, scikit-learn by "
        "the sum of the sample weights. PyTorch's 'mean' also ignores sample weights "
        "(F.cross_entropy has no per-sample weight), and reduction='none' followed by "
        ".mean() is not reduction='mean' once class weights are set."
    )
    clips = (
        "they agree up to how they avoid log 0: PyTorch takes log p as it is, Keras clips p "
        "to [1e-7, 1 − 1e-7], scikit-learn to [2.2e-16, 1 − 2.2e-16]."
    )
    if weighted or smoothing > 0:
        why = f"**Why they differ.** With these weights, {divisors} Without weights, {clips}"
    else:
        why = (
            f"**Why they agree here.** Without weights, {clips} Set class weights above (or "
            f"map a sample-weight column) and they part: {divisors}"
        )
    if both:
        why += (
            " Keras' fit() will not take class_weight and sample_weight together (\"You "
            'cannot `class_weight` and `sample_weight` at the same time"): its row is '
            "fit(sample_weight=s · w[y]), the class weight of each sample's label times its "
            "sample weight."
        )
    if smoothing > 0:
        why += (
            f" Label smoothing ε = {smoothing:g} changes the PyTorch and Keras numbers "
            "(they score the smoothed targets (1 − ε)·one-hot + ε/C); scikit-learn's log_loss "
            "has no smoothing."
        )
    return why


def one_hot_text(categorical: str, sparse: str, max_difference: float) -> str:
    """One-hot targets and class indices give the same loss (means as shown)."""
    return (
        f"**One-hot or class index: the same loss.** With one-hot targets (categorical "
        f"cross-entropy, −Σ t·log p) the mean is {categorical}; with class indices (sparse "
        f"categorical, −log p[y]) it is {sparse}. The largest difference on any sample is "
        f"{max_difference:.1e} nats: only the label format differs."
    )


DOWNLOAD_SAFETY = (
    "Row numbers count data rows from 1 below the header. Text cells that a spreadsheet "
    "would run as a formula (starting with =, +, −, @) are prefixed with ' in every "
    "download; numbers stay numbers."
)

CALIBRATION_CAPTION = (
    "Samples grouped by their confidence (the probability of the predicted class); the "
    "number of bins is set above. Blue bars below the orange diamonds mean the model is "
    "right less often than it claims: over-confident. Above them: under-confident."
)

MODELS_CAPTION = (
    "Both models rank the classes alike, so their accuracy is identical; the "
    "over-confident one pays for its certainty in cross-entropy and calibration."
)
