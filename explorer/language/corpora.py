"""The built-in texts of the Language models page, and the digest that keys their caches.

All of them ship with Python or with this repository (``data/corpus/``): nothing is
downloaded.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import importlib
import inspect
import io
from dataclasses import dataclass, field
from pathlib import Path

from explorer.cache import shared_cache

__all__ = ["CORPORA", "DOCSTRINGS_LIMIT", "DOC_MODULES", "KeyedText", "load_corpus", "text_hash"]

CORPUS_DIR = Path(__file__).resolve().parents[2] / "data" / "corpus"

#: Built-in corpora: id -> label. Each ships with Python or with this repository.
CORPORA = {
    "shakespeare": "Shakespeare: Coriolanus, Act I (32,000 characters)",
    "zen": "The Zen of Python (import this, 856 characters)",
    "docstrings": "Python docstrings (standard-library modules)",
}

#: Modules whose docstrings make the "Python docstrings" corpus (stable, pure-Python).
DOC_MODULES = (
    "textwrap",
    "string",
    "functools",
    "itertools",
    "collections",
    "heapq",
    "bisect",
    "fractions",
    "statistics",
    "random",
    "json",
    "csv",
    "contextlib",
    "dataclasses",
    "pathlib",
    "shutil",
)
DOCSTRINGS_LIMIT = 60_000


def _zen_of_python() -> str:
    # `import this` prints the Zen on first import; silence that, then decode this.s
    # (the module keeps the text ROT13-encoded).
    with contextlib.redirect_stdout(io.StringIO()):
        this = importlib.import_module("this")
    return codecs.decode(this.s, "rot13")


def _docstrings() -> str:
    parts: list[str] = []
    seen: set[str] = set()
    total = 0
    for name in DOC_MODULES:
        module = importlib.import_module(name)
        names = sorted(getattr(module, "__all__", []))
        objects = [module, *(getattr(module, n, None) for n in names)]
        for obj in objects:
            if obj is None or not (inspect.ismodule(obj) or inspect.isclass(obj) or callable(obj)):
                continue
            doc = inspect.getdoc(obj)
            if not doc or doc in seen:
                continue
            seen.add(doc)
            parts.append(doc.strip())
            total += len(parts[-1]) + 2
            if total >= DOCSTRINGS_LIMIT:
                return "\n\n".join(parts)[:DOCSTRINGS_LIMIT]
    return "\n\n".join(parts)


@shared_cache(max_entries=8)
def load_corpus(name: str) -> str:
    """The text of built-in corpus ``name`` (one of :data:`CORPORA`).

    >>> load_corpus("zen").splitlines()[0]
    'The Zen of Python, by Tim Peters'
    """
    if name == "shakespeare":
        return (CORPUS_DIR / "shakespeare_coriolanus.txt").read_text(encoding="utf-8")
    if name == "zen":
        return _zen_of_python()
    if name == "docstrings":
        return _docstrings()  # empty under `python -OO`; the page then says so
    raise ValueError(f"unknown corpus {name!r}; choose one of {', '.join(CORPORA)}")


def text_hash(text: str) -> str:
    """A short digest of ``text``, the cache key of everything computed from it."""
    data = text.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class KeyedText:
    """A text as a cache argument: compared and hashed by its digest alone.

    A cache keyed by a ``KeyedText`` is keyed by the text's hash, never by the
    (up to 100,000-character) text itself.

    >>> a, b = KeyedText.of("to be"), KeyedText.of("to be")
    >>> a == b, hash(a) == hash(b), a.text
    (True, True, 'to be')
    """

    key: str
    text: str = field(compare=False, repr=False)

    @classmethod
    def of(cls, text: str) -> KeyedText:
        """``text`` with its :func:`text_hash`."""
        return cls(text_hash(text), text)
