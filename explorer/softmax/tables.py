"""The Softmax & logits page's tables: a table with its CSV button, and stacked metrics."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from explorer.widgets import Metric, csv_download

__all__ = ["metric_stack", "number_table"]


def number_table(
    where,
    table: pd.DataFrame,
    key: str,
    download: tuple[str, str, str],
    *,
    number_format: str | None = None,
) -> None:
    """``table`` without its index, then its download button ``(label, file name, key)``.

    With ``number_format`` (e.g. ``"%.4g"``) every column but the first (the class) is
    shown in it.
    """
    config = (
        {c: st.column_config.NumberColumn(format=number_format) for c in table.columns[1:]}
        if number_format
        else None
    )
    where.dataframe(table, hide_index=True, key=key, column_config=config)
    label, file_name, csv_key = download
    csv_download(label, table, file_name, csv_key, where=where)


def metric_stack(where, metrics: Sequence[Metric]) -> None:
    """Bordered metrics one under the other in ``where`` (a column)."""
    for m in metrics:
        where.metric(m.label, m.value, m.delta, m.delta_color, help=m.help, border=True)
