"""Learner text of the Calibrate and Model A vs B tabs: prose, captions and messages.

Pure (no Streamlit), so the wording is tested directly. Names from the user's files go
through :func:`explorer.predictions.wording.quoted` / ``listed`` or
:func:`explorer.text.md_user_text` before they are put into Markdown.
"""

from __future__ import annotations

from explorer.parsing import InputProblem
from explorer.predictions.uploads.extract import RowSumProblem
from explorer.predictions.wording import listed, quoted, row_text
from explorer.text import md_user_text

__all__ = [
    "CALIBRATE_INTRO",
    "VERSUS_INTRO",
    "classes_problem",
    "identical_problem",
    "infinite_problem",
    "interval_text",
    "kept_upload_caption",
    "labels_problem",
    "one_class_problem",
    "one_class_warning",
    "rows_problem",
    "share_problem",
    "split_caption",
    "temperature_verdict",
    "too_few_problem",
    "zero_true_problem",
]

# --- Calibrate ------------------------------------------------------------------------

CALIBRATE_INTRO = (
    "**Temperature scaling** divides every logit by one number T (for probabilities: "
    "p ↦ p^(1/T), renormalised), fitted to minimise the NLL on a **validation** part of "
    "the rows; the other rows, **held out**, show whether it helps on data it did not "
    "see. T > 1 makes the model less sure, T < 1 more; the ranking of the classes, and so "
    "the accuracy, stay as they were. **Vector scaling** (logits only) fits a scale and a "
    "bias per class instead, w·z + b, and may change the predicted class."
)
SHARE_HELP = (
    "The rows T is fitted on, drawn at random with the seed; the rest are held out to "
    "check it. Each part needs at least 4 rows."
)
SEED_HELP = "Which rows go to the validation part: the same seed gives the same split."
VECTOR_NEEDS_LOGITS = (
    "Vector scaling multiplies each class's logit by its own scale, so it needs logits: "
    "set ‘Predictions are’ to logits under Column mapping if the columns are raw scores, "
    "or export the model's logits."
)
CURVE_CAPTION = (
    "The objective temperature scaling minimises: the mean NLL of softmax(z / T) on the "
    "validation rows. It has one minimum in T (it is convex in 1/T), marked; T = 1 is "
    "the model as given."
)
RELIABILITY_CAPTION = (
    "Per class, on the held-out rows: the samples are binned by the probability the "
    "model gives the class, and each point is the bin's mean probability against how "
    "often the class is the label there. On the dotted diagonal the class is calibrated; "
    "below it the model gives the class too much probability."
)
METRIC_HELP = {
    "T": "Fitted on the validation rows: the logits are divided by it.",
    "NLL": "Mean −log p(true class) on the held-out rows after temperature scaling; the "
    "change is from the model as given.",
    "ECE": "Expected calibration error of the top class on the held-out rows, after "
    "temperature scaling (bins as set above).",
    "MCE": "Maximum calibration error: the largest gap of a non-empty bin.",
    "Brier": "Mean squared error between the probabilities and the one-hot label.",
}


def split_caption(n_validation: int, n_held_out: int, percent: int, seed: int) -> str:
    """How many rows each side of the split has.

    >>> split_caption(300, 300, 50, 0)[:45]
    'T is fitted on **300 validation rows** (50% o'
    """
    return (
        f"T is fitted on **{n_validation:,} validation rows** ({percent}% of the rows, "
        f"seed {seed}) and checked on the **{n_held_out:,} held-out rows**. The file's "
        "sample weights, the class weights and label smoothing are not used here."
    )


def brier_label(n_classes: int) -> str:
    """The Brier score's name: binary as scikit-learn's, else the sum over the classes.

    >>> brier_label(2), brier_label(3)
    ('Brier score', 'Brier score (3 classes)')
    """
    return "Brier score" if n_classes == 2 else f"Brier score ({n_classes} classes)"


def brier_help(n_classes: int) -> str:
    if n_classes == 2:
        return (
            "Binary: the mean of (P(y = 1) − y)², as scikit-learn's brier_score_loss; 0 is perfect."
        )
    return (
        f"The mean over samples of Σ_c (p_c − onehot_c)² over the {n_classes} classes, "
        "from 0 (perfect) to 2."
    )


def temperature_verdict(temperature: float) -> str:
    """What the fitted T says about the model.

    >>> temperature_verdict(2.5)[:39]
    '**T = 2.500 > 1: the model was over-con'
    """
    t = f"**T = {temperature:.3f}"
    if temperature > 1.02:
        return (
            f"{t} > 1: the model was over-confident.** Dividing its logits by T makes it "
            "less sure of itself."
        )
    if temperature < 0.98:
        return (
            f"{t} < 1: the model was under-confident.** Dividing its logits by T makes it "
            "surer of itself."
        )
    return f"{t} ≈ 1: the model was about as sure as it should be.** Scaling changes little."


def bound_warning(temperature: float) -> str:
    """The fit stopped at a bound of the search: the NLL still falls beyond it."""
    side = "low" if temperature < 1 else "high"
    return (
        f"T stopped at the {side} end of its search ({temperature:g}): the validation NLL "
        "keeps falling beyond it. That happens when the validation rows are classified "
        "perfectly (T → 0) or hold one class only, or when the predictions carry no "
        "information (T → ∞). Use more rows, or a larger validation share."
    )


def vector_note(converged: bool, iterations: int) -> str:
    """How the vector scaling fit ended.

    >>> vector_note(True, 6)
    'Vector scaling converged in 6 Newton steps.'
    """
    if converged:
        return f"Vector scaling converged in {iterations} Newton steps."
    return (
        f"Vector scaling stopped after {iterations} Newton steps without converging: the "
        "validation rows are (nearly) separable, so the NLL falls as the scales grow. "
        "Its numbers on the held-out rows are still what those scales give."
    )


def share_problem(percent: int, n_rows: int, n_small: int, lo: int, hi: int) -> InputProblem:
    """The validation share leaves too few rows on one side."""
    fix = (
        f"Set the share between {lo}% and {hi}%."
        if lo <= hi
        else "No share leaves 4 rows on each side: upload more rows."
    )
    return InputProblem(
        f"Validation share: {percent}% of {rows_text(n_rows)} leaves {rows_text(n_small)} "
        "on one side; each side needs at least 4.",
        fix,
        where="the Validation share slider of the Calibrate tab",
    )


def too_few_problem(n_rows: int, name: str, need: int, what: str) -> InputProblem:
    """A file with too few rows for the job (``what``: calibrate or compare).

    >>> print(too_few_problem(2, "a.csv", 8, "calibrate").markdown()[:36])
    **2 rows are too few to calibrate.**
    """
    why = (
        "T is fitted on one part of the rows and checked on the other, 4 rows at least each"
        if what == "calibrate"
        else "the paired bootstrap resamples the rows, and needs at least 2"
    )
    return InputProblem(
        f"{rows_text(n_rows)} {'is' if n_rows == 1 else 'are'} too few to {what}.",
        f"Upload at least {need} rows ({why}); a few hundred give numbers you can trust.",
        where=f"the file {quoted(name)}",
    )


def one_class_problem(class_name: str, n_rows: int, name: str) -> InputProblem:
    return InputProblem(
        f"Every label is the same class, {quoted(class_name)}.",
        "Calibration needs samples of at least two classes: with one, the NLL only falls "
        "as the model grows ever surer of it (T → 0). Upload predictions of samples of "
        "every class, with their true labels.",
        where=f"the label column of {quoted(name)}: all {n_rows:,} rows",
    )


def identical_problem(n_rows: int, class_names: list[str]) -> InputProblem:
    return InputProblem(
        f"All {n_rows:,} rows hold the same prediction.",
        "A temperature scales how sure the model is sample by sample; with one prediction "
        "for every row there is no model to calibrate, only a constant guess. Upload the "
        "model's own prediction for each sample (check that the export did not repeat a row).",
        where=f"the prediction columns of the classes {listed(class_names)}, every row",
    )


def zero_true_problem(n_bad: int, first: int, model: str = "The model") -> InputProblem:
    """Probability 0 on the true class: an infinite loss whatever is fitted."""
    return InputProblem(
        f"{model} gives the true class probability 0 on {rows_text(n_bad)}, so its loss "
        "there is infinite.",
        "Clip the probabilities away from 0 when exporting them (e.g. to 1e-7, as Keras "
        "does), or export logits; an infinite loss cannot be calibrated or compared.",
        where=f"first at {row_text(first)}",
    )


def refused_problem(err: Exception) -> InputProblem:
    return InputProblem(
        f"The calculation refused the data: {md_user_text(err, 300)}",
        "Check the column mapping and the settings above.",
    )


# --- Model A vs B ---------------------------------------------------------------------

VERSUS_INTRO = (
    "**Model A** is the file above; **model B** scores the same samples, in the same "
    "order, against the same labels. Per sample, the difference Δ = loss A − loss B is "
    "positive where B did better. The **paired bootstrap** resamples the samples (each "
    "with both its losses) to put an interval on the mean difference: an interval above 0 "
    "says B has the lower loss beyond resampling noise, one below 0 that A has."
)
B_UPLOAD_HELP = (
    "Read like model A's file (the same layouts and column names). It must have one row "
    "per row of model A, in the same order, with the same labels and classes."
)
BOOT_HELP = (
    "Each resample draws the N samples with replacement and takes the mean Δ; the "
    "interval is the 2.5% and 97.5% quantiles of those means. More resamples, a steadier "
    "interval (and longer to compute)."
)
B_UPLOAD_FIRST = (
    "Upload model B's predictions above: a file with one row per row of model A, in the "
    "same order, with the same labels. Or choose a model B made from model A."
)
MEAN_LOSS_HELP = "The mean of −log p(true class) over the samples (no weights)."
DELTA_HELP = (
    "Mean of the per-sample differences loss A − loss B: positive when model B has the "
    "lower loss on average."
)
BOOT_SEED_HELP = "Which resamples are drawn: the same seed gives the same interval."
HISTOGRAM_CAPTION = (
    "Right of 0: samples where B paid less than A; left of 0: where A paid less. The "
    "dashed line is the mean difference, the shaded band its 95% bootstrap interval."
)


def kept_upload_caption(name: str) -> str:
    """Model B's upload, kept while the tab was closed.

    >>> print(kept_upload_caption("*b*.csv"))
    Model B’s file: ‘\\*b\\*\\.csv’ (upload another to replace it).
    """
    return f"Model B’s file: {quoted(name)} (upload another to replace it)."


def interval_text(
    low: str, high: str, mean: str, n_resamples: int, seed: int, *, verdict: int
) -> str:
    """The interval and what it says (``verdict``: 1 B better, -1 A better, 0 unclear).

    >>> interval_text("0.1 nats", "0.2 nats", "0.15 nats", 1000, 0, verdict=1)[:48]
    '**95% paired bootstrap interval on the mean diff'
    """
    says = {
        1: "It lies above 0: **model B has the lower loss**, beyond resampling noise.",
        -1: "It lies below 0: **model A has the lower loss**, beyond resampling noise.",
        0: "It contains 0: on these samples the two models cannot be told apart.",
    }[verdict]
    return (
        f"**95% paired bootstrap interval on the mean difference: [{low}, {high}]** "
        f"around {mean} ({n_resamples:,} resamples, seed {seed}). {says}"
    )


def flips_text(n_flipped: int, n_fixed: int, n_broken: int, n: int) -> str:
    """The samples whose predicted class changes from A to B.

    >>> flips_text(5, 3, 1, 100)
    '**5 of 100 samples change their predicted class**: 3 fixed (A wrong, B right), 1 broken (A right, B wrong), 1 wrong either way.'
    """  # noqa: E501
    if n_flipped == 0:
        return (
            f"**No sample of the {n:,} changes its predicted class**: the models rank the "
            "classes alike (a temperature never changes the ranking), so their accuracy is "
            "the same and only the losses differ."
        )
    return (
        f"**{n_flipped:,} of {n:,} samples change their predicted class**: {n_fixed:,} fixed "
        f"(A wrong, B right), {n_broken:,} broken (A right, B wrong), "
        f"{n_flipped - n_fixed - n_broken:,} wrong either way."
    )


def b_file_problem(problem: InputProblem) -> InputProblem:
    """A problem of model B's file, said to be model B's (same kind, same where and fix).

    >>> print(b_file_problem(InputProblem("No label column.", "Map one.")).markdown())
    **Model B's file: No label column.**
    <BLANKLINE>
    **Fix:** Map one.
    """
    if problem.problem.startswith("Model B"):
        return problem
    said = f"Model B's file: {problem.problem}"
    if isinstance(problem, RowSumProblem):  # the page offers its Renormalise button
        return RowSumProblem(said, problem.fix, where=problem.where, report=problem.report)
    return InputProblem(said, problem.fix, where=problem.where)


def rows_text(n: int) -> str:
    """A count of rows.

    >>> rows_text(1), rows_text(1200)
    ('1 row', '1,200 rows')
    """
    return f"{n:,} row" + ("" if n == 1 else "s")


def rows_problem(n_b: int, n_a: int, name_b: str, name_a: str) -> InputProblem:
    return InputProblem(
        f"Model B has {rows_text(n_b)} but model A has {rows_text(n_a)}.",
        "Both models must score the same samples, one row each, in the same order: export "
        "model B's predictions on model A's rows, or choose another model B.",
        where=f"model B: {quoted(name_b)}; model A: {quoted(name_a)}",
    )


def classes_problem(names_b: list[str], names_a: list[str]) -> InputProblem:
    return InputProblem(
        f"Model B has {len(names_b)} classes but model A has {len(names_a)}.",
        "Both models must predict the same classes: give model B one prediction column per "
        "class of model A, in the same order (under Model B's column mapping).",
        where=f"model B's prediction columns {listed(names_b)}; model A's {listed(names_a)}",
    )


def labels_problem(n_differ: int, n: int, first: int, label_b: str, label_a: str) -> InputProblem:
    return InputProblem(
        f"The labels of the two files differ at {n_differ:,} of {n:,} rows.",
        "Score both models against the same labels, rows in the same order: check that "
        "neither file was sorted, shuffled or filtered.",
        where=f"model B's label column, first at {row_text(first)}: {quoted(label_b)} where "
        f"model A has {quoted(label_a)}",
    )


def names_warning(names_b: list[str], names_a: list[str]) -> str:
    return (
        f"Model B's classes are named {listed(names_b)}, model A's {listed(names_a)}: they "
        "are compared column by column, in order. Rename model B's columns if that pairs "
        "the wrong classes."
    )


def one_class_warning(class_name: str, n: int) -> str:
    return (
        f"Every label is {quoted(class_name)} (all {n:,} rows of the label column): the "
        "comparison only says which model is surer of that one class. Compare the models "
        "on samples of every class to learn how they classify."
    )


def infinite_problem(model: str, n_bad: int, first: int) -> InputProblem:
    return zero_true_problem(n_bad, first, model=model)


def small_warning(n: int) -> str:
    return (
        f"With {n:,} samples the bootstrap interval is rough: each resample can only "
        "reshuffle these few rows. A few hundred samples give a steadier one."
    )


def source_title(source: str, name: str, titles: dict[str, str]) -> str:
    """How a model is named in captions: its title, or its file's name (escaped).

    >>> print(source_title("upload", "*m*.csv", {}), source_title("x", "x.csv", {"x": "Sample"}))
    ‘\\*m\\*\\.csv’ Sample
    """
    return titles[source] if source in titles else quoted(name)
