r"""The registry of losses: name -> :class:`LossEntry`, in the order they were registered.

:data:`LOSS_REGISTRY` is the one list of the losses the core knows. Training's
``LOSSES`` and :class:`~xentcore.training.LossSpec`, and any page that lists losses,
read it; :func:`register_loss` adds an entry (``xentcore/registry/entries.py`` registers
the built-in ones).
"""

from __future__ import annotations

from .._validation import InputError, check_one_of
from .entry import LossEntry

__all__ = ["LOSS_REGISTRY", "loss_entry", "loss_names", "register_loss"]

#: Every registered loss by name, in registration order (the order pages list them).
LOSS_REGISTRY: dict[str, LossEntry] = {}


def register_loss(entry: LossEntry) -> LossEntry:
    r"""Add a loss to :data:`LOSS_REGISTRY` (and so to every list of losses).

    The entry gives :math:`L(z, y)` and :math:`\partial L / \partial z`; see
    :class:`LossEntry` for the functions it carries.

    Parameters
    ----------
    entry : LossEntry
        A loss whose name is not registered yet.

    Returns
    -------
    LossEntry
        The entry, unchanged.

    Raises
    ------
    ValueError
        If a loss of that name is registered already.

    Examples
    --------
    >>> entry = loss_entry("focal")
    >>> register_loss(entry)
    Traceback (most recent call last):
    ...
    xentcore._validation.InputError: a loss called 'focal' is registered already
    """
    if entry.name in LOSS_REGISTRY:
        raise InputError(f"a loss called {entry.name!r} is registered already")
    LOSS_REGISTRY[entry.name] = entry
    return entry


def loss_names() -> tuple[str, ...]:
    r"""The names of the registered losses, in registration order.

    Each names a loss :math:`L(z, y)` of logits and class targets.

    Examples
    --------
    >>> loss_names()[:2]
    ('cross_entropy', 'squared_error')
    """
    return tuple(LOSS_REGISTRY)


def loss_entry(name: str) -> LossEntry:
    r"""The registered loss called ``name``.

    .. math:: \text{name} \mapsto \big(L(z, y),\ \partial L / \partial z\big)

    Parameters
    ----------
    name : str
        One of :func:`loss_names`.

    Returns
    -------
    LossEntry

    Raises
    ------
    ValueError
        For a name that is not registered (the message lists the names).

    Examples
    --------
    >>> e = loss_entry("focal")
    >>> e.label, e.param_names
    ('Focal loss', ('gamma',))
    >>> round(e.loss([[0.0, 0.0]], [0], gamma=2.0), 6)  # 0.5² · ln 2
    0.173287
    """
    return LOSS_REGISTRY[check_one_of(name, "loss", loss_names())]
