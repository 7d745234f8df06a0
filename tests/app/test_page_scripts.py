"""Every page script imports ``explorer`` first (see explorer/__init__.py).

Forty sessions opening pages at once imported the libraries concurrently and some got a
"partially initialized module" exception; a bare ``import explorer`` first loads them
once, under Python's import lock, whichever page a session opens.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from explorer.sidebar import linked_pages

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted({"app.py", *(p.path for p in linked_pages())})


def first_import(path: Path) -> str:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            return "import " + ", ".join(a.name for a in node.names)
        if isinstance(node, ast.ImportFrom):
            return f"from {node.module} import ..."
    return ""


def test_every_page_of_the_navigation_is_checked():
    assert len(SCRIPTS) == len(list((ROOT / "pages").glob("*.py"))) + 1


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_first_import_is_the_bare_explorer_package(script):
    assert first_import(ROOT / script) == "import explorer"
