"""State handed from one page to another: P and Q from Distributions on Bits & codes."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def test_bits_and_codes_takes_p_and_q_from_the_distributions_page():
    at = AppTest.from_file(str(APP), default_timeout=20)
    at.run()
    at.query_params["preset"] = "one-hot"  # P = [0, 1, 0], Q = [0.228, 0.619, 0.153]
    at.switch_page("pages/1_Distributions.py")
    at.run()
    assert not at.exception
    assert at.session_state["distributions_current"]["q"] == [0.228, 0.619, 0.153]
    at.switch_page("pages/8_Bits_and_codes.py")
    at.run()
    assert not at.exception
    at.button(key="codes_use_distributions").click()
    at.run()
    assert not at.exception
    assert at.session_state["codes_names"].replace(" ", "") == "cat,dog,bird"
    q_text = at.session_state["codes_q"].replace(" ", "")
    assert q_text == "0.228,0.619,0.153"
    shown = " ".join(m.value for m in at.main.markdown) + " ".join(x.value for x in at.metric)
    assert "bits" in shown
