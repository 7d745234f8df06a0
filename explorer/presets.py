"""One-click presets: every worked example of the source texts, on the page it belongs to.

The numbers come from ``shared/docs/worked-examples.md``; each preset says which
quantity the page must then show and to how many decimals, so a test can check it.
Home lists them all as links (``?preset=ID`` opens the page in that state).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from explorer.state import same_value

__all__ = ["PRESETS", "Preset", "active_preset", "matching_presets", "preset_digits", "presets_for"]

DISTRIBUTIONS = "pages/1_Distributions.py"
SOFTMAX = "pages/2_Softmax_and_logits.py"
CURVES = "pages/3_Loss_curves.py"
BINARY = "pages/4_Binary_and_multilabel.py"


@dataclass(frozen=True)
class Preset:
    id: str  # the URL value: ?preset=ID
    page: str  # script path, as st.page_link takes it
    example: int  # row number in worked-examples.md
    title: str
    values: dict[str, Any] = field(default_factory=dict)  # param key -> value
    quantity: str = ""  # what the page shows for it ...
    expected: str = ""  # ... and the worked example's number, as displayed


PRESETS: list[Preset] = [
    Preset(
        "colours",
        DISTRIBUTIONS,
        1,
        "Red, green, blue: pair ordering matters",
        {
            "names": ["red", "green", "blue"],
            "p": [0.10, 0.40, 0.50],
            "q": [0.80, 0.15, 0.05],
            "unit": "bits",
        },
        "H(P,Q)",
        "3.288 bits",
    ),
    Preset(
        "one-hot",
        DISTRIBUTIONS,
        2,
        "A one-hot label and a softmax output",
        {
            "names": ["cat", "dog", "bird"],
            "p": [0.0, 1.0, 0.0],
            "q": [0.228, 0.619, 0.153],
            "unit": "nats",
        },
        "H(P,Q)",
        "0.4797 nats",
    ),
    Preset(
        "great",
        DISTRIBUTIONS,
        3,
        "A great prediction",
        {
            "names": ["cat", "dog", "bird"],
            "p": [0.0, 1.0, 0.0],
            "q": [0.001, 0.998, 0.001],
            "unit": "nats",
        },
        "H(P,Q)",
        "0.0020 nats",
    ),
    Preset(
        "terrible",
        DISTRIBUTIONS,
        4,
        "A terrible prediction",
        {
            "names": ["cat", "dog", "bird"],
            "p": [0.0, 1.0, 0.0],
            "q": [0.001, 0.001, 0.998],
            "unit": "nats",
        },
        "H(P,Q)",
        "6.9078 nats",
    ),
    Preset(
        "undecided",
        DISTRIBUTIONS,
        5,
        "A model that can't make up its mind",
        {
            "names": ["cat", "dog", "bird"],
            "p": [0.0, 1.0, 0.0],
            "q": [0.333, 0.333, 0.334],
            "unit": "nats",
        },
        "H(P,Q)",
        "1.0996 nats",
    ),
    Preset(
        "shapes",
        DISTRIBUTIONS,
        7,
        "A container of 26 triangles and 4 circles",
        {"names": ["triangle", "circle"], "p": [26 / 30, 4 / 30], "q": [0.5, 0.5], "unit": "bits"},
        "H(P)",
        "0.5665 bits",
    ),
    Preset(
        "one-shape",
        DISTRIBUTIONS,
        8,
        "A container with only one shape",
        {"names": ["triangle", "circle"], "p": [1.0, 0.0], "q": [0.5, 0.5], "unit": "bits"},
        "H(P)",
        "0.0000 bits",
    ),
    Preset(
        "same",
        DISTRIBUTIONS,
        9,
        "P = Q: cross-entropy is the entropy, KL is 0",
        {
            "names": ["red", "green", "blue"],
            "p": [0.10, 0.40, 0.50],
            "q": [0.10, 0.40, 0.50],
            "unit": "bits",
        },
        "KL(P‖Q)",
        "0.0000 bits",
    ),
    Preset(
        "ten-labels",
        BINARY,
        6,
        "Ten binary labels: log loss is binary cross-entropy",
        {
            "ys": [1, 1, 1, 1, 1, 0, 0, 0, 0, 0],
            "ps": [0.8, 0.9, 0.9, 0.6, 0.8, 0.1, 0.4, 0.2, 0.1, 0.3],
            "unit": "nats",
        },
        "mean binary cross-entropy",
        "0.247 nats",
    ),
    Preset(
        "bce-self",
        BINARY,
        10,
        "Why is BCE(x, x) not zero?",
        {"prob": 0.4, "target": 0.4, "unit": "nats"},
        "BCE(0.4, 0.4)",
        "0.6730 nats",
    ),
    Preset(
        "uniform-10",
        SOFTMAX,
        11,
        "A fresh classifier: uniform over 10 classes",
        {
            "logits": [0.0] * 10,
            "target": "class",
            "cls": 0,
            "eps": 0.0,
            "temperature": 1.0,
            "unit": "nats",
        },
        "loss",
        "2.3026 nats",
    ),
    Preset(
        "opposite",
        CURVES,
        12,
        "Target [0, 1], prediction sliding from [1, 0] to [0, 1]",
        {"clip": "1e-15", "unit": "nats"},
        "loss at the exact opposite, clipped at 1e-15",
        "34.5388 nats",
    ),
]


def presets_for(page: str) -> dict[str, dict[str, Any]]:
    """Preset id -> values, for :class:`explorer.state.PageState`."""
    return {p.id: p.values for p in PRESETS if p.page == page}


def preset_digits(preset: Preset) -> int:
    """Decimals the worked example is quoted with ("0.4797 nats" -> 4)."""
    number = preset.expected.split()[0] if preset.expected else ""
    return len(number.split(".")[1]) if "." in number else 0


def matching_presets(page: str, values: dict[str, Any]) -> list[Preset]:
    """Every preset of ``page`` whose values all equal the current ones (floats to 1e-12).

    >>> [p.id for p in matching_presets(BINARY, {"prob": 0.4, "target": 0.4, "unit": "nats"})]
    ['bce-self']
    """
    return [
        preset
        for preset in PRESETS
        if preset.page == page
        and all(same_value(values.get(k), v, 1e-12) for k, v in preset.values.items())
    ]


def active_preset(page: str, values: dict[str, Any]) -> Preset | None:
    """The first preset of ``page`` whose every value equals the current one, if any.

    >>> p = active_preset(CURVES, {"clip": "1e-15", "unit": "nats", "gamma": 2.0})
    >>> (p.example, preset_digits(p))
    (12, 4)
    """
    found = matching_presets(page, values)
    return found[0] if found else None
