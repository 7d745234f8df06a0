"""The presentation layer: one package per page, and one of each job they share.

Nothing here computes an information measure; that is xentcore's job.

The heavy libraries and the whole core are imported here, once, before any page module.
Streamlit runs each session's script in a thread of its own, so a class opening a fresh
server at once imports them from many threads together, and modules with import cycles
(pandas, plotly, xentcore's own packages) then hand some threads a half-initialised module
("partially initialized module 'pandas' has no attribute 'Series'": found by 10 simulated
users in tests/e2e/test_load_slow.py). Every page script's first import is a bare
``import explorer``: Python lets one thread run this file, and a thread that finds it
still running waits for it. (``from explorer.x import y`` alone would not wait: Python
only waits for the module it imports, not for a parent that is already half there.)
"""

import numpy  # noqa: F401
import pandas  # noqa: F401
import plotly.graph_objects  # noqa: F401
import plotly.io  # noqa: F401
import streamlit  # noqa: F401

import xentcore  # noqa: F401
