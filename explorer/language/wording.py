"""What the Language models page says: messages, captions, formulas and tables, pure.

Every number comes in as an argument; nothing here calls Streamlit, so the wording is
tested directly (``tests/explorer/language/test_language_wording.py``).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence

from explorer.text import format_value, md_escape
from xentcore.ngram import UNKNOWN

__all__ = [
    "INTRO",
    "METHOD",
    "TEXT_MESSAGES",
    "bound_latex",
    "csv_text",
    "describe_characters",
    "fix_for",
    "gibbs_latex",
    "markdown_table",
    "overfitting_story",
    "perplexity_latex",
    "pp_text",
    "visible",
]

INTRO = (
    "A language model reads text one character at a time and gives the next character a "
    "probability from the characters before it. Its **surprisal** is −log₂ of that "
    "probability; averaged over a text it is the **cross-entropy** H(L, M) in bits per "
    "character, and the **perplexity** 2^H is the number of equally likely characters "
    "the model is, on average, as unsure as. The model here is a character **n-gram** "
    "model: it counts which character followed each context of n characters in a "
    "training text.\n\n"
    r"$$H(L, M) \approx -\frac{1}{T}\sum_{t=1}^{T}\log_2 M(x_t \mid x_{t-n}\dots x_{t-1})"
    r"\qquad \mathrm{PP} = 2^{H(L, M)} \qquad H(L) \le H(L, M)$$"
)

METHOD = (
    "The alphabet is every character of the training text plus one unknown symbol "
    f"{UNKNOWN} for the characters it lacks; V is its size. c(h, x) counts how often "
    "character x followed the context h (the n characters before it) in the training "
    "text, and c(h) how often h occurred. The start of a text is padded with a "
    "boundary symbol.\n\n"
    r"$$\text{add-}k:\quad M(x \mid h) = \frac{c(h, x) + k}{c(h) + kV}"
    r"\qquad (1/V \text{ if } c(h) = 0)$$"
    "\n\n"
    r"$$\text{interpolated:}\quad M_n(x \mid h) = \lambda\,\frac{c(h_n, x)}{c(h_n)}"
    r" + (1 - \lambda)\, M_{n-1}(x \mid h), \qquad M_{-1}(x) = \frac{1}{V}$$"
    "\n\n"
    "With k > 0 or λ < 1 every character, even an unseen one, has a probability above "
    "0. With λ tuned, each order's λ is the one of 0.05, 0.10, …, 0.95 that best "
    "predicts the last tenth of the training text when the model is counted on the "
    "first nine tenths."
)

#: The notes and refusals about the texts (:mod:`explorer.language.texts` fills them in).
TEXT_MESSAGES = {
    "not_utf8": "{field} is not UTF-8 text: {bad:,} bytes could not be decoded and are read "
    "as the replacement character �. Upload a plain-text file (.txt) saved as UTF-8.",
    "cut": "{field} has {chars:,} characters; only the first {max_chars:,} are used "
    "(the model's counts and the compressors need a bounded text to stay fast). "
    "Paste or upload a shorter text to use all of it.",
    "controls": "{field} contains {controls:,} control characters (such as NUL or ESC), as "
    "binary data would. They are modelled like any other character and shown as "
    "symbols such as ␀ in the strip; paste plain text for a meaningful model.",
    "empty_paste": "The {what} is empty: paste some text into “Your {what}” above, or pick a "
    "built-in text.",
    "no_upload": "No {what} file uploaded yet: upload a .txt file in the box above, or pick a "
    "built-in text.",
    "empty_upload": "The uploaded {what} file is empty: upload a file with some text in it.",
    "empty_corpus": "The training text is empty (an empty corpus has nothing to count): paste "
    "or upload some text, or pick another built-in text.",
    "too_short": "The training text has only {chars:,} characters, too few to hold {share}% "
    "of it out: paste a longer text, or choose a test text of your own.",
    "long": "Long text: {train:,} training and {test:,} test characters (at most "
    "{max_chars:,} of each are used). The first fit takes a moment; every later change "
    "reuses the cached counts.",
}

#: How to fix a core error on this page, by the argument its message starts with.
_FIXES = {
    "k ": "Type a k of 0 or more (0 = maximum likelihood, 1 = Laplace).",
    "lam ": "Choose a λ from 0 to 1 with the slider.",
}


def visible(ch: str) -> str:
    """A printable stand-in for characters that would be invisible or break the strip.

    >>> visible("\\n"), visible("\\x00"), visible("é")
    ('↵', '␀', 'é')
    """
    code = ord(ch)
    if ch == "\n":
        return "↵"
    if ch == "\t":
        return "⇥"
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ ␁ ... : Unicode's control pictures
    if code == 0x7F:
        return "␡"
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return "\ufffd"
    return ch


def describe_characters(chars: Sequence[str], limit: int = 8) -> str:
    """Name characters for a message: printable form and code point, Markdown-escaped.

    >>> describe_characters(["é", "\\x00"])
    'é (U+00E9), ␀ (U+0000)'
    >>> describe_characters(["*"])  # Markdown characters are escaped
    '\\\\* (U+002A)'
    """
    shown = [f"{md_escape(visible(ch))} (U+{ord(ch):04X})" for ch in list(chars)[:limit]]
    more = len(chars) - limit
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def fix_for(err: ValueError) -> str:
    """A core error (it names the argument) plus how to fix it on this page.

    >>> fix_for(ValueError("k must be >= 0, got -1.0"))
    'k must be >= 0, got -1.0. Type a k of 0 or more (0 = maximum likelihood, 1 = Laplace).'
    """
    text = str(err)
    fix = next((fix for start, fix in _FIXES.items() if text.startswith(start)), "")
    return f"{text}. {fix}".rstrip()


def pp_text(pp: float) -> str:
    """Perplexity as shown: ``6.84``, ``1,234.50``, ``3.2e+07`` or ``∞``.

    >>> pp_text(6.8412), pp_text(float("inf"))
    ('6.84', '∞')
    """
    if math.isinf(pp):
        return "∞"
    return f"{pp:,.2f}" if pp < 1e6 else f"{pp:.3g}"


def _tex(x: float) -> str:
    return r"\infty" if math.isinf(x) else f"{x:.3f}"


def perplexity_latex(h: float, pp: float, unit: str, order: int) -> str:
    r"""The statement "Perplexity = 2^H" with the page's numbers (e^H, 10^H in other units).

    >>> perplexity_latex(2.774, 6.84, "bits", 3).split(r"\qquad")[0]
    '\\mathrm{PP} = 2^{H(L, M)} = 2^{2.774} = 6.84'
    """
    b = {"bits": "2", "nats": "e", "hartleys": "10"}[unit]
    pp_tex = r"\infty" if math.isinf(pp) else pp_text(pp).replace(",", "{,}")
    return (
        rf"\mathrm{{PP}} = {b}^{{H(L, M)}} = {b}^{{{_tex(h)}}} = {pp_tex}"
        rf"\qquad (\text{{order }} {order},\ \text{{{unit} per character}})"
    )


def _best(values: Sequence[float]) -> tuple[float, int] | None:
    """The lowest finite value and its order, or None if every value is infinite."""
    finite = [(v, n) for n, v in enumerate(values) if math.isfinite(v)]
    return min(finite) if finite else None


def bound_latex(h: float, order: int, test_ce: Sequence[float]) -> str | None:
    r"""H(L) ≤ H(L, M) for the chosen order and for the best order, or None if all are ∞."""
    if (best := _best(test_ce)) is None:
        return None
    best_h, best_n = best
    return (
        rf"H(L) \;\le\; H(L, M_{{{order}}}) = {_tex(h)}"
        rf"\qquad H(L) \;\le\; \min_n H(L, M_n) = H(L, M_{{{best_n}}}) = {_tex(best_h)}"
    )


def gibbs_latex(h0: float, h0_cross: float) -> str:
    r"""H(P̂) ≤ H(P̂, M₀) with the gap KL(P̂‖M₀), on the test text's letter frequencies."""
    gap = h0_cross - h0 if math.isfinite(h0_cross) else math.inf
    return (
        rf"H(\hat P) = {_tex(h0)} \;\le\; H(\hat P, M_0) = {_tex(h0_cross)}"
        rf"\qquad D_{{\mathrm{{KL}}}}(\hat P \,\|\, M_0) = {_tex(gap)} \ge 0"
    )


def overfitting_story(
    train_ce: Sequence[float], test_ce: Sequence[float], test_name: str, per_char: str
) -> str:
    """What the order curves show, in words, with their numbers.

    >>> overfitting_story([4, 3, 2, 1, 0.8, 0.6], [4, 3, 2.8, 2.7, 3, 3.4], "held-out text",
    ...                   "bits/char").split(": ")[1][:60]
    'longer contexts fit the text the model was counted on ever b'
    """
    story = (
        f"On the training text the cross-entropy goes from {format_value(train_ce[0], per_char)} "
        f"at order 0 to {format_value(train_ce[-1], per_char)} at order {len(train_ce) - 1}: "
        "longer contexts fit the text the model was counted on ever better."
    )
    if (best := _best(test_ce)) is None:
        return story + f" On the {test_name} it is infinite at every order."
    best_h, best_n = best
    last = test_ce[-1]
    story += (
        f" On the {test_name} it is lowest at order {best_n} ({format_value(best_h, per_char)})"
    )
    if best_n < len(test_ce) - 1 and last > best_h:
        story += (
            f" and rises to {format_value(last, per_char)} at order {len(test_ce) - 1}: the "
            "longer contexts are memorised, not learnt (overfitting)."
        )
    return story + ("" if story.endswith(".") else ".")


# The page's tables keep their plain rule line (|---|), which
# tests/explorer/language/test_language_wording.py asserts; explorer.text.markdown_table
# aligns its columns instead.
def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A small Markdown table of the page's own labels and numbers (no user text).

    >>> print(markdown_table(["a", "b"], [["1", "2"]]))
    | a | b |
    |---|---|
    | 1 | 2 |
    """
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Comma-separated values with a header line (labels quoted).

    >>> csv_text(["order", "bits"], [[0, 4.5]])
    '"order","bits"\\n0,4.5\\n'
    """
    out = [",".join(f'"{h}"' for h in header)]
    for row in rows:
        out.append(",".join(f'"{v}"' if isinstance(v, str) else repr(v) for v in row))
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- results
CE_LABEL = "Cross-entropy H(L, M)"
CE_HELP = "The average surprisal of the test characters under the model."
PP_LABEL = "Perplexity"
PP_HELP = "2^H: the model is as unsure as a fair choice among this many characters."
FREQ_LABEL = "Letter-frequency entropy (test)"
FREQ_HELP = (
    "The entropy of the test text's character frequencies: what the best "
    "context-free (order-0) model for this very text would achieve."
)
COMPRESSORS_CAPTION = (
    "zlib, bz2 and lzma (Python's standard library) compress the UTF-8 test text; "
    "{unit} per character = compressed size / number of characters. Alone, a compressor "
    "learns the text as it goes and pays for all it learns; “given the training text”, "
    "it reads the training text first and only the extra bytes count, like the model, "
    "which learnt from the training text for free."
)


def test_name(test_source: str) -> str:
    """What the charts and the story call the test text."""
    return "held-out text" if test_source == "heldout" else "your test text"


def tune_failed(error: str, lam: float) -> str:
    """λ could not be tuned (too short a training text): say so, and which λ is used."""
    return f"λ was not tuned: {error}. Using λ = {lam:g}."


def tuned_caption(lams: Sequence[float], lam: float) -> str:
    """The tuned λ of every order, and the one in use.

    >>> tuned_caption([0.5, 0.75], 0.75)
    'Tuned λ per order: order 0: 0.50, order 1: 0.75. In use: λ = 0.75.'
    """
    per_order = ", ".join(f"order {n}: {v:.2f}" for n, v in enumerate(lams))
    return f"Tuned λ per order: {per_order}. In use: λ = {lam:.2f}."


def unseen_note(unseen: Sequence[str], count: int) -> str:
    """Test characters the training text lacks, and why the cross-entropy stays finite."""
    return (
        f"{len(unseen)} different characters of the test text never occur in the "
        f"training text ({count:,} occurrences): {describe_characters(unseen)}. The model "
        f"reads each as the unknown symbol {UNKNOWN}, which smoothing gives a probability "
        "above 0, so the cross-entropy stays finite."
    )


def zero_note(zero: int, smoothing: str) -> str:
    """Characters of probability 0: why, and which control fixes it."""
    why = (
        "k = 0 is maximum likelihood: a character never seen after its context gets "
        "probability 0. Set k above 0"
        if smoothing == "add-k"
        else "λ = 1 trusts each context's own counts alone: a character never seen after "
        "its context gets probability 0. Set λ below 1"
    )
    return (
        f"{zero:,} test characters get probability 0, so their surprisal and the "
        f"cross-entropy are infinite (log 0 = −∞). {why}."
    )


def huge_k_note(k: float, vocab_size: int) -> str:
    """A k so large that the model is close to uniform."""
    return (
        f"k = {k:g} outweighs every count: the model is almost uniform, "
        f"1/V = 1/{vocab_size} per character. Try a k between 0.01 and 1."
    )


def texts_caption(
    train_chars: int,
    test_chars: int,
    vocab_size: int,
    order: int,
    smoothing: str,
    k: float,
    lam: float,
) -> str:
    """The sizes of the texts and the alphabet, and the model's settings."""
    model = (
        f"add-k smoothing, k = {k:g}." if smoothing == "add-k" else f"interpolated, λ = {lam:.2f}."
    )
    return (
        f"{train_chars:,} training and {test_chars:,} test characters. Alphabet: "
        f"{vocab_size - 1} characters seen in training, plus {UNKNOWN}. Order {order}, {model}"
    )


def bounds_intro(unit: str, best: str, best_rate: float) -> str:
    """The heading and prose above the three formulas (perplexity, bound, Gibbs)."""
    return (
        "### Perplexity = 2^H and H(L) ≤ H(L, M), with these numbers\n\n"
        "The true entropy H(L) of the language this text comes from is unknown, but no model "
        "can beat it on average, so every cross-entropy on unseen text is an upper bound on "
        f"it ({unit} per character). A compressor is a model too: {best}, given the "
        f"training text, needs {format_value(best_rate, f'{unit}/char')}, another "
        "upper bound. The last line below is exact on this text (Gibbs' inequality): P̂ is "
        f"the test text's letter frequencies (characters unseen in training counted as "
        f"{UNKNOWN}) and M₀ the order-0 model, whose cross-entropy per character is H(P̂, M₀)."
    )


def strip_note(order: int, shown: int, test_chars: int) -> str:
    """The caption under the surprisal strip (our own text)."""
    note = (
        f"Order-{order} model. Light = expected, dark = surprising; hover over a character "
        "for its surprisal. ↵ is a line break."
    )
    if test_chars > shown:
        note += (
            f" The first {shown:,} of {test_chars:,} characters are shown; the numbers use "
            "all of them."
        )
    return note


def sample_heading(order: int, chars: int) -> str:
    """The heading and note above the text the model writes."""
    return (
        f"### What the order-{order} model writes\n\n{chars} characters drawn one at "
        "a time from the model (seed 0). Order 0 is letter soup; by order 5 whole phrases of "
        "the training text come back."
    )


def compression_bars(
    order: int, h: float, rates: Mapping[str, Mapping[str, float]]
) -> tuple[tuple[str, ...], tuple[float, ...], tuple[str, ...]]:
    """Labels, values and kinds of the bars: the model, each compressor alone, then given.

    >>> compression_bars(3, 2.5, {"alone": {"zlib": 4.0}, "given": {"zlib": 3.0}})[0]
    ('3-gram model (order 3)', 'zlib', 'zlib, given the training text')
    """
    bars = [(f"{order}-gram model (order {order})", h, "model")]
    bars += [(name, rate, "compressor") for name, rate in rates["alone"].items()]
    bars += [
        (f"{name}, given the training text", rate, "given training")
        for name, rate in rates["given"].items()
    ]
    labels, values, kinds = zip(*bars, strict=True)
    return labels, values, kinds


def order_table(
    train_ce: Sequence[float],
    test_ce: Sequence[float],
    pp_by_order: Sequence[float],
    test_name: str,
    per_char: str,
) -> tuple[list[str], list[list]]:
    """The header and rows (numbers as they are) of the cross-entropy-by-order table."""
    header = ["order", f"training ({per_char})", f"{test_name} ({per_char})", "perplexity"]
    rows = [[n, *row] for n, row in enumerate(zip(train_ce, test_ce, pp_by_order, strict=True))]
    return header, rows


def numbers_markdown(
    order_header: Sequence[str],
    order_rows: Sequence[Sequence],
    method_header: Sequence[str],
    method_rows: Sequence[Sequence],
) -> str:
    """Both tables behind the charts, numbers to 3 decimals (perplexity as :func:`pp_text`)."""
    orders = [[str(n), format_value(a), format_value(b), pp_text(p)] for n, a, b, p in order_rows]
    methods = [[label, format_value(v)] for label, v in method_rows]
    return markdown_table(order_header, orders) + "\n\n" + markdown_table(method_header, methods)


def best_compressor(rates: Mapping[str, Mapping[str, float]]) -> tuple[str, float]:
    """The compressor that does best given the training text, and its rate."""
    best = min(rates["given"], key=rates["given"].get)
    return best, rates["given"][best]


def first_fit_messages(train_chars: int) -> tuple[str, ...]:
    """What the progress bar says during each step of a first fit."""
    return (
        f"Counting the contexts of {train_chars:,} characters…",
        "Scoring the training text…",
        "Scoring the test text…",
        "Compressing with zlib, bz2 and lzma…",
    )
