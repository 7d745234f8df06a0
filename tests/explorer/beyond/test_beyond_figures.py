"""Figures of the Beyond classification page, validated strictly; the CEM's frames play.

Each builder gets numbers from xentcore.practice; the traces must carry them (read from
the original figure: the validated copy holds arrays as base64), and the CEM figure must
hold one frame per iteration with play/pause buttons and a slider that animate them.
"""

import math

import numpy as np
import pytest
from figure_checks import as_sent, validated

from explorer.beyond.animation import FRAME_MS, MOVING, cem_figure
from explorer.beyond.figures import (
    LOG_FLOOR,
    best_value_figure,
    convergence_figure,
    densities_figure,
    gaussian_nll_figure,
    information_figure,
    joint_heatmap_figure,
    likelihood_figure,
)
from xentcore import practice as core

YS = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
PS = [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3]


def test_likelihood_figure_marks_the_peak_and_the_model():
    theta = np.linspace(0.0, 1.0, 101)  # the ends are -inf: drawn as gaps
    c = core.bernoulli_likelihood_curve(YS, theta, base=2)
    lk = core.binary_likelihood(YS, PS, base=2)
    fig = likelihood_figure(
        theta, c.log_likelihood, c.cross_entropy, c.theta_hat, c.max_log_likelihood,
        c.min_cross_entropy, lk.log_likelihood, lk.mean_nll, "bits",
    )  # fmt: skip
    validated(fig)
    ll, ce, star, diamond, model_ll, model_ce = fig.data
    assert math.isnan(ll.y[0]) and math.isnan(ll.y[-1])
    assert ll.y[50] == pytest.approx(-10.0)  # 10 labels at θ = 0.5: 10 log2 0.5
    assert ce.yaxis == "y2" and ce.y[50] == pytest.approx(1.0)
    assert star.x == (0.5,) and star.y == (pytest.approx(-10.0),)
    assert diamond.y == (pytest.approx(1.0),)
    assert model_ll.y == (lk.log_likelihood,) * 2 and model_ce.y == (lk.mean_nll,) * 2
    assert fig.layout.shapes[0].x0 == 0.5  # the dotted line at θ̂


def test_likelihood_figure_without_a_finite_model_line():
    theta = np.linspace(0.01, 0.99, 99)
    c = core.bernoulli_likelihood_curve([1, 0], theta)
    lk = core.binary_likelihood([1, 0], [0.0, 0.5])  # log L = -inf
    fig = likelihood_figure(
        theta, c.log_likelihood, c.cross_entropy, c.theta_hat, c.max_log_likelihood,
        c.min_cross_entropy, lk.log_likelihood, lk.mean_nll, "nats",
    )  # fmt: skip
    validated(fig)
    assert len(fig.data) == 4


def test_gaussian_nll_figure_is_the_parabola_and_the_points():
    y, pred = np.array([0.6, 2.4, 2.5]), np.array([1.0, 2.0, 3.0])
    g = core.gaussian_nll(y, pred, sigma=0.5)
    grid = np.linspace(-2, 2, 41)
    curve = core.gaussian_nll(grid, 0.0, sigma=0.5).nll
    fig = gaussian_nll_figure(grid, curve, y - pred, g.nll, float(g.nll.mean()), 0.5, "nats")
    validated(fig)
    parabola, points, mean, floor = fig.data
    assert np.allclose(points.x, y - pred) and np.allclose(points.y, g.nll)
    assert mean.y == (pytest.approx(g.nll.mean()),) * 2
    assert floor.y[0] == pytest.approx(0.5 * math.log(2 * math.pi * 0.25))


def test_information_figure_stacks_the_three_parts():
    info = core.table_information([[30, 10], [15, 15], [5, 25]], base=2)
    fig = information_figure(
        info.h_x, info.h_y, info.h_xy, info.h_x_given_y, info.h_y_given_x,
        info.mutual_information, "bits",
    )  # fmt: skip
    validated(fig)
    x_given_y, mi, y_given_x, totals = fig.data
    assert list(x_given_y.y) == ["H(X, Y)", "H(Y)", "H(X)"]
    # H(X) = H(X|Y) + I, H(Y) = I + H(Y|X), H(X,Y) = all three: each row's span
    parts = [(r, b, b + w) for t in (x_given_y, mi, y_given_x)
             for r, b, w in zip(t.y, t.base, t.x, strict=True) if w > 0]  # fmt: skip

    def span(row):
        return max(e for r, _, e in parts if r == row) - min(b for r, b, _ in parts if r == row)

    assert span("H(X)") == pytest.approx(info.h_x)
    assert span("H(Y)") == pytest.approx(info.h_y)
    assert span("H(X, Y)") == pytest.approx(info.h_xy)
    assert mi.x[0] == pytest.approx(info.mutual_information)
    assert "H(X, Y) = 2.390" in totals.text[0]


def test_joint_heatmap_labels_each_cell_and_the_margins():
    info = core.table_information([[1, 3], [2, 2]])
    fig = joint_heatmap_figure(info.joint, ["x1", "x2"], ["y1", "y2"], info.p_x, info.p_y)
    validated(fig)
    (heat,) = fig.data
    assert [list(row) for row in heat.text] == [["0.125", "0.375"], ["0.250", "0.250"]]
    assert list(heat.y) == ["x1 (0.50)", "x2 (0.50)"] and list(heat.x) == ["y1 (0.38)", "y2 (0.62)"]


def test_densities_and_convergence_figures():
    est = core.histogram_estimate(0.0, 1.0, 1.0, 1.5, n_samples=5_000, seed=1)
    x = np.linspace(-4, 6, 50)
    pdf_p = np.exp(-core.gaussian_nll(x, 0.0, sigma=1.0).nll)
    pdf_q = np.exp(-core.gaussian_nll(x, 1.0, sigma=1.5).nll)
    density = est.p_hat / np.diff(est.edges)
    fig = densities_figure(x, pdf_p, pdf_q, est.edges, density)
    validated(fig)
    bars, p, q = fig.data
    assert float(np.sum(bars.y * bars.width)) == pytest.approx(1.0)  # a density
    assert np.allclose(p.y, pdf_p)
    counts = np.array([100, 1_000, 10_000])
    runs = [core.histogram_estimate(0, 1, 1, 1.5, n_samples=int(n), seed=0) for n in counts]
    exact = float(core.gaussian_cross_entropy(0, 1, 1, 1.5))
    conv = convergence_figure(
        counts, [r.cross_entropy for r in runs], [r.kl_divergence for r in runs], exact,
        float(core.gaussian_kl_divergence(0, 1, 1, 1.5)), "nats",
    )  # fmt: skip
    validated(conv)
    assert conv.layout.xaxis.type == "log"
    assert conv.data[1].y == (exact, exact)


def test_best_value_figure_floors_zero_for_the_log_axis():
    fig = best_value_figure(np.array([2.0, 0.5, 0.0]), np.array([2.0, 0.5, 0.0]))
    validated(fig)
    assert list(fig.data[0].y) == [2.0, 0.5, LOG_FLOOR]
    assert fig.layout.yaxis.type == "log"


def cem(iterations=6):
    run = core.cem_run("himmelblau", mean=(0.0, 0.0), n_iterations=iterations, seed=2)
    grid = np.linspace(-6, 6, 31)
    gx, gy = np.meshgrid(grid, grid)
    z = core.cem_objective("himmelblau", np.column_stack([gx.ravel(), gy.ravel()]))
    ellipses = np.stack(
        [core.gaussian_ellipse(m, c) for m, c in zip(run.means, run.covs, strict=True)]
    )
    titles = [f"Iteration {i}" for i in range(1, iterations + 1)]
    fig = cem_figure(grid, z.reshape(gx.shape), run.samples, run.elites, ellipses,
                     core.CEM_MINIMA["himmelblau"], titles)  # fmt: skip
    return run, ellipses, fig


def test_cem_figure_has_one_frame_per_iteration():
    run, ellipses, fig = cem(6)
    validated(fig)  # the fast route sends what plotly sends, frames included
    sent = as_sent(fig.to_dict())
    assert [f["name"] for f in sent["frames"]] == ["1", "2", "3", "4", "5", "6"]
    frames = fig.frames
    for i, frame in enumerate(frames):
        assert list(frame.traces) == MOVING
        samples, elites, sampled, refit, where = frame.data
        assert np.allclose(samples.x, run.samples[i, :, 0], atol=1e-5)  # float32 on the wire
        assert np.allclose(elites.y, run.elites[i, :, 1], atol=1e-5)
        assert np.allclose(sampled.x, ellipses[i, :, 0], atol=1e-5)
        assert np.allclose(refit.y, ellipses[i + 1, :, 1], atol=1e-5)
        assert where.text == (f"Iteration {i + 1}",)  # the line above the plot
    # the figure opens on iteration 1
    assert np.allclose(fig.data[MOVING[0]].x, run.samples[0, :, 0], atol=1e-5)


def test_cem_figure_plays_and_pauses():
    _, _, fig = cem(4)
    play, pause = fig.layout.updatemenus[0].buttons
    assert play.method == "animate" and play.args[0] is None
    assert play.args[1]["frame"]["duration"] == FRAME_MS and play.args[1]["fromcurrent"]
    assert list(pause.args[0]) == [None] and pause.args[1]["mode"] == "immediate"
    steps = fig.layout.sliders[0].steps
    assert [list(s.args[0]) for s in steps] == [["1"], ["2"], ["3"], ["4"]]
    assert all(s.method == "animate" for s in steps)
