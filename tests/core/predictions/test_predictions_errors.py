"""xentcore.predictions: every error names the argument."""

from __future__ import annotations

import numpy as np
import pytest

import xentcore as xc
import xentcore.training
from xentcore import predictions as P

# --- every error path -----------------------------------------------------------

GOOD_P = [[0.2, 0.8], [0.6, 0.4]]
ERRORS = {
    "unknown kind": (
        lambda: P.sample_losses(GOOD_P, [0, 1], kind="odds"),
        r"kind must be 'probabilities' or 'logits', got 'odds'",
    ),
    "1-D scores": (
        lambda: P.sample_losses([0.2, 0.8], [1], kind="probabilities"),
        r"scores must have shape \(N, C\)",
    ),
    "one class": (
        lambda: P.sample_losses([[1.0], [1.0]], [0, 0], kind="probabilities"),
        r"scores has 1 class column\(s\); give at least 2",
    ),
    "negative probability": (
        lambda: P.sample_losses([[-0.2, 1.2]], [0], kind="probabilities"),
        r"scores must be probabilities in \[0, 1\], but has -0.2 at index \(0, 0\)",
    ),
    "row sum": (
        lambda: P.sample_losses([[0.2, 0.7]], [0], kind="probabilities"),
        r"scores row at index 0 sums to 0.9, not 1",
    ),
    "nan logit": (
        lambda: P.sample_losses([[np.nan, 1.0]], [0], kind="logits"),
        r"scores has a non-finite value nan",
    ),
    "label out of range": (
        lambda: P.sample_losses(GOOD_P, [0, 2], kind="probabilities"),
        r"labels has class index 2 at row 1, outside \[0, 2\)",
    ),
    "label count": (
        lambda: P.sample_losses(GOOD_P, [0], kind="probabilities"),
        r"labels has 1 class indices but there are 2 rows",
    ),
    "fractional label": (
        lambda: P.sample_losses(GOOD_P, [0, 0.5], kind="probabilities"),
        r"labels must be integer class indices, but has 0.5 at index 1",
    ),
    "2-D labels": (
        lambda: P.sample_losses(GOOD_P, [[0, 1]], kind="probabilities"),
        r"labels must be a 1-D array",
    ),
    "smoothing with probabilities": (
        lambda: P.sample_losses(GOOD_P, [0, 1], kind="probabilities", label_smoothing=0.1),
        r"label_smoothing=0.1 needs logits",
    ),
    "smoothing above 1": (
        lambda: P.sample_losses(GOOD_P, [0, 1], kind="logits", label_smoothing=1.5),
        r"label_smoothing must be <= 1.0",
    ),
    "class weight shape": (
        lambda: P.framework_reductions(GOOD_P, [0, 1], kind="probabilities", class_weight=[1]),
        r"class_weight must hold one weight per class, shape \(2,\)",
    ),
    "negative class weight": (
        lambda: P.framework_reductions(GOOD_P, [0, 1], kind="probabilities", class_weight=[1, -1]),
        r"class_weight must be non-negative, but has -1.0 at index 1",
    ),
    "sample weight shape": (
        lambda: P.framework_reductions(GOOD_P, [0, 1], kind="probabilities", sample_weight=[1]),
        r"sample_weight must have shape \(2,\), one per row",
    ),
    "infinite sample weight": (
        lambda: P.framework_reductions(
            GOOD_P, [0, 1], kind="probabilities", sample_weight=[1, np.inf]
        ),
        r"sample_weight has a non-finite value inf at index 1",
    ),
    "unknown synthetic model": (
        lambda: P.synthetic_predictions("lucky"),
        r"model must be 'calibrated' or 'overconfident'",
    ),
    "synthetic classes": (
        lambda: P.synthetic_predictions(n_classes=1),
        r"n_classes must be a whole number >= 2",
    ),
    "synthetic sharpness": (
        lambda: P.synthetic_predictions(sharpness=0),
        r"sharpness must be > 0.0",
    ),
    "confidence outside [0, 1]": (
        lambda: P.calibration([1.2], [True]),
        r"confidence must be probabilities in \[0, 1\], but has 1.2",
    ),
    "calibration shapes": (
        lambda: P.calibration([0.5, 0.5], [True]),
        r"correct must have the shape of confidence",
    ),
    "calibration bins": (lambda: P.calibration([0.5], [True], n_bins=0), r"n_bins must be"),
    "too many bins": (lambda: P.calibration([0.5], [True], n_bins=5000), r"at most 1000"),
    "class summary losses": (
        lambda: P.class_summary([0, 1], [0, 1], [0.1], 2),
        r"losses must have shape \(2,\), one per label",
    ),
    "NaN loss": (
        lambda: P.class_summary([0], [0], [np.nan], 2),
        r"losses has a non-finite value nan",
    ),
    "predicted out of range": (
        lambda: P.confusion_matrix([0, 1], [0, 3], 2),
        r"predicted has class index 3 at row 1",
    ),
    "non-square matrix": (
        lambda: P.most_confused([[1, 2, 3]]),
        r"matrix must be square \(C, C\)",
    ),
    "empty labels for baselines": (lambda: P.baselines([], 2), r"labels is empty"),
    "row sums of a vector": (lambda: P.row_sums([0.5, 0.5]), r"probabilities must have shape"),
    "row sums NaN": (
        lambda: P.row_sums([[np.nan, 1.0]]),
        r"probabilities has a non-finite value nan",
    ),
    "row of zeros": (
        lambda: P.renormalize_rows([[0.5, 0.5], [0.0, 0.0]]),
        r"probabilities row 1 is all zeros \(1 such rows\)",
    ),
    "negative to renormalise": (
        lambda: P.renormalize_rows([[-0.5, 0.5]]),
        r"probabilities must be non-negative",
    ),
    "bad base": (lambda: P.in_unit(1.0, 1), r"base must be a number > 0 other than 1"),
    "negative perplexity": (lambda: P.perplexity_nats(-1.0), r"mean_loss must be >= 0"),
    "text perplexity": (lambda: P.perplexity_nats("x"), r"mean_loss must be a number"),
    "NaN worst": (lambda: P.worst_samples([0.1, np.nan]), r"losses has a NaN at index 1"),
    "worst k": (lambda: P.worst_samples([0.1], k=0), r"k must be a whole number >= 1"),
    "histogram negative": (
        lambda: P.loss_histogram([-1.0]),
        r"losses must be non-negative, but has -1.0",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_every_error_names_the_argument(case):
    fn, message = ERRORS[case]
    with pytest.raises(xc.InputError, match=message):
        fn()
