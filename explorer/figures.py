"""Pure plotly figure builders: numbers in, ``go.Figure`` out, no Streamlit.

Tests inspect ``fig.data`` directly, because AppTest cannot look inside a chart.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

__all__ = [
    "AXIS",
    "COLORS",
    "Figure",
    "FONT_SIZE",
    "PALETTE",
    "axis",
    "figure",
    "layout",
    "live_slider",
    "live_title",
    "nearest",
]

#: One palette for the whole app: Okabe & Ito (2008), safe for colour-vision deficiencies.
COLORS = {
    "P": "#0072B2",  # blue: the true distribution
    "Q": "#E69F00",  # orange: the predicted distribution
    "H": "#009E73",  # bluish green: entropy H(P)
    "KL": "#D55E00",  # vermillion: the extra cost KL(P‖Q)
}

#: Large enough to read when projected in a classroom.
FONT_SIZE = 18
#: Streamlit's own typeface. Pages pass theme=None to st.plotly_chart, because
#: Streamlit's chart theme replaces the figure's font sizes with smaller ones.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", sans-serif'
TEXT_COLOR = "#31333F"  # Streamlit's light-theme text colour
#: The palette in trace order, for figures with more series than P, Q, H and KL.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# plotly's default "plotly" template is validated and serialised with every figure
# (~2 ms each); `layout()` below sets the few things we want from it instead.
pio.templates.default = "none"


#: Axis look of every chart: what the "plotly_white" template gave, at a fraction of its cost.
AXIS = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#D5DCE6",
    "automargin": True,
    "title": {"standoff": 10},
}


def layout(*, height: int, top: int = 60, **extra) -> dict:
    """The shared layout as a plain dict, merged with a figure's own ``extra`` settings.

    Pass it to the constructor with the traces as plain dicts,
    ``go.Figure(data=[{"type": "bar", ...}], layout=layout(height=...))`` (or use
    :func:`figure`): one validation pass, well under a millisecond. Building ``go.Bar``
    objects first, ``fig.update_layout``, ``add_hline`` and ``make_subplots`` each cost
    milliseconds per call, and a page redraws its figures on every slider move.

    >>> layout(height=300, xaxis={"title": {"text": "p"}})["xaxis"]["title"]
    {'text': 'p'}
    """
    base = {
        "font": {"size": FONT_SIZE, "family": FONT_FAMILY, "color": TEXT_COLOR},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": top, "b": 10},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": PALETTE,
        "hoverlabel": {"font": {"size": FONT_SIZE - 2}},
        # Legend above the plot, in the order the traces were added.
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "traceorder": "normal",
        },
        "xaxis": dict(AXIS),
        "yaxis": dict(AXIS),
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    return base


def figure(
    data: Sequence, *, height: int, top: int = 60, frames: Sequence | None = None, **extra
) -> Figure:
    """A figure in the app's look, built from plain trace dicts (fast).

    ``data`` holds plain trace dicts such as ``{"type": "scatter", "x": ..., "y": ...}``.
    Plotly's property validation is skipped here (it costs ~1 ms per trace on every
    rerun); ``tests/explorer/test_figures_valid.py`` validates every builder's output
    strictly instead, so a misspelt property still fails a test. See :class:`Figure`
    for why the plotly objects are only built on demand. ``frames`` are plain frame
    dicts (``{"name", "data", "traces"}``) for an animation played in the browser.
    """
    frame_list = list(frames) if frames else None
    return Figure(list(data), layout(height=height, top=top, **extra), frame_list)


#: numpy dtypes plotly.js reads as typed arrays (plotly's own table, _plotly_utils.utils).
_TYPED = {
    "int8": "i1",
    "uint8": "u1",
    "int16": "i2",
    "uint16": "u2",
    "int32": "i4",
    "uint32": "u4",
    "float32": "f4",
    "float64": "f8",
}


def _typed_array(a: np.ndarray):
    """``a`` as plotly.js's typed-array spec, as plotly's ``to_dict`` sends it, or a list."""
    if a.dtype in (np.int64, np.uint64) and a.size:
        # plotly.js has no 64-bit integers: like plotly, use the smallest type that fits.
        lo, hi = a.min(), a.max()
        for small in (
            ("int8", "int16", "int32") if a.dtype == np.int64 else ("uint8", "uint16", "uint32")
        ):
            info = np.iinfo(small)
            if info.min <= lo and hi <= info.max:
                a = a.astype(small)
                break
    code = _TYPED.get(str(a.dtype))
    if code is None or a.size == 0:
        return a.tolist()  # strings, booleans, objects, huge integers: JSON as they are
    spec = {"dtype": code, "bdata": base64.b64encode(np.ascontiguousarray(a)).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in a.shape)
    return spec


#: Keys whose arrays plotly sends as plain JSON lists, never as typed arrays.
_UNTYPED_KEYS = frozenset({"geojson", "layer", "layers", "range", "sliders", "updatemenus"})


def _wire(value, typed: bool = True):
    """A copy of a spec value ready for JSON: arrays typed, dicts and lists of dicts copied,
    and properties set to None left out (as plotly leaves them out)."""
    if isinstance(value, dict):
        return {
            k: _wire(v, typed and k not in _UNTYPED_KEYS) for k, v in value.items() if v is not None
        }
    if isinstance(value, np.ndarray):
        return _typed_array(value) if typed else value.tolist()
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], dict):
        return [_wire(v, typed) for v in value]
    return value


class Figure(go.Figure):
    """A ``go.Figure`` whose plotly objects are built only when something asks for them.

    ``st.plotly_chart`` needs nothing but ``to_dict()``. A stock figure builds an object
    for every trace and property up front, and ``to_dict`` deep-copies them all and walks
    the copy for NumPy arrays: about 3 ms for a five-trace chart, on every slider move.
    Here ``to_dict`` sends the spec the builder wrote (arrays as plotly.js typed arrays,
    exactly as plotly would) and remembers it, so a cached figure costs nothing the next
    time. The first use of anything else (``fig.data``, ``fig.layout``, ``update_layout``,
    ...) builds the ordinary figure from the same spec, and from then on this is a plain
    ``go.Figure``: tests inspect ``fig.data`` as usual, and later edits are sent.
    ``tests/explorer/test_figures_valid.py`` checks both routes send the same figure.
    """

    def __init__(self, data=None, layout=None, frames=None, **kwargs):
        plain_frames = frames is None or isinstance(frames, list)
        if isinstance(data, list) and isinstance(layout, dict) and plain_frames and not kwargs:
            # Set through __dict__: BaseFigure.__setattr__ would look for plotly internals.
            spec = {"data": data, "layout": layout}
            if frames:  # plotly leaves the key out when there are none
                spec["frames"] = frames
            self.__dict__["_spec"] = spec
        else:  # a whole figure dict, e.g. from copy.deepcopy or pickle
            go.Figure.__init__(self, data, layout, frames, **kwargs)

    def _build(self) -> None:
        spec = self.__dict__.pop("_spec")
        self.__dict__.pop("_sent", None)
        go.Figure.__init__(
            self,
            data=spec["data"],
            layout=spec["layout"],
            frames=spec.get("frames"),
            _validate=False,
        )

    def __getattr__(self, name: str):
        # Only reached for attributes not set yet: a lazy figure's plotly internals.
        if "_spec" in self.__dict__:
            self._build()
            return getattr(self, name)
        raise AttributeError(name)

    def to_dict(self) -> dict:
        """The figure as plotly.js reads it (shared: callers must not change it)."""
        if "_spec" not in self.__dict__:
            return super().to_dict()
        sent = self.__dict__.get("_sent")
        if sent is None:
            sent = self.__dict__["_sent"] = _wire(self.__dict__["_spec"])
        return sent


# ---------------------------------------------------------------- axes
# Added in the regroup (Loss curves and Binary figures): one way to write an axis.


def axis(title: str, **more) -> dict:
    """A layout axis with a title, e.g. ``xaxis=axis("p", type="log")``.

    >>> axis("loss (bits)", rangemode="tozero")
    {'title': {'text': 'loss (bits)'}, 'rangemode': 'tozero'}
    """
    return {"title": {"text": title}, **more}


# ---------------------------------------------------------------- live sliders
# A chart's own slider: its positions are computed beforehand (by xentcore), so dragging
# it redraws the chart in the browser, with no server round trip (plotly's
# layout.sliders with "update" steps work inside st.plotly_chart).


def live_slider(
    labels: Sequence[str],
    updates: Sequence[Mapping[str, Sequence]],
    titles: Sequence[str],
    *,
    traces: Sequence[int],
    active: int,
    prefix: str,
    pad_top: int = 50,
    pad_right: int = 0,
    layouts: Sequence[Mapping] | None = None,
) -> dict:
    """A ``layout.sliders`` entry: at position ``i`` the ``traces`` take ``updates[i]``
    (one list per trace for each property, e.g. ``{"y": [ys_a, ys_b]}``), the title
    becomes ``titles[i]`` and the layout takes ``layouts[i]`` (e.g. a shape's position).

    >>> s = live_slider(["0", "1"], [{"y": [[1]]}, {"y": [[2]]}], ["a", "b"], traces=[0],
    ...                 active=1, prefix="t")
    >>> s["active"], s["steps"][0]["args"]
    (1, [{'y': [[1]]}, {'title.text': 'a'}, [0]])
    """
    more = layouts if layouts is not None else [{}] * len(labels)
    steps = [
        {"method": "update", "label": label,
         "args": [dict(update), {"title.text": title, **extra}, list(traces)]}
        for label, update, title, extra in zip(labels, updates, titles, more, strict=True)
    ]  # fmt: skip
    return {
        "active": active,
        "steps": steps,
        "currentvalue": {"prefix": prefix + ": ", "font": {"size": FONT_SIZE}},
        "pad": {"t": pad_top, "b": 0, **({"r": pad_right} if pad_right else {})},
        "len": 1.0,
        "x": 0,
        "transition": {"duration": 0},
    }


def nearest(grid: Sequence[float], value: float) -> int:
    """The index of the grid point closest to ``value`` (where a live slider starts).

    >>> nearest([0.0, 0.5, 1.0], 0.7)
    1
    """
    return int(np.argmin(np.abs(np.asarray(grid, dtype=float) - float(value))))


def live_title(text: str) -> dict:
    """The title a live slider rewrites: top left, in the chart's font size."""
    return {"text": text, "x": 0, "xref": "paper", "y": 0.98, "yanchor": "top",
            "font": {"size": FONT_SIZE}}  # fmt: skip
