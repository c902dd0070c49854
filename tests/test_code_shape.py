"""The shape the code keeps (issue 9): small functions and classes, a thin click layer."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

SOURCES = sorted((ROOT / "src" / "hkai_brief").glob("*.py"))


def _definitions(path: Path) -> list[tuple[str, str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            assert node.end_lineno is not None
            kind = "class" if isinstance(node, ast.ClassDef) else "def"
            found.append((kind, node.name, node.end_lineno - node.lineno + 1))
    return found


@pytest.mark.parametrize("path", SOURCES, ids=[p.name for p in SOURCES])
def test_no_function_over_60_lines_and_no_class_over_200(path: Path) -> None:
    too_long = [
        f"{kind} {name}: {lines} lines"
        for kind, name, lines in _definitions(path)
        if lines > (200 if kind == "class" else 60)
    ]
    assert too_long == []


def test_the_click_layer_stays_thin() -> None:
    cli = (ROOT / "src" / "hkai_brief" / "cli.py").read_text(encoding="utf-8")
    assert len(cli.splitlines()) < 550
    # No JSON shapes, money or filtering of results in the click layer.
    for sign in ("json.dumps(", "wording.money", ".kind ==", "for m in data.dataset.measures"):
        assert sign not in cli, sign
