"""framework_precision: the same loss in float32 and float64, per framework convention.

The float64 numbers are framework_losses' (the Frameworks tab's); the float32 ones are
checked against live PyTorch and scikit-learn in float32, and against what Keras' source
does in float32 (Keras is not installed: keras/src/backend/tensorflow/nn.py clips with
Python-float bounds that TensorFlow casts to the tensor's dtype).
"""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import log_loss as sk_log_loss

from xentcore import framework_losses, framework_precision
from xentcore.comparison import PRECISION_REASONS, PRECISION_ROWS

DEFAULT = ([2.0, 1.0, 0.1], 0)
FAR = ([40.0, 20.0, 0.0], 2)  # the target's p ≈ 4.2e-18: below every clip
SURE = ([40.0, 20.0, 0.0], 0)  # the target's p = 1 - 2.1e-9: 1 exactly in float32

SETTINGS = [
    (DEFAULT, {}),
    (FAR, {}),
    (SURE, {}),
    (([2.0, 1.0, 0.1], 2), {"weight": [1.0, 2.0, 5.0], "label_smoothing": 0.1}),
    (([3.0, -1.0, 0.5, 2.0], [0.1, 0.2, 0.3, 0.4]), {"temperature": 2.0}),
    (([1.0, 2.0], 1), {"weight": [1.0, 0.0]}),
]


def by_row(rows):
    return {r["row"]: r for r in rows}


@pytest.mark.parametrize("args, kw", SETTINGS)
def test_rows_codes_and_float64_numbers_are_the_frameworks_tabs(args, kw):
    rows = framework_precision(*args, **kw)
    assert [r["row"] for r in rows] == list(PRECISION_ROWS)
    assert all(code in PRECISION_REASONS for r in rows for code in r["reasons"])
    f = {r["row"]: r["value"] for r in framework_losses(*args, **kw)}
    p = by_row(rows)
    assert p["torch"]["float64"] == f["torch_sum"]
    assert p["keras_probs"]["float64"] == f["keras_probs"]
    if f["sklearn"] is None:
        assert p["sklearn"]["float64"] is p["sklearn"]["float32"] is None
    else:
        np.testing.assert_equal(p["sklearn"]["float64"], f["sklearn"])  # nan == nan too


def test_default_inputs_differ_only_by_float32_rounding():
    rows = by_row(framework_precision(*DEFAULT))
    for row in rows.values():
        assert row["reasons"][1] == "float32_rounding"
        assert row["float32"] == pytest.approx(row["float64"], rel=4e-7)
        assert row["float32"] != row["float64"]


def test_a_probability_below_every_clip():
    rows = by_row(framework_precision(*FAR))
    assert rows["torch"]["float32"] == 40.0  # float32 has no room for the 2e-9
    assert rows["torch"]["float64"] == pytest.approx(40.0 + 2.0611536e-9, rel=1e-15)
    keras = rows["keras_probs"]
    assert keras["reasons"] == ("keras_floatx", "keras_clip_rounds")
    assert keras["float64"] == pytest.approx(-np.log(1e-7), rel=1e-15)
    assert keras["float32"] == np.float32(-np.log(np.float64(np.float32(1e-7))))
    sk = rows["sklearn"]
    assert sk["reasons"] == ("sklearn_dtype", "sklearn_clip_by_dtype")
    assert sk["float64"] == pytest.approx(-np.log(2.0**-52), rel=1e-15)  # 36.04
    assert sk["float32"] == np.float32(-np.log(2.0**-23))  # 15.94
    assert [n.cls for n in sk["clipped32"]] == [2] and sk["clipped32"][0].side == "low"


def test_a_probability_that_is_one_in_float32():
    rows = by_row(framework_precision(*SURE))
    torch = rows["torch"]
    assert torch["reasons"] == ("torch_dtype", "sum_rounds_to_one")
    assert torch["float32"] == 0.0 and torch["float64"] == pytest.approx(
        2.0611537e-9, rel=1e-7, abs=0
    )
    keras = rows["keras_probs"]
    # float64: clip to 1 - 1e-7; float32: p is 1, clipped to float32(1 - 1e-7) = 1 - 2**-23
    assert keras["float64"] == pytest.approx(1.0000000494736474e-07, rel=1e-9, abs=0)
    assert keras["float32"] == np.float32(-np.log(1 - 2.0**-23))
    assert keras["clipped32"][0].prob == 1.0 and keras["clipped32"][0].side == "high"
    sk = rows["sklearn"]
    assert sk["clipped64"] == () and sk["float64"] == pytest.approx(2.0611537e-9, rel=1e-7, abs=0)
    assert sk["float32"] == pytest.approx(2.0**-23, rel=1e-6, abs=0)


def test_soft_targets_have_no_scikit_learn_numbers():
    rows = by_row(framework_precision([1.0, 2.0, 3.0], [0.2, 0.3, 0.5]))
    assert rows["sklearn"]["reasons"] == ("no_soft_targets",)
    assert rows["torch"]["float32"] == pytest.approx(rows["torch"]["float64"], rel=1e-6)


def test_logits_beyond_float32_give_nan_and_say_so():
    rows = framework_precision([1e6, 0.0], 0, temperature=1e-33)
    assert all(np.isnan(r["float32"]) and "float32_overflow" in r["reasons"] for r in rows)
    assert all(np.isfinite(r["float64"]) for r in rows)


@pytest.mark.parametrize("args, kw", SETTINGS)
def test_float32_scikit_learn_matches_scikit_learn_in_float32(args, kw):
    row = by_row(framework_precision(*args, **kw))["sklearn"]
    if row["float32"] is None or np.isnan(row["float32"]):
        return
    z, t = args
    x = np.float32(np.asarray(z) / kw.get("temperature", 1.0))
    e = np.exp(x - x.max())
    p32 = (e / e.sum()).astype(np.float32)
    w = kw.get("weight")
    ref = sk_log_loss(
        [t], p32[None], labels=list(range(len(z))), sample_weight=None if w is None else [w[t]]
    )
    assert row["float32"] == pytest.approx(ref, rel=1e-6, abs=1e-7)


@pytest.mark.parametrize("args, kw", SETTINGS)
def test_float32_pytorch_matches_torch_in_float32(args, kw):
    torch = pytest.importorskip("torch", reason="compares with torch's float32 cross_entropy")
    row = by_row(framework_precision(*args, **kw))["torch"]
    z, t = args
    x = torch.tensor(np.asarray(z) / kw.get("temperature", 1.0), dtype=torch.float32)
    target = torch.tensor(t) if isinstance(t, int) else torch.tensor(t, dtype=torch.float32)
    w = kw.get("weight")
    ref = torch.nn.functional.cross_entropy(
        x,
        target,
        weight=None if w is None else torch.tensor(w, dtype=torch.float32),
        label_smoothing=kw.get("label_smoothing", 0.0),
        reduction="sum",
    )
    assert ref.dtype == torch.float32
    assert row["float32"] == pytest.approx(float(ref), rel=1e-6, abs=1e-7)
