"""The Your predictions page's cached work: read, describe, check and evaluate a file.

Every step is keyed by the file's digest and the settings that matter, so changing a
weight never re-reads the file, and sessions share what they computed (two sessions share
only files with the same content). Problems are returned, not raised, so that a bad file
is not re-read on every rerun either. A cached result is one object shared by every
caller: nothing here or on the page modifies one (a smaller copy is made with
``dataclasses.replace``).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field, replace

import numpy as np

from explorer.cache import shared_cache
from explorer.parsing import InputProblem
from explorer.predictions.samples import SAMPLES, sample_csv
from explorer.predictions.uploads import reading
from explorer.predictions.uploads.extract import PredictionData, extract
from explorer.predictions.uploads.mapping import FileInfo, Mapping, describe
from explorer.predictions.uploads.reading import Table
from xentcore.predictions import Evaluation, LabelFormats, evaluate_predictions, label_formats

__all__ = [
    "Content",
    "FileRef",
    "Loaded",
    "Reading",
    "Results",
    "checked",
    "evaluate",
    "file_info",
    "full_data",
    "one_hot_check",
    "read_file",
    "results",
    "sample_file",
]

#: Results kept an hour at most: a 50 MB upload is a large DataFrame, and Community
#: Cloud gives an app about 1 GB (hence also the few entries).
TTL = 3600


class Content:
    """A file's bytes, in an object that cache keys can point to weakly."""

    __slots__ = ("__weakref__", "data")

    def __init__(self, data: bytes) -> None:
        self.data = data


@dataclass(frozen=True)
class FileRef:
    """A file as a cache key: equal to another when their digests and names are.

    The bytes are held weakly: a cache keeps its keys, and must not keep an upload alive
    once the page has moved on. Whoever makes the ref holds its :class:`Content` while
    the steps run.
    """

    digest: str
    name: str
    content: weakref.ref[Content] = field(compare=False, repr=False)

    @classmethod
    def of(cls, digest: str, name: str, content: Content) -> FileRef:
        return cls(digest, name, weakref.ref(content))

    def data(self) -> bytes:
        content = self.content()
        if content is None:  # only a ref kept past its run could get here
            raise RuntimeError(f"the content of {self.name!r} is no longer held")
        return content.data


@dataclass(frozen=True)
class Reading:
    """A file and how it is read: the key of every step after the file is parsed."""

    file: FileRef
    mapping: tuple  # Mapping.key()
    renormalise: bool


@dataclass
class Loaded:
    """The chosen file, how it is read, and its checked arrays (None where not usable)."""

    source: str
    content: Content | None = None  # held for the run (the caches hold it weakly)
    file: FileRef | None = None
    reading: Reading | None = None
    data: PredictionData | None = None  # without its scores: see :func:`checked`


@dataclass(frozen=True)
class Results:
    """The evaluation of a loaded file, or the problem that stopped it."""

    data: PredictionData | None = None
    evaluation: Evaluation | None = None
    problem: InputProblem | None = None


@shared_cache(max_entries=2, ttl=TTL)
def read_file(file: FileRef) -> tuple[Table | None, InputProblem | None]:
    try:
        return reading.read_table(file.data(), file.name), None
    except InputProblem as problem:
        return None, problem


@shared_cache(max_entries=8, ttl=TTL)
def file_info(file: FileRef) -> tuple[FileInfo | None, InputProblem | None]:
    table, problem = read_file(file)
    return (None, problem) if table is None else (describe(table), None)


@shared_cache(max_entries=2, ttl=TTL)
def _extract(how: Reading) -> tuple[PredictionData | None, InputProblem | None]:
    table, problem = read_file(how.file)
    if table is None:
        return None, problem
    try:
        return extract(table.frame, Mapping(*how.mapping), renormalise=how.renormalise), None
    except InputProblem as problem:
        return None, problem


def full_data(how: Reading) -> tuple[PredictionData | None, InputProblem | None]:
    """The checked arrays with their (N, C) scores, for the tabs that refit or compare them.

    Shared with the evaluation (one cached extraction); callers must not modify them.
    """
    return _extract(how)


@shared_cache(max_entries=8, ttl=TTL)
def checked(how: Reading) -> tuple[PredictionData | None, InputProblem | None]:
    """The checked arrays without the (N, C) scores: what the settings need, kept small."""
    data, problem = _extract(how)
    return (None if data is None else replace(data, scores=np.empty((0, 0)))), problem


@shared_cache(max_entries=6, ttl=TTL)
def evaluate(
    how: Reading, class_weight: tuple[float, ...] | None, smoothing: float, bins: int
) -> tuple[PredictionData | None, Evaluation | None, InputProblem | None]:
    data, problem = _extract(how)
    if data is None:
        return None, None, problem
    try:
        ev = evaluate_predictions(
            data.scores,
            data.labels,
            kind=data.kind,
            class_weight=None if class_weight is None else np.array(class_weight),
            sample_weight=data.weights,
            label_smoothing=smoothing if data.kind == "logits" else 0.0,
            n_bins=bins,
        )
    except ValueError as err:  # xentcore's message names the argument
        fix = "Check the column mapping and the settings above."
        return None, None, InputProblem(f"The evaluation refused the data: {err}", fix)
    # The scores are not needed after this: the kept copy stays small.
    return replace(data, scores=np.empty((0, 0))), ev, None


@shared_cache(max_entries=6, ttl=TTL)
def one_hot_check(how: Reading) -> LabelFormats | None:
    """The mean loss from one-hot and from index labels (run when its tab is opened)."""
    data, _ = _extract(how)
    if data is None:
        return None
    return label_formats(data.scores, data.labels, kind=data.kind)


@shared_cache(max_entries=4)
def _sample_content(key: str) -> Content:
    return Content(sample_csv(key))


def sample_file(key: str) -> tuple[Content, FileRef]:
    """A built-in sample's content and its ref (keep the content while the ref is used)."""
    content = _sample_content(key)
    return content, FileRef.of(f"sample:{key}", SAMPLES[key].file_name, content)


def results(
    loaded: Loaded, class_weight: tuple[float, ...] | None, smoothing: float, bins: int
) -> Results:
    """The cached evaluation of the loaded file with these settings."""
    if loaded.data is None or loaded.reading is None:
        return Results()
    data, ev, problem = evaluate(loaded.reading, class_weight, smoothing, bins)
    return Results(data, ev, problem)
