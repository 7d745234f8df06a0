"""Input widgets shared by pages."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import streamlit as st

from explorer.figures import Figure
from explorer.presenter import is_presenting, scale_fonts
from explorer.text import format_number_list
from xentcore import normalize

__all__ = [
    "ListInput",
    "chart",
    "Metric",
    "csv_download",
    "distribution_inputs",
    "lazy_tabs",
    "list_input_keys",
    "metric_row",
    "number_list_input",
    "number_list_row",
]


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
    frame: pd.DataFrame | str | bytes | Callable[[], pd.DataFrame | str | bytes],
    file_name: str,
    key: str,
    *,
    where=st,
    index: bool = False,
    write: Callable[[pd.DataFrame], str | bytes] | None = None,
    **options,
) -> None:
    """A button that downloads a table as CSV, built only when it is clicked.

    ``frame`` is the table, or a function that makes it (for one too big to build on every
    rerun); either may also be the CSV itself, as text or bytes. ``write`` turns a table
    into the file instead of ``to_csv`` (for example the Your predictions page's
    ``safe_csv`` where cells hold the user's text). ``where`` is the container,
    ``options`` go to ``st.download_button``.
    """

    def data() -> str | bytes:
        table = frame() if callable(frame) else frame
        if isinstance(table, str | bytes):
            return table
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


@dataclass(frozen=True)
class Metric:
    """One bordered number of a metric row: its label, the value as shown, a tooltip."""

    label: str
    value: str
    help: str | None = None
    delta: str | None = None
    delta_color: str = "normal"


def metric_row(
    metrics: Sequence[Metric],
    *,
    where=st,
    width: int | str = "stretch",
    gap: str = "small",
    vertical_alignment: str = "top",
):
    """Bordered metrics side by side in one horizontal container, which is returned.

    One flex row is one element plus its metrics, where ``st.columns`` costs an element
    per column as well. ``width`` is each metric's (a number of pixels, or ``"stretch"``).
    The row is returned so a caller may put more beside the metrics (a formula, a
    message), aligned by ``vertical_alignment``.
    """
    row = where.container(horizontal=True, gap=gap, vertical_alignment=vertical_alignment)
    for m in metrics:
        row.metric(
            m.label,
            m.value,
            delta=m.delta,
            delta_color=m.delta_color,
            help=m.help,
            border=True,
            width=width,
        )
    return row


class ListInput(NamedTuple):
    """The list in force (always one its parser accepted) and the message of a rejected text."""

    values: list[float]
    error: str | None


def list_input_keys(key: str) -> list[str]:
    """Session keys the text box of list ``key`` owns: its text, the list it last showed,
    and the last error. "Reset this page" clears them (``extra_keys``)."""
    return [f"{key}_text", f"_{key}_shown", f"_{key}_error"]


def _list_text_changed(key: str, parse: Callable[[str], list[float]]) -> None:
    # on_change callback: it runs before the script, so it may set the list itself.
    text_key, shown_key, error_key = list_input_keys(key)
    try:
        values = parse(st.session_state[text_key])
    except ValueError as err:  # an InputProblem: its text names the field and the fix
        st.session_state[error_key] = str(err)
        return
    st.session_state[key] = values
    st.session_state[shown_key] = list(values)
    st.session_state.pop(error_key, None)


def number_list_input(
    key: str,
    label: str,
    parse: Callable[[str], list[float]],
    *,
    help: str | None = None,
    placeholder: str | None = None,
    where=st,
) -> ListInput:
    """A text box for the URL-bound list ``st.session_state[key]``, typed as numbers.

    ``parse`` reads the text (usually :func:`explorer.parsing.parse_number_list` with the
    field's rules and wording) and raises ``ValueError`` with the message to show. A text
    that does not parse leaves the list, and so the link, as it was; a preset, a reset or
    a link that changes the list rewrites the text.
    """
    text_key, shown_key, error_key = list_input_keys(key)
    ss = st.session_state
    current = [float(v) for v in ss[key]]
    if text_key not in ss or ss.get(shown_key) != current:
        # The list changed elsewhere (or the page is new): show it, forget an old error.
        ss[text_key] = format_number_list(current)
        ss[shown_key] = current
        ss.pop(error_key, None)
    where.text_input(
        label,
        key=text_key,
        on_change=_list_text_changed,
        args=(key, parse),
        help=help,
        placeholder=placeholder,
    )
    return ListInput(current, ss.get(error_key))


def number_list_row(
    *boxes: Callable[[], ListInput], icon: str = ":material/error:"
) -> list[list[float]] | None:
    """Typed lists side by side, each drawn by its ``box`` (a :func:`number_list_input`).

    Under them, the message of every rejected text. Returns the lists in force, or None
    while one is refused, so the section computes nothing from a text it did not read.
    """
    with st.container(horizontal=True, gap="large"):
        typed = [box() for box in boxes]
    for box in typed:
        if box.error:
            st.error(box.error, icon=icon)
    return None if any(box.error for box in typed) else [box.values for box in typed]


def chart(fig, *, key: str, where=st, config: dict | None = None) -> None:
    """Draw a figure the width of its container, in the app's look.

    ``theme=None`` keeps the figure's own fonts (Streamlit's chart theme shrinks them). In
    presenter view the fonts are scaled up on a copy, so a cached figure stays as built.
    """
    if is_presenting():
        spec = scale_fonts(fig.to_dict())
        frames = spec.get("frames")  # an animation keeps its frames
        fig = Figure(list(spec.get("data", [])), dict(spec.get("layout", {})), frames)
    options = {"config": config} if config is not None else {}
    where.plotly_chart(fig, width="stretch", theme=None, key=key, **options)


# ---------------------------------------------------------------- lazy tabs
# Added in the regroup (Loss curves and Binary pages; Softmax, Distributions, Your
# predictions and Training open their tabs the same way).


def lazy_tabs(sections: Mapping[str, Callable[[], object]], *, key: str) -> None:
    """Tabs of which only the open one is drawn: ``sections`` maps each label to its draw.

    The open tab is the session value ``key`` (a URL param of the page), and choosing
    another tab reruns the script, so a closed section costs nothing. Widgets inside a
    tab need ``persist_state="session"`` to keep their values while it is closed.
    """
    tabs = st.tabs(list(sections), key=key, on_change="rerun")
    for draw, tab in zip(sections.values(), tabs, strict=True):
        if tab.open:
            with tab:
                draw()
