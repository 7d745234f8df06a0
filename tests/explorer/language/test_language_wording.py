"""The Language models page's wording: messages, formulas, tables, character names."""

from __future__ import annotations

import math

from explorer.language import wording
from explorer.text import md_escape

TRAIN = [4.8, 3.5, 2.6, 1.7, 1.1, 0.7]
TEST = [4.7, 3.5, 2.9, 2.8, 3.1, 3.4]


def test_md_escape_and_character_descriptions():
    assert md_escape("**x** $y$ <i>") == r"\*\*x\*\* \$y\$ \<i\>"
    assert (
        wording.describe_characters(["*", "\x00", "😀"]) == r"\* (U+002A), ␀ (U+0000), 😀 (U+1F600)"
    )
    many = wording.describe_characters([chr(0x41 + i) for i in range(10)], limit=3)
    assert many == "A (U+0041), B (U+0042), C (U+0043) and 7 more"


def test_wording_helpers():
    assert wording.pp_text(6.8412) == "6.84"
    assert wording.pp_text(12345.678) == "12,345.68"
    assert wording.pp_text(3.2e7) == "3.2e+07"
    assert wording.pp_text(math.inf) == "∞"
    assert wording.perplexity_latex(2.774, 6.84, "bits", 3).startswith(
        r"\mathrm{PP} = 2^{H(L, M)} = 2^{2.774} = 6.84"
    )
    assert r"= e^{1.923} = 6.84" in wording.perplexity_latex(1.923, 6.84, "nats", 3)
    assert r"= 2^{\infty} = \infty" in wording.perplexity_latex(math.inf, math.inf, "bits", 3)
    assert r"1{,}234.50" in wording.perplexity_latex(10.27, 1234.5, "bits", 5)
    assert wording.bound_latex(2.8, 3, TEST) == (
        r"H(L) \;\le\; H(L, M_{3}) = 2.800\qquad H(L) \;\le\; \min_n H(L, M_n) = "
        r"H(L, M_{3}) = 2.800"
    )
    assert wording.bound_latex(math.inf, 3, [math.inf] * 6) is None
    assert wording.gibbs_latex(4.6, 4.7).endswith(
        r"D_{\mathrm{KL}}(\hat P \,\|\, M_0) = 0.100 \ge 0"
    )
    assert r"= \infty \ge 0" in wording.gibbs_latex(4.6, math.inf)
    story = wording.overfitting_story(TRAIN, TEST, "held-out text", "bits/char")
    assert "goes from 4.800 bits/char at order 0 to 0.700 bits/char at order 5" in story
    assert "lowest at order 3 (2.800 bits/char) and rises to 3.400 bits/char" in story
    assert "overfitting" in story
    flat = wording.overfitting_story(
        TRAIN, sorted(TEST, reverse=True), "your test text", "nats/char"
    )
    assert flat.endswith("lowest at order 5 (2.800 nats/char).")
    assert "infinite at every order" in wording.overfitting_story(TRAIN, [math.inf] * 6, "x", "b")
    assert wording.fix_for(ValueError("lam must be <= 1, got 2")).endswith("with the slider.")


def test_tables_and_csv():
    assert wording.csv_text(["method", "bits/char"], [["zlib", 4.5], ["3-gram, order 3", 2.7]]) == (
        '"method","bits/char"\n"zlib",4.5\n"3-gram, order 3",2.7\n'
    )
    assert wording.markdown_table(["a"], [["∞"]]) == "| a |\n|---|\n| ∞ |"
