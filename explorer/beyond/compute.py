"""The Beyond classification page's numbers: the calls to ``xentcore.practice``, no widgets.

One function per tab, cached across sessions (:func:`explorer.cache.shared_cache`, keyed
by tuples of the inputs), each returning the core's results, the section's table, its
figures, or the message of the input the core refused (naming the field and the fix).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.beyond import figures, wording
from explorer.beyond.animation import cem_figure
from explorer.beyond.inputs import SAMPLE_COUNTS
from explorer.binary.wording import describe_error
from explorer.cache import shared_cache
from explorer.figures import Figure
from xentcore import practice as core
from xentcore.binary import dataset_losses

__all__ = [
    "CEMResult",
    "GaussianResult",
    "LikelihoodResult",
    "SquaredErrorResult",
    "cem",
    "convergence_counts",
    "gaussians",
    "likelihood",
    "squared_error",
    "table_information",
]

#: The constant predictions θ the Likelihood chart runs over.
THETA = np.linspace(0.001, 0.999, 999)
#: The CEM chart's window (every objective's minima lie inside it).
CEM_BOX = (-6.0, 6.0)
CEM_GRID = 121
#: Where each run starts, N(start, 4 I): away from every minimum, so the search shows.
CEM_STARTS = {"sphere": (-4.0, 4.0), "rosenbrock": (-4.0, 4.0), "himmelblau": (0.0, 0.0),
              "rastrigin": (-4.0, 4.0)}  # fmt: skip
CEM_START_COV = ((4.0, 0.0), (0.0, 4.0))


@dataclass(frozen=True)
class LikelihoodResult:
    """The likelihood of the (repeated) sample, its log in hartleys, the θ curve, a table."""

    likelihood: core.SampleLikelihood | None
    log10: float = float("nan")  # log10 L, for 10^x once the product underflows
    mean_nll_nats: float = float("nan")
    curve: core.BernoulliCurve | None = None
    table: pd.DataFrame | None = None
    figure: Figure | None = None
    error: str | None = None


@shared_cache(max_entries=32)
def likelihood(
    ys: tuple[float, ...], ps: tuple[float, ...], repeat: int, unit: str, base: float | None
) -> LikelihoodResult:
    """Section 1: the sample used ``repeat`` times, under the predictions and under each θ."""
    try:  # the lists as typed first, so a message counts what the learner typed
        nats = core.binary_likelihood(ys, ps).mean_nll
    except ValueError as err:
        return LikelihoodResult(None, error=describe_error(err, wording.FIELDS))
    y, p = np.tile(ys, repeat), np.tile(ps, repeat)
    lk = core.binary_likelihood(y, p, base=base)
    log10 = core.binary_likelihood(y, p, base=10).log_likelihood
    curve = core.bernoulli_likelihood_curve(y, THETA, base=base)
    per = dataset_losses(ys, ps, base=base)
    table = pd.DataFrame(
        {
            "sample": range(1, len(ys) + 1),
            "label y": ys,
            "P(y = 1)": ps,
            "p̂ of its label": per.prob_of_label,
            f"−log p̂ ({unit})": per.per_sample,
        }
    )
    fig = figures.likelihood_figure(
        THETA, curve.log_likelihood, curve.cross_entropy, curve.theta_hat,
        curve.max_log_likelihood, curve.min_cross_entropy, lk.log_likelihood, lk.mean_nll, unit,
    )  # fmt: skip
    return LikelihoodResult(lk, log10, nats, curve, table, fig)


@dataclass(frozen=True)
class SquaredErrorResult:
    """Per-point Gaussian NLL, the means, a table and the chart."""

    nll: core.GaussianNLL | None
    mse: float = float("nan")
    mean_nll: float = float("nan")
    table: pd.DataFrame | None = None
    figure: Figure | None = None
    error: str | None = None


@shared_cache(max_entries=32)
def squared_error(
    y: tuple[float, ...], pred: tuple[float, ...], sigma: float, unit: str, base: float | None
) -> SquaredErrorResult:
    """Section 2: -log N(y; ŷ, σ²) per point, against SE / (2σ²) + ½ log(2πσ²)."""
    if len(y) != len(pred):
        message = wording.lengths_problem(
            "Targets y", len(y), "Predictions ŷ", len(pred), "Give one prediction per target."
        )
        return SquaredErrorResult(None, error=message)
    try:
        g = core.gaussian_nll(np.array(y), np.array(pred), sigma=sigma, base=base)
    except ValueError as err:
        return SquaredErrorResult(None, error=describe_error(err, wording.FIELDS))
    nll, se = np.atleast_1d(g.nll), np.atleast_1d(g.squared_error)
    residual = np.subtract(y, pred)
    reach = max(3.0 * sigma, 1.2 * float(np.abs(residual).max()))
    grid = np.linspace(-reach, reach, 301)
    curve = core.gaussian_nll(grid, 0.0, sigma=sigma, base=base).nll
    table = pd.DataFrame(
        {
            "point": range(1, len(y) + 1),
            "y": y,
            "ŷ": pred,
            "SE (y − ŷ)²": se,
            f"SE / (2σ²) ({unit})": g.scale * se,
            f"½ log(2πσ²) ({unit})": np.full(len(y), g.offset),
            f"NLL ({unit})": nll,
        }
    )
    mean_nll = float(np.mean(nll))
    fig = figures.gaussian_nll_figure(grid, curve, residual, nll, mean_nll, sigma, unit)
    return SquaredErrorResult(g, float(np.mean(se)), mean_nll, table, fig)


@shared_cache(max_entries=32)
def table_information(
    rows: tuple[tuple[float, ...], ...], unit: str, base: float | None
) -> tuple[core.TableInformation, Figure, Figure, pd.DataFrame]:
    """Section 3: every entropy of the table, its two figures and the table of p(x, y)."""
    info = core.table_information(np.array(rows), base=base)
    r, k = info.joint.shape
    names_x = [f"x{i}" for i in range(1, r + 1)]
    names_y = [f"y{j}" for j in range(1, k + 1)]
    parts = figures.information_figure(
        info.h_x, info.h_y, info.h_xy, info.h_x_given_y, info.h_y_given_x,
        info.mutual_information, unit,
    )  # fmt: skip
    heat = figures.joint_heatmap_figure(info.joint, names_x, names_y, info.p_x, info.p_y)
    frame = pd.DataFrame(info.joint, index=names_x, columns=names_y)
    frame["p(x)"] = info.p_x
    frame.loc["p(y)"] = [*info.p_y, 1.0]
    return info, parts, heat, frame.rename_axis("X \\ Y").reset_index()


@dataclass(frozen=True)
class GaussianResult:
    """Closed forms, the estimate at the chosen n, its convergence, and the figures."""

    exact: dict[str, float]
    estimate: core.HistogramEstimate
    convergence: pd.DataFrame
    densities: Figure
    converging: Figure


def convergence_counts(n: int) -> tuple[int, ...]:
    """The sample counts of the convergence chart: every stop up to ``n``, at least three.

    >>> convergence_counts(10_000)
    (100, 300, 1000, 3000, 10000)
    >>> convergence_counts(100)
    (100, 300, 1000)
    """
    return tuple(c for c in SAMPLE_COUNTS if c <= max(n, SAMPLE_COUNTS[2]))


def _estimates(mp, sp, mq, sq, counts: Sequence[int], seed: int, base) -> list:
    return [
        core.histogram_estimate(mp, sp, mq, sq, n_samples=n, seed=seed, base=base) for n in counts
    ]


@shared_cache(max_entries=32)
def gaussians(
    mp: float, sp: float, mq: float, sq: float, n: int, seed: int, unit: str, base: float | None
) -> GaussianResult:  # fmt: skip
    """Section 4: h(P), H(P, Q), KL(P‖Q) in closed form and from ``n`` samples of P, and
    from each of :func:`convergence_counts` for the chart."""
    counts = convergence_counts(n)
    exact = {
        "entropy_p": float(core.gaussian_entropy(sp, base=base)),
        "cross_entropy": float(core.gaussian_cross_entropy(mp, sp, mq, sq, base=base)),
        "kl_divergence": float(core.gaussian_kl_divergence(mp, sp, mq, sq, base=base)),
    }
    runs = _estimates(mp, sp, mq, sq, counts, seed, base)
    estimate = runs[list(counts).index(n)]
    convergence = pd.DataFrame(
        {
            "samples": counts,
            f"estimated h(P) ({unit})": [e.entropy_p for e in runs],
            f"estimated H(P, Q) ({unit})": [e.cross_entropy for e in runs],
            f"estimated KL(P‖Q) ({unit})": [e.kl_divergence for e in runs],
            f"h(P) ({unit})": exact["entropy_p"],
            f"H(P, Q) ({unit})": exact["cross_entropy"],
            f"KL(P‖Q) ({unit})": exact["kl_divergence"],
        }
    )
    lo, hi = min(mp - 4 * sp, mq - 4 * sq), max(mp + 4 * sp, mq + 4 * sq)
    x = np.linspace(lo, hi, 400)
    pdf_p = np.exp(-core.gaussian_nll(x, mp, sigma=sp).nll)  # the density, e^(−NLL in nats)
    pdf_q = np.exp(-core.gaussian_nll(x, mq, sigma=sq).nll)
    edges = estimate.edges
    density = estimate.p_hat / np.diff(edges)
    densities = figures.densities_figure(x, pdf_p, pdf_q, edges, density)
    converging = figures.convergence_figure(
        np.array(counts), [e.cross_entropy for e in runs], [e.kl_divergence for e in runs],
        exact["cross_entropy"], exact["kl_divergence"], unit,
    )  # fmt: skip
    return GaussianResult(exact, estimate, convergence, densities, converging)


@dataclass(frozen=True)
class CEMResult:
    """A whole CEM run, its animated figure, the best value per iteration, a table."""

    run: core.CEMRun | None
    figure: Figure | None = None
    best: Figure | None = None
    table: pd.DataFrame | None = None
    error: str | None = None


@shared_cache(max_entries=16)
def cem(objective: str, n_samples: int, elite: float, iterations: int, seed: int) -> CEMResult:
    """Section 5: run the CEM (every iteration kept) and draw it frame by frame."""
    try:
        run = core.cem_run(
            objective,
            mean=CEM_STARTS[objective],
            cov=CEM_START_COV,
            n_iterations=iterations,
            n_samples=n_samples,
            elite_fraction=elite,
            seed=seed,
        )
    except ValueError as err:
        return CEMResult(None, error=describe_error(err, wording.FIELDS))
    axis = np.linspace(*CEM_BOX, CEM_GRID)
    gx, gy = np.meshgrid(axis, axis)
    z = core.cem_objective(objective, np.column_stack([gx.ravel(), gy.ravel()]))
    pairs = zip(run.means, run.covs, strict=True)
    ellipses = np.stack([core.gaussian_ellipse(m, c) for m, c in pairs])
    titles = wording.cem_titles(run.best_values.tolist(), [tuple(m) for m in run.means[1:]])
    fig = cem_figure(
        axis, z.reshape(gx.shape), run.samples, run.elites, ellipses,
        core.CEM_MINIMA[objective], titles,
    )  # fmt: skip
    sd = np.sqrt(np.diagonal(run.covs[1:], axis1=1, axis2=2))
    table = pd.DataFrame(
        {
            "iteration": range(1, iterations + 1),
            "best value so far": run.best_values,
            "best value of the iteration": run.values.min(axis=1),
            "mean x": run.means[1:, 0],
            "mean y": run.means[1:, 1],
            "σ x": sd[:, 0],
            "σ y": sd[:, 1],
        }
    )
    best = figures.best_value_figure(run.best_values, run.values.min(axis=1))
    return CEMResult(run, fig, best, table)
