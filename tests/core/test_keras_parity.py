"""xentcore's Keras conventions against Keras itself (Keras 3, TensorFlow backend, float64).

``data/keras_reference.json`` is written by ``make_keras_reference.py`` in an environment
with Keras and TensorFlow (neither is a requirement of this project) and replayed here,
so these tests always run. Each case names a replay: the xentcore call that must give
what Keras gave. Values agree to ``rtol=1e-12`` (in practice to a few ulp).

xentcore and the app follow the TensorFlow backend, Keras' default. The JAX backend's
sparse loss does not renormalise a clipped row, so it differs in the 7th digit there.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_torch_parity import decode

import xentcore as xc

REFERENCE = Path(__file__).resolve().parent / "data" / "keras_reference.json"
RTOL = 1e-12


def _load() -> dict:
    with REFERENCE.open(encoding="utf-8") as fh:
        return json.load(fh)


DATA = _load()
CASES = DATA["cases"]


def _categorical_reduced(y, p, w, *, reduction):
    rows = xc.keras_categorical_crossentropy(y, p)
    return xc.keras_reduce(rows, sample_weight=w, reduction=reduction)


def _binary_reduced(t, p, w, *, reduction):
    rows = xc.keras_binary_crossentropy(t, p)
    return xc.keras_reduce(rows, sample_weight=w, reduction=reduction)


def _sparse_reduced(y, p, *, ignore_class):
    rows = xc.keras_sparse_categorical_crossentropy(y, p, ignore_class=ignore_class)
    return xc.keras_reduce(rows, mask=np.asarray(y) != ignore_class)


def _fit_class_weight(scores, labels, class_weight, *, kind, label_smoothing):
    return xc.framework_reductions(
        scores, labels, kind=kind, class_weight=class_weight, label_smoothing=label_smoothing
    ).keras


#: Replay name -> the xentcore call that must reproduce Keras' number.
REPLAYS = {
    "categorical": xc.keras_categorical_crossentropy,
    "sparse": xc.keras_sparse_categorical_crossentropy,
    "binary": xc.keras_binary_crossentropy,
    "categorical_reduced": _categorical_reduced,
    "binary_reduced": _binary_reduced,
    "sparse_reduced": _sparse_reduced,
    "fit_class_weight": _fit_class_weight,
}


def test_reference_was_recorded_with_keras_3_on_tensorflow_in_float64():
    assert DATA["format"] == 1 and DATA["backend"] == "tensorflow"
    assert DATA["keras_version"].startswith("3.")
    assert {c["replay"] for c in CASES} == set(REPLAYS)


def test_reference_covers_the_edges():
    ids = " ".join(c["id"] for c in CASES)
    for edge in ("zeros", "x1000", "eps0.1", "ignore-class", "mean_with_sample_weight", "fit"):
        assert edge in ids, edge
    # Clipping shows: a zero probability of the true class costs -log(1e-7), not ∞.
    zeros = next(c for c in CASES if c["id"] == "sparse-probs-zeros")
    assert np.isfinite(decode(zeros["expected"])).all()
    assert decode(zeros["expected"]).max() == pytest.approx(-np.log(1e-7), rel=1e-6)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_recorded_value(case):
    args = [decode(a) for a in case["args"]]
    kwargs = {k: decode(v) if isinstance(v, dict) else v for k, v in case["kwargs"].items()}
    ours = np.asarray(REPLAYS[case["replay"]](*args, **kwargs), dtype=np.float64)
    ref = decode(case["expected"])
    np.testing.assert_allclose(ours, ref, rtol=RTOL, atol=0)


def test_fit_refuses_class_weight_and_sample_weight_together():
    # Recorded from Keras: why the Your predictions page says that with a sample-weight
    # column the class weights must be folded into sample_weight = s·w[y] by hand.
    assert DATA["fit_with_class_weight_and_sample_weight"] == (
        "You cannot `class_weight` and `sample_weight` at the same time."
    )


def test_class_weight_in_fit_divides_by_n_not_by_the_weights():
    case = next(c for c in CASES if c["id"] == "fit-class-weight-probabilities-eps0.0")
    scores, labels, w = (decode(a) for a in case["args"])
    keras_loss = float(decode(case["expected"]))
    rows = -np.log(scores[np.arange(len(labels)), labels])
    assert keras_loss == pytest.approx((w[labels] * rows).sum() / len(labels), rel=1e-12)
    assert keras_loss != pytest.approx((w[labels] * rows).sum() / w[labels].sum(), rel=1e-3)
