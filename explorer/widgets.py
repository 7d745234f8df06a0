"""Input widgets shared by pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from xentcore import normalize

__all__ = ["csv_download", "distribution_inputs"]


def _renormalise(keys: list[str], error_key: str) -> None:
    # Runs as an on_click callback, i.e. before the widgets are drawn again, which is
    # the only moment Streamlit lets code overwrite a widget's value.
    values = [st.session_state[k] for k in keys]
    try:
        fixed = normalize([float("nan") if v is None else v for v in values])
    except ValueError:
        st.session_state[error_key] = True
        return
    st.session_state[error_key] = False
    for k, v in zip(keys, fixed, strict=True):
        st.session_state[k] = float(v)


def distribution_inputs(
    name: str, labels: Sequence[str], defaults: Sequence[float], *, key: str
) -> tuple[list[float], bool]:
    """One number input per event plus a Renormalise button.

    Widget keys are ``f"{key}_{label}"``; the button is ``f"{key}_renormalise"``.
    Returns the values as typed (``nan`` for an empty box), unchecked: validating
    them is the core's job, and whether Renormalise just failed.
    """
    keys = [f"{key}_{label}" for label in labels]
    error_key = f"{key}_renormalise_failed"
    for k, default in zip(keys, defaults, strict=True):
        # Seed once instead of passing value=, so Renormalise can overwrite the value.
        st.session_state.setdefault(k, float(default))
    values = [
        st.number_input(label, step=0.01, format="%.3f", key=k)
        for label, k in zip(labels, keys, strict=True)
    ]
    st.button(
        f"Renormalise {name}",
        key=f"{key}_renormalise",
        on_click=_renormalise,
        args=(keys, error_key),
        help=f"Divide each entry of {name} by their sum so that they add up to 1.",
    )
    failed = bool(st.session_state.pop(error_key, False))
    return [float("nan") if v is None else float(v) for v in values], failed


def csv_download(
    label: str,
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    file_name: str,
    key: str,
    *,
    where=st,
    index: bool = False,
    write: Callable[[pd.DataFrame], str | bytes] | None = None,
    **options,
) -> None:
    """A button that downloads a table as CSV, built only when it is clicked.

    ``frame`` may be a function that makes the table (for one too big to build on every
    rerun); ``write`` turns the table into the file instead of ``to_csv`` (for example
    ``uploads.safe_csv`` where cells hold the user's text). ``where`` is the container,
    ``options`` go to ``st.download_button``.
    """

    def data() -> str | bytes:
        table = frame() if callable(frame) else frame
        return write(table) if write is not None else table.to_csv(index=index)

    where.download_button(
        label,
        data=data,
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
        **options,
    )
