"""The Training page's inputs: its URL parameters, its three boxes of controls and the
training buttons, read into one :class:`Controls` of checked, plain values."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import NamedTuple

import streamlit as st

from explorer.state import BadParam, Param, choice, integer, number
from explorer.training.wording import (
    DATASET_LABELS,
    LIMIT_NOTE,
    LOSS_LABELS,
    MAX_HIDDEN,
    MAX_PAGE_POINTS,
    MAX_PAGE_STEPS,
    MIN_PAGE_POINTS,
    MODEL_LABELS,
    NO_COMPARISON,
    SECTIONS,
    URL_INT,
    clamp_count,
    learning_rate_problem,
    parse_beta,
    steps_notes,
    weights_url_problem,
    whole_number_fix,
)
from xentcore.registry import LOSS_REGISTRY, LossParam, loss_entry, loss_names
from xentcore.training import DATASETS, MODELS, ModelSpec

__all__ = ["EXTRA_KEYS", "PARAMS", "REPLAY", "REPLAY_END", "Controls", "latest_runs", "read"]

#: The latest run per setting (without the step count), to continue from on "Step once".
_LATEST = "_train_latest"
_LIMIT_HIT = "_train_limit_hit"
REPLAY = "train_replay"
REPLAY_END = "_train_replay_end"
#: Session keys the page owns besides its params: "Reset this page" clears them.
EXTRA_KEYS = (_LIMIT_HIT, REPLAY, REPLAY_END)
#: How the page draws the settings of the registered losses (xentcore.registry): the
#: session/URL key, and for a number its slider's range and step on this page. A setting
#: not listed here (a newly registered loss) gets ``train_<name>`` and a slider over the
#: range its LossParam declares, so a new loss needs no change on this page.
_SETTING_WIDGETS: dict[str, tuple[str, float | None, float | None, float | None]] = {
    "class_weights": ("train_weights", None, None, None),
    "smoothing": ("train_smoothing", 0.0, 1.0, 0.05),
    "gamma": ("train_gamma", 0.0, 10.0, 0.5),
}


def _settings() -> dict[str, LossParam]:
    """Every setting of every registered loss, by name (the first loss to declare it wins)."""
    found: dict[str, LossParam] = {}
    for entry in LOSS_REGISTRY.values():
        for param in entry.params:
            found.setdefault(param.name, param)
    return found


def setting_key(name: str) -> str:
    """The session (and URL) key of a loss setting."""
    return _SETTING_WIDGETS.get(name, (f"train_{name}",))[0]


def _slider_range(param: LossParam) -> tuple[float, float, float]:
    _, lo, hi, step = _SETTING_WIDGETS.get(param.name, (None, None, None, None))
    lo = param.low if lo is None else lo
    hi = param.high if hi is None else hi
    return float(lo), float(hi), float(step if step is not None else (hi - lo) / 20)


def _setting_param(param: LossParam) -> Param:
    if param.kind == "class_weights":
        return _text_param(
            setting_key(param.name), "balanced", weights_url_problem,
            "balanced, or weights >= 0 like 1,2,1",
        )  # fmt: skip
    lo, hi, _ = _slider_range(param)
    return number(setting_key(param.name), param.default, lo, hi)


def _text_param(key: str, default: str, check, expects: str) -> Param:
    """A free-text input kept as text (the widget holds a string); ``check`` vets URL values."""

    def parse(text: str) -> str:
        message = check(text)
        if message is not None:
            raise BadParam(message)
        return text

    return Param(key, default, parse, expects, str)


def _whole(key: str, default: int, expects: str) -> Param:
    """A whole number parsed in a wide range: the page itself clamps or refuses it with a
    message naming the field (a huge step count is clamped, not dropped)."""
    return Param(key, default, integer(key, default, -URL_INT, URL_INT).parse, expects, str)


PARAMS: list[Param] = [
    choice("train_data", "moons", DATASETS),
    integer("train_classes", 3, 2, 8),
    number("train_noise", 0.2, 0.0, 1.0),
    number("train_imbalance", 0.0, 0.0, 1.0),
    _whole("train_seed", 0, "a whole number from 0 up"),
    _whole("train_points", 300, f"a whole number from {MIN_PAGE_POINTS} to {MAX_PAGE_POINTS:,}"),
    choice("train_model", "hidden_layer", MODELS),
    integer("train_hidden", 16, 1, MAX_HIDDEN),
    choice("train_activation", "tanh", ("tanh", "relu")),
    choice("train_loss", "cross_entropy", loss_names()),
    choice("train_compare", "squared_error", (NO_COMPARISON, *loss_names())),
    *(_setting_param(param) for param in _settings().values()),
    Param("train_lr", 1.0, number("train_lr", 1.0, -1e308, 1e308).parse, "a positive number"),
    _whole("train_n", 200, f"a whole number from 1 to {MAX_PAGE_STEPS:,}"),
    _whole("train_steps", 200, f"a whole number from 0 to {MAX_PAGE_STEPS:,}"),
    _text_param(
        "train_beta", "0.5, -1, 2", lambda text: parse_beta(text)[1], "three numbers like 0.5,-1,2"
    ),
    choice("train_section", SECTIONS[0], SECTIONS),
]


@dataclass(frozen=True)
class Controls:
    """What the controls say, checked: ``None`` where an input was refused."""

    data_key: tuple | None  # make_dataset's arguments
    model: ModelSpec
    runs: tuple[tuple[str, str], ...]  # (which, loss name)
    #: Each loss setting as the page holds it (class weights as the typed text).
    settings: tuple[tuple[str, object], ...]
    lr: float | None
    steps: int
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


class _Data(NamedTuple):
    kind: str
    noise: float
    classes: int
    imbalance: float
    points: float | None
    seed: float | None


class _Loss(NamedTuple):
    loss: str
    compare: str
    settings: tuple[tuple[str, object], ...]


def latest_runs() -> MutableMapping:
    """This session's latest runs, by setting without the step count (to continue from)."""
    return st.session_state.setdefault(_LATEST, {})


def _steps_now() -> int:
    value = st.session_state.get("train_steps", 0)
    return max(0, min(int(value), MAX_PAGE_STEPS))


def _advance(by: int | None) -> None:
    """Button callback: train one more step, or N more (before the widgets are drawn)."""
    ss = st.session_state
    if by is None:
        n = ss.get("train_n")
        if n is None or int(n) < 1:
            return  # the page shows what is wrong with N
        by = min(int(n), MAX_PAGE_STEPS)
    target = _steps_now() + by
    ss[_LIMIT_HIT] = target > MAX_PAGE_STEPS
    ss["train_steps"] = min(target, MAX_PAGE_STEPS)


def _restart() -> None:
    st.session_state["train_steps"] = 0
    st.session_state[_LIMIT_HIT] = False


def _data_box() -> _Data:
    st.subheader("Data", anchor=False)
    kind = st.selectbox(
        "Dataset",
        DATASETS,
        format_func=DATASET_LABELS.get,
        key="train_data",
        help="Moons always has 2 classes; Blobs and Spirals ask for the number of classes K.",
    )
    noise = st.slider("Noise (standard deviation)", 0.0, 1.0, step=0.05, key="train_noise")
    classes = st.session_state["train_classes"]
    if kind != "moons":  # (persist_state keeps K, and the link, while Moons is chosen)
        classes = st.slider("Classes K", 2, 8, key="train_classes", persist_state="session")
    imbalance = st.slider(
        "Class imbalance",
        0.0,
        1.0,
        step=0.05,
        key="train_imbalance",
        help="The last class gets (1 − imbalance) times the points of the first, the "
        "others in between; 1 leaves the last class empty.",
    )
    # Side by side in a horizontal container: cheaper to draw than st.columns.
    with st.container(horizontal=True, gap="small"):
        points = st.number_input(
            "Points", step=50, key="train_points", help="From 10 to 2,000 points."
        )
        seed = st.number_input(
            "Seed", step=1, key="train_seed", help="Draws the data and the starting weights."
        )
    return _Data(kind, noise, classes, imbalance, points, seed)


def _model_box() -> tuple[ModelSpec, float | None]:
    st.subheader("Model", anchor=False)
    model_kind = st.radio("Model", MODELS, format_func=MODEL_LABELS.get, key="train_model")
    hidden_on = model_kind == "hidden_layer"
    hidden = st.slider("Hidden units", 1, MAX_HIDDEN, key="train_hidden", disabled=not hidden_on)
    activation = st.radio(
        "Activation",
        ("tanh", "relu"),
        key="train_activation",
        horizontal=True,
        disabled=not hidden_on,
    )
    lr = st.number_input(
        "Learning rate η",
        step=0.1,
        format="%g",
        key="train_lr",
        help="The size of each gradient step: θ ← θ − η ∇L.",
    )
    model = ModelSpec("hidden_layer", int(hidden), activation) if hidden_on else ModelSpec()
    return model, lr


def _loss_box() -> _Loss:
    st.subheader("Loss", anchor=False)
    names = loss_names()
    loss = st.selectbox("Run A's loss", names, format_func=LOSS_LABELS.get, key="train_loss")
    compare = st.selectbox(
        "Run B's loss (same data, same start)",
        (NO_COMPARISON, *names),
        format_func=lambda name: "no run B" if name == NO_COMPARISON else LOSS_LABELS[name],
        key="train_compare",
    )
    # A loss's own settings appear while a run uses that loss (persist_state keeps
    # their values, and the link, while they are hidden).
    ss = st.session_state
    used = [name for name in names if name in (loss, compare)]
    shown: set[str] = set()
    for name in used:
        for param in loss_entry(name).params:
            if param.name not in shown:
                shown.add(param.name)
                _setting_widget(param)
    if not shown:
        with_settings = [e.label for e in LOSS_REGISTRY.values() if e.params]
        st.caption(
            f"{_joined(with_settings)} each add their own setting here when a run uses them."
        )
    settings = tuple((name, ss[setting_key(name)]) for name in _settings())
    return _Loss(loss, compare, settings)


def _joined(labels: list[str]) -> str:
    """ "A, b and c", the first capitalised as it is, the others in lower case."""
    words = [labels[0], *(label[0].lower() + label[1:] for label in labels[1:])]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _setting_widget(param: LossParam) -> None:
    key = setting_key(param.name)
    if param.kind == "class_weights":
        st.text_input(
            "Class weights", key=key, persist_state="session",
            help="For the weighted cross-entropy: one weight per class, comma-separated, "
            "or 'balanced' for N / (K · class count).",
        )  # fmt: skip
        return
    lo, hi, step = _slider_range(param)
    # The page's own settings keep their look; a new loss's slider explains itself.
    help_text = None if param.name in _SETTING_WIDGETS else (param.help or None)
    st.slider(param.label, lo, hi, step=step, key=key, persist_state="session", help=help_text)


def _data_key(data: _Data, errors: list[str], warnings: list[str]) -> tuple | None:
    """make_dataset's arguments, or None when the points or the seed are refused."""
    fix = whole_number_fix(MIN_PAGE_POINTS, MAX_PAGE_POINTS)
    n_points = clamp_count(data.points, "Points", MIN_PAGE_POINTS, MAX_PAGE_POINTS, fix)
    seed = clamp_count(data.seed, "Seed", 0, URL_INT, whole_number_fix(0))
    for c in (n_points, seed):
        if c.message:
            (errors if c.is_error else warnings).append(c.message)
    if n_points.value is None or seed.value is None:
        return None
    k = 2 if data.kind == "moons" else int(data.classes)
    return (data.kind, n_points.value, k, float(data.noise), float(data.imbalance), seed.value)


def read() -> Controls:
    """The three boxes of controls (data, model, loss) and the training buttons."""
    data_col, model_col, loss_col = st.columns(3, gap="medium", border=True)
    with data_col:
        data = _data_box()
    with model_col:
        model, lr = _model_box()
    with loss_col:
        loss = _loss_box()
    errors: list[str] = []
    warnings: list[str] = []
    data_key = _data_key(data, errors, warnings)
    lr_problem = learning_rate_problem(lr)
    if lr_problem is not None:
        errors.append(lr_problem)
    runs = [("A", loss.loss)] + ([("B", loss.compare)] if loss.compare != NO_COMPARISON else [])
    steps = _buttons(warnings, errors)
    return Controls(
        data_key,
        model,
        tuple(runs),
        loss.settings,
        None if lr_problem is not None else float(lr),
        steps,
        tuple(errors),
        tuple(warnings),
    )


def _buttons(warnings: list[str], errors: list[str]) -> int:
    """Step once / Train N steps / Back to step 0, and how many steps are trained."""
    warnings += steps_notes(int(st.session_state.get("train_steps", 0)))
    steps = _steps_now()
    row = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
    n_raw = row.number_input(
        "N, steps per click",
        step=100,
        key="train_n",
        width=170,
        help=f"1 to {MAX_PAGE_STEPS:,}.",
    )
    n = clamp_count(
        n_raw, "N, steps per click", 1, MAX_PAGE_STEPS, whole_number_fix(1, MAX_PAGE_STEPS)
    )
    if n.message:
        (errors if n.is_error else warnings).append(n.message)
    row.button(
        "Step once",
        key="train_step_once",
        on_click=_advance,
        args=(1,),
        icon=":material/skip_next:",
        width="stretch",
    )
    row.button(
        f"Train {n.value:,} steps" if n.value else "Train N steps",
        key="train_go",
        on_click=_advance,
        args=(None,),
        type="primary",
        icon=":material/fast_forward:",
        disabled=n.value is None,
        width="stretch",
    )
    row.button(
        "Back to step 0",
        key="train_restart",
        on_click=_restart,
        icon=":material/replay:",
        width="stretch",
    )
    row.metric("Steps trained", f"{steps:,}", width="content")
    if st.session_state.get(_LIMIT_HIT) and steps == MAX_PAGE_STEPS:
        warnings.append(LIMIT_NOTE)
    return steps
