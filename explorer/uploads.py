"""Moved: uploads now live in :mod:`explorer.predictions.uploads`.

Only :func:`neutralise` is still imported from here (by the Distributions page); the
lead points that import at :mod:`explorer.predictions.uploads.export` when merging.
"""

from explorer.predictions.uploads.export import neutralise

__all__ = ["neutralise"]
