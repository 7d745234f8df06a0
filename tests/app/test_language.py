"""Language models page under AppTest: every input moves the numbers xentcore gives.

Expected values are computed here with xentcore.ngram from the same texts, then
formatted the way the page formats them; hostile inputs must give a message, never
an exception, and leave the other inputs as they were.
"""

from __future__ import annotations

import html
import math
import re

import pytest
from app_helpers import enter_page
from streamlit.testing.v1 import AppTest

from explorer.language.compute import SAMPLE_CHARS
from explorer.language.corpora import load_corpus
from explorer.language.strip import STRIP_CHARS
from explorer.language.wording import pp_text
from explorer.text import format_value
from xentcore.ngram import (
    char_entropy,
    compressor_bits_per_char,
    count_contexts,
    cross_entropy_by_order,
    fit_ngram,
    split_text,
    text_cross_entropy,
    tune_lambdas,
)
from xentcore.ngram import (
    perplexity_bits as perplexity,
)

PAGE = "pages/7_Language_models.py"
CE = "Cross-entropy H(L, M)"
PP = "Perplexity"
FREQ = "Letter-frequency entropy (test)"
DEFAULT = {"order": 3, "smoothing": "interpolated", "k": 0.1, "lam": 0.8}
BASES = {"bits": 2, "nats": None, "hartleys": 10}
HOSTILE = '<script>alert("x")</script> <b>bold</b> *em* $x$ `c` [a](javascript:1)'


def open_page(query: dict[str, str] | None = None, timeout: float = 10) -> AppTest:
    return enter_page(PAGE, query, timeout=timeout)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def shown(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def messages(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.warning, *at.info])


def texts_of(corpus: str = "shakespeare", share: int = 10) -> tuple[str, str]:
    return split_text(load_corpus(corpus), share / 100)


def expected(train: str, test: str, unit: str = "bits", **settings) -> tuple[float, float]:
    s = {**DEFAULT, **settings}
    counts = count_contexts(fit_ngram(train), test)
    h = text_cross_entropy(
        counts, s["order"], smoothing=s["smoothing"], k=s["k"], lam=s["lam"], base=BASES[unit]
    )
    return h, perplexity(h, base=BASES[unit])


def assert_numbers(at: AppTest, train: str, test: str, unit: str = "bits", **settings) -> None:
    h, pp = expected(train, test, unit, **settings)
    values = shown(at)
    assert values[CE] == format_value(h, f"{unit}/char")
    assert values[PP] == pp_text(pp)
    assert values[FREQ] == format_value(char_entropy(test, base=BASES[unit]), f"{unit}/char")
    captions = " ".join(c.value for c in at.caption)
    assert f"{len(train):,} training and {len(test):,} test characters." in captions
    assert f"Alphabet: {len(set(train))} characters seen in training, plus ⟨unk⟩." in captions


#: The text area that "paste" shows for each text's source box.
PASTE_AREAS = {"lm_corpus": "lm_train_text", "lm_test": "lm_test_text"}


def paste(at: AppTest, source: str, text: str) -> None:
    """Choose "paste" in the ``source`` box and paste ``text`` into its text area."""
    at.selectbox(key=source).set_value("paste").run()
    at.text_area(key=PASTE_AREAS[source]).input(text).run()


def strip_markdown(at: AppTest) -> str:
    (strip,) = [m.value for m in at.markdown if 'class="lm-strip"' in m.value]
    return strip


def latex(at: AppTest) -> str:
    return " ".join(x.value for x in at.latex)


# ----------------------------------------------------------------------------- numbers
def test_default_page_shows_the_core_numbers(at):
    train, test = texts_of()
    assert_numbers(at, train, test)
    h, pp = expected(train, test)
    assert shown(at)[CE] == "2.774 bits/char"  # regression anchor for the shipped corpus
    assert rf"2^{{{h:.3f}}} = {pp_text(pp)}" in latex(at)
    assert rf"H(L) \;\le\; H(L, M_{{3}}) = {h:.3f}" in latex(at)
    assert not at.error and not at.warning


def test_every_order_changes_the_numbers(at):
    train, test = texts_of()
    for order in (0, 1, 2, 4, 5):
        at.slider(key="lm_order").set_value(order).run()
        assert not at.exception
        assert_numbers(at, train, test, order=order)
        assert any(f"### What the order-{order} model writes" in m.value for m in at.markdown)


def test_add_k_smoothing_and_k(at):
    train, test = texts_of()
    at.radio(key="lm_smoothing").set_value("add-k").run()
    assert_numbers(at, train, test, smoothing="add-k")
    at.number_input(key="lm_k").set_value(0.5).run()
    assert_numbers(at, train, test, smoothing="add-k", k=0.5)
    assert at.slider(key="lm_lambda").disabled


def test_lambda(at):
    train, test = texts_of()
    at.slider(key="lm_lambda").set_value(0.3).run()
    assert_numbers(at, train, test, lam=0.3)
    assert at.number_input(key="lm_k").disabled


def test_tuned_lambda(at):
    train, test = texts_of()
    at.radio(key="lm_smoothing").set_value("tuned").run()
    assert not at.exception
    lams = tune_lambdas(train)
    assert_numbers(at, train, test, lam=float(lams[3]))
    captions = " ".join(c.value for c in at.caption)
    assert f"order 3: {lams[3]:.2f}" in captions and f"In use: λ = {lams[3]:.2f}." in captions
    assert at.slider(key="lm_lambda").disabled


def test_held_out_share(at):
    at.slider(key="lm_heldout").set_value(25).run()
    assert_numbers(at, *texts_of(share=25))


@pytest.mark.parametrize("corpus", ["zen", "docstrings"])
def test_other_corpora(at, corpus):
    at.selectbox(key="lm_corpus").set_value(corpus).run()
    assert not at.exception
    assert_numbers(at, *texts_of(corpus))


@pytest.mark.parametrize("unit", ["nats", "hartleys"])
def test_units(at, unit):
    at.radio(key="unit").set_value(unit).run()
    train, test = texts_of()
    assert_numbers(at, train, test, unit=unit)
    b = {"nats": "e", "hartleys": "10"}[unit]
    h, _ = expected(train, test, unit)
    assert rf"{b}^{{{h:.3f}}}" in latex(at)
    assert shown(at)[PP] == pp_text(expected(train, test)[1])  # same perplexity in every unit


def test_order_curve_story_and_table(at):
    train, test = texts_of()
    model = fit_ngram(train)
    tr = cross_entropy_by_order(count_contexts(model, train), lam=0.8)
    te = cross_entropy_by_order(count_contexts(model, test), lam=0.8)
    story = " ".join(c.value for c in at.caption)
    assert f"goes from {tr[0]:.3f} bits/char at order 0 to {tr[5]:.3f} bits/char" in story
    best = int(te.argmin())
    assert f"lowest at order {best} ({te[best]:.3f} bits/char) and rises to {te[5]:.3f}" in story
    tables = " ".join(m.value for m in at.markdown)
    assert f"| 5 | {tr[5]:.3f} | {te[5]:.3f} | {pp_text(2 ** te[5])} |" in tables


def test_compressors_next_to_the_model(at):
    train, test = texts_of()
    alone = compressor_bits_per_char(test)
    given = compressor_bits_per_char(test, given=train)
    tables = " ".join(m.value for m in at.markdown)
    for name in ("zlib", "bz2", "lzma"):
        assert f"| {name} | {alone[name]:.3f} |" in tables
        assert f"| {name}, given the training text | {given[name]:.3f} |" in tables
    best = min(given, key=given.get)
    assert f"{best}, given the training text, needs {given[best]:.3f} bits/char" in tables


def test_sample_uses_the_training_alphabet(at):
    (code,) = at.code
    train, _ = texts_of()
    assert len(code.value) == SAMPLE_CHARS and set(code.value) <= set(train)


# ----------------------------------------------------------------------------- escaping
def test_user_text_in_the_strip_is_escaped(at):
    paste(at, "lm_test", HOSTILE)
    assert not at.exception
    strip = strip_markdown(at)
    assert "<script" not in strip and "<b>" not in strip and "javascript:" not in strip
    assert re.findall(r"</?([a-z]+)", strip.split("</style>")[1]).count("b") == 0
    bodies = re.findall(r'<span class="lm-s\d"[^>]*>(.*?)</span>', strip)
    assert "".join(html.unescape(b) for b in bodies) == HOSTILE  # shown as literal text
    assert_numbers(at, load_corpus("shakespeare"), HOSTILE)


# ----------------------------------------------------------------------------- hostile
def test_an_empty_corpus_gives_a_message_and_keeps_other_inputs(at):
    at.slider(key="lm_order").set_value(4).run()
    at.selectbox(key="lm_corpus").set_value("paste").run()
    assert not at.exception
    assert "The training text is empty: paste some text" in messages(at)
    assert not at.metric
    assert at.slider(key="lm_order").value == 4
    assert at.slider(key="lm_lambda").value == 0.8


def test_too_short_a_corpus_to_hold_out(at):
    paste(at, "lm_corpus", "ab")
    assert "only 2 characters, too few to hold 10% of it out" in messages(at)
    assert not at.exception


def test_an_empty_test_text(at):
    at.selectbox(key="lm_test").set_value("paste").run()
    assert "The test text is empty: paste some text" in messages(at)
    assert not at.metric


def test_garbage_bytes_upload(at):
    garbage = bytes(range(256)) * 20 + "😀 emoji".encode()
    at.selectbox(key="lm_corpus").set_value("upload").run()
    assert "No training text file uploaded yet" in messages(at)
    upload = ("junk.bin", garbage, "application/octet-stream")
    at.file_uploader(key="lm_train_file").set_value(upload).run()
    assert not at.exception
    text = messages(at)
    assert "The uploaded training text file is not UTF-8 text: 2,560 bytes" in text
    assert "contains 600 control characters" in text  # 20 × (0x00-0x1F but tab/LF/CR, and DEL)
    decoded = garbage.decode("utf-8", errors="replace")
    assert_numbers(at, *split_text(decoded, 0.1))


def test_garbage_text_control_characters_and_emoji(at):
    garbage = ("\x00\x1b[31m😀😀 é\u202e\ufffd<b>x</b>\t" * 40)[:900]
    paste(at, "lm_corpus", garbage)
    assert not at.exception
    assert "contains" in messages(at) and "control characters" in messages(at)
    assert_numbers(at, *split_text(garbage, 0.1))
    assert "<b>" not in strip_markdown(at)


def test_a_hundred_thousand_pasted_characters():
    at = open_page(timeout=60)
    big = (load_corpus("shakespeare") * 4)[:100_000]
    at.selectbox(key="lm_corpus").set_value("paste").run()
    at.text_area(key="lm_train_text").input(big)
    at.run(timeout=60)
    assert not at.exception
    assert "Long text: 90,000 training and 10,000 test characters" in messages(at)
    assert_numbers(at, *split_text(big, 0.1))
    # one more character is cut, with a message naming the field
    at.text_area(key="lm_train_text").input(big + "xyz").run(timeout=60)
    assert "The training text has 100,003 characters; only the first 100,000 are used" in (
        messages(at)
    )
    assert_numbers(at, *split_text(big, 0.1))


def test_a_five_thousand_character_single_line(at):
    line = ("the cat sat on the mat and " * 200)[:5000]
    paste(at, "lm_test", line)
    assert not at.exception
    assert_numbers(at, load_corpus("shakespeare"), line)
    assert f"The first {STRIP_CHARS:,} of 5,000 characters are shown" in strip_markdown(at)
    assert len(re.findall(r'<span class="lm-s\d"', strip_markdown(at))) == STRIP_CHARS


def test_test_characters_never_seen_in_training(at):
    paste(at, "lm_test", "Ωmega ☃ snow Ω *")
    assert not at.exception
    info = messages(at)
    assert "3 different characters of the test text never occur in the training text" in info
    assert "(4 occurrences)" in info
    assert r"\* (U+002A), Ω (U+03A9), ☃ (U+2603)" in info  # Markdown-escaped, as named
    h, _ = expected(load_corpus("shakespeare"), "Ωmega ☃ snow Ω *")
    assert math.isfinite(h) and shown(at)[CE] == format_value(h, "bits/char")


def test_negative_k_names_k_and_keeps_other_inputs(at):
    at.slider(key="lm_order").set_value(2).run()
    at.radio(key="lm_smoothing").set_value("add-k").run()
    at.number_input(key="lm_k").set_value(-1.0).run()
    assert not at.exception
    assert "k must be >= 0, got -1.0. Type a k of 0 or more" in messages(at)
    assert not at.metric
    assert at.number_input(key="lm_k").value == -1.0
    assert at.slider(key="lm_order").value == 2
    assert at.selectbox(key="lm_corpus").value == "shakespeare"


def test_k_zero_is_maximum_likelihood_with_infinite_cross_entropy(at):
    at.radio(key="lm_smoothing").set_value("add-k").run()
    at.number_input(key="lm_k").set_value(0.0).run()
    assert not at.exception
    assert shown(at)[CE] == "∞ bits/char" and shown(at)[PP] == "∞"
    assert "get probability 0, so their surprisal and the cross-entropy are infinite" in (
        messages(at)
    )
    assert "Set k above 0" in messages(at)


def test_nan_k_gives_a_message_not_an_exception(at):
    at.radio(key="lm_smoothing").set_value("add-k").run()
    at.number_input(key="lm_k").set_value(float("nan")).run()
    assert not at.exception
    # Streamlit's number_input turns NaN into 0.0 (checked on 1.67): maximum likelihood,
    # whose infinite cross-entropy the page explains. (The core refuses NaN by name:
    # tests/core/test_ngram.py.)
    assert at.number_input(key="lm_k").value == 0.0
    assert "Set k above 0" in messages(at)


def test_huge_k_is_the_uniform_model(at):
    at.radio(key="lm_smoothing").set_value("add-k").run()
    at.number_input(key="lm_k").set_value(1e300).run()
    assert not at.exception
    train, _ = texts_of()
    v = len(set(train)) + 1
    assert shown(at)[CE] == format_value(math.log2(v), "bits/char")
    assert f"outweighs every count: the model is almost uniform, 1/V = 1/{v}" in messages(at)


def test_lambda_one_is_maximum_likelihood(at):
    at.slider(key="lm_lambda").set_value(1.0).run()
    assert not at.exception
    assert "λ = 1 trusts each context's own counts alone" in messages(at)
    assert "Set λ below 1" in messages(at)


@pytest.mark.parametrize(
    "query,needle",
    [
        ({"lm_order": "abc"}, "lm_order='abc' was not used: not a number"),
        ({"lm_order": "9"}, "lm_order='9' was not used: 9 is outside [0, 5]"),
        ({"lm_k": "-5"}, "lm_k='-5' was not used"),
        ({"lm_lambda": "2"}, "lm_lambda='2' was not used: 2 is outside [0, 1]"),
        ({"lm_corpus": "<script>alert(1)</script>"}, "was not used: not one of the choices"),
        ({"lm_smoothing": "kneser-ney"}, "lm_smoothing='kneser-ney' was not used"),
        ({"lm_smoothing": "tune"}, "lm_smoothing='tune' was not used: not one of the choices"),
        ({"lm_heldout": "x" * 5000}, "it is 5,000 characters long"),
        ({"preset": "nonsense"}, "is not a preset of this page"),
    ],
)
def test_garbage_url_parameters_give_a_notice(query, needle):
    at = open_page(query)
    assert needle in messages(at)
    assert_numbers(at, *texts_of())  # the defaults are used instead


def test_a_url_opens_that_state():
    at = open_page(
        {
            "lm_order": "1",
            "lm_smoothing": "add-k",
            "lm_k": "0.5",
            "lm_heldout": "20",
            "unit": "nats",
        }
    )
    assert at.slider(key="lm_order").value == 1
    assert at.radio(key="lm_smoothing").value == "add-k"
    assert at.number_input(key="lm_k").value == 0.5
    assert_numbers(at, *texts_of(share=20), unit="nats", order=1, smoothing="add-k", k=0.5)


def test_the_url_follows_the_inputs(at):
    at.slider(key="lm_order").set_value(5).run()
    at.selectbox(key="lm_corpus").set_value("zen").run()
    assert at.query_params["lm_order"] == "5"
    assert at.query_params["lm_corpus"] == "zen"
    assert "lm_lambda" not in at.query_params  # defaults stay out of the URL
    assert "lm_train_text" not in at.query_params  # pasted text never goes there


def test_reset_restores_the_defaults(at):
    at.slider(key="lm_order").set_value(5).run()
    paste(at, "lm_corpus", "some pasted text " * 10)
    at.button(key="reset_page").click().run()
    assert not at.exception
    assert at.slider(key="lm_order").value == 3
    assert at.selectbox(key="lm_corpus").value == "shakespeare"
    assert_numbers(at, *texts_of())
    at.selectbox(key="lm_corpus").set_value("paste").run()
    assert at.text_area(key="lm_train_text").value == ""  # the pasted text is gone too


def test_pasted_text_survives_switching_sources(at):
    at.selectbox(key="lm_corpus").set_value("paste").run()
    text = "to be or not to be, that is the question. " * 20
    at.text_area(key="lm_train_text").input(text).run()
    at.selectbox(key="lm_corpus").set_value("zen").run()
    assert not at.text_area  # only the controls in use are drawn
    at.selectbox(key="lm_corpus").set_value("paste").run()
    assert at.text_area(key="lm_train_text").value == text
    assert_numbers(at, *split_text(text, 0.1))
