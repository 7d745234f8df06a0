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
