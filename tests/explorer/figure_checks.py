"""Checks every figure test applies to a builder's output.

The builders skip plotly's validation, and their figures send their spec to the browser
without building plotly objects (explorer.figures.Figure). ``validated`` makes up for
both: it rebuilds the figure with full validation, and checks that the fast route sends
exactly the JSON plotly's own ``to_dict`` would.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from explorer.figures import Figure


def as_sent(fig_dict: dict) -> dict:
    """The JSON the browser receives, without the (empty) template plotly adds."""
    sent = json.loads(pio.to_json(fig_dict, validate=False))
    sent["layout"].pop("template", None)
    return sent


def validated(fig: go.Figure) -> go.Figure:
    """``fig`` rebuilt with plotly's full validation (an invalid property raises ValueError).

    For a figure that has not been built yet, also asserts that its fast ``to_dict``
    sends what plotly's would for the same spec. The copy holds NumPy arrays in plotly's
    base64 form, so tests that read arrays should read the original figure.
    """
    spec = fig.__dict__.get("_spec") if isinstance(fig, Figure) else None
    if spec is not None:
        plotly_route = go.Figure(
            data=spec["data"], layout=spec["layout"], frames=spec.get("frames"), _validate=False
        )
        assert as_sent(fig.to_dict()) == as_sent(plotly_route.to_dict())
    return go.Figure(fig.to_plotly_json())


def typed_values(spec) -> np.ndarray:
    """The array inside a plotly.js typed-array spec (``{"dtype", "bdata", "shape"}``),
    as :func:`explorer.training.figures.typed_array` writes it; other values as arrays."""
    if not isinstance(spec, dict):
        return np.asarray(spec)
    shape = tuple(int(n) for n in str(spec["shape"]).split(","))
    data = np.frombuffer(base64.b64decode(spec["bdata"]), np.dtype(spec["dtype"]).newbyteorder("<"))
    return data.reshape(shape)
