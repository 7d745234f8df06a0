"""The texts the page models: built-in corpora, uploads, size limits, refusals."""

from __future__ import annotations

import pytest

from explorer.language.corpora import DOCSTRINGS_LIMIT, load_corpus
from explorer.language.inputs import Inputs
from explorer.language.texts import MAX_CHARS, decode_upload, limit_text, resolve_texts


def test_decode_upload_reports_bytes_that_are_not_utf8():
    assert decode_upload("\ufeffhello".encode(), "The file") == ("hello", [])  # BOM dropped
    text, notes = decode_upload(bytes(range(256)), "The uploaded test text file")
    assert len(text) > 128 and "\ufffd" in text
    assert notes[0].startswith("The uploaded test text file is not UTF-8 text: 128 bytes")
    assert "Upload a plain-text file (.txt) saved as UTF-8" in notes[0]


def test_limit_text_cuts_and_notes_control_characters():
    text, notes = limit_text("x" * 10, "The test text", max_chars=4)
    assert text == "xxxx"
    assert notes == [
        "The test text has 10 characters; only the first 4 are used (the model's counts and "
        "the compressors need a bounded text to stay fast). Paste or upload a shorter text "
        "to use all of it."
    ]
    text, notes = limit_text("ok\x00\x1b\x7f\x85\n\t\r", "The training text")
    assert len(text) == 9
    assert notes[0].startswith("The training text contains 4 control characters")
    assert limit_text("plain\ntext", "x") == ("plain\ntext", [])


def test_built_in_corpora_ship_with_python_or_the_repo():
    zen = load_corpus("zen")
    assert zen.startswith("The Zen of Python, by Tim Peters")
    assert "Namespaces are one honking great idea" in zen
    shakespeare = load_corpus("shakespeare")
    assert len(shakespeare) == 31_994 and shakespeare.startswith("First Citizen:")
    docs = load_corpus("docstrings")
    assert 10_000 < len(docs) <= DOCSTRINGS_LIMIT
    with pytest.raises(ValueError, match="unknown corpus 'nope'"):
        load_corpus("nope")


def inputs(**changes) -> Inputs:
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
    return Inputs(**{**base, **changes})


def test_resolve_texts_splits_the_corpus_and_refuses_what_is_missing():
    texts = resolve_texts(inputs())
    assert (len(texts.train), len(texts.test)) == (28_795, 3_199)
    assert texts.train + texts.test == load_corpus("shakespeare")
    assert "The training text is empty: paste some text" in resolve_texts(inputs(corpus="paste"))
    assert "No training text file uploaded yet" in resolve_texts(inputs(corpus="upload"))
    assert "The uploaded training text file is empty" in resolve_texts(
        inputs(corpus="upload", upload_train=b"")
    )
    assert "too few to hold 10% of it out" in resolve_texts(
        inputs(corpus="paste", pasted_train="ab")
    )
    assert "The test text is empty: paste some text" in resolve_texts(inputs(test_source="paste"))
    texts = resolve_texts(inputs(test_source="paste", pasted_test="Hello, Rome!"))
    assert texts.test == "Hello, Rome!" and len(texts.train) == 31_994
    big = resolve_texts(inputs(corpus="paste", pasted_train="ab" * 60_000))
    assert len(big.train) + len(big.test) == MAX_CHARS
    assert "has 120,000 characters; only the first 100,000 are used" in big.warnings[0]
    assert big.infos[0].startswith("Long text: 90,000 training and 10,000 test characters")
    garbage = resolve_texts(inputs(test_source="upload", upload_test=b"\xff\xfe\x00abc"))
    assert any("is not UTF-8 text: 2 bytes" in w for w in garbage.warnings)
    assert any("contains 1 control characters" in w for w in garbage.warnings)
