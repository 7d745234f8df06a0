"""The Language models page's figures: pure builders, validated strictly.

The builders skip plotly's validation at run time, so each is validated here.
"""

from __future__ import annotations

import math

import pytest
from figure_checks import validated  # raises ValueError on an invalid property

from explorer.figures import COLORS
from explorer.language.figures import (
    COMPRESSOR_COLOR,
    PRIMED_COLOR,
    compression_figure,
    order_curve_figure,
)

TRAIN = [4.8, 3.5, 2.6, 1.7, 1.1, 0.7]
TEST = [4.7, 3.5, 2.9, 2.8, 3.1, 3.4]


# ----------------------------------------------------------------------------- figures
def test_order_curve_figure_is_valid_and_holds_the_numbers():
    fig = validated(
        order_curve_figure(range(6), TRAIN, TEST, unit="bits", order=3, frequency_entropy=4.8)
    )
    assert [t.name for t in fig.data] == ["training text", "held-out text"]
    assert list(fig.data[0].y) == TRAIN
    assert list(fig.data[1].y) == TEST
    assert list(fig.data[1].text) == ["4.70", "3.50", "2.90", "2.80", "3.10", "3.40"]
    assert fig.data[0].line.color == COLORS["P"] and fig.data[1].line.color == COLORS["Q"]
    order_line, entropy_line = fig.layout.shapes
    assert order_line.x0 == order_line.x1 == 3
    assert entropy_line.y0 == entropy_line.y1 == 4.8
    assert entropy_line.line.color == COLORS["H"]
    assert "cross-entropy (bits/char)" == fig.layout.yaxis.title.text
    assert fig.layout.yaxis.range[1] == pytest.approx(4.8 * 1.18)
    assert list(fig.layout.xaxis.tickvals) == list(range(6))


def test_order_curve_figure_leaves_a_gap_at_infinity():
    test = [4.7, math.inf, math.inf, math.inf, math.inf, math.inf]
    fig = validated(order_curve_figure(range(6), TRAIN, test, unit="nats", order=0))
    assert list(fig.data[1].y) == [4.7, None, None, None, None, None]
    assert list(fig.data[1].text)[1] == "∞"
    assert len(fig.layout.shapes) == 1  # no entropy line without a value
    assert (
        "your test text"
        == validated(
            order_curve_figure(
                range(6), TRAIN, TEST, unit="bits", order=2, test_name="your test text"
            )
        )
        .data[1]
        .name
    )


def test_compression_figure_is_valid_and_coloured_by_kind():
    labels = ["3-gram model (order 3)", "zlib", "zlib, given the training text"]
    fig = validated(
        compression_figure(
            labels, [2.77, 4.15, 3.35], ["model", "compressor", "given training"], unit="bits"
        )
    )
    (bar,) = fig.data
    assert list(bar.y) == labels[::-1]  # drawn top to bottom in the given order
    assert list(bar.x) == [3.35, 4.15, 2.77]
    assert list(bar.marker.color) == [PRIMED_COLOR, COMPRESSOR_COLOR, COLORS["Q"]]
    assert list(bar.text) == ["3.35 bits/char", "4.15 bits/char", "2.77 bits/char"]
    assert fig.layout.xaxis.title.text == "bits per character (lower is better)"


def test_compression_figure_draws_infinity_as_a_hatched_full_bar():
    fig = validated(
        compression_figure(["model", "lzma"], [math.inf, 3.0], ["model", "compressor"], unit="bits")
    )
    bar = fig.data[0]
    assert list(bar.x) == [3.0, pytest.approx(3.75)]
    assert list(bar.text)[1] == "∞ bits/char"
    assert list(bar.marker.pattern.shape) == ["", "/"]


def test_compression_figure_refuses_bad_input():
    with pytest.raises(ValueError, match="unknown bar kind"):
        compression_figure(["a"], [1.0], ["gzip"], unit="bits")
    with pytest.raises(ValueError, match="same length"):
        compression_figure(["a", "b"], [1.0], ["model"], unit="bits")
