"""The Distributions page's per-class table and its CSV (explorer.distributions.compute)."""

import pandas as pd
import pytest

from explorer.distributions.compute import csv_bytes, per_class_frame
from xentcore.decomposition import class_terms, pair_measures

NAMES = ["red", "green", "blue"]
P = [0.10, 0.40, 0.50]
Q = [0.80, 0.15, 0.05]


def test_per_class_frame_and_csv():
    m = pair_measures(P, Q, base=2)
    terms = class_terms(P, Q, base=2)
    table = per_class_frame(
        NAMES, P, Q, terms, {"h_pq": m.h_pq, "h_p": m.h_p, "kl_pq": m.kl_pq}, "bits"
    )
    assert table.shape == (4, 7)
    assert table["−p·log q (bits)"].iloc[-1] == m.h_pq
    assert table["p·log(p/q) (bits)"].iloc[:3].sum() == pytest.approx(m.kl_pq, rel=1e-13)
    text = csv_bytes(table).decode()
    assert text.splitlines()[0] == (
        "Class,p,q,surprisal −log q (bits),−p·log q (bits),−p·log p (bits),p·log(p/q) (bits)"
    )
    assert text.splitlines()[-1].startswith("Σ (sum),1.0,1.0,,3.28794")
    assert csv_bytes(pd.DataFrame({"Class": ["@SUM(A1)"]})).decode() == "Class\n'@SUM(A1)\n"
