"""xentcore.practice: every bad argument raises InputError naming it and the problem."""

from __future__ import annotations

import numpy as np
import pytest

import xentcore as xc
from xentcore.practice import (
    apply_temperature,
    brier_score,
    calibration_errors,
    cem_objective,
    cem_run,
    cem_step,
    class_reliability,
    compare_models,
    conditional_entropy,
    dice_curve,
    fit_temperature,
    fit_vector_scaling,
    gaussian_cross_entropy,
    gaussian_entropy,
    gaussian_nll,
    histogram_estimate,
    joint_entropy,
    mutual_information,
    paired_bootstrap,
    sample_likelihood,
    soft_dice_loss,
    soft_f1_loss,
    temperature_objective,
    train_validation_split,
    vector_scaling_grad,
    vector_scaling_nll,
)

P = [[0.7, 0.3], [0.4, 0.6]]
Z = [[1.0, 0.0], [0.0, 2.0]]
RNG = np.random.default_rng(0)
EYE = np.eye(2)

ERRORS = {
    # temperature scaling
    "kind": (
        lambda: fit_temperature(P, [0, 1], kind="odds"),
        "kind must be 'probabilities' or 'logits'",
    ),
    "one class": (
        lambda: fit_temperature([[1.0], [1.0]], [0, 0], kind="probabilities"),
        r"scores has 1 class column\(s\); give at least 2",
    ),
    "1-D scores": (
        lambda: fit_temperature([0.2, 0.8], [1], kind="logits"),
        r"scores must have shape \(N, C\)",
    ),
    "label count": (
        lambda: fit_temperature(P, [0], kind="probabilities"),
        "labels has 1 class indices",
    ),
    "true class zero": (
        lambda: fit_temperature([[1.0, 0.0], [0.5, 0.5]], [1, 0], kind="probabilities"),
        "scores gives the true class probability 0 at row 0 .*infinite whatever is fitted",
    ),
    "bounds": (
        lambda: fit_temperature(Z, [0, 1], kind="logits", bounds=(2.0, 5.0)),
        "bounds must be two temperatures .* 0 < low < 1 < high",
    ),
    "max_iter": (
        lambda: fit_temperature(Z, [0, 1], kind="logits", max_iter=0),
        "max_iter must be a whole number >= 1",
    ),
    "tol": (lambda: fit_temperature(Z, [0, 1], kind="logits", tol=0), "tol must be > 0.0"),
    "base": (
        lambda: fit_temperature(Z, [0, 1], kind="logits", base=1),
        "base must be a number > 0 other than 1",
    ),
    "temperature 0": (
        lambda: temperature_objective(Z, [0, 1], kind="logits", temperature=[1.0, 0.0]),
        "temperature must be finite and > 0, got 0.0",
    ),
    "temperature table": (
        lambda: temperature_objective(Z, [0, 1], kind="logits", temperature=[[1.0]]),
        r"temperature must be one number or a 1-D array, got shape \(1, 1\)",
    ),
    "apply temperature": (
        lambda: apply_temperature(Z, -1.0, kind="logits"),
        "temperature must be > 0.0",
    ),
    "split size": (lambda: train_validation_split(1), "n_samples must be a whole number >= 2"),
    "split fraction": (
        lambda: train_validation_split(10, validation_fraction=0.01),
        r"validation_fraction=0.01 of 10 samples leaves no validation sample; choose a fraction "
        r"between 0.1 and 0.9",
    ),
    "split all": (
        lambda: train_validation_split(10, validation_fraction=1.0),
        "leaves no training sample",
    ),
    "split zero": (
        lambda: train_validation_split(10, validation_fraction=0),
        "validation_fraction must be > 0.0",
    ),
    # vector scaling
    "vector zero probability": (
        lambda: fit_vector_scaling([[1.0, 0.0], [0.5, 0.5]], [0, 1], kind="probabilities"),
        r"scores has probability 0 at row 0, column 1; vector scaling .* \(give logits\)",
    ),
    "w shape": (
        lambda: vector_scaling_nll(Z, [0, 1], [1.0], [0.0, 0.0]),
        r"w must hold one value per class, shape \(2,\), got \(1,\)",
    ),
    "b nan": (
        lambda: vector_scaling_grad(Z, [0, 1], [1.0, 1.0], [0.0, np.nan]),
        "b has a non-finite value nan",
    ),
    "logits nan": (
        lambda: vector_scaling_nll([[np.nan, 0.0]], [0], [1.0, 1.0], [0.0, 0.0]),
        "logits has a non-finite value nan",
    ),
    # calibration
    "n_bins": (
        lambda: calibration_errors(P, [0, 1], n_bins=0),
        "n_bins must be a whole number >= 1",
    ),
    "rows": (
        lambda: class_reliability([[0.5, 0.6]], [0]),
        r"scores row at index 0 sums to 1.1, not 1",
    ),
    "brier binary label": (
        lambda: brier_score([0.2, 0.9], [0, 2]),
        r"labels has class index 2 at row 1, outside \[0, 2\)",
    ),
    "brier probability": (
        lambda: brier_score([0.2, 1.5], [0, 1]),
        r"probabilities must be probabilities in \[0, 1\], but has 1.5",
    ),
    "brier rows": (
        lambda: brier_score([[0.2, 0.2]], [0]),
        "probabilities row at index 0 sums to 0.4",
    ),
    # model A vs model B
    "lengths": (
        lambda: compare_models(P, [[0.5, 0.5]], [0, 1]),
        "scores_a has 2 rows but scores_b has 1; both models must score the same samples",
    ),
    "classes": (
        lambda: compare_models(P, [[0.2, 0.3, 0.5], [0.2, 0.3, 0.5]], [0, 1]),
        "scores_a has 2 class columns but scores_b has 3",
    ),
    "labels differ": (
        lambda: compare_models(P, P, [0, 1], labels_b=[0, 0]),
        r"labels_b differs from labels at 1 of 2 rows \(first at row 1: 0 instead of 1\)",
    ),
    "labels_b length": (
        lambda: compare_models(P, P, [0, 1], labels_b=[0]),
        "labels_b has 1 class indices",
    ),
    "scores_b nan": (
        lambda: compare_models(Z, [[np.nan, 0.0], [0.0, 0.0]], [0, 1], kind="logits"),
        "scores_b has a non-finite value nan",
    ),
    "scores_a one class": (
        lambda: compare_models([[1.0], [1.0]], P, [0, 0]),
        r"scores_a has 1 class column\(s\)",
    ),
    "kind_b": (
        lambda: compare_models(P, P, [0, 1], kind_b="odds"),
        "kind must be 'probabilities' or 'logits'",
    ),
    "bootstrap lengths": (
        lambda: paired_bootstrap([0.1, 0.2, 0.3], [0.1, 0.2]),
        r"loss_a has shape \(3,\) but loss_b has shape \(2,\); they must match",
    ),
    "bootstrap inf": (
        lambda: paired_bootstrap([0.1, np.inf], [0.1, 0.2]),
        "loss_a has a non-finite value inf at index 1",
    ),
    "bootstrap one sample": (lambda: paired_bootstrap([0.1], [0.2]), "at least 2, got shape"),
    "resamples": (
        lambda: paired_bootstrap([0.1, 0.2], [0.2, 0.1], n_resamples=0),
        "n_resamples must be a whole number from 1 to 1000000, got 0",
    ),
    "confidence": (
        lambda: paired_bootstrap([0.1, 0.2], [0.2, 0.1], confidence=1.5),
        "confidence must be <= 1.0",
    ),
    "seed": (
        lambda: paired_bootstrap([0.1, 0.2], [0.2, 0.1], seed=-1),
        "seed must be a whole number >= 0",
    ),
    # likelihood
    "likelihood labels": (
        lambda: sample_likelihood(P, [0, 5]),
        r"labels has class index 5 at row 1",
    ),
    "sigma": (lambda: gaussian_nll([1.0], 0.0, sigma=0.0), "sigma must be > 0.0"),
    "y nan": (lambda: gaussian_nll([np.nan], 0.0), "y has a non-finite value nan"),
    "y and mean": (
        lambda: gaussian_nll([1.0, 2.0], [1.0, 2.0, 3.0]),
        r"y has shape \(2,\) but mean has shape \(3,\)",
    ),
    # Dice and soft-F1
    "smooth": (lambda: soft_dice_loss([0.2, 0.9], [0, 1], smooth=-1), "smooth must be >= 0.0"),
    "dice target": (
        lambda: soft_f1_loss([0.2, 0.9], [0, 3]),
        r"target has class index 3 at row 1, outside \[0, 2\)",
    ),
    "dice rows": (
        lambda: soft_dice_loss([[0.2, 0.2]], [0]),
        "probabilities row at index 0 sums to 0.4",
    ),
    "dice target count": (lambda: soft_dice_loss(P, [0]), "target has 1 class indices"),
    "curve classes": (lambda: dice_curve(0.5, classes=1), "classes must be >= 2"),
    "curve p": (lambda: dice_curve(1.5), r"p must be probabilities in \[0, 1\]"),
    # cross-entropy method
    "objective name": (
        lambda: cem_objective("beale", [[0.0, 0.0]]),
        "objective must be one of 'sphere'",
    ),
    "points": (lambda: cem_objective("sphere", [0.0, 0.0]), r"points must have shape \(M, 2\)"),
    "objective type": (lambda: cem_run(42), "objective must be one of .* or a function"),
    "cov symmetric": (
        lambda: cem_step([0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]], "sphere", RNG),
        "cov must be symmetric",
    ),
    "cov psd": (
        lambda: cem_step([0.0, 0.0], [[1.0, 0.0], [0.0, -1.0]], "sphere", RNG),
        "cov must be positive semi-definite, but has eigenvalue -1",
    ),
    "cov shape": (
        lambda: cem_step([0.0, 0.0], np.eye(3), "sphere", RNG),
        r"cov must have shape \(2, 2\)",
    ),
    "mean shape": (
        lambda: cem_step([[0.0, 0.0]], EYE, "sphere", RNG),
        r"mean must be a point, shape \(d,\)",
    ),
    "rng": (lambda: cem_step([0.0, 0.0], EYE, "sphere", 0), "rng must be a numpy.random.Generator"),
    "n_samples": (
        lambda: cem_step([0.0, 0.0], EYE, "sphere", RNG, 1),
        "n_samples must be a whole number >= 2",
    ),
    "elites": (
        lambda: cem_step([0.0, 0.0], EYE, "sphere", RNG, 10, 0.1),
        "elite_fraction=0.1 of 10 samples keeps 1 elite; refitting a covariance needs at least 2",
    ),
    "objective shape": (
        lambda: cem_step([0.0, 0.0], EYE, lambda x: x, RNG, 10, 0.5),
        r"objective returned shape \(10, 2\) for 10 samples; it must return one value per sample",
    ),
    "objective nan": (
        lambda: cem_step([0.0, 0.0], EYE, lambda x: np.full(len(x), np.nan), RNG, 10, 0.5),
        "objective's values has a non-finite value nan",
    ),
    "iterations": (
        lambda: cem_run("sphere", n_iterations=0),
        "n_iterations must be a whole number from 1 to 1000",
    ),
    # tables
    "table 1-D": (lambda: joint_entropy([1, 2, 3]), r"table must be 2-D \(rows are values of X"),
    "table negative": (
        lambda: mutual_information([[1, -1], [0, 2]]),
        "table must be non-negative, but has -1.0",
    ),
    "table zero": (lambda: joint_entropy([[0, 0], [0, 0]]), "table sums to 0"),
    "table nan": (lambda: mutual_information([[1, np.nan]]), "table has a non-finite value nan"),
    "given": (
        lambda: conditional_entropy([[1, 1]], given="z"),
        "given must be one of 'y', 'x', got 'z'",
    ),
    "table base": (
        lambda: joint_entropy([[1, 1]], base=0),
        "base must be a number > 0 other than 1",
    ),
    # Gaussians
    "sigma_q": (
        lambda: gaussian_cross_entropy(0.0, 1.0, 0.0, -2.0),
        "sigma_q must be a standard deviation > 0, got -2.0",
    ),
    "mean_p inf": (
        lambda: gaussian_cross_entropy(np.inf, 1.0, 0.0, 1.0),
        "mean_p has a non-finite value inf",
    ),
    "entropy sigma": (
        lambda: gaussian_entropy([1.0, 0.0]),
        "sigma must be a standard deviation > 0, got 0.0",
    ),
    "broadcast": (
        lambda: gaussian_cross_entropy([0.0, 1.0], 1.0, [0.0, 1.0, 2.0], 1.0),
        r"the means and standard deviations must broadcast: "
        r"mean_p \(2,\), sigma_p \(\), mean_q \(3,\)",
    ),
    "histogram samples": (
        lambda: histogram_estimate(0.0, 1.0, 0.0, 1.0, n_samples=1),
        "n_samples must be a whole number >= 2",
    ),
    "histogram many": (
        lambda: histogram_estimate(0.0, 1.0, 0.0, 1.0, n_samples=10**8),
        "n_samples must be at most 10,000,000",
    ),
    "histogram bins": (
        lambda: histogram_estimate(0.0, 1.0, 0.0, 1.0, n_bins=0),
        "n_bins must be a whole number >= 1",
    ),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_errors_name_the_argument_and_the_problem(case):
    call, message = ERRORS[case]
    with pytest.raises(xc.InputError, match=message):
        call()
