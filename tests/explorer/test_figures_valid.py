"""Figures are built without plotly's validation at run time (for speed), so validate here.

Every pure builder in explorer/figures*.py is called with representative inputs and its
output is rebuilt with full validation: an unknown or misspelt property raises.
"""

import copy
import importlib
import inspect
import pickle
import pkgutil

import numpy as np
import plotly.graph_objects as go
import pytest
from figure_checks import as_sent, validated

import explorer
from explorer.figures import Figure, figure
from explorer.home.figures import decomposition_figure, distribution_figure


def strict(fig: go.Figure) -> go.Figure:
    return validated(fig)  # raises ValueError on an invalid property


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
    # explorer/figures.py, and each page package's figures.py (explorer/<page>/figures.py).
    return [
        importlib.import_module(m.name)
        for m in pkgutil.walk_packages(explorer.__path__, "explorer.")
        if m.name == "explorer.figures" or m.name.endswith(".figures")
    ]


def test_every_figure_module_is_checked_somewhere():
    # Page-specific builders (explorer/<page>/figures.py) are validated by their own
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


# ------------------------------------------------- explorer.figures.Figure: the fast route


def spec_figure() -> Figure:
    return figure(
        [
            {"type": "scatter", "x": np.arange(3), "y": np.array([0.5, np.nan, 2.0]), "text": None},
            {"type": "heatmap", "z": np.eye(2), "name": "eye"},
        ],
        height=300,
        yaxis={"range": np.array([0.0, 1.0])},
    )


def test_sending_a_figure_does_not_build_plotly_objects():
    fig = spec_figure()
    sent = as_sent(fig.to_dict())
    assert "_spec" in fig.__dict__ and "_data_objs" not in fig.__dict__
    assert fig.to_dict() is fig.to_dict()  # converted once, then reused
    scatter, heatmap = sent["data"]
    assert scatter["x"] == {"dtype": "i1", "bdata": "AAEC"}  # int64 0, 1, 2 sent as int8
    assert scatter["y"]["dtype"] == "f8" and "text" not in scatter
    assert heatmap["z"]["shape"] == "2, 2"
    assert sent["layout"]["yaxis"]["range"] == [0.0, 1.0]  # as plotly: ranges stay lists
    assert sent["layout"]["height"] == 300


def test_reading_a_figure_builds_it_and_later_edits_are_sent():
    fig = spec_figure()
    fig.to_dict()
    assert list(fig.data[0].y[[0, 2]]) == [0.5, 2.0] and fig.data[1].name == "eye"
    fig.update_layout(height=123)
    assert fig.to_dict()["layout"]["height"] == 123
    assert "_spec" not in fig.__dict__


def test_copies_of_a_figure_are_equal_figures():
    fig = spec_figure()
    for other in (copy.deepcopy(fig), pickle.loads(pickle.dumps(fig))):
        assert as_sent(other.to_dict()) == as_sent(spec_figure().to_dict())
    with pytest.raises(AttributeError):
        fig.no_such_property  # noqa: B018
