"""The surprisal strip shows user text as HTML: every character comes out as text."""

from __future__ import annotations

import html
import math
import re

import pytest

from explorer.language.strip import (
    STRIP_COLORS,
    strip_bins,
    strip_legend_html,
    surprisal_strip_html,
)

HOSTILE = '<script>alert("x")</script> <b>bold</b> *em* _u_ `code` $x^2$ [a](javascript:1) &amp;'


def span_bodies(strip: str) -> list[str]:
    return re.findall(r'<span class="lm-s\d"[^>]*>(.*?)</span>', strip)


def test_the_strip_shows_markup_as_text():
    bits = [1.0] * len(HOSTILE)
    strip = surprisal_strip_html(HOSTILE, bits, unit="bits", unit_per_bit=1.0)
    assert "<script" not in strip and "<b>" not in strip and "javascript:" not in strip
    assert 'title="1.00 bits">&#60;</span>' in strip  # "<" as a character reference
    # Every character is its own span, and unescaping the spans gives the text back.
    bodies = span_bodies(strip)
    assert len(bodies) == len(HOSTILE)
    assert "".join(html.unescape(b) for b in bodies) == HOSTILE
    # Nothing Markdown or LaTeX could act on survives as a raw character.
    assert not re.search(r"[*_`$\[\]()]", "".join(bodies))
    # Only our own tags remain.
    assert set(re.findall(r"</?([a-z]+)", strip)) == {"div", "span"}


def test_the_strip_keeps_lines_and_shows_invisible_characters():
    text = "a\n\nb\x00\x1b\t\ud800\u2028😀é"
    strip = surprisal_strip_html(text, [0.5] * len(text), unit="bits", unit_per_bit=1.0)
    assert "\n" not in strip  # a blank line would end the HTML block in Markdown
    assert strip.count("<br>") == 2
    shown = "".join(html.unescape(b) for b in span_bodies(strip))
    assert shown == "a↵↵b␀␛⇥\ufffd\ufffd😀é"


def test_the_strip_colours_by_surprisal_in_bits_and_titles_in_the_unit():
    strip = surprisal_strip_html(
        "abcd", [0.5, 3.5, 20.0, math.inf], unit="nats", unit_per_bit=math.log(2)
    )
    classes = re.findall(r'class="lm-s(\d)"', strip)
    assert classes == ["0", "3", "7", "8"]
    assert 'title="0.35 nats"' in strip and 'title="∞ nats"' in strip
    with pytest.raises(ValueError, match="3 characters but 2 surprisal values"):
        surprisal_strip_html("abc", [1, 2], unit="bits", unit_per_bit=1.0)


def test_legend_bins_in_each_unit():
    bits = strip_bins(1.0)
    assert [b[0] for b in bits] == ["0–1", "1–2", "2–3", "3–4", "4–6", "6–8", "8–12", "> 12", "∞"]
    assert [b[1] for b in bits] == STRIP_COLORS
    assert strip_bins(math.log(2))[0][0] == "0–0.693"
    legend = strip_legend_html("nats", math.log(2))
    assert "Surprisal in nats" in legend and legend.count("lm-key") == 9
