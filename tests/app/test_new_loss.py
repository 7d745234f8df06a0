"""A loss added to the registry reaches the pages with no change to them.

In a fresh interpreter, a test-only loss (Poly-1: cross-entropy + ε(1 − p_y)) is
registered the way xentcore/registry/entries.py registers its own, then the Training
page trains a run with it (its ε slider drawn from its LossParam) and the Loss curves
page draws its curve and lists its value at p. A subprocess, so the registry of this
test process stays as it is.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, math, sys
import numpy as np
from streamlit.testing.v1 import AppTest
from xentcore import softmax_cross_entropy, softmax_cross_entropy_grad
from xentcore.registry import LossEntry, LossParam, register_loss


def poly1(batch, *, eps):
    p_true = batch.p[batch.rows, batch.y]
    ce = float(softmax_cross_entropy(batch.z, batch.y, reduction=batch.reduction))
    return ce + float(eps * np.sum(1.0 - p_true) / batch.divisor)


def poly1_grad(batch, *, eps):
    p_true = batch.p[batch.rows, batch.y][:, None]
    ce = softmax_cross_entropy_grad(batch.z, batch.y, reduction=batch.reduction)
    return ce + eps * p_true * (batch.p - batch.onehot) / batch.divisor


def poly1_curve(p, *, classes, base, eps):
    nats = -np.log(p) + eps * (1.0 - p)
    return nats / (math.log(base) if base else 1.0)


register_loss(LossEntry("poly1", "Poly-1 loss", "poly-1",
                        (LossParam("eps", "Poly ε", 1.0, 0.0, 10.0),),
                        poly1, poly1_grad, poly1_curve))

out = {}
at = AppTest.from_file("app.py", default_timeout=60)
at.run()
at.query_params.update({"train_loss": "poly1", "train_compare": "none", "train_steps": "20"})
at.switch_page("pages/6_Training.py")
at.run()
out["training_exception"] = [str(e.value) for e in at.exception]
out["options"] = list(at.selectbox(key="train_loss").options)
out["sliders"] = [s.label for s in at.slider]
out["text"] = "\n".join(m.value for m in [*at.markdown, *at.caption])
at.switch_page("pages/3_Loss_curves.py")
at.run()
out["curves_exception"] = [str(e.value) for e in at.exception]
out["curves_text"] = "\n".join(m.value for m in at.markdown)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def shown() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_training_offers_the_new_loss_and_its_setting(shown):
    assert shown["training_exception"] == []
    assert "Poly-1 loss" in shown["options"]
    assert "Poly ε" in shown["sliders"]
    assert "Run A (poly-1 loss)" in shown["text"]


def test_loss_curves_lists_the_new_loss_at_p(shown):
    assert shown["curves_exception"] == []
    assert " losses against p" in shown["curves_text"]
    pt = 0.05  # the page's default p
    bits = (-math.log(pt) + 1.0 * (1 - pt)) / math.log(2)
    assert f"| poly-1 | {bits:.4f} | bits |" in shown["curves_text"]
