"""Built-in prediction files for the Your predictions page, generated in code.

Each sample is a small CSV made from ``xentcore.predictions`` arrays, so it goes through
exactly the path an upload takes (read, detect, check, evaluate) and a user can
download it to see what a valid file looks like.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from xentcore.predictions import source_example, synthetic_predictions

__all__ = ["SAMPLES", "SYNTHETIC", "Sample", "sample_csv", "sample_frame"]

#: The synthetic set's class names (labels are written as names, not indices).
ANIMALS = ("cat", "dog", "bird")


@dataclass(frozen=True)
class Sample:
    title: str
    file_name: str
    description: str


SAMPLES: dict[str, Sample] = {
    "binary10": Sample(
        "The sources' 10 binary predictions",
        "sources_10_binary.csv",
        "Ten labels y and predicted P(y = 1): the sources' worked example, whose mean log "
        "loss is 0.247 nats. Layout: a label column and one probability column.",
    ),
    "overconfident": Sample(
        "3 classes, over-confident model",
        "three_classes_overconfident.csv",
        "600 samples of cat / dog / bird scored by a model three times too sure of itself "
        "(its logits multiplied by 3). Same labels and same accuracy as the calibrated model.",
    ),
    "calibrated": Sample(
        "3 classes, calibrated model",
        "three_classes_calibrated.csv",
        "The same 600 samples scored by a calibrated model: it predicts the very "
        "probabilities the labels were drawn from.",
    ),
}
#: The two synthetic samples: same labels, two models (the page compares them).
SYNTHETIC = ("calibrated", "overconfident")


def sample_frame(name: str) -> pd.DataFrame:
    """The sample as a DataFrame, exactly as its CSV holds it.

    >>> sample_frame("binary10").head(2).to_dict("list")
    {'label': [1, 1], 'p': [0.8, 0.9]}
    >>> list(sample_frame("calibrated").columns)
    ['label', 'p_cat', 'p_dog', 'p_bird']
    """
    if name == "binary10":
        y, p = source_example()
        return pd.DataFrame({"label": y, "p": p[:, 1]})
    if name in ("overconfident", "calibrated"):
        y, p = synthetic_predictions(name)
        frame = pd.DataFrame(p, columns=[f"p_{a}" for a in ANIMALS])
        frame.insert(0, "label", [ANIMALS[i] for i in y])
        return frame
    raise KeyError(f"no sample named {name!r}; choose one of {', '.join(SAMPLES)}")


def sample_csv(name: str) -> bytes:
    """The sample as CSV bytes (floats written at full precision, so rows sum to 1)."""
    return sample_frame(name).to_csv(index=False, lineterminator="\n").encode("utf-8")
