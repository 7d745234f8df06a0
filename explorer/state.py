"""Shareable page state: each page's main inputs live in the URL query parameters.

A page declares its inputs as :class:`Param` objects and wraps them in a
:class:`PageState`. Then, on every run::

    state = PageState("softmax", [number("temperature", 1.0, 0.05, 10.0), ...],
                      presets=presets_for("softmax"))
    notices = state.enter()          # 1. seeds st.session_state (URL > session > default)
    t = st.slider("Temperature", 0.05, 10.0, key="temperature")   # widgets: key only, no value=
    ...
    state.sync_url()                 # last: the URL now holds every non-default value

Why not Streamlit's ``bind="query-params"``: it drops a malformed URL value silently,
and the explorer must say so ("a garbage URL parameter falls back to the default with
a notice"). Here every value is parsed by the page's own rules, and a bad one yields
a notice naming the parameter, what was wrong and the value used instead.

The URL is read when the user *enters* the page (a fresh link, a reload, or arriving
from another page), never in the middle of a visit, so it cannot fight the widgets.
Widgets must be created with ``key=param.key`` and without ``value=``: their value comes
from ``st.session_state``, which is also how presets and "reset this page" change them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from explorer.parsing import InputProblem, ListRules, ListWording, parse_number_list

__all__ = [
    "MAX_PARAM_CHARS",
    "Param",
    "PageState",
    "choice",
    "flag",
    "integer",
    "names",
    "number",
    "numbers",
    "parse_url",
    "same_value",
    "url_value",
    "GLOBAL_PARAMS",
    "HIDE",
    "PRESENT",
    "UNIT",
    "controls",
]

#: Longer URL values are refused outright (a 5,000-character parameter is hostile).
MAX_PARAM_CHARS = 2000
#: The session key that remembers which page ran last (to detect entering a page).
_CURRENT_PAGE = "_explorer_current_page"


class BadParam(InputProblem):
    """A URL value that does not parse; the message says what a good one looks like."""


#: How a list in a link is described when it is refused: the notice that quotes it names
#: the parameter, so the wording starts at the value ("value 2 ('abc') is not a number").
URL_LIST_WORDING = ListWording(
    field="",
    fix="",
    count="has {count} values, not {min_len} to {max_len}",
    empty="has 0 values, not {min_len} to {max_len}",
    blank="value {i} ('') is not a number",
    not_a_number="value {i} ({cut!r}) is not a number",
    not_finite="value {i} ({cut!r}) is not a finite number",
    below="value {i} ({value:g}) is outside [{lo:g}, {hi:g}]",
    above="value {i} ({value:g}) is outside [{lo:g}, {hi:g}]",
)


@dataclass(frozen=True)
class Param:
    """One URL-bound input: its session key (= URL name), default and parser."""

    key: str
    default: Any
    parse: Callable[[str], Any]
    #: What a valid value looks like, for the notice ("a number from 0.05 to 10").
    expects: str
    to_url: Callable[[Any], str] = str
    #: The name in the URL when it is not the session key (``?step=5`` for the session's
    #: ``lesson_step``: session keys are shared by every page, URL names only by one).
    url: str = ""

    @property
    def url_name(self) -> str:
        return self.url or self.key


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise BadParam("not a number") from None
    if not math.isfinite(value):
        raise BadParam("not a finite number")
    return value


def _fmt(x: float) -> str:
    return repr(float(x)) if not float(x).is_integer() else str(int(x))


def number(key: str, default: float, lo: float, hi: float) -> Param:
    """A float in [lo, hi]."""

    def parse(text: str) -> float:
        value = _float(text)
        if not lo <= value <= hi:
            raise BadParam(f"{value:g} is outside [{lo:g}, {hi:g}]")
        return value

    return Param(key, float(default), parse, f"a number from {lo:g} to {hi:g}", _fmt)


def integer(key: str, default: int, lo: int, hi: int) -> Param:
    """An int in [lo, hi]."""

    def parse(text: str) -> int:
        value = _float(text)
        if not value.is_integer():
            raise BadParam("not a whole number")
        if not lo <= value <= hi:
            raise BadParam(f"{value:.15g} is outside [{lo}, {hi}]")
        return int(value)

    return Param(key, int(default), parse, f"a whole number from {lo} to {hi}", str)


def choice(key: str, default: str, options: Sequence[str]) -> Param:
    """One of ``options`` (exact spelling)."""
    opts = list(options)

    def parse(text: str) -> str:
        if text not in opts:
            raise BadParam("not one of the choices")
        return text

    return Param(key, default, parse, "one of " + ", ".join(opts), str)


def flag(key: str, default: bool) -> Param:
    """A boolean written as 1/0 (true/false accepted)."""

    def parse(text: str) -> bool:
        low = text.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise BadParam("not 1 or 0")

    return Param(key, bool(default), parse, "1 or 0", lambda b: "1" if b else "0")


def numbers(
    key: str,
    default: Sequence[float],
    *,
    min_len: int = 1,
    max_len: int = 50,
    lo: float = -math.inf,
    hi: float = math.inf,
) -> Param:
    """A comma-separated list of numbers, e.g. ``p=0.1,0.4,0.5``."""

    # Commas only, and an empty piece is a bad value: the URL is written by the app.
    rules = ListRules(
        min_len, max_len, lo, hi, max_chars=MAX_PARAM_CHARS, separators=",", skip_blank=False
    )

    def parse(text: str) -> list[float]:
        try:
            return parse_number_list(text, rules, URL_LIST_WORDING)
        except InputProblem as err:
            raise BadParam(str(err)) from None

    span = f"{min_len} to {max_len} comma-separated numbers"
    if math.isfinite(lo) or math.isfinite(hi):
        span += f" in [{lo:g}, {hi:g}]"
    return Param(key, [float(v) for v in default], parse, span, lambda v: ",".join(map(_fmt, v)))


def names(
    key: str, default: Sequence[str], *, min_len: int = 1, max_len: int = 50, max_chars: int = 40
) -> Param:
    """A comma-separated list of short labels (class names), e.g. ``names=red,green,blue``."""

    def parse(text: str) -> list[str]:
        parts = [s.strip() for s in text.split(",")]
        if not min_len <= len(parts) <= max_len:
            raise BadParam(f"has {len(parts)} names, not {min_len} to {max_len}")
        if any(not p for p in parts):
            raise BadParam("has an empty name")
        if any(len(p) > max_chars for p in parts):
            raise BadParam(f"has a name longer than {max_chars} characters")
        return parts

    return Param(
        key,
        list(default),
        parse,
        f"{min_len} to {max_len} comma-separated names of at most {max_chars} characters",
        lambda v: ",".join(v),
    )


def url_value(param: Param, value: Any) -> str:
    """How ``value`` is written into the URL."""
    return param.to_url(value)


def parse_url(
    params: Iterable[Param], query: Mapping[str, str]
) -> tuple[dict[str, Any], list[str]]:
    """Parse the URL values of ``params`` found in ``query``.

    Returns the good values by key and one notice per bad value (which then falls back
    to the default). Pure: no Streamlit, so it is tested directly.

    >>> p = number("temperature", 1.0, 0.05, 10.0)
    >>> parse_url([p], {"temperature": "2.5"})
    ({'temperature': 2.5}, [])
    >>> print(parse_url([p], {"temperature": "abc"})[1][0][:60])
    The link's temperature='abc' was not used: not a number (exp
    """
    good: dict[str, Any] = {}
    notices: list[str] = []
    for param in params:
        if param.url_name not in query:
            continue
        raw = query[param.url_name]
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        try:
            if len(raw) > MAX_PARAM_CHARS:
                raise BadParam(f"it is {len(raw):,} characters long (at most {MAX_PARAM_CHARS:,})")
            good[param.key] = param.parse(raw)
        except BadParam as err:
            default = param.default
            default_text = (url_value(param, default) if default is not None else "") or "none"
            notices.append(
                f"The link's {param.url_name}={shown!r} was not used: {err} "
                f"(expected {param.expects}); "
                f"using the default {default_text}."
            )
    return good, notices


#: The unit is global (the sidebar's radio, kept across pages) but rides in every page's
#: URL so a shared link opens in the same unit. "Reset this page" leaves it alone.
UNIT = choice("unit", "bits", ["bits", "nats", "hartleys"])

_CONTROL_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


def controls(key: str, *, max_len: int = 30) -> Param:
    """A comma-separated list of control names (URL parameter names), e.g. ``t,eps``."""

    def parse(text: str) -> list[str]:
        parts = [s.strip() for s in text.split(",") if s.strip()]
        if len(parts) > max_len:
            raise BadParam(f"names {len(parts)} controls, at most {max_len}")
        for part in parts:
            if not _CONTROL_NAME.fullmatch(part):
                raise BadParam(f"{part[:20]!r} is not a control name")
        return list(dict.fromkeys(parts))

    expects = "comma-separated control names such as temperature,eps"
    return Param(key, [], parse, expects, lambda names: ",".join(names))


#: Presenter view (large type, sidebar folded, secondary controls hidden): global like
#: the unit, so ``?present=1`` opens any page ready for a projector.
PRESENT = flag("present", False)
#: Controls a teacher hid from a shared link (TensorFlow Playground's idea): any page,
#: ``?hide=logits,eps`` draws the page without those inputs (their values still apply).
HIDE = controls("hide")
#: Kept from page to page and in every page's URL; "Reset this page" leaves them alone.
GLOBAL_PARAMS = (UNIT, PRESENT, HIDE)


@dataclass
class PageState:
    """The URL-bound inputs of one page; see the module docstring for the protocol."""

    page: str
    params: list[Param]
    #: Preset name -> {param key: value}; ``?preset=NAME`` in the URL applies one.
    presets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: Extra session keys the page owns (e.g. a data_editor's key) that reset clears.
    extra_keys: Sequence[str] = ()

    @property
    def keys(self) -> list[str]:
        return [p.key for p in self.params]

    @property
    def _all_params(self) -> list[Param]:
        return [*self.params, *GLOBAL_PARAMS]

    def _param(self, key: str) -> Param:
        for p in self.params:
            if p.key == key:
                return p
        raise KeyError(key)

    @property
    def entering(self) -> bool:
        """Whether this run enters the page: a fresh link, a reload, or arriving from
        another page. Read it before :meth:`enter`, which marks the page as entered."""
        return st.session_state.get(_CURRENT_PAGE) != self.page

    def enter(self) -> list[str]:
        """Seed ``st.session_state`` for this run; return notices about bad URL values.

        On entering the page, URL values (validated) win; during a visit the session
        holds the truth. Keys never set get their default.
        """
        notices: list[str] = []
        ss = st.session_state
        entering = self.entering
        ss[_CURRENT_PAGE] = self.page
        if entering:
            query = {k: st.query_params[k] for k in st.query_params}
            preset = query.get("preset")
            if preset is not None:
                if preset in self.presets:
                    self._set(self.presets[preset])
                else:
                    shown = preset if len(preset) <= 40 else preset[:37] + "..."
                    notices.append(
                        f"The link's preset={shown!r} is not a preset of this page "
                        f"(choose one of {', '.join(self.presets) or 'none'}); "
                        "showing the defaults."
                    )
            good, bad = parse_url(self._all_params, query)
            notices += bad
            self._set(good)
            # Session keys are shared by all pages: a value another page left under the
            # same key (or any stale value) must pass this page's own rules, else default.
            for p in self.params:
                if p.key in ss and p.key not in good and not _valid(p, ss[p.key]):
                    ss[p.key] = _copy(p.default)
        for p in self.params:
            if p.key not in ss:
                ss[p.key] = _copy(p.default)
        return notices

    def _set(self, values: Mapping[str, Any]) -> None:
        for key, value in values.items():
            st.session_state[key] = _copy(value)

    def values(self) -> dict[str, Any]:
        """The current value of every param (after the widgets ran)."""
        return {p.key: st.session_state.get(p.key, p.default) for p in self.params}

    def sync_url(self, current: Mapping[str, Any] | None = None) -> None:
        """Write every non-default value into the URL (and drop the rest)."""
        values = self.values() if current is None else current
        ss = st.session_state
        values = {**{g.key: ss.get(g.key, g.default) for g in GLOBAL_PARAMS}, **values}
        query: dict[str, str] = {}
        for p in self._all_params:
            value = values.get(p.key, p.default)
            if value is None:
                continue
            if same_value(value, p.default):
                continue
            query[p.url_name] = url_value(p, value)
        if st.query_params.to_dict() != query:
            st.query_params.from_dict(query)

    # Callbacks: they run before the widgets are drawn, the one moment Streamlit lets
    # code change a widget's value.
    def reset(self) -> None:
        """Forget every input of the page and clear the URL: back to the defaults."""
        for p in self.params:
            st.session_state[p.key] = _copy(p.default)
        for key in self.extra_keys:
            st.session_state.pop(key, None)
        st.query_params.clear()

    def apply_preset(self, name: str) -> None:
        """Set the inputs of preset ``name`` (others go back to their defaults)."""
        self.reset()
        self._set(self.presets[name])


def _valid(param: Param, value: Any) -> bool:
    """Whether ``value`` is one this param accepts (it survives a trip through the URL)."""
    try:
        return same_value(param.parse(url_value(param, value)), value)
    except (BadParam, TypeError, ValueError, AttributeError):
        return False


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list | tuple) else value


def same_value(a: Any, b: Any, tolerance: float = 0.0) -> bool:
    """Whether two input values are the same: lists element by element, numbers as floats
    (within ``tolerance`` relative to ``max(1, |b|)``), anything else by ``==``.

    >>> same_value([0.1, 2], [0.1, 2.0]), same_value(0.3, 0.1 + 0.2)
    (True, False)
    >>> same_value(0.3, 0.1 + 0.2, tolerance=1e-12), same_value("bits", "nats")
    (True, False)
    """
    if isinstance(a, list | tuple) or isinstance(b, list | tuple):
        try:
            return len(a) == len(b) and all(
                same_value(x, y, tolerance) for x, y in zip(a, b, strict=True)
            )
        except TypeError:
            return False
    if _number(a) or _number(b):
        try:
            return abs(float(a) - float(b)) <= tolerance * max(1.0, abs(float(b)))
        except (TypeError, ValueError):
            return False
    return a == b


def _number(x: Any) -> bool:
    return isinstance(x, float | int) and not isinstance(x, bool)
