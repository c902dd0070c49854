"""Holes found by a review, each kept shut by a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hkai_brief.errors import DataError
from hkai_brief.load import load_text
from hkai_brief.search import Matcher, Searchable

from .conftest import MINIMAL, ROOT, Run


def _data(tmp_path: Path, old: str, new: str) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "data.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("summary", [" - a list?", "\\t1. a number?", " ---", "   * star"])
def test_a_value_after_white_space_opens_no_markdown_block(
    run: Run, tmp_path: Path, summary: str
) -> None:
    from markdown_it import MarkdownIt

    data = _data(tmp_path, "summary: What it is.", f'summary: "{summary}"')
    text = run("--data", data, "render").stdout
    tokens = MarkdownIt("commonmark").parse(text)
    h3 = next(i for i, t in enumerate(tokens) if t.tag == "h3" and t.nesting == 1)
    # After the measure's heading comes a paragraph holding the summary as text.
    assert tokens[h3 + 3].type == "paragraph_open"
    shown = tokens[h3 + 4].content
    assert shown.replace("\\", "").strip().startswith(summary.replace("\\t", "").strip())


def test_a_field_name_cannot_send_escape_sequences(run: Run, tmp_path: Path) -> None:
    data = _data(tmp_path, "documents:\n", '"\\e]0;pwned\\a": 1\ndocuments:\n')
    result = run("validate", data)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b]0;pwned\\x07" in result.stderr


def test_a_file_that_only_mentions_hkai_brief_is_not_replaced(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("These notes were written by hkai-brief users.\n", encoding="utf-8")
    assert run("render", "-o", str(notes)).exit_code == 1
    assert notes.read_text(encoding="utf-8").startswith("These notes")


def test_a_terminal_one_column_wide_does_not_hang() -> None:
    env = {**os.environ, "COLUMNS": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "hkai_brief", "show", "ai-rd-institute", "--color", "never"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0


def test_patterns_with_a_flag_and_unicode_words() -> None:
    assert Matcher(["(?i)CYBERPORT"]).find(Searchable("t", "t", "Cyberport"))
    folded = Matcher(["straße"], ignore_case=True)
    assert folded.find(Searchable("t", "t", "STRASSE"))
    # \S is no capital: smart case still ignores case.
    assert Matcher([r"cyber\Sort"], smart_case=True).find(Searchable("t", "t", "CYBERPORT"))


def test_a_bad_source_date_falls_back_and_a_bad_size_limit_is_named(run: Run) -> None:
    def hkai(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "hkai_brief", "render"],
            cwd=ROOT,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=False,
        )

    assert hkai(SOURCE_DATE_EPOCH="99999999999999").returncode == 0
    for value in ("abc", "0", "²", "100001", "9" * 5000):
        result = hkai(HKAI_BRIEF_MAX_MB=value)
        assert result.returncode == 2
        assert result.stderr.startswith("hkai-brief: HKAI_BRIEF_MAX_MB must be a whole number")


def test_an_id_or_url_with_a_final_line_break_is_refused() -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace("- id: reply", '- id: "reply\\n"')
    with pytest.raises(DataError, match=r"an id is lower-case letters.*got 'reply\\n'"):
        load_text(text, "t.yaml")


def test_an_empty_area_asked_for_by_name_is_an_answer_in_every_command(run: Run) -> None:
    # One rule (select.choose): the area exists and holds no measure; summary shows its
    # description, list shows no row. Neither is an error.
    listed = run("list", "--area", "application")
    assert (listed.exit_code, listed.stdout, listed.stderr) == (0, "", "")
    assert json.loads(run("list", "--area", "application", "--json").stdout) == []
    summary = run("summary", "--area", "application")
    assert summary.exit_code == 0
    assert "INDUSTRY APPLICATION" in summary.stdout
