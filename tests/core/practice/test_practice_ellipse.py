"""The CEM Gaussian's ellipse: every point at Mahalanobis distance n_sigma from the mean."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2

from xentcore import InputError
from xentcore.practice import gaussian_ellipse


def test_points_are_at_the_mahalanobis_distance():
    mean, cov = np.array([1.0, -2.0]), np.array([[2.0, 0.8], [0.8, 1.0]])
    pts = gaussian_ellipse(mean, cov, n_sigma=1.5, n_points=200)
    d = pts - mean
    dist = np.sqrt(np.einsum("ij,jk,ik->i", d, np.linalg.inv(cov), d))
    np.testing.assert_allclose(dist, 1.5, rtol=1e-12)
    np.testing.assert_array_equal(pts[0], pts[-1])
    assert pts.shape == (200, 2)


def test_two_sigma_holds_the_chi2_share_of_samples():
    cov = np.array([[1.0, 0.5], [0.5, 2.0]])
    x = np.random.default_rng(0).multivariate_normal([0.0, 0.0], cov, 50_000)
    inside = np.einsum("ij,jk,ik->i", x, np.linalg.inv(cov), x) <= 4.0
    assert inside.mean() == pytest.approx(chi2.cdf(4.0, 2), abs=0.01)
    # the ellipse spans exactly ±2 sqrt(var) along each axis
    pts = gaussian_ellipse([0.0, 0.0], cov, n_points=2001)
    assert pts[:, 0].max() == pytest.approx(2.0, rel=1e-5)
    assert pts[:, 1].max() == pytest.approx(2.0 * np.sqrt(2.0), rel=1e-5)


def test_a_singular_covariance_gives_a_segment():
    pts = gaussian_ellipse([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], n_points=9)
    np.testing.assert_allclose(pts[:, 0], pts[:, 1], atol=1e-12)


@pytest.mark.parametrize(
    ("mean", "cov", "kwargs", "match"),
    [
        ([0.0, 0.0, 0.0], np.eye(3), {}, "mean must be a 2-D point"),
        ([0.0, 0.0], [[1.0, 2.0], [0.0, 1.0]], {}, "cov must be symmetric"),
        ([0.0, 0.0], np.eye(2), {"n_sigma": 0.0}, "n_sigma"),
        ([0.0, 0.0], np.eye(2), {"n_points": 2}, "n_points"),
    ],
)
def test_bad_arguments_are_named(mean, cov, kwargs, match):
    with pytest.raises(InputError, match=match):
        gaussian_ellipse(mean, cov, **kwargs)
