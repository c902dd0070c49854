from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hkai_brief.cli import main

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SHIPPED = ROOT / "data" / "measures.yaml"
MINIMAL = TESTS / "data" / "minimal.yaml"

Run = Callable[..., Result]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Runs hkai-brief in-process from the project's root, as a user in a checkout would."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("HKAI_BRIEF_DATA", raising=False)

    def _run(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, list(args), env=env, prog_name="hkai-brief")

    return _run
