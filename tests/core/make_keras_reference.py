"""Record Keras reference values for xentcore's Keras conventions.

Run with Keras 3 on the TensorFlow backend (the one ``xentcore.conventions`` follows)::

    pip install keras tensorflow-cpu      # in a separate environment; not a requirement
    KERAS_BACKEND=tensorflow python tests/core/make_keras_reference.py

It evaluates deterministic cases (``numpy.random.default_rng`` with fixed seeds) with
Keras in float64 and writes inputs and outputs to ``tests/core/data/keras_reference.json``,
which ``test_keras_parity.py`` replays without Keras (CI does not install it). Arrays are
encoded as in ``make_torch_reference.py``. Each case names a replay in
``test_keras_parity.REPLAYS`` (the xentcore call that must give the same numbers):

* ``categorical`` / ``sparse`` / ``binary``: the per-sample ``keras.losses`` functions;
* ``*_reduced``: a ``keras.losses`` Loss object with a reduction and sample weights
  (and ``ignore_class`` for the sparse one);
* ``fit_class_weight``: the loss ``Model.fit(class_weight=...)`` reports for one batch
  with a learning rate of 0, against ``framework_reductions(...).keras``.

The file also records what ``fit`` says when given ``class_weight`` and ``sample_weight``
together (it refuses), which the Your predictions page tells its users.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
from make_torch_reference import enc

OUT = Path(__file__).resolve().parent / "data" / "keras_reference.json"


def main() -> None:
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras  # noqa: PLC0415 (only this script needs Keras)

    keras.config.set_floatx("float64")
    if keras.backend.backend() != "tensorflow":
        raise SystemExit("record with KERAS_BACKEND=tensorflow: xentcore follows that backend")

    def k(value) -> np.ndarray:
        return np.asarray(keras.ops.convert_to_numpy(value), dtype=np.float64)

    cases: list[dict] = []

    def add(case_id: str, replay: str, args: list, kwargs: dict, expected) -> None:
        assert case_id not in {c["id"] for c in cases}, case_id
        cases.append(
            {
                "id": case_id,
                "replay": replay,
                "args": [enc(a) for a in args],
                "kwargs": {
                    key: enc(v) if isinstance(v, np.ndarray) else v for key, v in kwargs.items()
                },
                "expected": enc(expected),
            }
        )

    rng = np.random.default_rng(20261122)
    n, c = 7, 4
    labels = rng.integers(0, c, n)
    one_hot = np.eye(c)[labels]
    soft = rng.random((n, c))
    soft /= soft.sum(1, keepdims=True)
    probs = rng.random((n, c)) + 0.01
    probs /= probs.sum(1, keepdims=True)
    edgy = probs.copy()
    edgy[0] = [0.0, 0.0, 1.0, 0.0]  # zeros and an exact 1
    edgy[1] = np.eye(c)[labels[1]][::-1]  # the true class gets 0 (when not the mirror)
    edgy[2] *= 2.0  # a row summing to 2: Keras divides by the sum first
    edgy[3] *= 0.5
    weights = rng.random(n)
    weights[4] = 0.0

    # Per-sample categorical cross-entropy, from probabilities and from logits.
    for name, pred in (("random", probs), ("zeros-and-unnormalised", edgy)):
        for target_name, target in (("one-hot", one_hot), ("soft", soft)):
            for eps in (0.0, 0.1):
                add(
                    f"categorical-probs-{name}-{target_name}-eps{eps}",
                    "categorical",
                    [target, pred],
                    {"label_smoothing": eps},
                    k(keras.losses.categorical_crossentropy(target, pred, label_smoothing=eps)),
                )
    for scale in (1.0, 10.0, 1000.0):
        z = rng.standard_normal((n, c)) * scale
        for eps in (0.0, 0.2):
            add(
                f"categorical-logits-x{scale:g}-eps{eps}",
                "categorical",
                [one_hot, z],
                {"from_logits": True, "label_smoothing": eps},
                k(
                    keras.losses.categorical_crossentropy(
                        one_hot, z, from_logits=True, label_smoothing=eps
                    )
                ),
            )

    # Sparse: class indices; from probabilities Keras clips, then renormalises.
    edgy_norm = edgy / edgy.sum(1, keepdims=True)
    for name, pred in (("random", probs), ("zeros", edgy_norm)):
        add(
            f"sparse-probs-{name}",
            "sparse",
            [labels, pred],
            {},
            k(keras.losses.sparse_categorical_crossentropy(labels, pred)),
        )
    for scale in (1.0, 1000.0):
        z = rng.standard_normal((n, c)) * scale
        add(
            f"sparse-logits-x{scale:g}",
            "sparse",
            [labels, z],
            {"from_logits": True},
            k(keras.losses.sparse_categorical_crossentropy(labels, z, from_logits=True)),
        )

    # Binary: element losses averaged over the last axis.
    t = rng.integers(0, 2, (n, 3)).astype(np.float64)
    pb = rng.random((n, 3))
    pb[0] = [0.0, 1.0, 0.5]  # log 0 on both sides, clipped
    pb[1] = [1.0, 0.0, 1e-9]
    for eps in (0.0, 0.1):
        add(
            f"binary-probs-eps{eps}",
            "binary",
            [t, pb],
            {"label_smoothing": eps},
            k(keras.losses.binary_crossentropy(t, pb, label_smoothing=eps)),
        )
        zb = rng.standard_normal((n, 3)) * 1000
        add(
            f"binary-logits-x1000-eps{eps}",
            "binary",
            [t, zb],
            {"from_logits": True, "label_smoothing": eps},
            k(keras.losses.binary_crossentropy(t, zb, from_logits=True, label_smoothing=eps)),
        )

    # Loss objects: the reduction and sample weights.
    for reduction in ("sum_over_batch_size", "sum", "mean_with_sample_weight"):
        loss = keras.losses.CategoricalCrossentropy(reduction=reduction)
        add(
            f"categorical-reduced-{reduction}",
            "categorical_reduced",
            [one_hot, edgy, weights],
            {"reduction": reduction},
            k(loss(one_hot, edgy, sample_weight=weights)),
        )
        loss = keras.losses.BinaryCrossentropy(reduction=reduction)
        add(
            f"binary-reduced-{reduction}",
            "binary_reduced",
            [t, pb, weights],
            {"reduction": reduction},
            k(loss(t, pb, sample_weight=weights)),
        )
    ignored = int(labels[0])
    loss = keras.losses.SparseCategoricalCrossentropy(ignore_class=ignored)
    add(
        "sparse-reduced-ignore-class",
        "sparse_reduced",
        [labels, probs],
        {"ignore_class": ignored},
        k(loss(labels, probs)),
    )

    # Model.fit(class_weight=...): one batch, learning rate 0, so the reported loss is the
    # loss of the inputs themselves (an identity layer passes them through).
    class_weight = np.array([1.0, 3.0, 0.5, 2.0])
    for kind in ("probabilities", "logits"):
        for eps in (0.0, 0.1) if kind == "logits" else (0.0,):
            x = rng.standard_normal((n, c)) * 3
            inp = keras.Input((c,))
            out = keras.layers.Dense(
                c,
                use_bias=False,
                kernel_initializer="identity",
                activation="softmax" if kind == "probabilities" else None,
            )(inp)
            model = keras.Model(inp, out)
            model.compile(
                optimizer=keras.optimizers.SGD(learning_rate=0.0),
                loss=keras.losses.CategoricalCrossentropy(
                    from_logits=kind == "logits", label_smoothing=eps
                ),
            )
            history = model.fit(
                x,
                one_hot,
                class_weight=dict(enumerate(class_weight.tolist())),
                batch_size=n,
                epochs=1,
                shuffle=False,
                verbose=0,
            )
            scores = k(model(x))  # the probabilities (or logits) the loss saw
            add(
                f"fit-class-weight-{kind}-eps{eps}",
                "fit_class_weight",
                [scores, labels, class_weight],
                {"kind": kind, "label_smoothing": eps},
                np.float64(history.history["loss"][0]),
            )

    try:
        model.fit(x, one_hot, class_weight={0: 2.0}, sample_weight=weights, verbose=0)
        refusal = None
    except ValueError as err:
        refusal = str(err)

    OUT.write_text(
        json.dumps(
            {
                "format": 1,
                "keras_version": keras.__version__,
                "backend": keras.backend.backend(),
                "numpy_version": np.__version__,
                "fit_with_class_weight_and_sample_weight": refusal,
                "cases": cases,
            },
            indent=1,
        )
        + "\n"
    )
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
