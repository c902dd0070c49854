"""The editor's loop (issue 18): init a new reply, fill it in, validate it, and render it
again on each save with --watch."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, Run

HKAI = [sys.executable, "-m", "hkai_brief"]

FILLED = {
    'the briefing\'s title, such as "Elderly care policy briefing"': "Elderly care briefing",
    "the reply's title, as the official page gives it": "LCQ5, Care for the elderly",
    "the day of the reply, as YYYY-MM-DD": "2026-01-14",
    "who answered, as the page gives it": "A. N. Official",
    'their office, such as "Secretary for Labour and Welfare"': "Secretary for Welfare",
    "the question's number, such as LCQ5": "LCQ5",
    "the first part of the question, in your own words": "How long do people wait?",
    'the area\'s name, such as "Community care"': "Community care",
    "the measure's official name": "Community Care Vouchers",
    "what it is, in your own words": "Vouchers for care at home.",
}


def _filled(run: Run, tmp_path: Path) -> Path:
    """A skeleton written by init, every blank filled in as a person would."""
    path = tmp_path / "reply.yaml"
    assert run("init", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    for blank, value in FILLED.items():
        text = text.replace(f"<{blank}>", value)
    path.write_text(text, encoding="utf-8")
    return path


def test_init_writes_a_skeleton_whose_only_problems_are_its_blanks(
    run: Run, tmp_path: Path
) -> None:
    path = tmp_path / "reply.yaml"
    made = run("init", str(path))
    assert made.exit_code == 0, made.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.splitlines()[0].endswith("measures.schema.json")
    result = run("validate", str(path))
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if ": error: " in line]
    blanks = re.findall(r"^\s*[a-z_]+: <([^<>]+)>$|^\s*- <([^<>]+)>$", text, re.M)
    assert len(problems) == len(blanks) == len(FILLED)
    assert all(": fill in " in line for line in problems)
    assert f"{path}:20:12: error: documents[my-reply].title: fill in the reply's title" in (
        result.stderr
    )


def test_a_filled_skeleton_validates_and_renders(run: Run, tmp_path: Path) -> None:
    path = _filled(run, tmp_path)
    assert run("validate", str(path)).stdout == (
        f"{path}: ok: 1 measure, 1 area, 1 document, 0 organisations\n"
    )
    handout = run("--data", str(path), "render", "--format", "markdown")
    assert handout.exit_code == 0
    assert "Community Care Vouchers" in handout.stdout


def test_init_never_overwrites_a_file(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("my own notes\n", encoding="utf-8")
    result = run("init", str(path))
    assert result.exit_code == 1
    assert "already exists; it is left as it is" in result.stderr
    assert path.read_text(encoding="utf-8") == "my own notes\n"


def _wait(condition: object, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_render_watch_renders_each_edit_and_keeps_the_last_good_output(tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text(
        (ROOT / "tests" / "data" / "ev-oral-reply.yaml").read_text(encoding="utf-8"), "utf-8"
    )
    out = tmp_path / "brief.md"
    env = {**os.environ, "HKAI_BRIEF_WATCH_SECONDS": "0.05", "HKAI_BRIEF_CACHE_DIR": ""}
    log = tmp_path / "log.txt"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [*HKAI, "--data", str(data), "render", "-o", str(out), "--watch"],
            env=env,
            stderr=stderr,
            stdout=subprocess.DEVNULL,
        )
        try:

            def says(text: str) -> bool:
                return out.exists() and text in out.read_text(encoding="utf-8")

            assert _wait(lambda: says("Electric vehicle policy briefing"))
            first = data.read_text(encoding="utf-8")
            data.write_text(first.replace("policy briefing", "briefing, edited"), "utf-8")
            assert _wait(lambda: says("Electric vehicle briefing, edited"))
            good = out.read_text(encoding="utf-8")
            data.write_text(first.replace("documents:", "documents: ["), "utf-8")
            assert _wait(lambda: "kept as it was" in log.read_text(encoding="utf-8"))
            assert out.read_text(encoding="utf-8") == good  # the last good output stays
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=15)
    said = log.read_text(encoding="utf-8").splitlines()
    assert code == 0
    runs = [line for line in said if re.match(r"\d\d:\d\d:\d\d ", line)]
    assert [line[9:] for line in runs[:2]] == [f"wrote {out} (3 measures)"] * 2
    assert runs[2].endswith(f"; {out} is kept as it was")
    assert said[-1] == "hkai-brief: stopped watching"


def test_watch_needs_a_file_to_write(run: Run) -> None:
    result = run("render", "--watch")
    assert result.exit_code == 2
    assert "--watch writes a file again and again: give it one with -o FILE" in result.stderr


def test_init_in_chinese_writes_chinese_comments_and_blanks(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "reply.yaml"
    assert run("init", "--lang", "zh-Hant", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "# 答覆：議員在立法會提出的質詢，以及政府的答覆。" in text
    result = run("validate", str(path))
    problems = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert problems and all(": fill in " in line for line in problems)
    assert "documents[my-reply].title: fill in 答覆的標題，照官方網頁所載" in result.stderr


def test_validate_takes_files_folders_data_and_stdin(run: Run) -> None:
    from click.testing import CliRunner

    from hkai_brief.cli import main

    two = "tests/data/two-replies"
    files = [f"{two}/1-replies.yaml", f"{two}/2-measures.yaml"]
    said = "ok: 3 measures, 2 areas, 2 documents, 0 organisations\n"
    assert run("validate", *files).stdout == f"{', '.join(files)} (2 files): {said}"
    assert run("validate", two).stdout == f"{two}/ (2 files): {said}"
    ev = "tests/data/ev-oral-reply.yaml"
    assert run("validate", "--data", ev).stdout.startswith(f"{ev}: ok: 3 measures")
    text = (ROOT / ev).read_text(encoding="utf-8")
    piped = CliRunner().invoke(main, ["validate", "-"], input=text.encode())
    assert piped.stdout.startswith("<stdin>: ok: 3 measures")


def test_a_reference_written_as_a_name_is_told_its_id(run: Run, tmp_path: Path) -> None:
    path = _filled(run, tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("    area: my-area\n", "    area: Community care\n")
    text = text.replace("    document: my-reply          #", "    document: LCQ5          #")
    path.write_text(text, encoding="utf-8")
    err = run("validate", str(path)).stderr
    assert "measures[my-measure].area: an id is lower-case letters, digits and hyphens;" in err
    assert "got 'Community care' (did you mean 'my-area'?)" in err
    assert "got 'LCQ5' (did you mean 'my-reply'?)" in err


def test_init_needs_a_file_name(run: Run) -> None:
    result = run("init", "-")
    assert result.exit_code == 2
    assert "a new file needs a name" in result.stderr
