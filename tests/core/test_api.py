"""The public API: everything in __all__ exists, is documented the numpydoc way with its
formula and a runnable example, and the core imports nothing but NumPy."""

import ast
import inspect
from pathlib import Path

import pytest

import xentcore

FUNCTIONS = [n for n in xentcore.__all__ if inspect.isfunction(getattr(xentcore, n))]
CORE = Path(xentcore.__file__).parent


def test_all_names_exist_and_are_unique():
    assert len(set(xentcore.__all__)) == len(xentcore.__all__)
    for name in xentcore.__all__:
        assert hasattr(xentcore, name), name
    for required in (
        "entropy",
        "cross_entropy",
        "kl_divergence",
        "js_divergence",
        "softmax",
        "log_softmax",
        "logsumexp",
        "sigmoid",
        "log_sigmoid",
        "softmax_cross_entropy",
        "nll_loss",
        "binary_cross_entropy",
        "binary_cross_entropy_with_logits",
        "sigmoid_focal_loss",
        "softmax_cross_entropy_grad",
        "binary_cross_entropy_with_logits_grad",
        "log_loss",
        "normalize",
    ):
        assert required in xentcore.__all__


@pytest.mark.parametrize("name", FUNCTIONS)
def test_numpydoc_with_formula_and_example(name):
    function = getattr(xentcore, name)
    doc = inspect.getdoc(function)
    if inspect.signature(function).parameters:
        assert "Parameters\n----------" in doc, name
    assert ".. math::" in doc or ":math:" in doc, name
    assert "Examples\n--------" in doc and ">>>" in doc, name


def test_signatures_are_as_specified():
    sig = inspect.signature
    assert str(sig(xentcore.entropy)) == "(p, *, base: 'float | None' = None, axis: 'int' = -1)"
    params = sig(xentcore.softmax_cross_entropy).parameters
    assert list(params) == [
        "logits",
        "target",
        "weight",
        "ignore_index",
        "reduction",
        "label_smoothing",
    ]
    assert params["ignore_index"].default == -100 and params["reduction"].default == "mean"
    assert list(sig(xentcore.softmax_cross_entropy_grad).parameters) == list(params)
    assert list(sig(xentcore.log_loss).parameters) == [
        "y_true",
        "y_proba",
        "normalize",
        "sample_weight",
        "labels",
    ]
    assert sig(xentcore.sigmoid_focal_loss).parameters["reduction"].default == "none"


@pytest.mark.parametrize("path", sorted(CORE.rglob("*.py")), ids=lambda p: str(p.relative_to(CORE)))
def test_core_imports_only_numpy_and_the_standard_library(path):
    allowed_third_party = {"numpy"}
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots = [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots = [node.module.split(".")[0]]
        else:
            continue
        for root in roots:
            assert root in allowed_third_party or root in __import__("sys").stdlib_module_names, (
                f"{path.name} imports {root}"
            )
