"""What the Beyond classification page says: explanations, labels, messages (no Streamlit).

Each section's explanation comes from the sources' ideas (maximum likelihood, squared
error as a Gaussian's cross-entropy, joint entropy and mutual information, continuous
distributions, the cross-entropy method). The core's messages start with its argument
name; :data:`FIELDS` says which field that is and how to fix it
(:func:`explorer.binary.wording.describe_error` writes the sentence).
"""

from __future__ import annotations

import math

from explorer.parsing import ListWording
from explorer.text import format_value

__all__ = [
    "CEM",
    "CONTINUOUS",
    "FIELDS",
    "INTRO",
    "JOINT",
    "LIKELIHOOD",
    "SQUARED_ERROR",
    "best_sentence",
    "cell_label",
    "cem_titles",
    "equal_sentence",
    "estimate_sentence",
    "format_likelihood",
    "independence_sentence",
    "infinite_estimate_note",
    "lengths_problem",
    "list_wording",
    "mle_sentence",
    "regression_sentence",
    "underflow_sentence",
    "worked_example_sentence",
]

INTRO = (
    "Cross-entropy is not only the loss of classifiers. Five ideas from the sources, each "
    "with your own numbers: the likelihood of a sample, squared error, two variables at "
    "once, continuous distributions, and an optimiser named after cross-entropy."
)

# ---------------------------------------------------------------- 1. likelihood

LIKELIHOOD = (
    "The **likelihood** of a sample under a model is the product of the probabilities the "
    "model gave the labels that happened. Its log is a sum, and minus that sum over N is "
    "exactly the mean cross-entropy between the one-hot labels and the predictions, so "
    "the model of **maximum likelihood is the model of minimum cross-entropy**: training "
    "a classifier with cross-entropy is maximum-likelihood estimation."
)
LIKELIHOOD_LATEX = (
    r"\mathcal L = \prod_{n=1}^{N} \hat p_n(y_n), \qquad"
    r"-\frac{1}{N}\log \mathcal L = -\frac{1}{N}\sum_{n=1}^{N}\log \hat p_n(y_n)"
    r"= \frac{1}{N}\sum_{n=1}^{N} H\big(\mathbb 1_{y_n}, \hat p_n\big)"
)
REPEAT_HELP = (
    "Use the sample k times over (k × N labels): the mean NLL stays, the log-likelihood "
    "grows k times, and the product soon underflows to 0 in float64."
)
#: (label, tooltip) of each number of the likelihood row, in order.
LIKELIHOOD_METRICS = (
    ("Likelihood L", "L = Π p̂(y): the product of the probabilities of the labels that happened."),
    ("log L", "The sum of their logs: it never underflows."),
    ("Mean NLL", "−log L / N: the mean negative log-likelihood per label."),
    ("Cross-entropy", "The mean over labels of H(one-hot label, prediction), computed apart."),
)


def format_likelihood(likelihood: float | None, log10_likelihood: float) -> str:
    """The likelihood as shown: the product, or its power of ten once it underflows.

    >>> format_likelihood(0.08465, -1.07), format_likelihood(None, -1072.49)
    ('0.08465', '10^−1072.49 (underflows)')
    >>> format_likelihood(0.0, float("-inf"))
    '0'
    """
    if likelihood is not None:
        return f"{likelihood:.4g}"
    return f"10^{log10_likelihood:.2f} (underflows)".replace("-", "−")


def underflow_sentence(n: int, log_likelihood: str, log10: float) -> str:
    """Why the product is not shown: below float64's smallest normal number."""
    return (
        f"The product of these {n:,} probabilities is about 10^{log10:.1f}, below float64's "
        "smallest normal number (2.2 × 10^−308): multiplied out it underflows to 0. Its log, "
        f"a sum, is fine: log L = {log_likelihood}. This is why every framework minimises "
        "the mean log loss, never the likelihood itself."
    ).replace("10^-", "10^−")


def equal_sentence(n: int, mean_nll: str) -> str:
    """The mean NLL and the cross-entropy agree."""
    return (
        f"Mean NLL and cross-entropy are the same number, {mean_nll}, for these {n:,} "
        "labels: the negative log-likelihood per label is the cross-entropy."
    )


def mle_sentence(theta_hat: float, min_ce: str, model_ce: str) -> str:
    """Reading the chart: the best constant prediction, and the user's model."""
    return (
        f"Among models that predict the same θ for every sample, the likelihood is largest "
        f"at **θ̂ = {theta_hat:.3g}**, the fraction of labels that are 1, exactly where the "
        f"cross-entropy is smallest, **{min_ce}** (the entropy of the labels). Your "
        f"predictions, which differ sample by sample, reach a cross-entropy of {model_ce}."
    )


def worked_example_sentence(mean_nll_nats: float) -> str:
    """The sources' worked example 6, computed now."""
    return (
        "Worked example 6: mean binary cross-entropy = "
        f"{format_value(mean_nll_nats, 'nats')} = the mean NLL of the ten labels."
    )


# ---------------------------------------------------------------- 2. squared error

SQUARED_ERROR = (
    "Model a real target as a Gaussian around the prediction, y ~ N(ŷ, σ²). Its negative "
    "log-likelihood is the **squared error** scaled by 1/(2σ²) plus the constant "
    "½ log(2πσ²), so with σ fixed, minimising the mean squared error is maximising the "
    "Gaussian likelihood: **squared error is the cross-entropy of regression**."
)
SQUARED_ERROR_LATEX = (
    r"-\log \mathcal N(y;\, \hat y, \sigma^2) = \frac{(y - \hat y)^2}{2\sigma^2}"
    r" + \tfrac12 \log(2\pi\sigma^2)"
)
SIGMA_HELP = "The Gaussian's fixed standard deviation: it scales the SE and shifts the NLL."


def regression_sentence(mse: float, scale: float, offset: float, mean_nll: str) -> str:
    """What the mean NLL is made of, and what it means for regression."""
    return (
        f"Mean NLL = MSE × 1/(2σ²) + ½ log(2πσ²) = {mse:.4g} × {scale:.4g} + {offset:.4g} "
        f"= **{mean_nll}**. σ only rescales and shifts it, so the predictions that minimise "
        "the MSE are the ones of maximum likelihood whatever σ: least squares is maximum "
        "likelihood under Gaussian noise. (A σ below 1/√(2π) ≈ 0.40 makes the density "
        "exceed 1, and the NLL can go below 0.)"
    )


# ---------------------------------------------------------------- 3. two variables

JOINT = (
    "With two variables, the entropy of the pair **H(X, Y)** is what X alone carries, "
    "H(X), plus what Y adds once X is known, **H(Y | X)**. The **mutual information** "
    "I(X; Y) = H(X) + H(Y) − H(X, Y) is what they share: the KL divergence between the "
    "table and the product of its margins, 0 exactly when X and Y are independent."
)
TABLE_HELP = (
    "Rows are the values of X, columns the values of Y. Type counts (any numbers ≥ 0, "
    "divided by their sum) or probabilities (summing to 1). Add rows with the + below the "
    "table, delete them by selecting a row."
)
KIND_HELP = "Counts are divided by their total; probabilities must already sum to 1."
#: (label, field of xentcore.practice.TableInformation, tooltip) of each measure.
TABLE_MEASURES = (
    ("H(X)", "h_x", "Entropy of the row margin p(x)."),
    ("H(Y)", "h_y", "Entropy of the column margin p(y)."),
    ("H(X, Y)", "h_xy", "Joint entropy of the table p(x, y)."),
    ("H(X | Y)", "h_x_given_y", "What is left to learn about X once Y is known."),
    ("H(Y | X)", "h_y_given_x", "What is left to learn about Y once X is known."),
    ("I(X; Y)", "mutual_information", "What X and Y share: KL(p(x, y) ‖ p(x) p(y))."),
)
CELL_FIX = "Type a count or a probability, 0 or more (e.g. 5 or 0.25)."


def cell_label(row: int, column: int) -> str:
    """A cell as the messages name it (1-based).

    >>> cell_label(2, 1)
    'Row x2, column y1'
    """
    return f"Row x{row}, column y{column}"


def independence_sentence(mi: float, unit: str) -> str:
    """What the mutual information says about the table."""
    if mi <= 1e-12:
        return "I(X; Y) = 0: knowing X tells nothing about Y. The table is independent."
    return (
        f"Knowing X saves {format_value(mi, unit)} on average when encoding Y (and the other "
        "way round): I(X; Y) = H(Y) − H(Y | X) = H(X) − H(X | Y)."
    )


# ---------------------------------------------------------------- 4. continuous

CONTINUOUS = (
    "For densities the sums become integrals, h(P) = −∫ p log p and H(P, Q) = −∫ p log q, "
    "and still **H(P, Q) = h(P) + KL(P‖Q)**. For two Gaussians all three have closed "
    "forms; a differential entropy can be negative (a narrow density exceeds 1), a KL "
    "divergence cannot. Binning samples of P estimates them, better as the samples grow."
)
CONTINUOUS_LATEX = (
    r"H(P, Q) = \tfrac12\log(2\pi\sigma_Q^2) + \frac{\sigma_P^2 + (\mu_P - \mu_Q)^2}"
    r"{2\sigma_Q^2}, \qquad h(P) = \tfrac12 \log(2\pi e\,\sigma_P^2)"
)
#: (label, closed-form field, estimate field of HistogramEstimate) of each measure.
GAUSSIAN_MEASURES = (
    ("h(P)", "entropy_p"),
    ("H(P, Q)", "cross_entropy"),
    ("KL(P‖Q)", "kl_divergence"),
)
SAMPLES_HELP = "How many samples of P are binned (seeded: the same seed gives the same draw)."


def estimate_sentence(n: int, bins: int) -> str:
    """How the estimate is made."""
    return (
        f"Estimate: {n:,} samples of P in {bins} equal bins; the discrete cross-entropy of "
        "the bins plus log(bin width) estimates H(P, Q), the discrete KL estimates KL(P‖Q)."
    )


def infinite_estimate_note() -> str:
    """When Q gives a bin with samples of P probability 0 (far tails)."""
    return (
        "Q is so far from P that it gives some bins holding samples of P a probability that "
        "rounds to 0, so the estimate is ∞. Bring the Gaussians closer or widen Q."
    )


# ---------------------------------------------------------------- 5. the CEM

CEM = (
    "The **cross-entropy method** (Rubinstein, 1997) turns cross-entropy into an optimiser: "
    "sample points from a Gaussian, keep the best fraction (the *elites*), and refit the "
    "Gaussian to them by maximum likelihood, which is the Gaussian of minimum cross-entropy "
    "to the elites. Repeated, the Gaussian shrinks onto a minimum, using only the "
    "function's values, no gradient."
)
CEM_LATEX = (
    r"(\mu', \Sigma') = \arg\min_{\mu,\Sigma} -\frac1k\sum_{e=1}^{k}"
    r"\log \mathcal N(x_e;\, \mu, \Sigma) = \Big(\bar x_e,\;"
    r"\tfrac1k \textstyle\sum_e (x_e - \bar x_e)(x_e - \bar x_e)^\top\Big)"
)
OBJECTIVE_NAMES = {
    "sphere": "Sphere x² + y²",
    "rosenbrock": "Rosenbrock (a curved valley)",
    "himmelblau": "Himmelblau (four minima)",
    "rastrigin": "Rastrigin (many local minima)",
}
CEM_PLAY_HELP = (
    "Press ▶ to play the run iteration by iteration in your browser (every iteration is "
    "computed already), or drag the slider under the chart."
)


def cem_titles(best: list[float], means: list[tuple[float, float]]) -> list[str]:
    """The chart's title at each iteration: where the Gaussian is and the best value yet.

    >>> cem_titles([1.5, 0.002], [(0.1, 0.2), (3.0, 2.0)])[1]
    'Iteration 2: mean (3.000, 2.000), best value so far 0.002'
    """
    return [
        f"Iteration {i}: mean ({m[0]:.3f}, {m[1]:.3f}), best value so far {b:.3g}"
        for i, (b, m) in enumerate(zip(best, means, strict=True), start=1)
    ]


def best_sentence(iterations: int, best: float, point: tuple[float, float], minima) -> str:
    """Where the run ended, against the known minima."""
    nearest = min(minima, key=lambda m: math.dist(m, point))
    return (
        f"After {iterations} iterations the best value found is **{best:.3g}** at "
        f"({point[0]:.4f}, {point[1]:.4f}); the nearest true minimum is at "
        f"({nearest[0]:.4g}, {nearest[1]:.4g}), where the function is 0."
    )


# ---------------------------------------------------------------- inputs and messages

#: Core argument name -> (the field as the learner sees it, how to fix it).
FIELDS = {
    "labels": ("Labels y", "Type one label per sample, each 0 or 1, e.g. 1, 0, 1."),
    "probs": ("Predicted P(y = 1)", "Type one probability from 0 to 1 per label, e.g. 0.8."),
    "y": ("Targets y", "Type finite numbers, e.g. 1.2, 1.9, 3.2."),
    "mean": ("Predictions ŷ", "Type one finite prediction per target."),
    "sigma": ("σ", "Choose a standard deviation above 0."),
    "table": ("The table", CELL_FIX),
    "n_samples": ("Samples per iteration", "Choose 10 or more samples."),
    "elite_fraction": (
        "Elite fraction",
        "Raise the elite fraction or the samples per iteration so at least 2 are kept.",
    ),
    "seed": ("Seed", "Type a whole number, 0 or more."),
}


def list_wording(field: str) -> ListWording:
    """The messages of the page's typed list ``field`` (a problem names the number).

    >>> from explorer.parsing import InputProblem, ListRules, parse_number_list
    >>> try:
    ...     parse_number_list("1, x", ListRules(), list_wording("Labels y"))
    ... except InputProblem as err:
    ...     print(err)
    Labels y: number 2 ('x') is not a number. Separate numbers by commas or spaces, e.g. 1, 0, 1.
    """
    fix = "Separate numbers by commas or spaces, e.g. 1, 0, 1."
    count = "{field} has {count} numbers; this page takes {min_len} to {max_len}."
    return ListWording(field, fix, "number", count=count)


def lengths_problem(first: str, n_first: int, second: str, n_second: int, fix: str) -> str:
    """Two lists that must pair up do not.

    >>> lengths_problem("Targets y", 6, "Predictions ŷ", 5, "Give one prediction per target.")
    'Targets y has 6 numbers but Predictions ŷ has 5. Give one prediction per target.'
    """
    return f"{first} has {n_first} numbers but {second} has {n_second}. {fix}"
