from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from hkai_brief.cli import main

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SHIPPED = ROOT / "data" / "measures.yaml"
MINIMAL = TESTS / "data" / "minimal.yaml"
GENERATED_EPOCH = 1795600000  # 2026-11-25 (UTC)

Run = Callable[..., Result]


@pytest.fixture(scope="session", autouse=True)
def _template_cache_of_our_own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates go to a folder of the test run, not the user's cache (subprocesses
    inherit it)."""
    old = os.environ.get("HKAI_BRIEF_CACHE_DIR")
    os.environ["HKAI_BRIEF_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        del os.environ["HKAI_BRIEF_CACHE_DIR"]
    else:
        os.environ["HKAI_BRIEF_CACHE_DIR"] = old


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (the index and compiled templates go there)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HKAI_BRIEF_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files composed from YAML, as they are: what the index spares."""
    from hkai_brief import reading

    names: list[str] = []
    compose = reading.compose

    def counting(text: str, name: str, *args: object) -> object:
        names.append(name)
        return compose(text, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "compose", counting)
    return names


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """Runs hkai-brief in-process from the project's root, as a user in a checkout would."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("HKAI_BRIEF_DATA", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Handouts say when they were made: 25 November 2026, for outputs that do not change.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(GENERATED_EPOCH))

    def _run(*args: str, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, list(args), env=env, prog_name="hkai-brief")

    return _run


def in_terminal(args: list[str], env: dict[str, str], columns: int = 80) -> bytes:
    """What a command prints on a terminal (a pseudo-terminal 80 columns wide), as bytes."""
    import fcntl
    import pty
    import struct
    import subprocess
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    try:
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # EIO: the other end closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)
