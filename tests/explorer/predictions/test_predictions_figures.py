"""Figures of the Your predictions page: valid plotly, and they draw the numbers given."""

from __future__ import annotations

import math

import numpy as np
from figure_checks import validated

from explorer.figures import COLORS
from explorer.predictions.figures import (
    confusion_figure,
    loss_histogram_figure,
    plot_text,
    reliability_figure,
)
from xentcore.predictions import evaluate_predictions, synthetic_predictions


def test_loss_histogram_bars_and_mean_line():
    edges = np.linspace(0.0, 2.0, 5)
    fig = validated(loss_histogram_figure(edges, [3, 1, 0, 2], "bits", 0.75, n_infinite=2))
    bars = fig.data[0]
    assert list(bars.x) == [0.25, 0.75, 1.25, 1.75] and list(bars.y) == [3, 1, 0, 2]
    assert bars.width == 0.5 and bars.marker.color == COLORS["KL"]
    line = fig.layout.shapes[0]
    assert line.x0 == line.x1 == 0.75
    assert fig.layout.annotations[0].text == "mean 0.750 bits"
    assert "2 infinite" in fig.layout.title.text
    assert "bits" in fig.layout.xaxis.title.text


def test_loss_histogram_with_an_infinite_mean_has_no_line():
    fig = validated(loss_histogram_figure([0.0, 1.0], [1], "nats", math.inf, n_infinite=1))
    assert len(fig.layout.shapes) == 0


def test_reliability_figure_from_a_real_evaluation():
    y, p = synthetic_predictions("overconfident")
    cal = evaluate_predictions(p, y, kind="probabilities", n_bins=5).calibration
    fig = validated(reliability_figure(cal.edges, cal.count, cal.confidence, cal.accuracy, cal.ece))
    bars, marks = fig.data
    np.testing.assert_allclose(list(bars.x), [0.1, 0.3, 0.5, 0.7, 0.9])
    for got, want in zip(bars.y, cal.accuracy, strict=True):
        assert (got is None and np.isnan(want)) or got == want
    assert list(bars.customdata) == cal.count.tolist()
    assert marks.marker.color == COLORS["Q"] and bars.marker.color == COLORS["P"]
    assert f"{cal.ece:.3f}" in fig.layout.title.text
    diagonal = fig.layout.shapes[0]
    assert (diagonal.x0, diagonal.y0, diagonal.x1, diagonal.y1) == (0, 0, 1, 1)


def test_confusion_figure_counts_and_escaped_names():
    m = np.array([[5, 1], [2, 7]])
    fig = validated(confusion_figure(m, ["<b>cat</b>", "dog"]))
    heat = fig.data[0]
    assert [list(r) for r in heat.z] == [[5, 1], [2, 7]]
    assert heat.x[0] == "&lt;b&gt;cat&lt;/b&gt;" and heat.y[1] == "dog"
    assert fig.layout.yaxis.autorange == "reversed"
    many = validated(confusion_figure(np.eye(20, dtype=int), [str(i) for i in range(20)]))
    assert many.data[0].texttemplate is None  # too many cells to label


def test_plot_text_shortens():
    assert plot_text("x" * 100).endswith("…") and len(plot_text("x" * 100)) == 24


# --- the Calibrate and Model A vs B tabs ----------------------------------------------


def test_temperature_curve_marks_the_fitted_t_and_t_1():
    from explorer.predictions.figures import temperature_curve_figure
    from xentcore.practice import fit_temperature, temperature_objective

    y, p = synthetic_predictions("overconfident")
    fit = fit_temperature(p, y, kind="probabilities")
    grid = np.geomspace(0.25, 12.0, 30)
    nll = temperature_objective(p, y, kind="probabilities", temperature=grid).nll
    fig = temperature_curve_figure(
        grid, nll, fit.temperature, fit.nll_after, fit.nll_before, "nats"
    )
    validated(fig)  # (arrays are read from the original: the copy holds them encoded)
    curve, marks = fig.data
    np.testing.assert_allclose(curve.x, grid)
    np.testing.assert_allclose(curve.y, nll)
    assert list(marks.x) == [1.0, fit.temperature]
    assert list(marks.y) == [fit.nll_before, fit.nll_after]
    assert marks.text[1] == f"fitted T = {fit.temperature:.3f}"
    assert fig.layout.shapes[0].x0 == fit.temperature
    assert fig.layout.xaxis.type == "log" and list(fig.layout.xaxis.tickvals)[:3] == [
        0.25,
        0.5,
        1.0,
    ]
    assert fig.layout.yaxis.title.text == "mean NLL (nats)"


def test_class_reliability_panels_one_per_class_with_escaped_titles():
    from explorer.predictions.figures import class_reliability_figure
    from xentcore.practice import apply_temperature, class_reliability

    y, p = synthetic_predictions("overconfident")
    before = class_reliability(p, y, n_bins=5)
    after = class_reliability(apply_temperature(p, 2.7, kind="probabilities"), y, n_bins=5)
    names = ["<b>cat</b>", "dog", "bird", "fish"]
    series = [
        (
            "before",
            np.vstack([before.confidence, before.confidence[:1]]),
            np.vstack([before.frequency, before.frequency[:1]]),
        ),
        (
            "after T",
            np.vstack([after.confidence, after.confidence[:1]]),
            np.vstack([after.frequency, after.frequency[:1]]),
        ),
    ]
    fig = validated(class_reliability_figure(names, series, columns=3))
    assert len(fig.data) == 8  # 4 panels x 2 series
    assert [t.name for t in fig.data[:2]] == ["before", "after T"]
    assert [t.showlegend for t in fig.data] == [True, True] + [False] * 6
    dog_after = fig.data[3]
    assert (dog_after.xaxis, dog_after.yaxis) == ("x2", "y2")
    for got, want in zip(dog_after.y, after.frequency[1], strict=True):
        assert (got is None and np.isnan(want)) or got == want
    titles = [a.text for a in fig.layout.annotations]
    assert titles[0] == "<b>&lt;b&gt;cat&lt;/b&gt;</b>" and titles[3] == "<b>fish</b>"
    assert len(fig.layout.shapes) == 4 and fig.layout.shapes[3].xref == "x4"
    # Two rows of panels: the fourth sits under the first, and they do not overlap.
    assert fig.layout.xaxis4.domain == fig.layout.xaxis.domain
    assert fig.layout.yaxis4.domain[1] < fig.layout.yaxis.domain[0]


def test_difference_histogram_colours_each_side_and_marks_the_interval():
    from explorer.predictions.figures import difference_histogram_figure
    from xentcore.practice import difference_histogram

    d = np.array([-1.0, -0.2, 0.1, 0.3, 0.35, 0.9])
    h = difference_histogram(d, n_bins=4)
    fig = difference_histogram_figure(h.edges, h.counts, d.mean(), 0.05, 0.4, "bits")
    validated(fig)
    a_side, b_side = fig.data
    assert list(a_side.x) == [-0.75, -0.25] and list(a_side.y) == [1, 1]
    assert list(b_side.x) == [0.25, 0.75] and list(b_side.y) == [3, 1]
    assert a_side.marker.color == COLORS["Q"] and b_side.marker.color == COLORS["P"]
    band, zero, mean = fig.layout.shapes
    assert (band.x0, band.x1) == (0.05, 0.4) and zero.x0 == 0.0 and mean.x0 == d.mean()
    assert fig.layout.annotations[0].text == f"mean {d.mean():.3f} bits"
    assert "bits" in fig.layout.xaxis.title.text
