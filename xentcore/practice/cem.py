r"""The cross-entropy method (CEM, Rubinstein 1997) as an optimiser of a 2-D function.

Each iteration samples points from a Gaussian, keeps the elite fraction with the lowest
values, and refits the Gaussian to the elites by maximum likelihood, which is the
Gaussian of minimum cross-entropy to the elites' empirical distribution:

.. math:: (\mu', \Sigma') = \arg\min_{\mu, \Sigma}\; -\frac1k \sum_{e=1}^{k}
    \log \mathcal N(x_e;\, \mu, \Sigma) = \Big(\bar x_e,\ \tfrac1k
    \textstyle\sum_e (x_e - \bar x_e)(x_e - \bar x_e)^\top\Big)

The sampling distribution shrinks onto a minimum. Everything is seeded
(``numpy.random.default_rng``) and deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from .._checks import whole_number
from .._validation import (
    InputError,
    as_float_array,
    check_finite,
    check_one_of,
    check_scalar,
    check_whole,
)

__all__ = [
    "CEM_MINIMA",
    "CEM_OBJECTIVES",
    "CEMRun",
    "CEMStep",
    "cem_objective",
    "cem_run",
    "cem_step",
    "gaussian_ellipse",
]


def _sphere(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x * x + y * y


def _rosenbrock(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def _himmelblau(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2


def _rastrigin(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return 20.0 + x * x + y * y - 10.0 * (np.cos(2 * np.pi * x) + np.cos(2 * np.pi * y))


_FUNCTIONS = {
    "sphere": _sphere,
    "rosenbrock": _rosenbrock,
    "himmelblau": _himmelblau,
    "rastrigin": _rastrigin,
}
#: The named 2-D test functions, each to be minimised (its minimum value is 0).
CEM_OBJECTIVES = tuple(_FUNCTIONS)
#: Where each named function reaches its minimum 0.
CEM_MINIMA = {
    "sphere": ((0.0, 0.0),),
    "rosenbrock": ((1.0, 1.0),),
    "himmelblau": (
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848126),
    ),
    "rastrigin": ((0.0, 0.0),),
}


def _points(points, name: str = "points") -> np.ndarray:
    x = as_float_array(points, name)
    if x.ndim != 2 or x.shape[1] != 2:
        raise InputError(f"{name} must have shape (M, 2), one (x, y) per row, got {x.shape}")
    check_finite(x, name)
    return x


def cem_objective(name: str, points) -> np.ndarray:
    r"""A named 2-D test function at each point (to be minimised; each minimum is 0).

    .. math:: \text{sphere } x^2 + y^2, \quad
        \text{rosenbrock } (1 - x)^2 + 100 (y - x^2)^2, \quad
        \text{himmelblau } (x^2 + y - 11)^2 + (x + y^2 - 7)^2, \quad
        \text{rastrigin } 20 + x^2 + y^2 - 10(\cos 2\pi x + \cos 2\pi y)

    Parameters
    ----------
    name : {'sphere', 'rosenbrock', 'himmelblau', 'rastrigin'}
    points : array_like, shape (M, 2)

    Returns
    -------
    numpy.ndarray, shape (M,)

    Raises
    ------
    InputError
        For an unknown name or points that are not finite (M, 2).

    Examples
    --------
    >>> cem_objective("rosenbrock", [[1.0, 1.0], [0.0, 0.0]]).tolist()
    [0.0, 1.0]
    """
    f = _FUNCTIONS[check_one_of(name, "objective", CEM_OBJECTIVES)]
    x = _points(points)
    return f(x[:, 0], x[:, 1])


def _objective(objective) -> Callable[[np.ndarray], np.ndarray]:
    if isinstance(objective, str):
        f = _FUNCTIONS[check_one_of(objective, "objective", CEM_OBJECTIVES)]
        return lambda x: f(x[:, 0], x[:, 1])
    if not callable(objective):
        raise InputError(
            f"objective must be one of {', '.join(map(repr, CEM_OBJECTIVES))} or a function "
            f"of an (M, d) array, got {objective!r}"
        )
    return objective


def _values(f, samples: np.ndarray) -> np.ndarray:
    v = as_float_array(f(samples), "objective's values", allow_empty=True)
    if v.shape != (samples.shape[0],):
        raise InputError(
            f"objective returned shape {v.shape} for {samples.shape[0]} samples; it must "
            "return one value per sample"
        )
    check_finite(v, "objective's values")
    return v


def _gaussian(mean, cov) -> tuple[np.ndarray, np.ndarray]:
    m = as_float_array(mean, "mean")
    if m.ndim != 1:
        raise InputError(f"mean must be a point, shape (d,), got {m.shape}")
    check_finite(m, "mean")
    s = as_float_array(cov, "cov")
    if s.shape != (m.size, m.size):
        raise InputError(f"cov must have shape {(m.size, m.size)} for a mean of {m.size}")
    check_finite(s, "cov")
    scale = max(float(np.abs(s).max()), 1e-300)
    if np.abs(s - s.T).max() > 1e-12 * scale:
        raise InputError("cov must be symmetric")
    low = float(np.linalg.eigvalsh(s).min())
    if low < -1e-12 * scale:
        raise InputError(f"cov must be positive semi-definite, but has eigenvalue {low:.3g}")
    return m, s


def _factor(cov: np.ndarray) -> np.ndarray:
    """L with L Lᵀ = cov: Cholesky's (unique), or from eigenvalues if cov is singular."""
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        w, v = np.linalg.eigh(cov)
        return v * np.sqrt(np.clip(w, 0.0, None))


class CEMStep(NamedTuple):
    """One CEM iteration: the refitted Gaussian, the samples, their values and the elites."""

    mean: np.ndarray  # (d,) the elites' mean
    cov: np.ndarray  # (d, d) the elites' covariance (divided by k)
    samples: np.ndarray  # (n_samples, d) drawn from the Gaussian given
    values: np.ndarray  # (n_samples,)
    elites: np.ndarray  # (k, d) the k lowest, best first


def _n_elites(n: int, elite_fraction) -> int:
    f = check_scalar(elite_fraction, "elite_fraction", low=0.0, low_open=True, high=1.0)
    k = math.ceil(f * n - 1e-9)
    if k < 2:
        raise InputError(
            f"elite_fraction={f:g} of {n} samples keeps {k} elite; refitting a covariance "
            "needs at least 2 (raise elite_fraction or n_samples)"
        )
    return k


def cem_step(
    mean, cov, objective, rng, n_samples: int = 100, elite_fraction: float = 0.1
) -> CEMStep:
    r"""One iteration of the cross-entropy method: sample, keep the elites, refit.

    .. math:: x_i \sim \mathcal N(\mu, \Sigma), \qquad
        \mu' = \frac1k \sum_{e} x_e, \qquad
        \Sigma' = \frac1k \sum_{e} (x_e - \mu')(x_e - \mu')^\top

    over the :math:`k = \lceil f n \rceil` samples of lowest objective value.

    Parameters
    ----------
    mean : array_like, shape (d,)
    cov : array_like, shape (d, d)
        Symmetric positive semi-definite.
    objective : str or callable
        A name of :data:`CEM_OBJECTIVES` (2-D), or a function of an (M, d) array
        returning M finite values; lower is better.
    rng : numpy.random.Generator
        E.g. ``numpy.random.default_rng(seed)``; it is advanced by the draw.
    n_samples : int, default 100
    elite_fraction : float, default 0.1
        f in (0, 1], keeping at least 2 samples.

    Returns
    -------
    CEMStep

    Raises
    ------
    InputError
        For a bad mean, covariance, objective, generator, sample count or fraction.

    Examples
    --------
    >>> import numpy as np
    >>> step = cem_step([2.0, 2.0], np.eye(2), "sphere", np.random.default_rng(0), 50, 0.2)
    >>> step.elites.shape, bool(np.linalg.norm(step.mean) < np.linalg.norm([2.0, 2.0]))
    ((10, 2), True)
    """
    m, s = _gaussian(mean, cov)
    f = _objective(objective)
    if not isinstance(rng, np.random.Generator):
        raise InputError(
            f"rng must be a numpy.random.Generator (numpy.random.default_rng(seed)), got {rng!r}"
        )
    n = whole_number(n_samples, "n_samples", 2)
    k = _n_elites(n, elite_fraction)
    samples = m + rng.standard_normal((n, m.size)) @ _factor(s).T
    values = _values(f, samples)
    elites = samples[np.argsort(values, kind="stable")[:k]]
    centre = elites.mean(axis=0)
    spread = elites - centre
    return CEMStep(centre, spread.T @ spread / k, samples, values, elites)


class CEMRun(NamedTuple):
    """Every iteration of a CEM run, for an animation (iteration i draws from Gaussian i)."""

    means: np.ndarray  # (I + 1, d): the start, then each refit
    covs: np.ndarray  # (I + 1, d, d)
    samples: np.ndarray  # (I, n_samples, d)
    values: np.ndarray  # (I, n_samples)
    elites: np.ndarray  # (I, k, d)
    best_values: np.ndarray  # (I,) the lowest value found up to and including iteration i
    best_point: np.ndarray  # (d,) where the lowest value of the run was found


def cem_run(
    objective,
    *,
    mean=(-3.0, 3.0),
    cov=((4.0, 0.0), (0.0, 4.0)),
    n_iterations: int = 30,
    n_samples: int = 100,
    elite_fraction: float = 0.1,
    seed: int = 0,
) -> CEMRun:
    r"""Run the cross-entropy method for a number of iterations and keep all of them.

    Iterates :func:`cem_step` from :math:`\mathcal N(\mu_0, \Sigma_0)` with one
    generator, ``numpy.random.default_rng(seed)``:

    .. math:: (\mu_{i+1}, \Sigma_{i+1}) = \text{refit}\big(\text{elites of }
        x \sim \mathcal N(\mu_i, \Sigma_i)\big)

    Parameters
    ----------
    objective : str or callable
        As :func:`cem_step`.
    mean : array_like, shape (d,), default (-3, 3)
    cov : array_like, shape (d, d), default 4 I
    n_iterations : int, default 30
        From 1 to 1000.
    n_samples : int, default 100
    elite_fraction : float, default 0.1
    seed : int, default 0

    Returns
    -------
    CEMRun

    Raises
    ------
    InputError
        As :func:`cem_step`, or for a bad iteration count or seed.

    Examples
    --------
    >>> run = cem_run("himmelblau", n_iterations=25, seed=1)
    >>> run.samples.shape, bool(run.best_values[-1] < 1e-3)
    ((25, 100, 2), True)
    """
    iterations = check_whole(n_iterations, "n_iterations", 1, 1000)
    rng = np.random.default_rng(whole_number(seed, "seed", 0))
    m, s = _gaussian(mean, cov)
    means, covs, steps = [m], [s], []
    for _ in range(iterations):
        step = cem_step(means[-1], covs[-1], objective, rng, n_samples, elite_fraction)
        steps.append(step)
        means.append(step.mean)
        covs.append(step.cov)
    values = np.stack([st.values for st in steps])
    samples = np.stack([st.samples for st in steps])
    best = np.unravel_index(int(np.argmin(values)), values.shape)
    return CEMRun(
        means=np.stack(means),
        covs=np.stack(covs),
        samples=samples,
        values=values,
        elites=np.stack([st.elites for st in steps]),
        best_values=np.minimum.accumulate(values.min(axis=1)),
        best_point=samples[best],
    )


def gaussian_ellipse(mean, cov, *, n_sigma: float = 2.0, n_points: int = 73) -> np.ndarray:
    r"""Points on the ellipse of a 2-D Gaussian at ``n_sigma`` standard deviations.

    .. math:: x(t) = \mu + n_\sigma\, L \begin{pmatrix}\cos t \\ \sin t\end{pmatrix},
        \qquad L L^\top = \Sigma, \quad t \in [0, 2\pi]

    the set where the Mahalanobis distance :math:`\sqrt{(x - \mu)^\top \Sigma^{-1}
    (x - \mu)}` is :math:`n_\sigma` (for a singular :math:`\Sigma`, a segment or the
    point :math:`\mu`). The first and last points coincide, so it draws as a closed line.

    Parameters
    ----------
    mean : array_like, shape (2,)
    cov : array_like, shape (2, 2)
        Symmetric positive semi-definite.
    n_sigma : float, default 2.0
        > 0.
    n_points : int, default 73
        From 3 to 10,000.

    Returns
    -------
    numpy.ndarray, shape (n_points, 2)

    Raises
    ------
    InputError
        For a mean that is not 2-D, a bad covariance, n_sigma <= 0 or a bad point count.

    Examples
    --------
    >>> e = gaussian_ellipse([1.0, 0.0], [[4.0, 0.0], [0.0, 1.0]], n_points=5)
    >>> e.round(12).tolist()
    [[5.0, 0.0], [1.0, 2.0], [-3.0, 0.0], [1.0, -2.0], [5.0, 0.0]]
    """
    m, s = _gaussian(mean, cov)
    if m.size != 2:
        raise InputError(f"mean must be a 2-D point, shape (2,), got {m.shape}")
    k = check_scalar(n_sigma, "n_sigma", low=0.0, low_open=True)
    count = check_whole(n_points, "n_points", 3, 10_000)
    t = np.linspace(0.0, 2.0 * math.pi, count)
    circle = np.column_stack([np.cos(t), np.sin(t)])
    circle[-1] = circle[0]  # closed exactly
    return m + k * circle @ _factor(s).T
