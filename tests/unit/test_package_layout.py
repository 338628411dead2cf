"""The package stays readable from its folder listing: small modules, docstring-only subpackage __init__ files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mesadrill"
MAX_LINES = 400  # issue 13: no module over 400 lines; past that a module usually does two jobs

MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_is_where_the_tests_look() -> None:
    assert (PACKAGE / "core" / "model.py").is_file() and len(MODULES) > 100


@pytest.mark.parametrize("module", MODULES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(module: Path) -> None:
    lines = len(module.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module.relative_to(PACKAGE)} has {lines} lines; split it by job"


@pytest.mark.parametrize(
    "init", [path for path in MODULES if path.name == "__init__.py" and path.parent != PACKAGE], ids=str
)
def test_subpackage_init_files_hold_only_a_docstring(init: Path) -> None:
    """Importing one module of a layer must not import the rest of it (start-up time)."""
    body = ast.parse(init.read_text(encoding="utf-8")).body
    assert len(body) <= 1 and all(isinstance(node, ast.Expr) for node in body)
