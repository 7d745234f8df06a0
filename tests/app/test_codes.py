"""Bits & codes page under AppTest: the numbers it shows, every input, hostile values, URL state.

Every expected number is computed here with xentcore.coding and formatted the way the
page formats it, then looked for in the page's metrics and text.
"""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import enter_page
from streamlit.testing.v1 import AppTest

from explorer.codes.examples import DEFAULTS, EXAMPLES
from explorer.codes.reading import parse_names, parse_probabilities
from explorer.parsing import InputProblem
from explorer.text import format_number_list as probabilities_text
from explorer.text import format_value
from xentcore.coding import compare_codes, running_bits_per_symbol, sample_message

PAGE = "pages/8_Bits_and_codes.py"
TEXT_KEYS = ("codes_names", "codes_p", "codes_q")


def open_page(query: dict[str, str] | None = None, session: dict | None = None) -> AppTest:
    return enter_page(PAGE, query, session=session)


@pytest.fixture
def at() -> AppTest:
    return open_page()


def show_section(at: AppTest, section: str) -> AppTest:
    """Open one of the lazy tabs below the numbers (only the open one is drawn)."""
    at.session_state["codes_section"] = section
    at.run()
    assert not at.exception
    return at


def code_table(at: AppTest):
    """The code table, in the "The code table and its picture" tab (opened first)."""
    return show_section(at, "The code table and its picture").dataframe[0].value


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def messages(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.error, *at.warning, *at.info, *at.success])


def page_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def bits(x: float) -> str:
    return format_value(x, "bits")


def expected_metrics(p, q) -> dict[str, str]:
    c = compare_codes(p, q)
    return {
        "Entropy H(P)": bits(c.entropy),
        "Cross-entropy H(P,Q)": bits(c.cross_entropy),
        "Huffman code for Q, on P": bits(c.huffman_length),
        "Shannon code for Q, on P": bits(c.shannon_length),
    }


def set_text(at: AppTest, key: str, text: str) -> AppTest:
    at.text_input(key=key).set_value(text).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> tuple[str, ...]:
    return tuple(at.text_input(key=k).value for k in TEXT_KEYS)


P0 = parse_probabilities(DEFAULTS["codes_p"])
Q0 = parse_probabilities(DEFAULTS["codes_q"])


# --- the default state: Bob's words with Alice's code --------------------------------------


def test_default_numbers_match_xentcore(at):
    assert metrics(at) == expected_metrics(P0, Q0)
    assert metrics(at)["Cross-entropy H(P,Q)"] == "2.375 bits"
    assert metrics(at)["Entropy H(P)"] == "1.750 bits"
    assert not at.error and not at.warning
    assert at.title[0].value == "Bits & codes"


def test_bound_is_stated_with_the_numbers(at):
    text = page_text(at)
    assert "H(P,Q) = 2.375 bits ≤ Σ p⌈−log₂ q⌉ = 2.375 bits < H(P,Q) + 1 = 3.375 bits" in text
    latex = at.latex[0].value
    assert r"\text{2.375 bits}" in latex and r"\text{3.375 bits}" in latex
    assert "on Q's own messages it averages 1.750 bits" in text


def test_code_table_shows_codewords_and_lengths(at):
    table = code_table(at)
    c = compare_codes(P0, Q0)
    assert table["symbol"].tolist() == ["dog", "cat", "fish", "bird"]
    assert table["Huffman codeword"].tolist() == c.codewords == ["110", "0", "10", "111"]
    assert table["Huffman length"].tolist() == [3, 1, 2, 3]
    assert table["Shannon length ⌈−log₂ q⌉"].tolist() == [3, 1, 2, 3]
    assert np.allclose(table["−log₂ q"], -np.log2(Q0))
    assert table["p"].tolist() == P0 and table["q"].tolist() == Q0
    assert at.get("download_button")[0].proto.label == "Download the code table (CSV)"


def expected_message(p, q, names, length, seed):
    c = compare_codes(p, q)
    message = sample_message(p, length, seed=seed)
    head = message[:60]
    code_bits = "".join(c.codewords[i] for i in head)
    _, huff = running_bits_per_symbol(message, c.huffman_lengths)
    _, shan = running_bits_per_symbol(message, c.shannon_lengths)
    return head, code_bits, huff[-1], shan[-1]


def test_message_is_encoded_and_bits_per_symbol_measured(at):
    head, code_bits, huff, shan = expected_message(P0, Q0, None, 10_000, 0)
    names = ["dog", "cat", "fish", "bird"]
    code = at.code[0].value
    first_line = code.splitlines()[0].split()
    assert first_line == [names[i] for i in head[: len(first_line)]]
    assert code_bits[:72] in code.replace("\n", "")  # the bits as sent
    text = page_text(at)
    assert f"{len(code_bits)} bits for 60 symbols: {bits(len(code_bits) / 60)} per symbol" in text
    assert "gives the same symbols back" in text
    assert f"On all 10,000 symbols the Huffman code for Q used **{bits(huff)} per symbol**" in text
    assert f"the Shannon code **{bits(shan)}**" in text


# --- each main input changes the numbers ------------------------------------------------


def test_changing_p_changes_every_number(at):
    set_text(at, "codes_p", "0.7, 0.1, 0.1, 0.1")
    assert metrics(at) == expected_metrics([0.7, 0.1, 0.1, 0.1], Q0)
    assert metrics(at)["Entropy H(P)"] != "1.750 bits"


def test_changing_q_changes_the_code(at):
    set_text(at, "codes_q", "0.25, 0.25, 0.25, 0.25")
    assert metrics(at) == expected_metrics(P0, [0.25] * 4)
    assert metrics(at)["Cross-entropy H(P,Q)"] == "2.000 bits"
    assert code_table(at)["Huffman codeword"].tolist() == ["00", "01", "10", "11"]


def test_p_equal_q_states_huffman_within_one_bit_of_entropy(at):
    set_text(at, "codes_q", DEFAULTS["codes_p"])
    assert metrics(at)["Huffman code for Q, on P"] == "1.750 bits"
    assert "H(P) = 1.750 bits ≤ 1.750 bits < H(P) + 1 = 2.750 bits" in page_text(at)


def test_changing_names_relabels_table_and_message(at):
    set_text(at, "codes_names", "w, x, y, z")
    assert set(at.code[0].value.splitlines()[0].split()) <= {"w", "x", "y", "z"}
    assert code_table(at)["symbol"].tolist() == ["w", "x", "y", "z"]
    assert metrics(at) == expected_metrics(P0, Q0)


def assert_measured_bits(at: AppTest, length: int) -> None:
    """Set the message length; the page reports the Huffman code's bits on all of it."""
    at.slider(key="codes_length").set_value(length).run()
    assert not at.exception
    _, _, huff, _ = expected_message(P0, Q0, None, length, 0)
    assert f"On all {length:,} symbols the Huffman code for Q used **{bits(huff)} per symbol**" in (
        page_text(at)
    )


def test_message_length_changes_the_measured_bits(at):
    assert_measured_bits(at, 500)


def test_seed_changes_the_message(at):
    before = at.code[0].value
    at.number_input(key="codes_seed").set_value(7).run()
    assert not at.exception
    head, code_bits, huff, _ = expected_message(P0, Q0, None, 10_000, 7)
    assert at.code[0].value != before
    assert code_bits[:72] in at.code[0].value.replace("\n", "")
    assert f"**{bits(huff)} per symbol**" in page_text(at)


def test_bar_heights_choice_is_kept_and_linked(at):
    at.radio(key="codes_bars").set_value("ideal").run()
    assert not at.exception
    assert at.radio(key="codes_bars").value == "ideal"
    assert at.query_params["codes_bars"] == "ideal"
    assert metrics(at) == expected_metrics(P0, Q0)


def test_worked_example_colours():
    at = open_page({"preset": "colours"})
    assert metrics(at)["Cross-entropy H(P,Q)"] == "3.288 bits"  # worked example 1
    assert metrics(at)["Huffman code for Q, on P"] == "1.900 bits"
    assert metrics(at)["Shannon code for Q, on P"] == "3.800 bits"
    assert "comes in under H(P,Q) = 3.288 bits" in page_text(at)


@pytest.mark.parametrize("example_id", list(EXAMPLES))
def test_each_example_pill_sets_its_values(at, example_id):
    set_text(at, "codes_p", "0.4, 0.3, 0.2, 0.1")  # changed first, to see it replaced
    at.button_group(key="codes_example").set_value(example_id).run()
    assert not at.exception
    values = EXAMPLES[example_id].values
    assert texts(at) == tuple(values[k] for k in TEXT_KEYS)
    p, q = parse_probabilities(values["codes_p"]), parse_probabilities(values["codes_q"])
    assert metrics(at) == expected_metrics(p, q)
    assert at.button_group(key="codes_example").value is None  # ready to be clicked again


def test_letters_example_has_26_symbols(at):
    at.button_group(key="codes_example").set_value("letters").run()
    assert len(code_table(at)) == 26
    assert metrics(at)["Cross-entropy H(P,Q)"] == bits(np.log2(26))


# --- P and Q from the Distributions page ---------------------------------------------------


def test_use_distributions_without_its_state_says_where_to_go(at):
    at.button(key="codes_use_distributions").click().run()
    assert not at.exception
    assert "open the Distributions page first" in messages(at)
    assert texts(at) == tuple(DEFAULTS[k] for k in TEXT_KEYS)


def test_use_distributions_copies_its_p_and_q():
    stored = {"names": ["red", "green", "blue"], "p": [0.1, 0.4, 0.5], "q": [0.8, 0.15, 0.05]}
    at = open_page(session={"distributions_current": stored})
    at.button(key="codes_use_distributions").click().run()
    assert not at.exception
    assert texts(at) == ("red, green, blue", "0.1, 0.4, 0.5", "0.8, 0.15, 0.05")
    assert "Copied the symbols, P and Q" in messages(at)
    assert metrics(at) == expected_metrics(stored["p"], stored["q"])
    assert metrics(at)["Cross-entropy H(P,Q)"] == "3.288 bits"


def test_use_distributions_with_malformed_state(at):
    at.session_state["distributions_current"] = {"names": ["a"], "p": "garbage"}
    at.button(key="codes_use_distributions").click().run()
    assert not at.exception
    assert "open the Distributions page first" in messages(at)


# --- units --------------------------------------------------------------------------------


def test_numbers_stay_in_bits_whatever_the_sidebar_says(at):
    at.radio(key="unit").set_value("nats").run()
    assert not at.exception
    assert metrics(at) == expected_metrics(P0, Q0)
    assert "the sidebar's nats apply to the other pages" in page_text(at)


# --- hostile input: a message naming the field, other inputs unchanged -----------------------


def test_q_zero_where_p_positive_names_the_symbol(at):
    set_text(at, "codes_q", "0.5, 0.5, 0, 0")
    text = messages(at)
    assert "Q gives probability 0 to `fish`, but P says it happens (p = 0.125)" in text
    assert "Q gives probability 0 to `bird`" in text
    assert "infinite" in text
    shown = metrics(at)
    assert shown["Cross-entropy H(P,Q)"] == "∞ bits"
    assert shown["Huffman code for Q, on P"] == "∞ bits"
    assert shown["Entropy H(P)"] == "1.750 bits"
    assert "Both are infinite" in page_text(at)
    assert "✗" in at.code[0].value  # the unencodable symbols of the sample
    assert "No bits-per-symbol curve" in messages(at)
    table = code_table(at)
    assert table["Huffman codeword"].tolist()[2:] == ["none (q = 0)", "none (q = 0)"]


def test_q_zero_where_p_zero_is_fine(at):
    set_text(at, "codes_p", "0.5, 0.5, 0, 0")
    set_text(at, "codes_q", "0.5, 0.5, 0, 0")
    assert not at.warning and not at.error
    assert metrics(at)["Huffman code for Q, on P"] == "1.000 bits"


def test_sum_not_one_is_renormalised_with_a_message(at):
    set_text(at, "codes_q", "1, 4, 2, 1")
    assert "Q sums to 8, not 1" in messages(at)
    assert metrics(at) == expected_metrics(P0, [0.125, 0.5, 0.25, 0.125])
    at.button(key="codes_renormalise_q").click().run()
    assert not at.exception
    assert at.text_input(key="codes_q").value == probabilities_text([0.125, 0.5, 0.25, 0.125])
    assert "sums to" not in messages(at)
    assert at.text_input(key="codes_p").value == DEFAULTS["codes_p"]


@pytest.mark.parametrize(
    "key, text, expected",
    [
        ("codes_p", "0.5, -0.25, 0.5, 0.25", "P: value 2 is -0.25, and a probability cannot"),
        ("codes_p", "0.5, nan, 0.25, 0.25", "P: value 2 ('nan') is not a number"),
        ("codes_q", "0.5, abc, 0.25, 0.25", "Q: value 2 ('abc') is not a number"),
        ("codes_q", "1e300, 1e300, 1e300, 1e300", None),  # huge but fine: renormalised
        ("codes_q", "1e308, 1e308, 1e308, 1e308", "Q's values are too large to add up"),
        ("codes_p", "0, 0, 0, 0", "P is all zeros"),
        ("codes_p", "", "P: there are no values"),
        ("codes_q", "0.5, 0.5", "Q has 2 values but there are 4 symbols"),
        ("codes_names", "solo", "Symbols: there is only 1 symbol ('solo')"),
        ("codes_names", ", ".join(f"s{i}" for i in range(27)), "Symbols: there are 27 names"),
        ("codes_names", "dog, cat, dog, bird", "Symbols: the name 'dog' appears twice"),
        ("codes_names", "dog,,fish,bird", "Symbols: name 2 is empty"),
        ("codes_names", "x" * 5000, "Symbols: there is only 1 symbol"),
        # text_input's max_chars (2,000) cuts a 10,000-character paste to 501 values
        ("codes_p", "0.1," * 2500, "P: there are 501 values"),
    ],
    ids=lambda v: v[:24] if isinstance(v, str) else None,
)
def test_hostile_text_gives_a_message_and_keeps_other_inputs(at, key, text, expected):
    at.slider(key="codes_length").set_value(2000).run()
    others = {k: v for k, v in zip(TEXT_KEYS, texts(at), strict=True) if k != key}
    set_text(at, key, text)
    if expected is None:
        assert "Q sums to 4e+300, not 1" in messages(at)
        assert metrics(at) == expected_metrics(P0, [0.25] * 4)
        return
    assert expected in messages(at)
    assert "Fix the inputs above" in messages(at)
    assert not at.metric
    # The user's other inputs stay as they were.
    for k, v in others.items():
        assert at.text_input(key=k).value == v
    assert at.slider(key="codes_length").value == 2000
    # ... and a text that does not parse is not put into the link (one that parses but
    # does not fit the others, e.g. 2 values for 4 symbols, is: the link reopens it).
    parse = parse_names if key == "codes_names" else parse_probabilities
    try:
        parse(at.text_input(key=key).value)
    except InputProblem:
        assert key not in at.query_params
    assert at.query_params["codes_length"] == "2000"


def test_markdown_and_html_in_names_stay_literal(at):
    set_text(at, "codes_names", "**bold**, <b>tag</b>, $x$, :smile:")
    set_text(at, "codes_q", "0.5, 0.5, 0, 0")
    text = messages(at)
    assert "`$x$`" in text and "`:smile:`" in text
    assert "<b>tag</b>" in at.code[0].value or "**bold**" in at.code[0].value
    assert code_table(at)["symbol"].tolist() == ["**bold**", "<b>tag</b>", "$x$", ":smile:"]


def test_message_length_zero(at):
    at.slider(key="codes_length").set_value(0).run()
    assert not at.exception
    assert "Message length: a message of 0 symbols has no bits per symbol" in messages(at)
    assert metrics(at) == expected_metrics(P0, Q0)  # the code's numbers are still shown


def test_message_length_maximum_is_fast_enough(at):
    assert_measured_bits(at, 100_000)


def test_single_possible_symbol_of_q(at):
    set_text(at, "codes_p", "1, 0, 0, 0")
    set_text(at, "codes_q", "1, 0, 0, 0")
    assert not at.error
    assert metrics(at)["Huffman code for Q, on P"] == "0.000 bits"
    assert "0 bits for 60 symbols" in page_text(at)
    assert code_table(at)["Huffman codeword"].tolist()[0] == ""


# --- URL state ------------------------------------------------------------------------------


def test_sections_are_lazy_tabs(at):
    assert at.session_state["codes_section"] == "A message from P"
    assert not at.dataframe and len(at.code) == 1  # the message is drawn, the table is not
    show_section(at, "The code table and its picture")
    assert not at.code and len(at.dataframe) == 1
    assert at.query_params["codes_section"] == "The code table and its picture"
    assert metrics(at) == expected_metrics(P0, Q0)  # the headline numbers stay
    at = open_page({"codes_section": "The code table and its picture"})
    assert at.dataframe[0].value["Huffman codeword"].tolist() == ["110", "0", "10", "111"]


def test_url_opens_that_state():
    at = open_page(
        {
            "codes_names": "a,b,c",
            "codes_p": "0.2,0.3,0.5",
            "codes_q": "0.5,0.25,0.25",
            "codes_length": "3000",
            "codes_seed": "5",
            "codes_bars": "shannon",
        }
    )
    assert texts(at) == ("a, b, c", "0.2, 0.3, 0.5", "0.5, 0.25, 0.25")
    assert at.slider(key="codes_length").value == 3000
    assert at.number_input(key="codes_seed").value == 5
    assert at.radio(key="codes_bars").value == "shannon"
    assert metrics(at) == expected_metrics([0.2, 0.3, 0.5], [0.5, 0.25, 0.25])
    assert not at.warning


def test_changes_are_written_into_the_url(at):
    set_text(at, "codes_p", "0.7, 0.1, 0.1, 0.1")
    at.number_input(key="codes_seed").set_value(3).run()
    assert at.query_params["codes_p"] == "0.7,0.1,0.1,0.1"
    assert at.query_params["codes_seed"] == "3"
    assert "codes_q" not in at.query_params  # defaults stay out of the link


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("codes_p", "<script>alert(1)</script>", "value 1 ('<script>alert(1)<...') is not"),
        ("codes_q", "0.5,-1", "value 2 is -1, and a probability cannot be negative"),
        ("codes_names", "a,a", "the name 'a' appears twice"),
        ("codes_names", "x" * 3000, "it is 3,000 characters long"),
        ("codes_length", "1e9", "outside [0, 100000]"),
        ("codes_length", "-5", "outside [0, 100000]"),
        ("codes_length", "abc", "not a number"),
        ("codes_seed", "1.5", "not a whole number"),
        ("codes_bars", "pie", "not one of the choices"),
        ("preset", "nope", "is not a preset of this page"),
    ],
)
def test_garbage_url_parameter_gives_a_notice(key, value, expected):
    at = open_page({key: value, "codes_seed": "9"} if key != "codes_seed" else {key: value})
    notices = " ".join(w.value for w in at.warning)
    assert expected in notices
    assert "was not used" in notices or "not a preset" in notices
    # The bad value falls back to its default; the others are used.
    assert texts(at) == tuple(DEFAULTS[k] for k in TEXT_KEYS)
    if key != "codes_seed":
        assert at.number_input(key="codes_seed").value == 9
    assert metrics(at) == expected_metrics(P0, Q0)


def test_preset_in_url_opens_an_example():
    at = open_page({"preset": "same"})
    assert texts(at)[1] == texts(at)[2] == DEFAULTS["codes_p"]
    assert metrics(at)["Huffman code for Q, on P"] == "1.750 bits"


def test_reset_restores_defaults(at):
    set_text(at, "codes_p", "0.7, 0.1, 0.1, 0.1")
    set_text(at, "codes_names", "a, b, c, d")
    at.slider(key="codes_length").set_value(500).run()
    at.number_input(key="codes_seed").set_value(4).run()
    at.radio(key="codes_bars").set_value("ideal").run()
    at.sidebar.button(key="reset_page").click().run()
    assert not at.exception
    assert texts(at) == tuple(DEFAULTS[k] for k in TEXT_KEYS)
    assert at.slider(key="codes_length").value == 10_000
    assert at.number_input(key="codes_seed").value == 0
    assert at.radio(key="codes_bars").value == "huffman"
    assert metrics(at) == expected_metrics(P0, Q0)
    assert not at.query_params
