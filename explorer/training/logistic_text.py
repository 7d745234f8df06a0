"""The logistic-regression panel's text: the gradient identity with its numbers, the
table of the points it is made of, and that table as CSV. Pure (no Streamlit)."""

from __future__ import annotations

import numpy as np

from explorer.text import markdown_table
from xentcore.training import LogisticGradient

__all__ = ["gradient_columns", "gradient_text", "logistic_latex", "number_table", "table_csv"]


def _num(x: float, digits: int = 3) -> str:
    text = f"{x:.{digits}f}"
    return "0." + "0" * digits if text.lstrip("-") == "0." + "0" * digits else text


def _column(values, digits: int = 3) -> str:
    cells = r" \\ ".join(_num(float(v), digits) for v in values)
    return r"\begin{pmatrix}" + cells + r"\end{pmatrix}"


def logistic_latex(design, residual, gradient) -> str:
    r"""The identity written out with its numbers: (1/N) Xᵀ (ŷ − y) = ∇β L.

    Xᵀ to 2 decimals (it is wide), the errors and the gradient to 3.

    >>> tex = logistic_latex(np.array([[1.0, 2.0]]), np.array([-0.5]), np.array([-0.5, -1.0]))
    >>> tex.startswith(r"\small \nabla_\beta L = \frac{1}{1}")
    True
    """
    x = np.asarray(design, dtype=float)
    rows = [" & ".join(_num(v, 2) for v in row) for row in x.T]
    xt = r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"
    n = x.shape[0]
    return (
        rf"\small \nabla_\beta L = \frac{{1}}{{{n}}}\,X^\top(\hat y - y) = "
        rf"\frac{{1}}{{{n}}}{xt}{_column(residual)} = {_column(gradient)}"
    )


def gradient_columns(g: LogisticGradient) -> dict[str, np.ndarray]:
    """The table beside the identity: the design matrix, the targets, ŷ and the errors."""
    return {
        "x₀ (bias)": g.design[:, 0],
        "x₁": g.design[:, 1],
        "x₂": g.design[:, 2],
        "y": g.target,
        "ŷ = σ(xβ)": g.probability,
        "ŷ − y": g.residual,
    }


def number_table(columns: dict, digits: int = 3) -> str:
    """Columns of numbers as a Markdown table, with true minus signs and no "−0.000".

    >>> print(number_table({"x": [1.0, -0.5], "y": [0.0, 1.0]}))
    | x | y |
    | --: | --: |
    | 1.000 | 0.000 |
    | −0.500 | 1.000 |
    """
    names = list(columns)
    rows = [
        [_num(float(columns[n][i]), digits).replace("-", "−") for n in names]
        for i in range(len(columns[names[0]]))
    ]
    return markdown_table(names, rows)


def table_csv(columns: dict) -> str:
    """The same columns as CSV, every number to full precision.

    >>> print(table_csv({"x": [0.1], "y": [2.0]}), end="")
    x,y
    0.1,2.0
    """
    names = list(columns)
    lines = [",".join(names)]
    for i in range(len(next(iter(columns.values())))):
        lines.append(",".join(repr(float(columns[n][i])) for n in names))
    return "\n".join(lines) + "\n"


def gradient_text(g: LogisticGradient) -> str:
    """The gradient's numbers and what they mean, beside the table."""
    gap = float(np.max(np.abs(g.gradient - g.chain_rule)))
    return (
        "**∇β L = (" + ", ".join(_num(v, 4) for v in g.gradient).replace("-", "−") + ")**\n\n"
        f"Mean binary cross-entropy L = {g.loss:.4f} nats.\n\n"
        "Each component is an average of one feature column times the errors ŷ − y: points "
        "the model gets badly wrong pull hardest, and a point it already gets right "
        "(ŷ − y near 0) hardly pulls at all. A step β ← β − η ∇β L moves β against it.\n\n"
        "The chain rule through `xentcore.binary_cross_entropy_with_logits_grad` gives "
        f"the same gradient (largest difference {gap:.1e})."
    )
