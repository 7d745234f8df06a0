"""Record PyTorch reference values for xentcore's parity tests.

Run ``python tests/core/make_torch_reference.py`` with torch installed. It builds a
deterministic set of cases (``numpy.random.default_rng`` with fixed seeds), evaluates
them with PyTorch in float64 and writes inputs and outputs to
``tests/core/data/torch_reference.json``, which ``test_torch_parity.py`` replays
without torch (CI does not install it).

File format::

    {"format": 1, "torch_version": "...", "numpy_version": "...",
     "cases": [{"id": ..., "func": <xentcore function>, "args": [...], "kwargs": {...},
                "expected": <array>, "grad_func": ..., "expected_grad": <array>}, ...]}

An array is ``{"dtype": "float64" | "int64", "shape": [...], "data": [...]}`` with the
data flattened in C order; floats are written by ``json`` with repr (round-trip exact)
precision and the non-finite ones as the strings ``"inf"``, ``"-inf"`` and ``"nan"``.
Other kwargs (``reduction``, ``label_smoothing``, ...) are plain JSON values. For
``reduction="none"`` the recorded gradient is that of ``loss.sum()``.

torchvision is not needed: ``sigmoid_focal_loss`` is re-implemented below in torch ops
exactly as ``torchvision.ops.sigmoid_focal_loss`` computes it.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pytest --doctest-modules imports this file on CI, which has no torch
    torch = F = None

OUT = Path(__file__).resolve().parent / "data" / "torch_reference.json"
IGNORE = -100
REDUCTIONS = ("none", "mean", "sum")
SCALES = (1, 10, 1000)


# --------------------------------------------------------------------------- encoding


def _float(v: float):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)


def enc(x) -> dict:
    """A NumPy array (or scalar) as a JSON-safe dict, exactly."""
    a = np.asarray(x)
    if a.dtype.kind in "iub":
        return {"dtype": "int64", "shape": list(a.shape), "data": [int(v) for v in a.ravel()]}
    a = a.astype(np.float64)
    return {"dtype": "float64", "shape": list(a.shape), "data": [_float(v) for v in a.ravel()]}


def _enc_kwargs(kwargs: dict) -> dict:
    out = {}
    for k, v in kwargs.items():
        if v is None:
            continue
        out[k] = enc(v) if isinstance(v, np.ndarray) else v
    return out


class Recorder:
    def __init__(self) -> None:
        self.cases: list[dict] = []
        self._ids: set[str] = set()

    def add(self, case_id, func, args, kwargs, expected, grad_func=None, expected_grad=None):
        if case_id in self._ids:
            raise ValueError(f"duplicate case id {case_id}")
        self._ids.add(case_id)
        case = {
            "id": case_id,
            "func": func,
            "args": [enc(a) for a in args],
            "kwargs": _enc_kwargs(kwargs),
            "expected": enc(expected),
        }
        if grad_func is not None:
            case["grad_func"] = grad_func
            case["expected_grad"] = enc(expected_grad)
        self.cases.append(case)


# --------------------------------------------------------------------------- torch refs


def _t(a) -> torch.Tensor | None:
    if a is None:
        return None
    a = np.asarray(a)
    if a.dtype.kind in "iu":
        return torch.tensor(a, dtype=torch.int64)
    return torch.tensor(a, dtype=torch.float64)


def _backward(loss: torch.Tensor, x: torch.Tensor, reduction: str) -> np.ndarray:
    (loss.sum() if reduction == "none" else loss).backward()
    return x.grad.detach().numpy().copy()


def torch_cross_entropy(z, y, *, weight=None, ignore_index=IGNORE, reduction="mean", eps=0.0):
    zt = _t(z).requires_grad_(True)
    loss = F.cross_entropy(
        zt,
        _t(y),
        weight=_t(weight),
        ignore_index=ignore_index,
        reduction=reduction,
        label_smoothing=eps,
    )
    return loss.detach().numpy().copy(), _backward(loss, zt, reduction)


def torch_nll(lp, y, *, weight=None, ignore_index=IGNORE, reduction="mean"):
    loss = F.nll_loss(
        _t(lp), _t(y), weight=_t(weight), ignore_index=ignore_index, reduction=reduction
    )
    return loss.numpy().copy()


def torch_bce(p, t, *, weight=None, reduction="mean"):
    return F.binary_cross_entropy(_t(p), _t(t), weight=_t(weight), reduction=reduction).numpy()


def torch_bce_logits(x, t, *, weight=None, pos_weight=None, reduction="mean"):
    xt = _t(x).requires_grad_(True)
    loss = F.binary_cross_entropy_with_logits(
        xt, _t(t), weight=_t(weight), pos_weight=_t(pos_weight), reduction=reduction
    )
    return loss.detach().numpy().copy(), _backward(loss, xt, reduction)


def torch_sigmoid_focal_loss(x, t, *, alpha=0.25, gamma=2.0, reduction="none"):
    """torchvision.ops.sigmoid_focal_loss, line for line, in float64."""
    inputs, targets = _t(x), _t(t)
    p = torch.sigmoid(inputs)
    ce_loss = F.binary_cross_entropy_with_logits(inputs, targets, reduction="none")
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce_loss * ((1 - p_t) ** gamma)
    if alpha >= 0:
        alpha_t = alpha * targets + (1 - alpha) * (1 - targets)
        loss = alpha_t * loss
    if reduction == "mean":
        loss = loss.mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss.numpy().copy()


# --------------------------------------------------------------------------- helpers


def _class_targets(rng, n, c, ignore_frac=0.0, ignore_index=IGNORE):
    y = rng.integers(0, c, size=n)
    if ignore_frac > 0 and n > 1:
        drop = rng.random(n) < ignore_frac
        drop[rng.integers(0, n)] = False  # keep at least one row counted
        y = np.where(drop, ignore_index, y)
    return y.astype(np.int64)


def _prob_targets(rng, n, c, kind="dirichlet"):
    if kind == "dirichlet":
        return rng.dirichlet(np.ones(c), size=n)
    if kind == "onehot":
        return np.eye(c)[rng.integers(0, c, size=n)]
    return rng.random((n, c))  # not normalised: torch does not check the row sums


def _class_weight(rng, c, zero=False):
    w = rng.uniform(0.1, 3.0, size=c)
    if zero and c > 1:
        w[rng.integers(0, c)] = 0.0
    return w


# --------------------------------------------------------------------------- cases


#: The options of the class-target cross-entropy cases (ignore: the share of ignored rows).
CLASS_CONFIGS = {
    "plain": {},
    "ignore": {"ignore": 0.3},
    "weight": {"weight": True},
    "weight-ignore": {"weight": True, "ignore": 0.3},
    "eps0.1": {"eps": 0.1, "ignore": 0.3},
    "weight-eps0.1": {"weight": True, "eps": 0.1},
    "weight-eps0.35-ignore": {"weight": True, "eps": 0.35, "ignore": 0.3},
    "zeroweight-eps0.35": {"weight": "zero", "eps": 0.35},
}


#: ...and of the probability-target ones (kind: how the targets are drawn).
PROB_CONFIGS = {
    "plain": {},
    "weight": {"weight": True},
    "eps0.1": {"eps": 0.1},
    "weight-eps0.35": {"weight": True, "eps": 0.35},
    "onehot-weight-eps0.1": {"weight": True, "eps": 0.1, "kind": "onehot"},
    "unnormalised-weight": {"weight": True, "kind": "uniform"},
}


def config_grid(outer, configs: dict, seed: int):
    """(item, reduction, name, config, rng) over outer x REDUCTIONS x configs; the n-th
    gets the generator of seed + n."""
    for item in outer:
        for red in REDUCTIONS:
            for name, cfg in configs.items():
                seed += 1
                yield item, red, name, cfg, np.random.default_rng(seed)


def record_cross_entropy(rec: Recorder, case_id: str, z, y, **kw) -> None:
    """One F.cross_entropy case and its gradient, as softmax_cross_entropy replays it."""
    loss, grad = torch_cross_entropy(z, y, **kw)
    kwargs = {
        "weight": kw.get("weight"),
        "ignore_index": kw.get("ignore_index", IGNORE),
        "reduction": kw.get("reduction", "mean"),
        "label_smoothing": kw.get("eps", 0.0),
    }
    args = ([z, y], kwargs, loss, "softmax_cross_entropy_grad", grad)
    rec.add(case_id, "softmax_cross_entropy", *args)


def add_cross_entropy(rec: Recorder) -> None:
    def add(case_id, z, y, **kw):
        record_cross_entropy(rec, f"cross_entropy-{case_id}", z, y, **kw)

    # Class-index targets on random shapes: every scale x reduction x configuration.
    for scale, red, name, cfg, rng in config_grid(SCALES, CLASS_CONFIGS, 100):
        n, c = int(rng.integers(1, 9)), int(rng.integers(1, 8))
        z = rng.standard_normal((n, c)) * scale
        y = _class_targets(rng, n, c, cfg.get("ignore", 0.0))
        w = None
        if cfg.get("weight"):
            w = _class_weight(rng, c, zero=cfg["weight"] == "zero")
        add(
            f"class-{name}-x{scale}-{red}-N{n}C{c}",
            z,
            y,
            weight=w,
            reduction=red,
            eps=cfg.get("eps", 0.0),
        )

    # Probability targets.
    for scale, red, name, cfg, rng in config_grid(SCALES, PROB_CONFIGS, 300):
        n, c = int(rng.integers(1, 9)), int(rng.integers(1, 8))
        z = rng.standard_normal((n, c)) * scale
        q = _prob_targets(rng, n, c, cfg.get("kind", "dirichlet"))
        w = _class_weight(rng, c) if cfg.get("weight") else None
        add(
            f"probs-{name}-x{scale}-{red}-N{n}C{c}",
            z,
            q,
            weight=w,
            reduction=red,
            eps=cfg.get("eps", 0.0),
        )

    # A single class (C = 1): the loss is 0 without smoothing, and with it.
    rng = np.random.default_rng(400)
    z = rng.standard_normal((4, 1)) * 10
    for red in REDUCTIONS:
        add(f"class-C1-{red}", z, np.zeros(4, dtype=np.int64), reduction=red)
        add(
            f"class-C1-weight-eps0.35-{red}",
            z,
            np.zeros(4, dtype=np.int64),
            weight=np.array([2.5]),
            reduction=red,
            eps=0.35,
        )

    # All targets ignored: 'mean' is nan (0/0), 'sum' is 0, the gradient all zeros.
    rng = np.random.default_rng(401)
    z = rng.standard_normal((5, 4)) * 3
    y_all = np.full(5, IGNORE, dtype=np.int64)
    w = _class_weight(rng, 4)
    for red in REDUCTIONS:
        add(f"all-ignored-{red}", z, y_all, reduction=red)
        add(f"all-ignored-weight-eps0.1-{red}", z, y_all, weight=w, reduction=red, eps=0.1)

    # Every counted target has class weight 0: 'mean' divides by 0 as well (torch: nan
    # loss and nan gradient rows, also when smoothing makes the numerator positive).
    z = rng.standard_normal((3, 3))
    for red in REDUCTIONS:
        for eps in (0.0, 0.1):
            add(
                f"zero-target-weights-eps{eps:g}-{red}",
                z,
                np.array([0, 0, IGNORE]),
                weight=np.array([0.0, 1.0, 2.0]),
                reduction=red,
                eps=eps,
            )

    # Unbatched (C,) logits, with a scalar class target and with a (C,) probability target.
    rng = np.random.default_rng(402)
    for scale in SCALES:
        z1 = rng.standard_normal(5) * scale
        y1 = np.int64(rng.integers(0, 5))
        q1 = rng.dirichlet(np.ones(5))
        w1 = _class_weight(rng, 5)
        for red in REDUCTIONS:
            add(f"unbatched-class-x{scale}-{red}", z1, y1, reduction=red)
            add(
                f"unbatched-class-weight-eps0.1-x{scale}-{red}",
                z1,
                y1,
                weight=w1,
                reduction=red,
                eps=0.1,
            )
            add(f"unbatched-probs-x{scale}-{red}", z1, q1, reduction=red)
            add(
                f"unbatched-probs-weight-eps0.35-x{scale}-{red}",
                z1,
                q1,
                weight=w1,
                reduction=red,
                eps=0.35,
            )
    for red in REDUCTIONS:
        add(f"unbatched-ignored-{red}", np.array([0.5, -1.0, 2.0]), np.int64(IGNORE), reduction=red)

    # A non-default ignore_index inside [0, C): that class is dropped, -100 is then invalid.
    rng = np.random.default_rng(403)
    z = rng.standard_normal((7, 4)) * 2
    y = np.array([0, 1, 2, 3, 1, 1, 0])
    w = _class_weight(rng, 4)
    for red in REDUCTIONS:
        add(f"ignore_index1-{red}", z, y, ignore_index=1, reduction=red)
        add(
            f"ignore_index1-weight-eps0.1-{red}",
            z,
            y,
            weight=w,
            ignore_index=1,
            reduction=red,
            eps=0.1,
        )
        add(f"ignore_index0-weight-{red}", z, y, weight=w, ignore_index=0, reduction=red)

    # The semantics note's fixed cases.
    x_note = np.array([[1.0, 2.0, 3.0], [1.0, -1.0, 0.5], [0.2, 0.1, -0.3]])
    w_note = np.array([1.0, 2.0, 0.5])
    y_note = np.array([2, IGNORE, 1])
    z_note = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 1000.0]])
    for red in REDUCTIONS:
        add(f"note-weight-eps0.1-{red}", x_note, y_note, weight=w_note, reduction=red, eps=0.1)
        add(f"note-saturated-{red}", z_note, np.array([1, 0]), reduction=red)
        add(f"note-saturated-eps0.1-{red}", z_note, np.array([1, 0]), reduction=red, eps=0.1)
        add(f"note-saturated-correct-{red}", z_note, np.array([0, 1]), reduction=red)


def add_nll(rec: Recorder) -> None:
    def add(case_id, lp, y, **kw):
        kw.setdefault("ignore_index", IGNORE)
        out = torch_nll(lp, y, **kw)
        rec.add(f"nll_loss-{case_id}", "nll_loss", [lp, y], kw, out)

    seed = 500
    for scale in SCALES:
        for red in REDUCTIONS:
            for name, weighted, ignore in (
                ("plain", False, 0.0),
                ("weight-ignore", True, 0.3),
            ):
                seed += 1
                rng = np.random.default_rng(seed)
                n, c = int(rng.integers(1, 9)), int(rng.integers(1, 8))
                lp = torch.log_softmax(_t(rng.standard_normal((n, c)) * scale), dim=1).numpy()
                y = _class_targets(rng, n, c, ignore)
                w = _class_weight(rng, c) if weighted else None
                add(f"log_softmax-{name}-x{scale}-{red}-N{n}C{c}", lp, y, weight=w, reduction=red)

    # log of probabilities with exact zeros: log(0) = -inf, a target there costs inf.
    rng = np.random.default_rng(520)
    p = rng.dirichlet(np.ones(4), size=6)
    p[0, 1] = p[2, 3] = p[3, 0] = p[5, 2] = 0.0
    p /= p.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        lp = np.log(p)
    w = _class_weight(rng, 4)
    y_finite = np.array([0, 1, 2, 1, IGNORE, 3])  # avoids the zeros
    y_inf = np.array([1, 0, 3, 2, 1, 0])  # row 0 and row 2 hit log(0)
    y_ign = np.array([IGNORE, 0, IGNORE, 2, 1, 0])  # the -inf targets are ignored
    for red in REDUCTIONS:
        add(f"log-probs-zeros-finite-{red}", lp, y_finite, reduction=red)
        add(f"log-probs-zeros-finite-weight-{red}", lp, y_finite, weight=w, reduction=red)
        add(f"log-probs-neg-inf-target-{red}", lp, y_inf, reduction=red)
        add(f"log-probs-neg-inf-target-weight-{red}", lp, y_inf, weight=w, reduction=red)
        add(f"log-probs-neg-inf-ignored-{red}", lp, y_ign, reduction=red)
        # A zero class weight on a -inf target: -(0 * -inf) is nan in torch.
        add(
            f"log-probs-neg-inf-zero-weight-{red}",
            lp,
            y_inf,
            weight=np.array([1.0, 0.0, 1.0, 1.0]),
            reduction=red,
        )
        add(f"ignore_index2-{red}", lp, np.array([0, 2, 2, 1, 2, 3]), ignore_index=2, reduction=red)
        add(f"all-ignored-{red}", lp, np.full(6, IGNORE), weight=w, reduction=red)
        add(f"unbatched-{red}", lp[1], np.int64(2), reduction=red)
        add(f"unbatched-neg-inf-{red}", lp[0], np.int64(1), weight=w, reduction=red)


def add_bce(rec: Recorder) -> None:
    def add(case_id, p, t, **kw):
        out = torch_bce(p, t, **kw)
        rec.add(f"binary_cross_entropy-{case_id}", "binary_cross_entropy", [p, t], kw, out)

    # Note case and the clamp at log = -100 (tiny p, 1 - p rounding to 1).
    for red in REDUCTIONS:
        add(
            f"note-{red}",
            np.array([0.0, 1.0, 0.0, 1.0]),
            np.array([0.0, 1.0, 1.0, 0.0]),
            reduction=red,
        )
        add(
            f"clamp-{red}",
            np.array([1e-300, 1e-50, 1e-44, 3.7e-44, 1e-10, 1 - 1e-16, 1 - 2**-53, 0.5, 1e-300]),
            np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.25, 0.0]),
            reduction=red,
        )
    seed = 600
    for shape in ((7,), (4, 3), (2, 3, 2)):
        for red in REDUCTIONS:
            for name in ("hard", "soft", "hard-weight", "soft-weight-broadcast"):
                seed += 1
                rng = np.random.default_rng(seed)
                p = rng.random(shape)
                flat = p.reshape(-1)
                k = max(1, flat.size // 4)
                flat[rng.choice(flat.size, size=k, replace=False)] = rng.choice([0.0, 1.0], k)
                if name.startswith("hard"):
                    t = rng.integers(0, 2, size=shape).astype(np.float64)
                else:
                    t = rng.random(shape)
                    t.reshape(-1)[0] = 0.0
                w = None
                if name.endswith("weight"):
                    w = rng.uniform(0.0, 3.0, size=shape)
                elif name.endswith("broadcast"):
                    w = rng.uniform(0.0, 3.0, size=shape[-1:])
                sname = "x".join(map(str, shape))
                add(f"{name}-{sname}-{red}", p, t, weight=w, reduction=red)


def add_bce_logits(rec: Recorder) -> None:
    def add(case_id, x, t, **kw):
        loss, grad = torch_bce_logits(x, t, **kw)
        rec.add(
            f"bce_with_logits-{case_id}",
            "binary_cross_entropy_with_logits",
            [x, t],
            kw,
            loss,
            "binary_cross_entropy_with_logits_grad",
            grad,
        )

    x_note = np.array([1000.0, -1000.0, -30.0, 30.0, 0.0])
    t_note = np.array([0.0, 1.0, 0.0, 1.0, 0.5])
    x_ext = np.array([1000.0, -1000.0, 1000.0, -1000.0, 750.0, -750.0, 40.0, -40.0, 1e-3])
    t_ext = np.array([1.0, 0.0, 0.0, 1.0, 0.3, 0.7, 1.0, 0.0, 0.5])
    for red in REDUCTIONS:
        add(f"note-{red}", x_note, t_note, reduction=red)
        add(f"extremes-{red}", x_ext, t_ext, reduction=red)
        add(f"extremes-pos_weight-{red}", x_ext, t_ext, pos_weight=np.array([3.0]), reduction=red)
    seed = 700
    for scale in SCALES:
        for red in REDUCTIONS:
            for name in ("hard", "soft-weight", "pos_weight", "soft-weight-pos_weight"):
                seed += 1
                rng = np.random.default_rng(seed)
                n, k = int(rng.integers(1, 9)), int(rng.integers(1, 6))
                x = rng.standard_normal((n, k)) * scale
                if "soft" in name:
                    t = rng.random((n, k))
                else:
                    t = rng.integers(0, 2, size=(n, k)).astype(np.float64)
                w = rng.uniform(0.0, 3.0, size=(n, k)) if name.startswith("soft-weight") else None
                pw = rng.uniform(0.0, 5.0, size=k) if "pos_weight" in name else None
                add(f"{name}-x{scale}-{red}-N{n}K{k}", x, t, weight=w, pos_weight=pw, reduction=red)
    # Weight broadcast over rows, pos_weight over the last axis, on a 3-D input.
    rng = np.random.default_rng(799)
    x = rng.standard_normal((2, 3, 4)) * 10
    t = rng.random((2, 3, 4))
    for red in REDUCTIONS:
        add(
            f"3d-broadcast-weights-{red}",
            x,
            t,
            weight=rng.uniform(0, 2, size=(3, 1)),
            pos_weight=rng.uniform(0, 4, size=4),
            reduction=red,
        )


def add_softmax_family(rec: Recorder) -> None:
    extremes = np.array(
        [
            [1e4, -1e4, 0.0, 1000.0],
            [-1000.0, 1000.0, 999.0, -1e4],
            [1e4, 1e4, -1e4, 1e4],
            [0.0, 0.0, 0.0, 0.0],
        ]
    )
    rng = np.random.default_rng(800)
    inputs = {
        "extremes": extremes,
        "x1-1d": rng.standard_normal(6),
        "x10": rng.standard_normal((5, 4)) * 10,
        "x1000": rng.standard_normal((3, 7)) * 1000,
        "x1000-3d": rng.standard_normal((2, 3, 4)) * 1000,
        "one-class": rng.standard_normal((3, 1)) * 10,
    }
    for name, z in inputs.items():
        for axis in (-1, 0):
            if axis == 0 and z.ndim == 1:
                continue
            for temp in (1.0, 0.5, 2.0, 10.0):
                zt = _t(z) / temp if temp != 1.0 else _t(z)
                kw = {"axis": axis, "temperature": temp}
                suffix = f"{name}-axis{axis}-T{temp:g}"
                rec.add(f"softmax-{suffix}", "softmax", [z], kw, F.softmax(zt, dim=axis).numpy())
                rec.add(
                    f"log_softmax-{suffix}",
                    "log_softmax",
                    [z],
                    kw,
                    F.log_softmax(zt, dim=axis).numpy(),
                )
            rec.add(
                f"logsumexp-{name}-axis{axis}",
                "logsumexp",
                [z],
                {"axis": axis},
                torch.logsumexp(_t(z), dim=axis).numpy(),
            )

    elementwise = {
        "extremes": np.array(
            [
                -1e4,
                -1000.0,
                -745.5,
                -709.0,
                -700.0,
                -50.0,
                -37.0,
                -36.0,
                -30.0,
                -1.0,
                -1e-9,
                0.0,
                1e-9,
                1.0,
                30.0,
                36.0,
                37.0,
                50.0,
                709.0,
                1000.0,
                1e4,
            ]
        ),
        "x1": rng.standard_normal((4, 5)),
        "x10": rng.standard_normal((4, 5)) * 10,
        "x1000": rng.standard_normal(12) * 1000,
    }
    for name, x in elementwise.items():
        rec.add(f"sigmoid-{name}", "sigmoid", [x], {}, torch.sigmoid(_t(x)).numpy())
        rec.add(f"log_sigmoid-{name}", "log_sigmoid", [x], {}, F.logsigmoid(_t(x)).numpy())
    # torch's 1 / (1 + exp(-x)) overflows for x < -709.78 and returns 0 where the true
    # sigmoid is subnormal; xentcore returns the subnormal (the parity test allows it).
    x_sub = np.array([-745.0, -740.0, -720.0, -710.0, -709.5])
    rec.add("sigmoid-subnormal", "sigmoid", [x_sub], {}, torch.sigmoid(_t(x_sub)).numpy())
    rec.add("log_sigmoid-subnormal", "log_sigmoid", [x_sub], {}, F.logsigmoid(_t(x_sub)).numpy())


def add_focal(rec: Recorder) -> None:
    seed = 900
    for alpha in (0.25, -1.0, 0.8):
        for gamma in (0.0, 0.5, 2.0):
            for red in REDUCTIONS:
                seed += 1
                rng = np.random.default_rng(seed)
                n, k = int(rng.integers(1, 9)), int(rng.integers(1, 6))
                x = rng.standard_normal((n, k)) * rng.choice([1.0, 10.0])
                t = rng.integers(0, 2, size=(n, k)).astype(np.float64)
                if seed % 2:
                    t = np.where(rng.random((n, k)) < 0.5, t, rng.random((n, k)))
                kw = {"alpha": alpha, "gamma": gamma, "reduction": red}
                rec.add(
                    f"sigmoid_focal_loss-a{alpha:g}-g{gamma:g}-{red}-N{n}K{k}",
                    "sigmoid_focal_loss",
                    [x, t],
                    kw,
                    torch_sigmoid_focal_loss(x, t, **kw),
                )
    x = np.array([1000.0, -1000.0, 1000.0, -1000.0, 30.0, -30.0, 0.0])
    t = np.array([1.0, 0.0, 0.0, 1.0, 0.5, 0.25, 1.0])
    for alpha in (0.25, -1.0, 0.8):
        for gamma in (0.0, 0.5, 2.0):
            kw = {"alpha": alpha, "gamma": gamma, "reduction": "none"}
            rec.add(
                f"sigmoid_focal_loss-extremes-a{alpha:g}-g{gamma:g}",
                "sigmoid_focal_loss",
                [x, t],
                kw,
                torch_sigmoid_focal_loss(x, t, **kw),
            )


# --------------------------------------------------------------------------- spatial

#: Spatial shapes (N, C, d1, d2) of the segmentation cases, and a 3-D and a 5-D one.
SPATIAL_SHAPES = ((2, 3, 2, 3), (1, 4, 3, 2), (3, 2, 1, 4), (2, 5, 2, 2))


def _spatial_class_targets(rng, shape, ignore_frac=0.0, ignore_index=IGNORE):
    n, c, *d = shape
    y = rng.integers(0, c, size=(n, *d))
    if ignore_frac > 0:
        drop = rng.random(y.shape) < ignore_frac
        drop.reshape(-1)[rng.integers(0, y.size)] = False  # keep one position counted
        y = np.where(drop, ignore_index, y)
    return y.astype(np.int64)


def add_spatial(rec: Recorder) -> None:
    """(N, C, d1, ..., dk) inputs (segmentation) with every option, for each loss."""

    def add_ce(case_id, z, y, **kw):
        record_cross_entropy(rec, f"spatial-cross_entropy-{case_id}", z, y, **kw)

    configs = {
        **{k: CLASS_CONFIGS[k] for k in ("plain", "ignore", "weight", "weight-ignore")},
        "eps0.1-ignore": CLASS_CONFIGS["eps0.1"],
        "weight-eps0.35-ignore": CLASS_CONFIGS["weight-eps0.35-ignore"],
        "zeroweight-eps0.1": {"weight": "zero", "eps": 0.1},
        "ignore_index1-weight-eps0.1": {"weight": True, "eps": 0.1, "ignore_index": 1},
    }
    for shape, red, name, cfg, rng in config_grid(SPATIAL_SHAPES, configs, 1000):
        z = rng.standard_normal(shape) * rng.choice([1.0, 10.0, 1000.0])
        ig = cfg.get("ignore_index", IGNORE)
        if "ignore_index" in cfg:
            y = _spatial_class_targets(rng, shape)
        else:
            y = _spatial_class_targets(rng, shape, cfg.get("ignore", 0.0))
        w = None
        if cfg.get("weight"):
            w = _class_weight(rng, shape[1], zero=cfg["weight"] == "zero")
        sname = "x".join(map(str, shape))
        kw = {"weight": w, "ignore_index": ig, "reduction": red, "eps": cfg.get("eps", 0.0)}
        add_ce(f"class-{name}-{red}-{sname}", z, y, **kw)
    pconfigs = {k: v for k, v in PROB_CONFIGS.items() if k != "unnormalised-weight"}
    seed = 1000 + len(SPATIAL_SHAPES) * len(REDUCTIONS) * len(configs)
    for shape, red, name, cfg, rng in config_grid(SPATIAL_SHAPES[:2], pconfigs, seed):
        z = rng.standard_normal(shape) * rng.choice([1.0, 10.0])
        if cfg.get("kind") == "onehot":
            q = np.moveaxis(np.eye(shape[1])[_spatial_class_targets(rng, shape)], -1, 1)
        else:
            q = np.moveaxis(rng.dirichlet(np.ones(shape[1]), size=(shape[0], *shape[2:])), -1, 1)
        w = _class_weight(rng, shape[1]) if cfg.get("weight") else None
        sname = "x".join(map(str, shape))
        kw = {"weight": w, "reduction": red, "eps": cfg.get("eps", 0.0)}
        add_ce(f"probs-{name}-{red}-{sname}", z, np.ascontiguousarray(q), **kw)
    # Other k: (N, C, d1) and (N, C, d1, d2, d3); and a batch whose every position is ignored.
    rng = np.random.default_rng(1200)
    for shape in ((2, 3, 5), (2, 3, 2, 2, 2)):
        z = rng.standard_normal(shape) * 5
        y = _spatial_class_targets(rng, shape, 0.3)
        w = _class_weight(rng, shape[1])
        sname = "x".join(map(str, shape))
        for red in REDUCTIONS:
            add_ce(
                f"k{len(shape) - 2}-weight-eps0.1-ignore-{red}-{sname}",
                z,
                y,
                weight=w,
                reduction=red,
                eps=0.1,
            )
    z = rng.standard_normal((2, 3, 2, 2))
    for red in REDUCTIONS:
        add_ce(f"all-ignored-{red}", z, np.full((2, 2, 2), IGNORE), reduction=red, eps=0.1)

    def add_nll(case_id, lp, y, **kw):
        kw.setdefault("ignore_index", IGNORE)
        rec.add(f"spatial-nll_loss-{case_id}", "nll_loss", [lp, y], kw, torch_nll(lp, y, **kw))

    seed = 1300
    for shape in SPATIAL_SHAPES:
        for red in REDUCTIONS:
            for name, weighted, ignore in (("plain", False, 0.0), ("weight-ignore", True, 0.3)):
                seed += 1
                rng = np.random.default_rng(seed)
                lp = torch.log_softmax(_t(rng.standard_normal(shape) * 10), dim=1).numpy()
                y = _spatial_class_targets(rng, shape, ignore)
                w = _class_weight(rng, shape[1]) if weighted else None
                sname = "x".join(map(str, shape))
                add_nll(f"{name}-{red}-{sname}", lp, y, weight=w, reduction=red)
    # log 0 = -inf in a segmentation map: a pixel whose target is there costs inf.
    rng = np.random.default_rng(1350)
    p = rng.dirichlet(np.ones(3), size=(2, 2, 2))
    p[0, 0, 1, 2] = p[1, 1, 0, 0] = 0.0
    with np.errstate(divide="ignore"):
        lp = np.ascontiguousarray(np.moveaxis(np.log(p / p.sum(-1, keepdims=True)), -1, 1))
    y = np.array([[[0, 2], [1, 1]], [[0, 1], [IGNORE, 2]]])
    for red in REDUCTIONS:
        add_nll(f"neg-inf-target-{red}", lp, y, reduction=red)
        add_nll(
            f"ignore_index2-weight-{red}",
            lp,
            np.where(y == IGNORE, 2, y),  # class 2 is ignored now, and -100 is invalid
            weight=_class_weight(rng, 3),
            ignore_index=2,
            reduction=red,
        )

    seed = 1400
    for alpha in (0.25, -1.0):
        for gamma in (0.0, 2.0):
            for red in REDUCTIONS:
                seed += 1
                rng = np.random.default_rng(seed)
                shape = SPATIAL_SHAPES[seed % len(SPATIAL_SHAPES)]
                x = rng.standard_normal(shape) * 5
                t = rng.integers(0, 2, size=shape).astype(np.float64)
                if seed % 2:
                    t = np.where(rng.random(shape) < 0.5, t, rng.random(shape))
                kw = {"alpha": alpha, "gamma": gamma, "reduction": red}
                sname = "x".join(map(str, shape))
                rec.add(
                    f"spatial-sigmoid_focal_loss-a{alpha:g}-g{gamma:g}-{red}-{sname}",
                    "sigmoid_focal_loss",
                    [x, t],
                    kw,
                    torch_sigmoid_focal_loss(x, t, **kw),
                )


def build() -> dict:
    torch.set_default_dtype(torch.float64)
    rec = Recorder()
    add_cross_entropy(rec)
    add_nll(rec)
    add_bce(rec)
    add_bce_logits(rec)
    add_softmax_family(rec)
    add_focal(rec)
    add_spatial(rec)
    return {
        "format": 1,
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "generator": "tests/core/make_torch_reference.py",
        "cases": rec.cases,
    }


def write(doc: dict, path: Path = OUT) -> None:
    """One case per line: small diffs when the reference is regenerated."""
    path.parent.mkdir(parents=True, exist_ok=True)
    head = {k: v for k, v in doc.items() if k != "cases"}
    lines = [json.dumps(c, allow_nan=False, separators=(",", ":")) for c in doc["cases"]]
    text = json.dumps(head, allow_nan=False)[:-1] + ', "cases": [\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # well-formed
    path.write_text(text, encoding="utf-8")


def main() -> None:
    if torch is None:
        raise SystemExit("make_torch_reference.py needs torch: pip install torch (CPU is enough)")
    doc = build()
    write(doc)
    counts: dict[str, int] = {}
    for c in doc["cases"]:
        counts[c["func"]] = counts.get(c["func"], 0) + 1
    size = OUT.stat().st_size
    print(
        f"wrote {OUT} ({size / 1e6:.2f} MB, {len(doc['cases'])} cases, torch {torch.__version__})"
    )
    for func, n in sorted(counts.items()):
        print(f"  {func:40s} {n}")


if __name__ == "__main__":
    main()
