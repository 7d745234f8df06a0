"""The texts the page models: built-in, pasted or uploaded, decoded and cut to a size limit.

Pure (no Streamlit), so every refusal is tested directly; the messages' wording is in
:mod:`explorer.language.wording`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explorer.language.corpora import CORPORA, load_corpus
from explorer.language.wording import TEXT_MESSAGES
from xentcore.ngram import split_text

if TYPE_CHECKING:
    from explorer.language.inputs import Inputs

__all__ = ["LONG_TEXT", "MAX_CHARS", "Texts", "decode_upload", "limit_text", "resolve_texts"]

#: Longer texts are cut to this many characters (a fit then takes well under a second).
MAX_CHARS = 100_000
#: Above this many characters the first fit shows a progress bar and a note.
LONG_TEXT = 40_000

#: Unicode category Cc (C0 and C1 controls, DEL) except tab, line feed, carriage return.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Texts:
    """The training and test texts, with the notes to show about them."""

    train: str
    test: str
    warnings: tuple[str, ...] = ()
    infos: tuple[str, ...] = ()


def decode_upload(data: bytes, field: str) -> tuple[str, list[str]]:
    """Decode an uploaded file as UTF-8; undecodable bytes become U+FFFD, with a notice.

    >>> decode_upload("héllo".encode(), "Training file")
    ('héllo', [])
    >>> text, notes = decode_upload(b"ab\\xff\\xfe", "Test file")
    >>> text, notes[0][:45]
    ('ab��', 'Test file is not UTF-8 text: 2 bytes could no')
    """
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return text, [TEXT_MESSAGES["not_utf8"].format(field=field, bad=bad)]


def limit_text(text: str, field: str, max_chars: int = MAX_CHARS) -> tuple[str, list[str]]:
    """Cut ``text`` to ``max_chars`` characters, and say so; note control characters.

    >>> limit_text("abc", "Training text", 2)[1][0][:52]
    'Training text has 3 characters; only the first 2 are'
    """
    notes = []
    if len(text) > max_chars:
        notes.append(TEXT_MESSAGES["cut"].format(field=field, chars=len(text), max_chars=max_chars))
        text = text[:max_chars]
    controls = len(_CONTROLS.findall(text))
    if controls:
        notes.append(TEXT_MESSAGES["controls"].format(field=field, controls=controls))
    return text, notes


def _own_text(source: str, pasted: str, upload: bytes | None, what: str):
    """The user's pasted or uploaded text and notes, or (None, [why not])."""
    if source == "paste":
        if not pasted:
            return None, [TEXT_MESSAGES["empty_paste"].format(what=what)]
        return pasted, []
    if upload is None:
        return None, [TEXT_MESSAGES["no_upload"].format(what=what)]
    text, notes = decode_upload(upload, f"The uploaded {what} file")
    if not text:
        return None, [TEXT_MESSAGES["empty_upload"].format(what=what)]
    return text, notes


def _source_text(source: str, pasted: str, upload: bytes | None, what: str):
    """The text of one source (built-in, pasted or uploaded) cut to size, and its notes;
    or (None, [why not])."""
    if source in CORPORA:
        text, notes = load_corpus(source), []
    else:
        text, notes = _own_text(source, pasted, upload, what)
        if text is None:
            return None, notes
    text, cut = limit_text(text, f"The {what}")
    return text, notes + cut


def resolve_texts(inputs: Inputs) -> Texts | str:
    """The training and test texts the inputs describe, or the message saying why not."""
    full, warnings = _source_text(
        inputs.corpus, inputs.pasted_train, inputs.upload_train, "training text"
    )
    if full is None:
        return warnings[0]
    if not full:
        return TEXT_MESSAGES["empty_corpus"]
    if inputs.test_source == "heldout":
        train, test = split_text(full, inputs.share / 100)
        if not train or not test:
            return TEXT_MESSAGES["too_short"].format(chars=len(full), share=inputs.share)
    else:
        train = full
        test, notes = _source_text(
            inputs.test_source, inputs.pasted_test, inputs.upload_test, "test text"
        )
        if test is None:
            return notes[0]
        warnings += notes
    infos = []
    if max(len(train), len(test)) > LONG_TEXT:
        infos.append(
            TEXT_MESSAGES["long"].format(train=len(train), test=len(test), max_chars=MAX_CHARS)
        )
    return Texts(train, test, tuple(warnings), tuple(infos))
