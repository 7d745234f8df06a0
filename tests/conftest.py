"""Settings for the whole test suite.

Hypothesis writes nothing into the working tree: no example database, and its other
files (a cache of constants it found in the code) go to the system's temporary folder,
not to ``.hypothesis/``. Every run starts from the same place and a clean clone stays clean.
"""

import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "cross-entropy-explorer-hypothesis")
settings.register_profile("explorer", database=None)
settings.load_profile("explorer")
