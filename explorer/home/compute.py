"""Home's numbers: the four measures of the example, or what is wrong with P and Q."""

from __future__ import annotations

from dataclasses import dataclass

from explorer.distributions.wording import describe_distribution_problem
from explorer.home.inputs import Inputs
from xentcore import cross_entropy, entropy, kl_divergence

__all__ = ["Measures", "results"]


@dataclass(frozen=True)
class Measures:
    """H(P), H(P,Q), KL(P‖Q) and H(Q,P), in the unit of ``base``."""

    h_p: float
    h_pq: float
    kl: float
    h_qp: float


def results(values: Inputs, base: int | None) -> Measures | list[str]:
    """The measures, or one message per bad distribution (never a traceback)."""
    p, q = values.p, values.q
    try:
        return Measures(
            h_p=entropy(p, base=base),
            h_pq=cross_entropy(p, q, base=base),
            kl=kl_divergence(p, q, base=base),
            h_qp=cross_entropy(q, p, base=base),
        )
    except ValueError as err:
        return [
            message
            for name, column in (("P", p), ("Q", q))
            if (message := describe_distribution_problem(name, column)) is not None
        ] or [str(err)]
