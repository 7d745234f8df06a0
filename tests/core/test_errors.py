"""Every ValueError path: the message names the argument, the problem and where."""

import numpy as np
import pytest

import xentcore as xc

NAN, INF = float("nan"), float("inf")
Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
P = [0.2, 0.8]

CASES = {
    # information measures
    "text instead of numbers": (lambda: xc.entropy("0.5, 0.5"), r"p must be numbers, got the text"),
    "ragged rows": (lambda: xc.entropy([[0.5, 0.5], [1.0]]), r"p must be an array of numbers"),
    "empty p": (lambda: xc.entropy([]), r"p is empty"),
    "empty class axis": (
        lambda: xc.entropy(np.zeros((2, 0))),
        r"p is empty; give at least one value",
    ),
    "scalar p": (lambda: xc.entropy(0.5), r"p must be a distribution .* got a scalar"),
    "negative p": (
        lambda: xc.entropy([-0.2, 1.2]),
        r"p must be non-negative, but has -0.2 at index 0",
    ),
    "NaN p": (lambda: xc.entropy([NAN, 1.0]), r"p has a non-finite value nan at index 0"),
    "inf q": (lambda: xc.cross_entropy(P, [INF, 0.0]), r"q has a non-finite value inf"),
    "row sums to 1.3": (
        lambda: xc.cross_entropy(P, [0.5, 0.8]),
        r"q sums to 1.3, not 1.*renormalise it with xentcore.normalize",
    ),
    "which row": (lambda: xc.entropy([[0.5, 0.5], [0.5, 0.6]]), r"p row at index 1 sums to 1.1"),
    "shape mismatch": (
        lambda: xc.kl_divergence(P, [0.2, 0.3, 0.5]),
        r"p has shape \(2,\) but q has shape \(3,\); they must match",
    ),
    "base 1": (lambda: xc.entropy(P, base=1), r"base must be a number > 0 other than 1"),
    "base text": (lambda: xc.js_divergence(P, P, base="two"), r"base must be a number"),
    "axis out of range": (lambda: xc.entropy(P, axis=3), r"axis=3 is out of range"),
    "axis not int": (lambda: xc.entropy(P, axis=0.5), r"axis must be an integer"),
    "normalize zero row": (lambda: xc.normalize([[1, 1], [0, 0]]), r"x has a row of zeros"),
    "normalize negative": (lambda: xc.normalize([3, -1]), r"x must be non-negative, but has -1.0"),
    "normalize scalar": (lambda: xc.normalize(3.0), r"x must be a 1-D or larger array"),
    "clip eps": (lambda: xc.clipped_cross_entropy(P, P, eps=0), r"eps must be > 0"),
    # softmax family
    "softmax scalar": (lambda: xc.softmax(1.0), r"z must be a 1-D or larger array of logits"),
    "softmax NaN": (lambda: xc.softmax([0.0, NAN]), r"z has a non-finite value nan at index 1"),
    "temperature 0": (lambda: xc.softmax([1.0, 2.0], temperature=0), r"temperature must be > 0"),
    "temperature NaN": (
        lambda: xc.log_softmax([1.0], temperature=NAN),
        r"temperature must be a finite number",
    ),
    "temperature overflow": (
        lambda: xc.softmax([1e307, 0.0], temperature=0.05),
        r"z / temperature overflows float64",
    ),
    "logsumexp inf": (lambda: xc.logsumexp([1.0, INF]), r"x has a non-finite value inf"),
    "sigmoid empty": (lambda: xc.sigmoid([]), r"x is empty"),
    "log_sigmoid NaN": (lambda: xc.log_sigmoid([NAN]), r"x has a non-finite value"),
    # softmax cross-entropy
    "class out of range": (
        lambda: xc.softmax_cross_entropy(Z, [3, 0]),
        r"target has class index 3 at row 0, outside \[0, 3\)",
    ),
    "negative class": (
        lambda: xc.softmax_cross_entropy(Z, [0, -1]),
        r"class index -1 at row 1.*not ignore_index=-100",
    ),
    "fractional class": (
        lambda: xc.softmax_cross_entropy(Z, [0.5, 1.0]),
        r"target must be integer class indices, but has 0.5",
    ),
    "text class": (
        lambda: xc.softmax_cross_entropy(Z, ["a", "b"]),
        r"target must be class indices or probabilities",
    ),
    "too few targets": (
        lambda: xc.softmax_cross_entropy(Z, [0, 1, 2]),
        r"target has shape \(3,\); for logits of shape \(2, 3\)",
    ),
    "prob target out of range": (
        lambda: xc.softmax_cross_entropy(Z, [[0, 1.3, 0], [1, 0, 0]]),
        r"target must be probabilities in \[0, 1\], but has 1.3",
    ),
    "weight shape": (
        lambda: xc.softmax_cross_entropy(Z, [0, 1], weight=[1, 2]),
        r"weight must hold one weight per class, shape \(3,\)",
    ),
    "negative weight": (
        lambda: xc.softmax_cross_entropy(Z, [0, 1], weight=[1, -2, 1]),
        r"weight must be non-negative, but has -2.0 at index 1",
    ),
    "smoothing > 1": (
        lambda: xc.softmax_cross_entropy(Z, [0, 1], label_smoothing=1.5),
        r"label_smoothing must be <= 1.0",
    ),
    "reduction": (
        lambda: xc.softmax_cross_entropy(Z, [0, 1], reduction="avg"),
        r"reduction must be one of 'none', 'mean', 'sum', got 'avg'",
    ),
    "3-D logits": (
        lambda: xc.softmax_cross_entropy(np.zeros((2, 2, 2)), [0, 1]),
        r"logits must have shape \(C,\) or \(N, C\)",
    ),
    "no classes": (lambda: xc.softmax_cross_entropy(np.zeros((2, 0)), [0, 1]), r"logits is empty"),
    "NaN logit": (
        lambda: xc.softmax_cross_entropy([[0.0, NAN], [1.0, 1.0]], [0, 1]),
        r"logits has a non-finite value nan at row 0, column 1",
    ),
    "ignore_index text": (
        lambda: xc.softmax_cross_entropy(Z, [0, 1], ignore_index="x"),
        r"ignore_index must be an integer",
    ),
    "grad class out of range": (
        lambda: xc.softmax_cross_entropy_grad(Z, [0, 7]),
        r"class index 7 at row 1",
    ),
    # nll
    "nll NaN": (lambda: xc.nll_loss([[NAN, 0.0]], [0]), r"log_probs has a non-finite value nan"),
    "nll +inf": (lambda: xc.nll_loss([[INF, 0.0]], [0]), r"log_probs has a non-finite value inf"),
    "nll 3-D": (lambda: xc.nll_loss(np.zeros((1, 1, 1)), [0]), r"log_probs must have shape"),
    "nll target shape": (lambda: xc.nll_loss(np.zeros((2, 2)), [0]), r"target has shape \(1,\)"),
    "nll weight": (
        lambda: xc.nll_loss(np.zeros((2, 2)), [0, 1], weight=[1.0]),
        r"weight must have shape \(2,\)",
    ),
    # binary
    "bce p > 1": (
        lambda: xc.binary_cross_entropy([1.3], [1.0]),
        r"probs must be probabilities in \[0, 1\], but has 1.3",
    ),
    "bce p < 0": (lambda: xc.binary_cross_entropy([-0.2], [1.0]), r"probs must be probabilities"),
    "bce target": (lambda: xc.binary_cross_entropy([0.3], [2.0]), r"target must be probabilities"),
    "bce shapes": (
        lambda: xc.binary_cross_entropy([0.3, 0.2], [1.0]),
        r"probs has shape \(2,\) but target has shape \(1,\)",
    ),
    "bce weight": (
        lambda: xc.binary_cross_entropy([0.3, 0.2], [1.0, 0.0], weight=[1, 2, 3]),
        r"weight of shape \(3,\) does not broadcast",
    ),
    "bcel inf": (
        lambda: xc.binary_cross_entropy_with_logits([INF], [1.0]),
        r"logits has a non-finite value inf",
    ),
    "pos_weight shape": (
        lambda: xc.binary_cross_entropy_with_logits(
            np.zeros((2, 3)), np.zeros((2, 3)), pos_weight=[1.0, 2.0]
        ),
        r"pos_weight of shape \(2,\) does not broadcast.*one weight per class",
    ),
    "pos_weight negative": (
        lambda: xc.binary_cross_entropy_with_logits_grad([0.0], [1.0], pos_weight=[-1.0]),
        r"pos_weight must be non-negative",
    ),
    "focal alpha": (lambda: xc.sigmoid_focal_loss([0.0], [1.0], alpha=2), r"alpha must be <= 1.0"),
    "focal gamma": (lambda: xc.sigmoid_focal_loss([0.0], [1.0], gamma=-1), r"gamma must be >= 0.0"),
    # log_loss
    "log_loss p > 1": (
        lambda: xc.log_loss([0, 1], [[0.2, 1.3], [0.5, 0.5]]),
        r"y_proba must be probabilities in \[0, 1\], but has 1.3 at \(0, 1\)",
    ),
    "log_loss NaN": (
        lambda: xc.log_loss([0, 1], [NAN, 0.5]),
        r"y_proba must be probabilities in \[0, 1\], but has nan at 0",
    ),
    "log_loss one class": (
        lambda: xc.log_loss([1, 1], [0.5, 0.5]),
        r"y_true has only one class \(1\); pass labels=",
    ),
    "log_loss columns": (
        lambda: xc.log_loss([0, 1], [[0.2, 0.3, 0.5]] * 2),
        r"y_proba has 3 columns but there are 2 classes",
    ),
    "log_loss lengths": (
        lambda: xc.log_loss([0, 1, 1], [0.5, 0.5]),
        r"y_true has 3 labels but y_proba has 2 rows",
    ),
    "log_loss unknown label": (
        lambda: xc.log_loss([0, 5], [0.5, 0.5], labels=[0, 1]),
        r"y_true has labels \['5'\] that are not in labels",
    ),
    "log_loss 2-D labels": (lambda: xc.log_loss([[0, 1]], [0.5]), r"y_true must be a 1-D array"),
    "log_loss NaN label": (
        lambda: xc.log_loss([0.0, NAN], [0.5, 0.5]),
        r"y_true has a non-finite label nan at index 1",
    ),
    "log_loss weight shape": (
        lambda: xc.log_loss([0, 1], [0.5, 0.5], sample_weight=[1.0]),
        r"sample_weight must have shape \(2,\)",
    ),
    "log_loss weight negative": (
        lambda: xc.log_loss([0, 1], [0.5, 0.5], sample_weight=[1, -1]),
        r"sample_weight must be finite and non-negative",
    ),
    "log_loss weight zero": (
        lambda: xc.log_loss([0, 1], [0.5, 0.5], sample_weight=[0, 0]),
        r"sample_weight sums to 0",
    ),
    # keras conventions
    "keras zero row": (
        lambda: xc.keras_categorical_crossentropy([[1.0, 0.0]], [[0.0, 0.0]]),
        r"y_pred has a row of zeros",
    ),
    "keras scalar": (
        lambda: xc.keras_categorical_crossentropy(1.0, 1.0),
        r"y_pred must have a class axis",
    ),
    "keras negative": (
        lambda: xc.keras_categorical_crossentropy([1.0, 0.0], [-0.2, 1.2]),
        r"y_pred must be non-negative",
    ),
    "keras sparse shape": (
        lambda: xc.keras_sparse_categorical_crossentropy([0], [0.5, 0.5]),
        r"y_pred must have shape \(N, C\)",
    ),
    "keras sparse label": (
        lambda: xc.keras_sparse_categorical_crossentropy([2], [[0.5, 0.5]]),
        r"y_true has class index 2 at row 0",
    ),
    "keras binary target": (
        lambda: xc.keras_binary_crossentropy([1.5], [0.5]),
        r"y_true must be probabilities",
    ),
    "keras reduction": (
        lambda: xc.keras_reduce([1.0], reduction="mean"),
        r"reduction must be one of 'sum_over_batch_size'",
    ),
    "keras weight shape": (
        lambda: xc.keras_reduce([1.0, 2.0], sample_weight=[1.0]),
        r"losses has shape \(2,\) but sample_weight has shape \(1,\)",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_invalid_input_raises_a_named_value_error(name):
    call, message = CASES[name]
    with pytest.raises(ValueError, match=message):
        call()


def test_input_error_is_a_value_error():
    assert issubclass(xc.InputError, ValueError)


def test_valid_edge_cases_do_not_raise():
    assert np.isnan(xc.softmax_cross_entropy(Z, [-100, -100]))  # all ignored: nan, as torch
    assert xc.softmax_cross_entropy(Z, [-100, -100], reduction="sum") == 0.0
    assert np.all(xc.softmax_cross_entropy_grad(Z, [-100, -100]) == 0.0)
    assert xc.nll_loss([[-INF, 0.0]], [0]) == INF  # log(0) is allowed in NLL
    assert xc.softmax_cross_entropy(Z, [1, 2], ignore_index=2, reduction="none")[1] == 0.0


def test_weights_may_not_grow_the_output():
    with pytest.raises(ValueError, match=r"weight of shape \(2, 3\) does not broadcast"):
        xc.binary_cross_entropy_with_logits(
            [0.3, -1.2, 2.0], [1.0, 0.0, 0.5], weight=np.ones((2, 3))
        )
    with pytest.raises(ValueError, match=r"pos_weight of shape \(2, 3\) does not broadcast"):
        xc.binary_cross_entropy_with_logits_grad(
            [0.3, -1.2, 2.0], [1.0, 0.0, 0.5], pos_weight=np.ones((2, 3))
        )


def test_zero_target_weights_give_nan_mean_as_torch():
    z, y, w = [[0.5, 1.0, -1.0], [2.0, 0.0, 1.0]], [0, -100], [0.0, 1.0, 2.0]
    assert np.isnan(xc.softmax_cross_entropy(z, y, weight=w, label_smoothing=0.1))
    g = xc.softmax_cross_entropy_grad(z, y, weight=w)
    assert np.all(np.isnan(g[0])) and np.all(g[1] == 0.0)
