"""The cross-entropy method: test functions, one step written out, whole runs.

* Each named function is 0 at every listed minimum and positive elsewhere.
* One step samples mean + L z (L Cholesky's factor, z from the generator), keeps the
  k = ceil(f n) lowest, and refits their mean and (biased) covariance: the maximum
  likelihood Gaussian, i.e. the one of least cross-entropy to the elites.
* Runs are deterministic for a seed and find the minima of smooth functions.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from xentcore.practice import CEM_MINIMA, CEM_OBJECTIVES, cem_objective, cem_run, cem_step


@pytest.mark.parametrize("name", CEM_OBJECTIVES)
def test_objectives_are_zero_at_their_minima(name):
    minima = np.array(CEM_MINIMA[name])
    np.testing.assert_allclose(cem_objective(name, minima), 0.0, atol=1e-9)
    rng = np.random.default_rng(0)
    assert np.all(cem_objective(name, rng.uniform(-5, 5, (200, 2))) > 0)


def test_one_step_is_sampling_then_the_elites_mean_and_covariance():
    mean, cov = np.array([1.0, -2.0]), np.array([[2.0, 0.6], [0.6, 1.0]])
    step = cem_step(mean, cov, "rosenbrock", np.random.default_rng(7), 40, 0.25)
    draws = np.random.default_rng(7).standard_normal((40, 2))
    np.testing.assert_allclose(step.samples, mean + draws @ np.linalg.cholesky(cov).T)
    np.testing.assert_allclose(step.values, cem_objective("rosenbrock", step.samples))
    order = np.argsort(step.values, kind="stable")[:10]
    np.testing.assert_array_equal(step.elites, step.samples[order])
    np.testing.assert_allclose(step.mean, step.elites.mean(axis=0))
    np.testing.assert_allclose(step.cov, np.cov(step.elites.T, bias=True))
    assert step.values[order].max() <= np.delete(step.values, order).min()


def test_the_refit_is_the_gaussian_of_least_cross_entropy_to_the_elites():
    step = cem_step([0.0, 0.0], np.eye(2), "himmelblau", np.random.default_rng(1), 60, 0.2)

    def cross_entropy_to_elites(mu, sigma):  # -mean log N(x_e; mu, sigma)
        diff = step.elites - mu
        inv = np.linalg.inv(sigma)
        quad = np.einsum("ni,ij,nj->n", diff, inv, diff)
        return float(np.mean(0.5 * quad + 0.5 * math.log(np.linalg.det(2 * math.pi * sigma))))

    best = cross_entropy_to_elites(step.mean, step.cov)
    rng = np.random.default_rng(2)
    for _ in range(20):
        a = rng.normal(0.0, 0.1, (2, 2))
        assert best < cross_entropy_to_elites(step.mean + rng.normal(0.0, 0.1, 2), step.cov)
        assert best < cross_entropy_to_elites(step.mean, step.cov + a @ a.T)


def test_a_singular_covariance_and_a_callable_in_three_dimensions():
    step = cem_step(
        [0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], "sphere", np.random.default_rng(0), 20, 0.2
    )
    np.testing.assert_allclose(step.samples[:, 0], step.samples[:, 1])  # all on the line y = x
    bowl = lambda x: np.sum((x - 1.0) ** 2, axis=1)  # noqa: E731
    run = cem_run(
        bowl, mean=np.zeros(3), cov=np.eye(3), n_iterations=40, n_samples=100, elite_fraction=0.2
    )
    assert run.means.shape == (41, 3) and run.elites.shape == (40, 20, 3)
    np.testing.assert_allclose(run.means[-1], 1.0, atol=1e-4)


def test_runs_are_deterministic_and_keep_every_iteration():
    a = cem_run("rastrigin", n_iterations=12, seed=5)
    b = cem_run("rastrigin", n_iterations=12, seed=5)
    for field in a._fields:
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    c = cem_run("rastrigin", n_iterations=12, seed=6)
    assert not np.array_equal(a.samples, c.samples)
    assert a.samples.shape == (12, 100, 2) and a.covs.shape == (13, 2, 2)
    np.testing.assert_array_equal(a.means[0], [-3.0, 3.0])
    assert np.all(np.diff(a.best_values) <= 0)
    assert a.best_values[-1] == a.values.min() == cem_objective("rastrigin", a.best_point[None])[0]


@pytest.mark.parametrize("name", ["sphere", "himmelblau"])
def test_runs_find_a_minimum(name):
    run = cem_run(name, n_iterations=40, seed=0)
    distance = np.linalg.norm(np.array(CEM_MINIMA[name]) - run.means[-1], axis=1).min()
    assert distance < 1e-3 and run.best_values[-1] < 1e-5
    assert np.trace(run.covs[-1]) < 1e-6 < np.trace(run.covs[0])  # the Gaussian shrank onto it


def test_the_elite_count_rounds_up():
    step = cem_step([0.0, 0.0], np.eye(2), "sphere", np.random.default_rng(0), 30, 0.1)
    assert step.elites.shape == (3, 2)
    step = cem_step([0.0, 0.0], np.eye(2), "sphere", np.random.default_rng(0), 31, 0.1)
    assert step.elites.shape == (4, 2)
