"""The catalogue of bad inputs (tests/bad_inputs/expected.tsv) through the console script.

Every entry goes through validate, summary, render (Markdown and JSON) and grep, by the same
entry point as the installed `hkai-brief`, and must end with the expected exit code and
message, never a traceback. Entries starting with @ are made here: too big, or not files.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from hkai_brief.cli import run as run_cli

from .conftest import MINIMAL, TESTS

CATALOGUE = TESTS / "bad_inputs"
ROWS = list(csv.DictReader((CATALOGUE / "expected.tsv").open(encoding="utf-8"), delimiter="\t"))
COMMANDS = {
    "validate": ["validate"],
    "summary": ["summary"],
    "markdown": ["render", "--format", "markdown"],
    "json": ["render", "--format", "json"],
    "grep": ["grep", "x"],
}


# The files made here are sized to the size limit: the tests run with HKAI_BRIEF_MAX_MB=1, so
# that they stay quick; benchmarks/bad_inputs.py makes them at the default limit of 10 MB.
TEST_MB = 1


def _make(entry: str, where: Path, mb: int = TEST_MB) -> Path:
    if entry == "@directory":  # a folder with no data file in it
        folder = where / "no-data"
        folder.mkdir(exist_ok=True)
        (folder / "notes.txt").write_text("not data", encoding="utf-8")
        return folder
    if entry == "@missing":
        return where / "missing.yaml"
    path = where / f"{entry[1:]}.yaml"
    base = MINIMAL.read_text(encoding="utf-8")
    under = int(mb * 2**20 * 0.9)  # bytes: just under the size limit
    if entry == "@long-string":
        path.write_text(base.replace("summary: What it is.", "summary: " + "x" * 100_000), "utf-8")
    elif entry == "@over-the-size-limit":
        with path.open("w", encoding="utf-8") as f:
            f.write(base)
            line = "# " + "padding " * 127 + "\n"
            f.write(line * (mb * 2**20 // len(line) + 1))
    elif entry == "@many-items":
        path.write_text("documents:\n" + "- \n" * (under // 3), encoding="utf-8")
    elif entry == "@nested-brackets":
        # Half a node a byte and no comma: the shape that once took 113 s and 9.7 GB at 49 MB.
        line = "- " + "[" * 50 + "]" * 50 + "\n"
        path.write_text(base + "junk:\n" + line * (under // len(line)), encoding="utf-8")
    elif entry == "@many-keys":
        keys = "".join(f"k{i}: 1\n" for i in range(under // 10))
        path.write_text(base + "junk:\n" + keys, encoding="utf-8")
    else:  # pragma: no cover
        raise AssertionError(entry)
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("made")
    return {r["entry"]: _make(r["entry"], where) for r in ROWS if r["entry"].startswith("@")}


def test_every_file_in_the_catalogue_has_a_row() -> None:
    files = {p.name for p in CATALOGUE.iterdir() if p.name != "expected.tsv"}
    assert files == {r["entry"] for r in ROWS if not r["entry"].startswith("@")}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("row", ROWS, ids=[r["entry"] for r in ROWS])
def test_bad_input(
    row: dict[str, str],
    command: str,
    made: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)  # a tag that ran would leave its file here
    monkeypatch.setenv("HKAI_BRIEF_MAX_MB", str(TEST_MB))
    entry = row["entry"]
    path = made[entry] if entry.startswith("@") else CATALOGUE / entry
    with pytest.raises(SystemExit) as ended:
        run_cli(["--data", str(path), *COMMANDS[command]])
    out, err = capsys.readouterr()
    code = ended.value.code or 0
    assert "Traceback" not in err
    assert not (tmp_path / "hkai-brief-was-here").exists()
    expected = int(row["exit"])
    if expected == 0:
        # A valid file: every command works; grep may find no 'x' (exit 1, and says so).
        assert code in ((0, 1) if command == "grep" else (0,))
        assert err in (
            ("", "hkai-brief: no measure mentions 'x'\n") if command == "grep" else ("",)
        )
        assert "\x1b" not in out and "\x07" not in out
        if command == "json":
            json.loads(out)
        return
    assert code == expected
    assert out == ""
    problems = [line for line in err.splitlines() if ": error: " in line]
    if expected == 1:
        first = problems[0]
        if row["first"] == "*":  # located, where depends on the limit
            assert first.startswith(f"{path}:"), first
        else:
            where = f"{path}:{row['first']}: error: " if row["first"] != "-" else f"{path}: error: "
            assert first.startswith(where), first
        assert row["message"] in first
        if row["problems"] != "-" and len(problems) < 1000:
            assert len(problems) == int(row["problems"])
    else:
        assert row["message"] in err
