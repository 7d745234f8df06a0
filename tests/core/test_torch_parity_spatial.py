"""Spatial (segmentation) inputs against PyTorch: (N, C, d1, ..., dk) at rtol 1e-12.

``softmax_cross_entropy`` (and its gradient), ``nll_loss`` and ``sigmoid_focal_loss`` on
(N, C, d1, d2) inputs with every option: each reduction, class weights (one of them 0),
label smoothing, ``ignore_index`` (-100 and a class in range) and probability targets;
plus k = 1 and k = 3. Two layers, as ``test_torch_parity.py``: the ``spatial-*`` cases
recorded in ``data/torch_reference.json`` by ``make_torch_reference.py`` always run;
the live comparisons draw fresh inputs and skip without torch. The tolerances are those
of ``test_torch_parity.py`` with ``rtol`` tightened from 1e-9 to 1e-12.
"""

from __future__ import annotations

import numpy as np
import pytest
import test_torch_parity as parity
from test_torch_parity import CASES, _call, _torch_focal, decode, seed_note

import xentcore

RTOL = 1e-12
REDUCTIONS = ("none", "mean", "sum")
SPATIAL = [c for c in CASES if c["id"].startswith("spatial-")]
SPATIAL_GRAD = [c for c in SPATIAL if "grad_func" in c]


def assert_values_close(ours, ref) -> None:
    parity.assert_values_close(ours, ref, rtol=RTOL)


def assert_grad_close(ours, ref) -> None:
    parity.assert_grad_close(ours, ref, rtol=RTOL)


# --------------------------------------------------------------------------- recorded


def test_recorded_spatial_cases_cover_every_option():
    ce = [c for c in SPATIAL if c["func"] == "softmax_cross_entropy"]
    shapes = {tuple(c["args"][0]["shape"]) for c in ce}
    assert len([s for s in shapes if len(s) == 4]) >= 4  # (N, C, d1, d2)
    assert {len(s) for s in shapes} >= {3, 4, 5}  # k = 1, 2, 3
    kw = [c["kwargs"] for c in ce]
    assert {k["reduction"] for k in kw} == set(REDUCTIONS)
    assert any("weight" in k and 0.0 in k["weight"]["data"] for k in kw)  # a zero weight
    assert any(k["label_smoothing"] > 0 for k in kw)
    assert any(k["ignore_index"] != -100 for k in kw)
    assert any(-100 in c["args"][1]["data"] for c in ce if c["args"][1]["dtype"] == "int64")
    assert any(c["args"][1]["dtype"] == "float64" for c in ce)  # probability targets
    counts = {f: sum(c["func"] == f for c in SPATIAL) for f in ("nll_loss", "sigmoid_focal_loss")}
    assert len(ce) >= 100 and len(SPATIAL_GRAD) == len(ce)
    assert counts["nll_loss"] >= 24 and counts["sigmoid_focal_loss"] >= 12


@pytest.mark.parametrize("case", SPATIAL, ids=[c["id"] for c in SPATIAL])
def test_recorded_spatial_value(case):
    ours = _call(case["func"], case)
    assert_values_close(ours, decode(case["expected"]))
    if case["kwargs"].get("reduction", "none") != "none":
        assert isinstance(ours, float)


@pytest.mark.parametrize("case", SPATIAL_GRAD, ids=[c["id"] for c in SPATIAL_GRAD])
def test_recorded_spatial_gradient(case):
    assert_grad_close(_call(case["grad_func"], case), decode(case["expected_grad"]))


def test_spatial_is_one_example_per_position():
    """Without torch: (N, C, H, W) is the (N·H·W, C) problem, laid out as (N, H, W)."""
    rng = np.random.default_rng(5)
    z = rng.standard_normal((2, 4, 3, 5)) * 3
    y = rng.integers(0, 4, size=(2, 3, 5))
    y[0, 1, 2] = -100
    w = rng.uniform(0.2, 2.0, size=4)
    rows = np.moveaxis(z, 1, -1).reshape(-1, 4)
    kw = {"weight": w, "label_smoothing": 0.2}
    for red in REDUCTIONS:
        flat = xentcore.softmax_cross_entropy(rows, y.reshape(-1), reduction=red, **kw)
        spatial = xentcore.softmax_cross_entropy(z, y, reduction=red, **kw)
        np.testing.assert_allclose(spatial, np.reshape(flat, np.shape(spatial)), rtol=1e-14)
        grad_rows = xentcore.softmax_cross_entropy_grad(rows, y.reshape(-1), reduction=red, **kw)
        grad = xentcore.softmax_cross_entropy_grad(z, y, reduction=red, **kw)
        expected = np.moveaxis(grad_rows.reshape(2, 3, 5, 4), -1, 1)
        np.testing.assert_allclose(grad, expected, rtol=1e-14)
        assert grad.flags.c_contiguous
        lp = xentcore.log_softmax(z, axis=1)
        nll = xentcore.nll_loss(lp, y, weight=w, reduction=red)
        ce = xentcore.softmax_cross_entropy(z, y, weight=w, reduction=red)
        np.testing.assert_allclose(nll, ce, rtol=1e-13)


# --------------------------------------------------------------------------- live torch

LIVE_SEEDS = range(30_000, 30_008)

OPTIONS = {
    "class": {},
    "class-weight-ignore": {"weight": True, "ignore": True},
    "class-weight-eps0.1-ignore": {"weight": True, "eps": 0.1, "ignore": True},
    "class-eps0.35-ignore_index1": {"eps": 0.35, "ignore_index": 1},
    "probs": {"probs": True},
    "probs-weight-eps0.2": {"probs": True, "weight": True, "eps": 0.2},
}


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason="live parity needs torch (the recorded cases run)")


def _draw(rng, cfg):
    n, c, h, w = (int(v) for v in rng.integers(1, 5, size=4))
    c += 1
    z = rng.standard_normal((n, c, h, w)) * rng.choice([1.0, 10.0, 1000.0])
    if cfg.get("probs"):
        y = np.ascontiguousarray(np.moveaxis(rng.dirichlet(np.ones(c), size=(n, h, w)), -1, 1))
    else:
        y = rng.integers(0, c, size=(n, h, w))
        if cfg.get("ignore"):
            y = np.where(rng.random(y.shape) < 0.3, -100, y)
    weight = rng.uniform(0.05, 3.0, size=c) if cfg.get("weight") else None
    return z, y, weight


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("option", list(OPTIONS))
def test_live_spatial_cross_entropy(torch, option, reduction):
    F = torch.nn.functional
    cfg = OPTIONS[option]
    for seed in LIVE_SEEDS:
        rng = np.random.default_rng([seed, len(option), REDUCTIONS.index(reduction)])
        z, y, weight = _draw(rng, cfg)
        kw = {
            "weight": weight,
            "ignore_index": cfg.get("ignore_index", -100),
            "reduction": reduction,
            "label_smoothing": cfg.get("eps", 0.0),
        }
        zt = torch.tensor(z, dtype=torch.float64, requires_grad=True)
        tkw = {**kw, "weight": None if weight is None else torch.from_numpy(weight)}
        loss = F.cross_entropy(zt, torch.from_numpy(y), **tkw)
        (loss.sum() if reduction == "none" else loss).backward()
        with seed_note(seed):
            assert_values_close(xentcore.softmax_cross_entropy(z, y, **kw), loss.detach().numpy())
            grad = xentcore.softmax_cross_entropy_grad(z, y, **kw)
            assert_grad_close(grad, zt.grad.numpy())
            if not cfg.get("probs"):
                lp = F.log_softmax(torch.from_numpy(z), dim=1)
                nkw = {k: v for k, v in tkw.items() if k != "label_smoothing"}
                ref = F.nll_loss(lp, torch.from_numpy(y), **nkw).numpy()
                del kw["label_smoothing"]
                assert_values_close(xentcore.nll_loss(lp.numpy(), y, **kw), ref)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("alpha, gamma", [(0.25, 2.0), (-1.0, 0.5), (0.8, 0.0)])
def test_live_spatial_sigmoid_focal_loss(torch, alpha, gamma, reduction):
    for seed in LIVE_SEEDS:
        rng = np.random.default_rng([seed, int(10 * gamma), REDUCTIONS.index(reduction)])
        x = rng.standard_normal((2, 3, 4, 5)) * 5
        t = np.where(
            rng.random(x.shape) < 0.5, rng.integers(0, 2, size=x.shape), rng.random(x.shape)
        )
        ref = _torch_focal(torch, torch.from_numpy(x), torch.from_numpy(t), alpha, gamma, reduction)
        ours = xentcore.sigmoid_focal_loss(x, t, alpha=alpha, gamma=gamma, reduction=reduction)
        with seed_note(seed):
            assert_values_close(ours, ref.numpy())
