"""The Beyond classification page, drawn: the intro, then one lazy tab per idea.

Each section reads its own widgets (:mod:`explorer.beyond.inputs`), calls the core
through :mod:`explorer.beyond.compute`, and draws numbers, figures and a CSV of its
table; a refused input becomes a message naming the field, never a traceback.
"""

from __future__ import annotations

import functools
import math

import streamlit as st

from explorer.beyond import compute, inputs, wording
from explorer.beyond.wording import format_likelihood
from explorer.binary.wording import format_loss
from explorer.page import OpenPage, show_notices
from explorer.text import markdown_table
from explorer.widgets import Metric, chart, csv_download, lazy_tabs, metric_row, number_list_row
from xentcore.practice import CEM_MINIMA

__all__ = ["draw"]

ERROR = ":material/error:"
TAB = "beyond_tab"


def draw(page: OpenPage) -> None:
    """The intro, the link's notices, and the five sections as lazy tabs."""
    st.markdown(wording.INTRO)
    show_notices(page.notices)
    unit, base = page.unit, page.base
    draws = [
        lambda: likelihood(unit, base),
        lambda: squared_error(unit, base),
        lambda: two_variables(unit, base),
        lambda: continuous(unit, base),
        cross_entropy_method,
    ]
    lazy_tabs(dict(zip(inputs.SECTIONS, draws, strict=True)), key=TAB)


def _typed_section(explanation: str, latex: str, keys: tuple[str, str], control, run):
    """A tab's explanation and formula, its two typed lists, its slider; then
    ``(lists, run(first, second, slider value))``, or None after the message while a text
    or the core refuses them (nothing is computed from an input that was refused)."""
    st.markdown(explanation)
    st.latex(latex)
    lists = number_list_row(*(functools.partial(inputs.list_input, key) for key in keys))
    value = control()
    result = None if lists is None else run(*lists, value)
    if result is not None and result.error:
        st.error(result.error, icon=ERROR)
        return None
    return None if result is None else (lists, result)


def _loss(value: float, unit: str) -> str:
    """A number of the page in its unit, to 4 decimals (a huge one stays short)."""
    return format_loss(value, unit, 4)


# ---------------------------------------------------------------- 1. likelihood


def likelihood(unit: str, base: float | None) -> None:
    """Likelihood = cross-entropy, with the user's labels and predictions."""
    found = _typed_section(
        wording.LIKELIHOOD,
        wording.LIKELIHOOD_LATEX,
        ("beyond_ys", "beyond_ps"),
        inputs.repeat_input,
        lambda ys, ps, repeat: compute.likelihood(tuple(ys), tuple(ps), repeat, unit, base),
    )
    if found is None:
        return
    (ys, ps), result = found
    lk = result.likelihood
    shown = [
        format_likelihood(lk.likelihood, result.log10),
        _loss(lk.log_likelihood, unit),
        _loss(lk.mean_nll, unit),
        _loss(lk.cross_entropy, unit),
    ]
    metric_row(
        [
            Metric(label, value, tip)
            for (label, tip), value in zip(wording.LIKELIHOOD_METRICS, shown, strict=True)
        ],
        gap="small",
    )
    if lk.likelihood is None:
        st.warning(
            wording.underflow_sentence(lk.n, _loss(lk.log_likelihood, unit), result.log10),
            icon=":material/south:",
        )
    if math.isclose(lk.mean_nll, lk.cross_entropy, rel_tol=1e-9, abs_tol=1e-12):
        st.success(wording.equal_sentence(lk.n, _loss(lk.mean_nll, unit)), icon=":material/check:")
    if ys == inputs.TEN_LABELS["ys"] and ps == inputs.TEN_LABELS["ps"]:
        st.info(wording.worked_example_sentence(result.mean_nll_nats), icon=":material/school:")
    chart(result.figure, key="beyond_likelihood_chart")
    curve = result.curve
    st.markdown(
        wording.mle_sentence(
            curve.theta_hat,
            _loss(curve.min_cross_entropy, unit),
            _loss(lk.cross_entropy, unit),
        )
    )
    with st.expander("Per-sample table"):
        st.dataframe(result.table, hide_index=True)
    csv_download("Per-sample table (CSV)", result.table, "likelihood.csv", "beyond_lk_csv")


# ---------------------------------------------------------------- 2. squared error


def squared_error(unit: str, base: float | None) -> None:
    """Squared error is a Gaussian's cross-entropy."""
    found = _typed_section(
        wording.SQUARED_ERROR,
        wording.SQUARED_ERROR_LATEX,
        ("beyond_y", "beyond_pred"),
        inputs.sigma_input,
        lambda y, pred, sigma: compute.squared_error(tuple(y), tuple(pred), sigma, unit, base),
    )
    if found is None:
        return
    _, result = found
    g = result.nll
    metric_row(
        [
            Metric("Mean squared error", f"{result.mse:.4g}", "Mean of (y − ŷ)²."),
            Metric("1/(2σ²)", _loss(g.scale, unit), "The scale of the squared error."),
            Metric("½ log(2πσ²)", _loss(g.offset, unit), "The constant: the NLL at y = ŷ."),
            Metric("Mean NLL", _loss(result.mean_nll, unit), "Mean of −log N(y; ŷ, σ²)."),
        ],
        gap="medium",
    )
    st.markdown(
        wording.regression_sentence(result.mse, g.scale, g.offset, _loss(result.mean_nll, unit))
    )
    chart(result.figure, key="beyond_se_chart")
    st.dataframe(result.table, hide_index=True)
    csv_download("Per-point table (CSV)", result.table, "gaussian_nll.csv", "beyond_se_csv")


# ---------------------------------------------------------------- 3. two variables


def two_variables(unit: str, base: float | None) -> None:
    """Joint and conditional entropy and mutual information of a table the user edits."""
    st.markdown(wording.JOINT)
    left, right = st.columns([2, 3], gap="large")
    with left:
        _, reading = inputs.table_inputs()
        for problem in reading.problems:
            st.error(problem.sentence(), icon=ERROR)
    if not reading.ok:
        return
    rows = tuple(tuple(row) for row in reading.rows)
    info, parts, heat, table = compute.table_information(rows, unit, base)
    with right:
        chart(heat, key="beyond_heatmap")
    for three in (wording.TABLE_MEASURES[:3], wording.TABLE_MEASURES[3:]):
        metric_row(
            [Metric(label, _loss(getattr(info, name), unit), tip) for label, name, tip in three],
            gap="medium",
        )
    st.markdown(wording.independence_sentence(info.mutual_information, unit))
    chart(parts, key="beyond_information_chart")
    csv_download("p(x, y) and its margins (CSV)", table, "joint_table.csv", "beyond_mi_csv")


# ---------------------------------------------------------------- 4. continuous


def continuous(unit: str, base: float | None) -> None:
    """Two Gaussians: closed forms against a histogram estimate from samples."""
    st.markdown(wording.CONTINUOUS)
    st.latex(wording.CONTINUOUS_LATEX)
    g = inputs.gaussian_inputs()
    result = compute.gaussians(
        g.mean_p, g.sigma_p, g.mean_q, g.sigma_q, g.n_samples, g.seed, unit, base
    )
    est = result.estimate
    metric_row(
        [
            Metric(label, _loss(result.exact[name], unit))
            for label, name in wording.GAUSSIAN_MEASURES
        ],
        gap="medium",
    )
    rows = [
        (label, _loss(result.exact[name], unit), _loss(getattr(est, name), unit),
         _loss(getattr(est, name) - result.exact[name], unit))
        for label, name in wording.GAUSSIAN_MEASURES
    ]  # fmt: skip
    columns = ["", "closed form", f"from {est.n_samples:,} samples", "estimate − exact"]
    st.markdown(markdown_table(columns, rows))
    st.caption(wording.estimate_sentence(est.n_samples, len(est.p_hat)))
    if not math.isfinite(est.cross_entropy):
        st.warning(wording.infinite_estimate_note(), icon=":material/warning:")
    c_pdf, c_n = st.columns(2, gap="large")
    chart(result.densities, key="beyond_densities", where=c_pdf)
    chart(result.converging, key="beyond_convergence", where=c_n)
    csv_download(
        "Estimates against samples (CSV)", result.convergence, "gaussian_estimates.csv",
        "beyond_gauss_csv",
    )  # fmt: skip


# ---------------------------------------------------------------- 5. the CEM


def cross_entropy_method() -> None:
    """The cross-entropy method minimising a 2-D function, animated iteration by iteration."""
    st.markdown(wording.CEM)
    st.latex(wording.CEM_LATEX)
    c = inputs.cem_inputs()
    result = compute.cem(c.objective, c.n_samples, c.elite_fraction, c.iterations, c.seed)
    if result.error:
        st.error(result.error, icon=ERROR)
        return
    run = result.run
    st.caption(wording.CEM_PLAY_HELP)
    chart(result.figure, key="beyond_cem_chart")
    st.markdown(
        wording.best_sentence(
            c.iterations,
            float(run.best_values[-1]),
            tuple(float(v) for v in run.best_point),
            CEM_MINIMA[c.objective],
        )
    )
    chart(result.best, key="beyond_cem_best")
    with st.expander("Every iteration"):
        st.dataframe(result.table, hide_index=True)
    csv_download("Every iteration (CSV)", result.table, "cem_run.csv", "beyond_cem_csv")
