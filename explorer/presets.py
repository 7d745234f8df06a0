"""One-click presets: every worked example of the source texts, on the page it belongs to.

The presets are data, in ``presets.toml`` beside this file: one table per worked example
of the source texts, with the quantity the page must then show and its number to the
digits the source quotes, so a test can check it. Home lists them all as links
(``?preset=ID`` opens the page in that state).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
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
    example: int  # the worked example's number in the source texts
    title: str
    values: dict[str, Any] = field(default_factory=dict)  # param key -> value
    quantity: str = ""  # what the page shows for it ...
    expected: str = ""  # ... and the worked example's number, as displayed


def _load(path: Path) -> list[Preset]:
    with path.open("rb") as file:
        tables = tomllib.load(file)["preset"]
    return [Preset(**table) for table in tables]


#: Every worked example, in the order Home lists them (the data: presets.toml).
PRESETS: list[Preset] = _load(Path(__file__).with_name("presets.toml"))


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
