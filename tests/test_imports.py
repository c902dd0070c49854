"""Start-up imports only what a command needs (timings are in benchmarks/, not here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import ROOT

HEAVY = {"jinja2", "rich", "pathlib", "decimal", "dataclasses", "json"}


def _imported(*args: str) -> set[str]:
    code = (
        "import sys\n"
        "from hkai_brief.cli import run\n"
        "try:\n"
        f"    run({list(args)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return {name.split(".")[0] for name in result.stderr.split()}


@pytest.mark.parametrize(
    "args",
    [["--version"], ["--help"], ["validate"], ["grep", "cyberport"], ["grep", "-l", "talent"]],
    ids=" ".join,
)
def test_quick_commands_import_no_renderer(args: list[str]) -> None:
    assert not _imported(*args) & HEAVY


def test_help_and_version_do_not_even_import_yaml() -> None:
    assert "yaml" not in _imported("--version")
    assert "yaml" not in _imported("--help")
