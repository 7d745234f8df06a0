"""The Training page's figure builders, validated strictly."""

from __future__ import annotations

import numpy as np
import pytest
from figure_checks import typed_values
from figure_checks import validated as strict  # raises ValueError on an invalid property

from explorer.training.figures import (
    MAX_CURVE_POINTS,
    RUN_COLORS,
    Series,
    class_color,
    decision_regions_figure,
    thin_indices,
    training_curves_figure,
    typed_array,
)
from xentcore.training import LossSpec, ModelSpec, decision_grid, make_dataset, train


@pytest.fixture(scope="module")
def runs():
    data = make_dataset("moons", n_points=120, n_classes=2, noise=0.2, seed=0)
    model = ModelSpec("hidden_layer", hidden=8)
    a = train(data, model, LossSpec(), learning_rate=1.0, steps=600)
    b = train(data, model, LossSpec("squared_error"), learning_rate=1.0, steps=600)
    return data, model, a, b


# ---------------------------------------------------------------- curves


def test_thin_indices_keep_both_ends_and_the_bound():
    assert thin_indices(3).tolist() == [0, 1, 2]
    idx = thin_indices(5001)
    assert len(idx) <= MAX_CURVE_POINTS and idx[0] == 0 and idx[-1] == 5000
    assert np.all(np.diff(idx) > 0)


def test_typed_array_round_trip():
    values = np.array([[1.5, np.nan], [-2.0, 1e300]])
    spec = typed_array(values)
    assert spec["dtype"] == "f8" and spec["shape"] == "2, 2"
    np.testing.assert_array_equal(typed_values(spec), values)
    assert typed_values(typed_array([3, 4], "u1")).tolist() == [3, 4]


def test_curves_figure_overlays_the_runs(runs):
    _, _, a, b = runs
    series = [
        Series("A: cross-entropy", a.cross_entropy_in(2), RUN_COLORS[0]),
        Series("B: squared error", b.cross_entropy_in(2), RUN_COLORS[1]),
    ]
    fig = strict(training_curves_figure(series, y_title="cross-entropy (bits)", marker_step=300))
    assert [t.name for t in fig.data] == ["A: cross-entropy", "B: squared error"]
    assert [t.line.color for t in fig.data] == list(RUN_COLORS)
    x, y = typed_values(fig.data[0].x), typed_values(fig.data[0].y)
    assert len(x) <= MAX_CURVE_POINTS and x[0] == 0 and x[-1] == 600
    np.testing.assert_array_equal(y, a.cross_entropy_in(2)[x])
    assert y[0] == pytest.approx(1.0)  # log2 2 bits at the uniform start
    assert fig.layout.shapes[0].x0 == 300  # the scrubber's step
    assert fig.layout.yaxis.title.text == "cross-entropy (bits)"


def test_curves_never_draw_a_non_finite_value():
    values = np.array([1.0, 0.5, np.inf, np.nan, 0.2])
    fig = strict(training_curves_figure([Series("x", values, "#000000")], y_title="loss"))
    y = typed_values(fig.data[0].y)
    assert np.isnan(y[2]) and np.isnan(y[3])  # gaps, not points at infinity
    assert y[[0, 1, 4]].tolist() == [1.0, 0.5, 0.2]


def test_a_flat_curve_gets_an_axis_range():
    fig = strict(training_curves_figure([Series("x", np.array([0.7]), "#000000")], y_title="l"))
    assert list(fig.layout.yaxis.range) == pytest.approx([0.2, 1.2])


def test_accuracy_figure_with_dotted_confidence(runs):
    _, _, a, _ = runs
    fig = strict(
        training_curves_figure(
            [
                Series("A: accuracy", a.accuracy, "#0072B2"),
                Series("A: conf", a.confidence, "#0072B2", "dot"),
            ],
            y_title="fraction",
            y_range=(0.0, 1.02),
        )
    )
    assert [t.line.dash for t in fig.data] == ["solid", "dot"]
    assert list(fig.layout.yaxis.range) == [0.0, 1.02]


# ---------------------------------------------------------------- decision regions


def test_decision_regions_figure(runs):
    data, model, a, _ = runs
    g = decision_grid(a.params, model, data.X, resolution=40)
    fig = strict(
        decision_regions_figure(
            g.x, g.y, g.predicted, g.confidence, data.X, data.y, 2, title="Run A, step 600"
        )
    )
    heat, *points = fig.data
    assert heat.type == "heatmap" and heat.zmin == 0 and heat.zmax == 2
    z = typed_values(heat.z)
    assert z.shape == (40, 40)
    # The integer part is the predicted class; the rest grows with the confidence.
    np.testing.assert_array_equal(np.floor(z), g.predicted)
    strength = (g.confidence - 0.5) / 0.5
    np.testing.assert_allclose(z - g.predicted, np.clip(strength, 0, 0.999), atol=1e-6)
    assert [p.name for p in points] == ["class 0", "class 1"]
    assert [p.marker.color for p in points] == [class_color(0), class_color(1)]
    n0 = len(typed_values(points[0].x))
    assert n0 == int(np.sum(data.y == 0))
    np.testing.assert_allclose(typed_values(points[0].x), data.X[data.y == 0, 0], rtol=1e-6)
    assert fig.layout.title.text == "Run A, step 600"


def test_decision_regions_skip_empty_classes_and_cap_the_grid():
    data = make_dataset("blobs", n_points=30, n_classes=3, imbalance=1.0, seed=0)
    model = ModelSpec()
    run = train(data, model, LossSpec(), steps=20)
    g = decision_grid(run.params, model, data.X, resolution=120)
    fig = strict(decision_regions_figure(g.x, g.y, g.predicted, g.confidence, data.X, data.y, 3))
    assert typed_values(fig.data[0].z).shape == (120, 120)
    assert [t.name for t in fig.data[1:]] == ["class 0", "class 1"]


def test_classes_do_not_reuse_the_run_colours():
    assert class_color(0) not in RUN_COLORS and class_color(1) not in RUN_COLORS
