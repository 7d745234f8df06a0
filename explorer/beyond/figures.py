"""Pure figure builders of the Beyond classification page: numbers in, figure out.

In the one-call style of :func:`explorer.figures.figure` (plain trace dicts, no run-time
validation; the tests validate every builder's output strictly). The CEM's animated
contour plot is in :mod:`explorer.beyond.animation`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explorer.figures import AXIS, COLORS, PALETTE, axis, figure

__all__ = [
    "best_value_figure",
    "convergence_figure",
    "densities_figure",
    "gaussian_nll_figure",
    "information_figure",
    "joint_heatmap_figure",
    "likelihood_figure",
]

#: Below this a best value is drawn at this height on the log axis (0 has no log).
LOG_FLOOR = 1e-12


def _finite(values) -> np.ndarray:
    """NaN where a value is ±∞, so a line leaves a gap instead of breaking the axis."""
    a = np.asarray(values, dtype=float)
    return np.where(np.isfinite(a), a, np.nan)


def likelihood_figure(
    theta: np.ndarray,
    log_likelihood: np.ndarray,
    cross_entropy: np.ndarray,
    theta_hat: float,
    max_log_likelihood: float,
    min_cross_entropy: float,
    model_log_likelihood: float,
    model_cross_entropy: float,
    unit: str,
):
    """log L(θ) (left axis) and the cross-entropy −log L(θ) / N (right axis) against θ.

    The maximum of the one is the minimum of the other, at θ̂; the dotted lines are the
    user's own predictions.
    """
    data = [
        {"type": "scatter", "x": theta, "y": _finite(log_likelihood), "mode": "lines",
         "name": "log-likelihood log L(θ)", "line": {"color": COLORS["P"], "width": 3},
         "hovertemplate": "θ = %{x:.3f}<br>log L = %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": theta, "y": _finite(cross_entropy), "mode": "lines",
         "name": "cross-entropy −log L(θ) / N", "yaxis": "y2",
         "line": {"color": COLORS["Q"], "width": 3, "dash": "dash"},
         "hovertemplate": "θ = %{x:.3f}<br>cross-entropy = %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": [theta_hat], "y": [max_log_likelihood], "mode": "markers",
         "name": f"maximum likelihood at θ̂ = {theta_hat:.3g}",
         "marker": {"color": COLORS["P"], "size": 14, "symbol": "star"}},
        {"type": "scatter", "x": [theta_hat], "y": [min_cross_entropy], "mode": "markers",
         "name": "minimum cross-entropy", "yaxis": "y2",
         "marker": {"color": COLORS["Q"], "size": 12, "symbol": "diamond"}},
    ]  # fmt: skip
    finite_ll = np.isfinite(model_log_likelihood)
    if finite_ll:
        data.append(
            {"type": "scatter", "x": [0.0, 1.0], "y": [model_log_likelihood] * 2,
             "mode": "lines", "name": "your predictions: log L",
             "line": {"color": COLORS["P"], "width": 1.5, "dash": "dot"}}
        )  # fmt: skip
        data.append(
            {"type": "scatter", "x": [0.0, 1.0], "y": [model_cross_entropy] * 2, "yaxis": "y2",
             "mode": "lines", "name": "your predictions: cross-entropy",
             "line": {"color": COLORS["Q"], "width": 1.5, "dash": "dot"}}
        )  # fmt: skip
    return figure(
        data,
        height=440,
        top=110,
        xaxis=axis("θ: the same P(y = 1) predicted for every sample", range=[0, 1]),
        yaxis=axis(f"log L ({unit})"),
        yaxis2={
            **AXIS,
            **axis(f"cross-entropy ({unit})", overlaying="y", side="right", showgrid=False),
            "rangemode": "tozero",
        },
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": theta_hat,
                "x1": theta_hat,
                "y0": 0,
                "y1": 1,
                "line": {"color": "#888888", "width": 1.5, "dash": "dot"},
            }
        ],  # fmt: skip
        hovermode="closest",
    )


def gaussian_nll_figure(
    grid: np.ndarray,
    curve: np.ndarray,
    residuals: np.ndarray,
    nll: np.ndarray,
    mean_nll: float,
    sigma: float,
    unit: str,
):
    """The Gaussian NLL against the residual y − ŷ (a parabola), each point on it."""
    data = [
        {"type": "scatter", "x": grid, "y": curve, "mode": "lines",
         "name": f"−log N(y; ŷ, σ²), σ = {sigma:g}", "line": {"color": COLORS["P"], "width": 3}},
        {"type": "scatter", "x": residuals, "y": nll, "mode": "markers", "name": "your points",
         "marker": {"color": COLORS["Q"], "size": 12, "line": {"color": "white", "width": 1}},
         "text": [f"point {i}" for i in range(1, len(nll) + 1)],
         "hovertemplate": "%{text}<br>y − ŷ = %{x:.4g}<br>NLL = %{y:.4g}<extra></extra>"},
        {"type": "scatter", "x": [grid[0], grid[-1]], "y": [mean_nll, mean_nll], "mode": "lines",
         "name": "mean NLL", "line": {"color": COLORS["KL"], "width": 2, "dash": "dash"}},
        {"type": "scatter", "x": [grid[0], grid[-1]], "y": [curve.min()] * 2, "mode": "lines",
         "name": "½ log(2πσ²): the NLL at y = ŷ",
         "line": {"color": COLORS["H"], "width": 2, "dash": "dot"}},
    ]  # fmt: skip
    return figure(
        data,
        height=420,
        top=90,
        xaxis=axis("residual y − ŷ"),
        yaxis=axis(f"negative log-likelihood ({unit})"),
    )


def information_figure(
    h_x: float,
    h_y: float,
    h_xy: float,
    h_x_given_y: float,
    h_y_given_x: float,
    mutual_information: float,
    unit: str,
):
    """The information diagram as stacked bars: H(X | Y), I(X; Y), H(Y | X) side by side.

    H(X) spans the first two parts, H(Y) the last two, H(X, Y) all three.
    """
    rows = ["H(X, Y)", "H(Y)", "H(X)"]  # drawn bottom to top
    parts = [
        ("H(X | Y)", h_x_given_y, [h_x_given_y, 0.0, h_x_given_y], [0.0, 0.0, 0.0], COLORS["P"]),
        (
            "I(X; Y)",
            mutual_information,
            [mutual_information] * 3,
            [h_x_given_y] * 3,
            COLORS["KL"],
        ),
        (
            "H(Y | X)",
            h_y_given_x,
            [h_y_given_x, h_y_given_x, 0.0],
            [h_x_given_y + mutual_information] * 3,
            COLORS["Q"],
        ),
    ]
    data = [
        {"type": "bar", "orientation": "h", "y": rows, "x": widths, "base": bases, "name": name,
         "marker": {"color": color, "line": {"color": "white", "width": 2}},
         "text": [f"{name} {value:.3f}" if w > 0.12 * h_xy else "" for w in widths],
         "textposition": "inside", "insidetextanchor": "middle", "textangle": 0,
         "hovertemplate": f"{name} = {value:.4f} {unit}<extra>%{{y}}</extra>"}
        for name, value, widths, bases, color in parts
    ]  # fmt: skip
    totals = {"H(X, Y)": h_xy, "H(Y)": h_y, "H(X)": h_x}
    data.append(
        {"type": "scatter", "mode": "text", "y": rows, "x": [h_xy * 1.02] * 3,
         "text": [f"  {row} = {totals[row]:.3f}" for row in rows], "textposition": "middle right",
         "showlegend": False, "hoverinfo": "skip"}
    )  # fmt: skip
    return figure(
        data,
        height=330,
        top=70,
        barmode="overlay",
        xaxis=axis(unit, range=[0, max(h_xy, 1e-9) * 1.45]),
        yaxis=axis(""),
    )


def joint_heatmap_figure(
    joint: np.ndarray,
    names_x: Sequence[str],
    names_y: Sequence[str],
    p_x: np.ndarray,
    p_y: np.ndarray,
):
    """The table p(x, y) as a heatmap, each cell labelled; margins in the axis labels."""
    text = [[f"{v:.3f}" for v in row] for row in joint]
    return figure(
        [
            {
                "type": "heatmap",
                "z": joint,
                "x": [f"{n} ({p:.2f})" for n, p in zip(names_y, p_y, strict=True)],
                "y": [f"{n} ({p:.2f})" for n, p in zip(names_x, p_x, strict=True)],
                "text": text,
                "texttemplate": "%{text}",
                "colorscale": "Blues",
                "reversescale": True,
                "zmin": 0,
                "colorbar": {"title": {"text": "p(x, y)"}},
                "hovertemplate": "X = %{y}<br>Y = %{x}<br>p = %{z:.4f}<extra></extra>",
            },
        ],  # fmt: skip
        height=360,
        top=40,
        xaxis=axis("Y (p(y))", side="bottom"),
        yaxis=axis("X (p(x))", autorange="reversed"),
    )


def densities_figure(
    x: np.ndarray, pdf_p: np.ndarray, pdf_q: np.ndarray, edges: np.ndarray, density: np.ndarray
):
    """Both densities, and the histogram of P's samples (as a density) behind them."""
    centers = (edges[:-1] + edges[1:]) / 2
    return figure(
        [
            {
                "type": "bar",
                "x": centers,
                "y": density,
                "width": np.diff(edges),
                "name": "samples of P (histogram)",
                "marker": {"color": "rgba(0,114,178,0.25)"},
                "hovertemplate": "bin at %{x:.3g}<br>density %{y:.3g}<extra></extra>",
            },
            {
                "type": "scatter",
                "x": x,
                "y": pdf_p,
                "mode": "lines",
                "name": "P (density)",
                "line": {"color": COLORS["P"], "width": 3},
            },
            {
                "type": "scatter",
                "x": x,
                "y": pdf_q,
                "mode": "lines",
                "name": "Q (density)",
                "line": {"color": COLORS["Q"], "width": 3},
            },
        ],  # fmt: skip
        height=380,
        top=70,
        bargap=0,
        xaxis=axis("x", range=[float(x[0]), float(x[-1])]),
        yaxis=axis("density", rangemode="tozero"),
    )


def convergence_figure(
    counts: np.ndarray,
    cross_entropy: Sequence[float],
    kl: Sequence[float],
    exact_cross_entropy: float,
    exact_kl: float,
    unit: str,
):
    """The estimates of H(P, Q) and KL(P‖Q) against the sample count, and the closed forms."""
    span = [float(counts[0]), float(counts[-1])]
    data = [
        {"type": "scatter", "x": counts, "y": _finite(cross_entropy), "mode": "lines+markers",
         "name": "H(P, Q) estimated", "line": {"color": COLORS["Q"], "width": 3}},
        {"type": "scatter", "x": span, "y": [exact_cross_entropy] * 2, "mode": "lines",
         "name": "H(P, Q) exact", "line": {"color": COLORS["Q"], "width": 1.5, "dash": "dash"}},
        {"type": "scatter", "x": counts, "y": _finite(kl), "mode": "lines+markers",
         "name": "KL(P‖Q) estimated", "line": {"color": COLORS["KL"], "width": 3}},
        {"type": "scatter", "x": span, "y": [exact_kl] * 2, "mode": "lines",
         "name": "KL(P‖Q) exact", "line": {"color": COLORS["KL"], "width": 1.5, "dash": "dash"}},
    ]  # fmt: skip
    return figure(
        data,
        height=360,
        top=90,
        xaxis=axis("samples of P", type="log"),
        yaxis=axis(unit),
    )


def best_value_figure(best_so_far: np.ndarray, best_of_iteration: np.ndarray):
    """The best value found so far and each iteration's best, per iteration (log scale)."""
    iterations = np.arange(1, len(best_so_far) + 1)
    return figure(
        [
            {
                "type": "scatter",
                "x": iterations,
                "y": np.maximum(best_so_far, LOG_FLOOR),
                "mode": "lines+markers",
                "name": "best so far",
                "line": {"color": PALETTE[0], "width": 3},
            },
            {
                "type": "scatter",
                "x": iterations,
                "y": np.maximum(best_of_iteration, LOG_FLOOR),
                "mode": "markers",
                "name": "best of the iteration",
                "marker": {"color": PALETTE[1], "size": 8},
            },
        ],  # fmt: skip
        height=320,
        top=70,
        xaxis=axis("iteration", dtick=max(1, len(iterations) // 10)),
        yaxis=axis("best value (log scale)", type="log"),
    )
