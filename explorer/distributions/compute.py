"""The Distributions page's numbers: the calls to xentcore, and the work kept between reruns.

What depends on the table alone (the core's results, three figures, the per-class
table) is kept by :func:`explorer.cache.shared_cache`, keyed by the table as tuples, so
moving the walk slider recomputes only the walk. Nothing kept is modified after it is
built (``st.plotly_chart`` and ``st.dataframe`` copy their input), so sessions share it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from explorer.cache import shared_cache
from explorer.distributions import wording
from explorer.distributions.figures import (
    class_contribution_figure,
    pair_decomposition_figure,
    pq_figure,
)
from explorer.distributions.inputs import CLASS, TableReading
from explorer.figures import Figure
from explorer.parsing import InputProblem
from explorer.predictions.uploads.export import neutralise
from xentcore import decomposition as dec
from xentcore.decomposition import BlendPath, ClassTerms, ClippedValue, PairMeasures

__all__ = [
    "Results",
    "contribution_chart",
    "csv_bytes",
    "decomposition_chart",
    "per_class_frame",
    "per_class_table",
    "pq_chart",
    "results",
    "walk",
]

#: Tables kept per cached function: a class of learners editing at once, and then some.
KEPT = 64


@dataclass(frozen=True)
class Results:
    """Everything the core says about a valid table, in the chosen unit."""

    measures: PairMeasures
    terms: ClassTerms
    zeros_pq: list[int]  # classes with q = 0 < p: H(P,Q) = ∞
    zeros_qp: list[int]  # classes with p = 0 < q: H(Q,P) = ∞
    clipped_pq: list[ClippedValue]  # each framework's clip, where H(P,Q) = ∞
    clipped_qp: list[ClippedValue]
    path: BlendPath


def results(table: TableReading, base: float | None) -> Results | InputProblem | None:
    """The core's numbers for a valid table: ``None`` for an invalid one, and the core's
    refusal as an :class:`~explorer.parsing.InputProblem` (never an exception)."""
    if not table.ok:
        return None
    try:
        return _results(tuple(table.p), tuple(table.q), base)
    except ValueError as err:  # read_table should have caught it; say so, never crash
        return InputProblem(wording.CORE_REFUSED.format(problem=err))


@shared_cache(max_entries=KEPT)
def _results(p: tuple[float, ...], q: tuple[float, ...], base: float | None) -> Results:
    zeros_pq = dec.infinite_classes(p, q).tolist()
    zeros_qp = dec.infinite_classes(q, p).tolist()
    return Results(
        measures=dec.pair_measures(p, q, base=base),
        terms=dec.class_terms(p, q, base=base),
        zeros_pq=zeros_pq,
        zeros_qp=zeros_qp,
        clipped_pq=dec.clipped_cross_entropies(p, q, base=base) if zeros_pq else [],
        clipped_qp=dec.clipped_cross_entropies(q, p, base=base) if zeros_qp else [],
        path=dec.blend_path(p, q, base=base, num=101),
    )


def walk(table: TableReading, t: float, base: float | None) -> PairMeasures:
    """The measures of P and Qₜ = (1 − t)·Q + t·P (not kept: t changes on every move)."""
    return dec.pair_measures(table.p, dec.blend(table.p, table.q, t), base=base)


def _key(table: TableReading) -> tuple[tuple, tuple, tuple]:
    return tuple(table.names), tuple(table.p), tuple(table.q)


def pq_chart(table: TableReading) -> Figure:
    """P and Q per class (for a drawable table)."""
    return _pq_chart(*_key(table))


@shared_cache(max_entries=KEPT)
def _pq_chart(names: tuple, p: tuple, q: tuple) -> Figure:
    return pq_figure(names, p, q)


@shared_cache(max_entries=KEPT)
def decomposition_chart(m: PairMeasures, unit: str) -> Figure:
    """H(P,Q) = H(P) + KL(P‖Q) above H(Q,P) = H(Q) + KL(Q‖P)."""
    return pair_decomposition_figure(m.h_p, m.kl_pq, m.h_q, m.kl_qp, unit)


def contribution_chart(table: TableReading, base: float | None, unit: str) -> Figure:
    """Each class's share of H(P,Q), split into its entropy and KL parts."""
    return _contribution_chart(*_key(table), base, unit)


@shared_cache(max_entries=KEPT)
def _contribution_chart(names: tuple, p: tuple, q: tuple, base: float | None, unit: str):
    return class_contribution_figure(names, _results(p, q, base).terms, unit)


def per_class_table(table: TableReading, base: float | None, unit: str) -> pd.DataFrame:
    """The per-class table of a valid table (shared: copy it before changing it)."""
    return _per_class_table(*_key(table), base, unit)


@shared_cache(max_entries=KEPT)
def _per_class_table(names: tuple, p: tuple, q: tuple, base: float | None, unit: str):
    r = _results(p, q, base)
    m = r.measures
    totals = {"h_pq": m.h_pq, "h_p": m.h_p, "kl_pq": m.kl_pq}
    return per_class_frame(names, p, q, r.terms, totals, unit)


def per_class_frame(
    names: Sequence[str],
    p: Sequence[float],
    q: Sequence[float],
    terms: ClassTerms,
    totals: Mapping[str, float],
    unit: str,
) -> pd.DataFrame:
    """The per-class table, with a last row of sums (= H(P,Q), H(P), KL(P‖Q)).

    ``totals`` has the keys ``h_pq``, ``h_p`` and ``kl_pq`` (the page's measures, so the
    sums shown are exactly the metrics).
    """
    u = f" ({unit})"
    return pd.DataFrame(
        {
            CLASS: list(names) + ["Σ (sum)"],
            "p": [*map(float, p), float(np.sum(p))],
            "q": [*map(float, q), float(np.sum(q))],
            "surprisal −log q" + u: [*map(float, terms.surprisal), math.nan],
            "−p·log q" + u: [*map(float, terms.cross_entropy), totals["h_pq"]],
            "−p·log p" + u: [*map(float, terms.entropy), totals["h_p"]],
            "p·log(p/q)" + u: [*map(float, terms.kl), totals["kl_pq"]],
        }
    )


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV; a class name that a spreadsheet would run as a formula is quoted.

    >>> csv_bytes(pd.DataFrame({"Class": ["=1+1", "red"], "p": [0.5, 0.5]})).decode()
    "Class,p\\n'=1+1,0.5\\nred,0.5\\n"
    """
    out = frame.copy()
    if CLASS in out:
        # OWASP "CSV injection": a leading = + - @ makes a spreadsheet evaluate the cell.
        out[CLASS] = [neutralise(s) if isinstance(s, str) else s for s in out[CLASS]]
    return out.to_csv(index=False).encode("utf-8")
