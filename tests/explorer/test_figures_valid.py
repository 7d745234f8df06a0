"""Figures are built without plotly's validation at run time (for speed), so validate here.

Every pure builder in explorer/figures*.py is called with representative inputs and its
output is rebuilt with full validation: an unknown or misspelt property raises.
"""

import importlib
import inspect
import pkgutil

import plotly.graph_objects as go
import pytest

import explorer
from explorer.figures import decomposition_figure, distribution_figure


def strict(fig: go.Figure) -> go.Figure:
    return go.Figure(fig.to_plotly_json())  # raises ValueError on an invalid property


def test_home_figures_are_valid_plotly():
    strict(decomposition_figure(1.361, 1.927, "bits"))
    strict(decomposition_figure(1.0, float("inf"), "nats"))
    fig = strict(distribution_figure(["red", "green", "blue"], [0.1, 0.4, 0.5], [0.8, 0.15, 0.05]))
    assert [t.name for t in fig.data] == ["P (true)", "Q (predicted)"]
    assert list(fig.data[0].y) == [0.1, 0.4, 0.5]


def test_an_invalid_property_is_caught():
    bad = go.Figure(data=[{"type": "bar", "colour": "red"}], _validate=False)
    with pytest.raises(ValueError, match="colour"):
        strict(bad)


def figure_modules():
    return [
        importlib.import_module(f"explorer.{m.name}")
        for m in pkgutil.iter_modules(explorer.__path__)
        if m.name.startswith("figures")
    ]


def test_every_figure_module_is_checked_somewhere():
    # Page-specific builders (explorer/figures_<page>.py) are validated by their own
    # tests calling `strict` on their output; this lists them so none is forgotten.
    names = [m.__name__ for m in figure_modules()]
    assert "explorer.figures" in names
    for module in figure_modules():
        builders = [
            n
            for n, f in inspect.getmembers(module, inspect.isfunction)
            if n.endswith("_figure") and f.__module__ == module.__name__
        ]
        assert builders or module.__name__ == "explorer.figures", module.__name__
