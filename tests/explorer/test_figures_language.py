"""Figures and pure helpers of the Language models page.

The builders skip plotly's validation at run time, so each is rebuilt strictly here.
The surprisal strip renders user text as HTML: these tests hold that every character
comes out as text, never as markup.
"""

from __future__ import annotations

import html
import math
import re

import plotly.graph_objects as go
import pytest
from figure_checks import validated

from explorer import language_ui as ui
from explorer.figures import COLORS
from explorer.figures_language import (
    COMPRESSOR_COLOR,
    PRIMED_COLOR,
    compression_figure,
    order_curve_figure,
)
from xentcore.ngram import MAX_ORDER, UNKNOWN, char_entropy


def strict(fig: go.Figure) -> go.Figure:
    return validated(fig)  # raises ValueError on an invalid property


TRAIN = [4.8, 3.5, 2.6, 1.7, 1.1, 0.7]
TEST = [4.7, 3.5, 2.9, 2.8, 3.1, 3.4]


# ----------------------------------------------------------------------------- figures
def test_order_curve_figure_is_valid_and_holds_the_numbers():
    fig = strict(
        order_curve_figure(range(6), TRAIN, TEST, unit="bits", order=3, frequency_entropy=4.8)
    )
    assert [t.name for t in fig.data] == ["training text", "held-out text"]
    assert list(fig.data[0].y) == TRAIN
    assert list(fig.data[1].y) == TEST
    assert list(fig.data[1].text) == ["4.70", "3.50", "2.90", "2.80", "3.10", "3.40"]
    assert fig.data[0].line.color == COLORS["P"] and fig.data[1].line.color == COLORS["Q"]
    order_line, entropy_line = fig.layout.shapes
    assert order_line.x0 == order_line.x1 == 3
    assert entropy_line.y0 == entropy_line.y1 == 4.8
    assert entropy_line.line.color == COLORS["H"]
    assert "cross-entropy (bits/char)" == fig.layout.yaxis.title.text
    assert fig.layout.yaxis.range[1] == pytest.approx(4.8 * 1.18)
    assert list(fig.layout.xaxis.tickvals) == list(range(6))


def test_order_curve_figure_leaves_a_gap_at_infinity():
    test = [4.7, math.inf, math.inf, math.inf, math.inf, math.inf]
    fig = strict(order_curve_figure(range(6), TRAIN, test, unit="nats", order=0))
    assert list(fig.data[1].y) == [4.7, None, None, None, None, None]
    assert list(fig.data[1].text)[1] == "∞"
    assert len(fig.layout.shapes) == 1  # no entropy line without a value
    assert (
        "your test text"
        == strict(
            order_curve_figure(
                range(6), TRAIN, TEST, unit="bits", order=2, test_name="your test text"
            )
        )
        .data[1]
        .name
    )


def test_compression_figure_is_valid_and_coloured_by_kind():
    labels = ["3-gram model (order 3)", "zlib", "zlib, given the training text"]
    fig = strict(
        compression_figure(
            labels, [2.77, 4.15, 3.35], ["model", "compressor", "given training"], unit="bits"
        )
    )
    (bar,) = fig.data
    assert list(bar.y) == labels[::-1]  # drawn top to bottom in the given order
    assert list(bar.x) == [3.35, 4.15, 2.77]
    assert list(bar.marker.color) == [PRIMED_COLOR, COMPRESSOR_COLOR, COLORS["Q"]]
    assert list(bar.text) == ["3.35 bits/char", "4.15 bits/char", "2.77 bits/char"]
    assert fig.layout.xaxis.title.text == "bits per character (lower is better)"


def test_compression_figure_draws_infinity_as_a_hatched_full_bar():
    fig = strict(
        compression_figure(["model", "lzma"], [math.inf, 3.0], ["model", "compressor"], unit="bits")
    )
    bar = fig.data[0]
    assert list(bar.x) == [3.0, pytest.approx(3.75)]
    assert list(bar.text)[1] == "∞ bits/char"
    assert list(bar.marker.pattern.shape) == ["", "/"]


def test_compression_figure_refuses_bad_input():
    with pytest.raises(ValueError, match="unknown bar kind"):
        compression_figure(["a"], [1.0], ["gzip"], unit="bits")
    with pytest.raises(ValueError, match="same length"):
        compression_figure(["a", "b"], [1.0], ["model"], unit="bits")


# ----------------------------------------------------------------------------- the strip
HOSTILE = '<script>alert("x")</script> <b>bold</b> *em* _u_ `code` $x^2$ [a](javascript:1) &amp;'


def span_bodies(strip: str) -> list[str]:
    return re.findall(r'<span class="lm-s\d"[^>]*>(.*?)</span>', strip)


def test_the_strip_shows_markup_as_text():
    bits = [1.0] * len(HOSTILE)
    strip = ui.surprisal_strip_html(HOSTILE, bits, unit="bits", unit_per_bit=1.0)
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
    strip = ui.surprisal_strip_html(text, [0.5] * len(text), unit="bits", unit_per_bit=1.0)
    assert "\n" not in strip  # a blank line would end the HTML block in Markdown
    assert strip.count("<br>") == 2
    shown = "".join(html.unescape(b) for b in span_bodies(strip))
    assert shown == "a↵↵b␀␛⇥\ufffd\ufffd😀é"


def test_the_strip_colours_by_surprisal_in_bits_and_titles_in_the_unit():
    strip = ui.surprisal_strip_html(
        "abcd", [0.5, 3.5, 20.0, math.inf], unit="nats", unit_per_bit=math.log(2)
    )
    classes = re.findall(r'class="lm-s(\d)"', strip)
    assert classes == ["0", "3", "7", "8"]
    assert 'title="0.35 nats"' in strip and 'title="∞ nats"' in strip
    with pytest.raises(ValueError, match="3 characters but 2 surprisal values"):
        ui.surprisal_strip_html("abc", [1, 2], unit="bits", unit_per_bit=1.0)


def test_legend_bins_in_each_unit():
    bits = ui.strip_bins(1.0)
    assert [b[0] for b in bits] == ["0–1", "1–2", "2–3", "3–4", "4–6", "6–8", "8–12", "> 12", "∞"]
    assert [b[1] for b in bits] == ui.STRIP_COLORS
    assert ui.strip_bins(math.log(2))[0][0] == "0–0.693"
    legend = ui.strip_legend_html("nats", math.log(2))
    assert "Surprisal in nats" in legend and legend.count("lm-key") == 9


# ----------------------------------------------------------------------------- text helpers
def test_md_escape_and_character_descriptions():
    assert ui.md_escape("**x** $y$ <i>") == r"\*\*x\*\* \$y\$ \<i\>"
    assert ui.describe_characters(["*", "\x00", "😀"]) == r"\* (U+002A), ␀ (U+0000), 😀 (U+1F600)"
    many = ui.describe_characters([chr(0x41 + i) for i in range(10)], limit=3)
    assert many == "A (U+0041), B (U+0042), C (U+0043) and 7 more"


def test_decode_upload_reports_bytes_that_are_not_utf8():
    assert ui.decode_upload("\ufeffhello".encode(), "The file") == ("hello", [])  # BOM dropped
    text, notes = ui.decode_upload(bytes(range(256)), "The uploaded test text file")
    assert len(text) > 128 and "\ufffd" in text
    assert notes[0].startswith("The uploaded test text file is not UTF-8 text: 128 bytes")
    assert "Upload a plain-text file (.txt) saved as UTF-8" in notes[0]


def test_limit_text_cuts_and_notes_control_characters():
    text, notes = ui.limit_text("x" * 10, "The test text", max_chars=4)
    assert text == "xxxx"
    assert notes == [
        "The test text has 10 characters; only the first 4 are used (the model's counts and "
        "the compressors need a bounded text to stay fast). Paste or upload a shorter text "
        "to use all of it."
    ]
    text, notes = ui.limit_text("ok\x00\x1b\x7f\x85\n\t\r", "The training text")
    assert len(text) == 9
    assert notes[0].startswith("The training text contains 4 control characters")
    assert ui.limit_text("plain\ntext", "x") == ("plain\ntext", [])


def test_built_in_corpora_ship_with_python_or_the_repo():
    zen = ui.load_corpus("zen")
    assert zen.startswith("The Zen of Python, by Tim Peters")
    assert "Namespaces are one honking great idea" in zen
    shakespeare = ui.load_corpus("shakespeare")
    assert len(shakespeare) == 31_994 and shakespeare.startswith("First Citizen:")
    docs = ui.load_corpus("docstrings")
    assert 10_000 < len(docs) <= ui.DOCSTRINGS_LIMIT
    with pytest.raises(ValueError, match="unknown corpus 'nope'"):
        ui.load_corpus("nope")


def inputs(**changes) -> ui.Inputs:
    base = dict(
        corpus="shakespeare",
        test_source="heldout",
        share=10,
        pasted_train="",
        pasted_test="",
        upload_train=None,
        upload_test=None,
        order=3,
        smoothing="interpolated",
        k=0.1,
        lam=0.8,
        tune=False,
    )
    return ui.Inputs(**{**base, **changes})


def test_resolve_texts_splits_the_corpus_and_refuses_what_is_missing():
    texts = ui.resolve_texts(inputs())
    assert (len(texts.train), len(texts.test)) == (28_795, 3_199)
    assert texts.train + texts.test == ui.load_corpus("shakespeare")
    assert "The training text is empty: paste some text" in ui.resolve_texts(inputs(corpus="paste"))
    assert "No training text file uploaded yet" in ui.resolve_texts(inputs(corpus="upload"))
    assert "The uploaded training text file is empty" in ui.resolve_texts(
        inputs(corpus="upload", upload_train=b"")
    )
    assert "too few to hold 10% of it out" in ui.resolve_texts(
        inputs(corpus="paste", pasted_train="ab")
    )
    assert "The test text is empty: paste some text" in ui.resolve_texts(
        inputs(test_source="paste")
    )
    texts = ui.resolve_texts(inputs(test_source="paste", pasted_test="Hello, Rome!"))
    assert texts.test == "Hello, Rome!" and len(texts.train) == 31_994
    big = ui.resolve_texts(inputs(corpus="paste", pasted_train="ab" * 60_000))
    assert len(big.train) + len(big.test) == ui.MAX_CHARS
    assert "has 120,000 characters; only the first 100,000 are used" in big.warnings[0]
    assert big.infos[0].startswith("Long text: 90,000 training and 10,000 test characters")
    garbage = ui.resolve_texts(inputs(test_source="upload", upload_test=b"\xff\xfe\x00abc"))
    assert any("is not UTF-8 text: 2 bytes" in w for w in garbage.warnings)
    assert any("contains 1 control characters" in w for w in garbage.warnings)


# ----------------------------------------------------------------------------- wording
def test_wording_helpers():
    assert ui.pp_text(6.8412) == "6.84"
    assert ui.pp_text(12345.678) == "12,345.68"
    assert ui.pp_text(3.2e7) == "3.2e+07"
    assert ui.pp_text(math.inf) == "∞"
    assert ui.perplexity_latex(2.774, 6.84, "bits", 3).startswith(
        r"\mathrm{PP} = 2^{H(L, M)} = 2^{2.774} = 6.84"
    )
    assert r"= e^{1.923} = 6.84" in ui.perplexity_latex(1.923, 6.84, "nats", 3)
    assert r"= 2^{\infty} = \infty" in ui.perplexity_latex(math.inf, math.inf, "bits", 3)
    assert r"1{,}234.50" in ui.perplexity_latex(10.27, 1234.5, "bits", 5)
    assert ui.bound_latex(2.8, 3, TEST) == (
        r"H(L) \;\le\; H(L, M_{3}) = 2.800\qquad H(L) \;\le\; \min_n H(L, M_n) = "
        r"H(L, M_{3}) = 2.800"
    )
    assert ui.bound_latex(math.inf, 3, [math.inf] * 6) is None
    assert ui.gibbs_latex(4.6, 4.7).endswith(r"D_{\mathrm{KL}}(\hat P \,\|\, M_0) = 0.100 \ge 0")
    assert r"= \infty \ge 0" in ui.gibbs_latex(4.6, math.inf)
    story = ui.overfitting_story(TRAIN, TEST, "held-out text", "bits/char")
    assert "goes from 4.800 bits/char at order 0 to 0.700 bits/char at order 5" in story
    assert "lowest at order 3 (2.800 bits/char) and rises to 3.400 bits/char" in story
    assert "overfitting" in story
    flat = ui.overfitting_story(TRAIN, sorted(TEST, reverse=True), "your test text", "nats/char")
    assert flat.endswith("lowest at order 5 (2.800 nats/char).")
    assert "infinite at every order" in ui.overfitting_story(TRAIN, [math.inf] * 6, "x", "b")
    assert ui.fix_for(ValueError("lam must be <= 1, got 2")).endswith("with the slider.")


def test_tables_and_csv():
    assert ui.csv_text(["method", "bits/char"], [["zlib", 4.5], ["3-gram, order 3", 2.7]]) == (
        '"method","bits/char"\n"zlib",4.5\n"3-gram, order 3",2.7\n'
    )
    assert ui.markdown_table(["a"], [["∞"]]) == "| a |\n|---|\n| ∞ |"


def test_params_are_prefixed_and_cover_the_model():
    keys = [p.key for p in ui.PARAMS]
    assert all(k.startswith("lm_") for k in keys)
    assert {"lm_order", "lm_smoothing", "lm_k", "lm_lambda", "lm_corpus", "lm_test"} <= set(keys)
    order = next(p for p in ui.PARAMS if p.key == "lm_order")
    assert order.default == 3 and order.parse("5") == MAX_ORDER
    assert ui.unit_per_bit(10) == pytest.approx(math.log10(2))
    assert UNKNOWN == "⟨unk⟩"
    assert char_entropy("ab") == 1.0
